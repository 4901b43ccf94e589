// What happens to a delivery LINE did not take: tried again later (429, 5xx, timeouts) for as long
// as it is still worth sending, or given up with the reason staff will read.
import { type TSettings } from "../settings/settingsTypes.ts";
import { outsideQuietHours } from "./quietHours.ts";

/** The longest wait between two tries: a storm delays messages by minutes, not hours. */
export const MAX_BACKOFF_MS = 10 * 60_000;
/** LINE remembers a retry key for 24 hours: a retry after that could arrive twice. */
export const MAX_RETRY_WINDOW_MS = 24 * 3600_000;
/** Prefix of lastError when retries ran out of time (the console shows it as is). */
export const RETRY_WINDOW_OVER = "再試行の期限切れ";

export type TFailure = {
  now: Date;
  /** Tries so far, this one included. */
  attempts: number;
  retryable: boolean;
  /** LINE's answer ("429 Too many requests") or the network failure. */
  error: string;
  /** Set at the first retryable failure; null before. */
  retryUntil: Date | null;
  expiresAt: Date | null;
  urgent: boolean;
  baseBackoffMs: number;
  retryWindowMs: number;
  quietHours: TSettings["quietHours"];
  random?: () => number;
};

export type TFailurePlan =
  | { status: "pending"; nextAttemptAt: Date; retryUntil: Date; lastError: string }
  | { status: "failed" | "expired"; retryUntil: Date | null; lastError: string };

export function planAfterFailure(f: TFailure): TFailurePlan {
  // Any other 4xx would fail the same way again: recorded with LINE's error for staff.
  if (!f.retryable) return { status: "failed", retryUntil: f.retryUntil, lastError: f.error };
  const until = f.retryUntil ?? new Date(f.now.getTime() + Math.min(f.retryWindowMs, MAX_RETRY_WINDOW_MS));
  const backoff = Math.min(MAX_BACKOFF_MS, f.baseBackoffMs * 2 ** Math.max(0, f.attempts - 1));
  // Jitter, so that processes and deliveries refused together do not come back together.
  const jittered = new Date(f.now.getTime() + backoff / 2 + (f.random ?? Math.random)() * (backoff / 2));
  // A retry is a send like any other: a non-urgent one waits for the end of quiet hours too.
  const next = f.urgent ? jittered : outsideQuietHours(jittered, f.quietHours);
  if (f.expiresAt && next >= f.expiresAt) return { status: "expired", retryUntil: until, lastError: f.error };
  // As the outbox does for one resident's messages: past the retry window a message is expired.
  if (next > until) return { status: "expired", retryUntil: until, lastError: `${RETRY_WINDOW_OVER}: ${f.error}` };
  return { status: "pending", nextAttemptAt: next, retryUntil: until, lastError: f.error };
}
