// LINE's HTTP calls have no timeout and no retry in the SDK; this adds both.
// Retried: 429, 5xx, network failures and timeouts. Not retried: any other 4xx (a retry would fail the same way).
import { HTTPFetchError } from "@line/bot-sdk";

export type TRetryPolicy = { attempts: number; baseDelayMs: number; maxDelayMs: number; timeoutMs: number };

export const defaultRetryPolicy: TRetryPolicy = { attempts: 6, baseDelayMs: 300, maxDelayMs: 10_000, timeoutMs: 10_000 };

export class CallTimeoutError extends Error {
  constructor(ms: number) {
    super(`LINE did not answer within ${ms} ms`);
  }
}

export function isRetryable(err: unknown): boolean {
  if (err instanceof HTTPFetchError) return err.status === 429 || err.status >= 500;
  // fetch's network failures are plain TypeErrors.
  return err instanceof CallTimeoutError || err instanceof TypeError;
}

export function describeLineError(err: unknown): { status?: number; reason: string } {
  if (err instanceof HTTPFetchError) {
    // LINE's error body is its own message about the request ("Invalid reply token"), not resident text.
    let reason = err.statusText;
    try {
      reason = (JSON.parse(err.body) as { message?: string }).message ?? reason;
    } catch {
      /* not JSON */
    }
    return { status: err.status, reason };
  }
  return { reason: err instanceof Error ? err.message : String(err) };
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new CallTimeoutError(ms)), ms)));
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Calls fn until it succeeds, fails for good, or attempts run out; onRetry hears each retried failure. */
export async function callWithRetry<T>(fn: () => Promise<T>, policy: TRetryPolicy, onRetry?: (err: unknown, attempt: number) => void): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await withTimeout(fn(), policy.timeoutMs);
    } catch (err) {
      if (attempt >= policy.attempts || !isRetryable(err)) throw err;
      onRetry?.(err, attempt);
      // Exponential backoff with full jitter: LINE documents no Retry-After.
      const cap = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
      await sleep(cap / 2 + Math.random() * (cap / 2));
    }
  }
}
