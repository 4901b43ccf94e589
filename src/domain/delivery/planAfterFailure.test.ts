import { describe, expect, it } from "vitest";
import { planAfterFailure, RETRY_WINDOW_OVER, type TFailure } from "./planAfterFailure.ts";

const HOUR = 3600_000;
const now = new Date("2026-12-01T03:00:00Z"); // 12:00 in Tokyo
const base: TFailure = {
  now,
  attempts: 1,
  retryable: true,
  error: "429 Too many requests",
  retryUntil: null,
  expiresAt: null,
  urgent: false,
  baseBackoffMs: 1000,
  retryWindowMs: 24 * HOUR,
  quietHours: { enabled: true, start: "21:00", end: "08:00" },
  random: () => 1,
};

describe("planAfterFailure", () => {
  it("When LINE answers 429 the first time, then it is tried again after the backoff, until the retry window ends", () => {
    expect(planAfterFailure(base)).toEqual({ status: "pending", nextAttemptAt: new Date(now.getTime() + 1000), retryUntil: new Date(now.getTime() + 24 * HOUR), lastError: "429 Too many requests" });
  });
  it("When it has failed many times, then the wait stops growing at ten minutes and tries go on", () => {
    const plan = planAfterFailure({ ...base, attempts: 40, retryUntil: new Date(now.getTime() + HOUR) });
    expect(plan).toMatchObject({ status: "pending", nextAttemptAt: new Date(now.getTime() + 10 * 60_000) });
  });
  it("When the retry window is over, then it is expired, with LINE's last answer", () => {
    expect(planAfterFailure({ ...base, attempts: 40, retryUntil: new Date(now.getTime() + 60_000) })).toMatchObject({ status: "expired", lastError: `${RETRY_WINDOW_OVER}: 429 Too many requests` });
  });
  it("When the next try would come after the message's point, then it is expired, not sent late", () => {
    expect(planAfterFailure({ ...base, expiresAt: new Date(now.getTime() + 500) })).toMatchObject({ status: "expired" });
  });
  it("When LINE refuses the message itself (400), then it is failed at once with LINE's reason", () => {
    expect(planAfterFailure({ ...base, retryable: false, error: "400 The request body has 1 error(s)" })).toEqual({ status: "failed", retryUntil: null, lastError: "400 The request body has 1 error(s)" });
  });
  it("When a retry of a non-urgent message would fall in quiet hours, then it waits for the morning; an urgent one does not", () => {
    const evening = new Date("2026-12-01T11:59:59Z"); // 20:59:59 in Tokyo
    expect(planAfterFailure({ ...base, now: evening })).toMatchObject({ status: "pending", nextAttemptAt: new Date("2026-12-01T23:00:00Z") });
    expect(planAfterFailure({ ...base, now: evening, urgent: true })).toMatchObject({ status: "pending", nextAttemptAt: new Date(evening.getTime() + 1000) });
  });
});
