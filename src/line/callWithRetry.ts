// What a failed LINE call means: retried (429, 5xx, network failures, timeouts) or not (any other
// 4xx: a retry would fail the same way), and LINE's reason in words. The senders retry by their
// own schedules, recorded in the database (OutboxSender, DeliverySender).

export type TRetryPolicy = { attempts: number; baseDelayMs: number; maxDelayMs: number; timeoutMs: number };

/**
 * LINE answered, but not with 2xx. The fields of the SDK's HTTPFetchError, so that a reader knows
 * them; the bot's own class because the SDK's runtime (400 files) is not loaded at start-up.
 */
export class LineApiError extends Error {
  readonly status: number;
  readonly statusText: string;
  readonly headers: Headers;
  /** LINE's answer as it came, usually JSON with a message about the request. */
  readonly body: string;
  constructor(answer: { status: number; statusText: string; headers?: Headers; body: string }) {
    super(`${answer.status} - ${answer.statusText}`);
    this.name = "LineApiError";
    this.status = answer.status;
    this.statusText = answer.statusText;
    this.headers = answer.headers ?? new Headers();
    this.body = answer.body;
  }
}

export class CallTimeoutError extends Error {
  constructor(ms: number) {
    super(`LINE did not answer within ${ms} ms`);
  }
}

export function isRetryable(err: unknown): boolean {
  if (err instanceof LineApiError) return err.status === 429 || err.status >= 500;
  // fetch's network failures are plain TypeErrors.
  return err instanceof CallTimeoutError || err instanceof TypeError;
}

export function describeLineError(err: unknown): { status?: number; reason: string } {
  if (err instanceof LineApiError) {
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

/** LINE's refusal as one line for staff ("400 The request body has 1 error(s)"). */
export function lineErrorText(err: unknown): string {
  const { status, reason } = describeLineError(err);
  return `${status ?? ""} ${reason}`.trim();
}
