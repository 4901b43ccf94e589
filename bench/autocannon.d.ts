// The part of autocannon's programmatic API the bench uses (the package ships no types).
declare module "autocannon" {
  type Context = Record<string, unknown>;
  type Request = { method?: string; path?: string; headers?: Record<string, string>; body?: string | Buffer };

  export type AutocannonRequest = Request & {
    setupRequest?: (request: Request, context: Context) => Request | undefined;
    onResponse?: (status: number, body: string, context: Context, headers: Record<string, string>) => void;
  };

  export type AutocannonOptions = {
    url: string;
    connections?: number;
    pipelining?: number;
    /** Seconds. */
    duration?: number;
    /** Total requests; overrides duration. */
    amount?: number;
    /** Seconds. */
    timeout?: number;
    requests?: AutocannonRequest[];
  };

  /** Latency in ms; requests per second (per-second samples). */
  export type Histogram = { average: number; mean: number; stddev: number; min: number; max: number; total: number; p50: number; p90: number; p99: number; p99_9: number; p97_5: number };

  export type AutocannonResult = {
    duration: number;
    errors: number;
    timeouts: number;
    non2xx: number;
    resets: number;
    "2xx": number;
    statusCodeStats: Record<string, { count: number }>;
    latency: Histogram;
    requests: Histogram & { sent: number };
  };

  export default function autocannon(options: AutocannonOptions): Promise<AutocannonResult>;
}
