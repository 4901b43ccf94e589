// Sends recorded deliveries (table Delivery) by multicast: claimed with SKIP LOCKED so that
// several bot processes never send one twice, with the delivery's X-Line-Retry-Key on every try,
// and only to residents still reachable when it goes out.
import { type PrismaClient } from "../generated/prisma/client.ts";
import { type TOutMessage } from "../flows/engineTypes.ts";
import { type DeliveryQueue } from "../domain/delivery/DeliveryQueue.ts";
import { expireOverdueDeliveries } from "../domain/delivery/deliveryStatus.ts";
import { MAX_RETRY_WINDOW_MS, planAfterFailure } from "../domain/delivery/planAfterFailure.ts";
import { readSettings } from "../domain/settings/SettingsService.ts";
import { aggregationUnitOf } from "../domain/reach/aggregationUnit.ts";
import { type Logger } from "../logger.ts";
import { describeLineError, isRetryable, LineApiError } from "./callWithRetry.ts";
import { toLineMessages } from "./toLineMessages.ts";
import { type TLineApi } from "./lineApi.ts";

/** A claimed delivery; `to`: its recipients still reachable now, in order; `total`: all it was recorded for. */
type Claimed = {
  id: string;
  to: string[];
  total: number;
  messages: unknown;
  retryKey: string;
  attempts: number;
  /** The send it belongs to: its aggregation unit, when LINE statistics per send are on. */
  sendId: string | null;
  // For what happens after a failure (planAfterFailure): urgency, the message's point, the retry window.
  urgent: boolean;
  expiresAt: Date | null;
  retryUntil: Date | null;
};

const MESSAGES_PER_CALL = 5;
/** A delivery left "sending" this long belongs to a process that died; it is tried again (same retry key). */
const STALE_SENDING_MS = 5 * 60_000;
/** Multicasts in flight per process: enough to hide LINE's latency (16 × 500 recipients per round trip). */
const DEFAULT_CONCURRENCY = 16;
/**
 * Multicast calls started per second per process. LINE allows 200 a second per channel: two
 * processes at full speed stay within it, and more get 429s, which are retried with backoff.
 * 100 calls a second is 50,000 recipients a second.
 */
const DEFAULT_CALLS_PER_SECOND = 100;

export type TDeliverySenderDeps = {
  prisma: PrismaClient;
  client: Pick<TLineApi, "multicast">;
  queue: DeliveryQueue;
  logger: Logger;
  /** First retry delay; doubles with every attempt up to 10 minutes (tests make it a few ms). */
  backoffMs?: number;
  /**
   * 429, 5xx and timeouts are tried again for this long after the first such failure (default and
   * at most 24 h, the life of a retry key at LINE), unless the message's point passes first (expired).
   */
  retryWindowMs?: number;
  /** Multicasts in flight at once (each claims its own delivery). */
  concurrency?: number;
  /** Multicast calls started per second, at most. */
  callsPerSecond?: number;
  /**
   * Tag each multicast with its send's custom aggregation unit, so that LINE counts its opens and
   * clicks (fetched the next day). LINE offers units only to channels that applied for them.
   */
  aggregationUnits?: boolean;
};

export class DeliverySender {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private again = false;
  /** The latest moment a kick asked to send up to (tests move it forward; see kick). */
  private dueBy: Date | undefined;
  /** When the next multicast may start (pacing, see DEFAULT_CALLS_PER_SECOND). */
  private nextCallAt = 0;

  constructor(private readonly deps: TDeliverySenderDeps) {}

  start(pollMs = 2000): void {
    // In the background a failed round (database away for a moment) is logged, by kind only (a
    // database error's text can quote recipients); the next poll tries again.
    const background = () =>
      void this.kick().catch((err: unknown) => this.deps.logger.error("sending deliveries failed", { reason: err instanceof Error ? err.name : "unknown" }));
    this.deps.queue.onEnqueued(background);
    this.timer = setInterval(background, pollMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.running?.catch(() => undefined);
  }

  /**
   * Sends everything due now; resolves when nothing due is left (tests and shutdown wait on it).
   * `now` lets a test send what is due at a later moment (08:00 tomorrow, after quiet hours): the
   * sender's clock is then the later of `now` and the real one, for what is due and for when a
   * failed try is tried again; a kick never holds back what is due for real.
   */
  kick(now?: Date): Promise<void> {
    if (now && (!this.dueBy || now > this.dueBy)) this.dueBy = now;
    if (this.running) {
      this.again = true;
      return this.running;
    }
    const run = async () => {
      try {
        do {
          this.again = false;
          await this.sendAllDue();
        } while (this.again);
      } finally {
        // In the same turn as the last check of `again`: a kick arriving now starts a new run.
        this.running = undefined;
        this.dueBy = undefined;
      }
    };
    this.running = run();
    return this.running;
  }

  /**
   * One claim for as many deliveries as there are workers (a single query when nothing is due);
   * then each worker takes the next due delivery as it finishes one, so a slow call holds up only its own worker.
   */
  private async sendAllDue(): Promise<void> {
    // A reminder still held when its event starts is not worth sending late.
    await expireOverdueDeliveries(this.deps.prisma, this.clock());
    await this.deps.prisma.delivery.updateMany({
      where: { status: "sending", nextAttemptAt: { lt: new Date(Date.now() - STALE_SENDING_MS) } },
      data: { status: "pending" },
    });
    const first = await this.claim(this.deps.concurrency ?? DEFAULT_CONCURRENCY);
    const worker = async () => {
      for (;;) {
        const d = first.shift() ?? (await this.claim(1))[0];
        if (!d) return;
        await this.send(d);
      }
    };
    await Promise.all(Array.from({ length: first.length }, worker));
  }

  /** The sender's clock: the real one, or the later moment a kick asked for (retries are scheduled from it too). */
  private clock(): Date {
    const real = new Date();
    return this.dueBy && this.dueBy > real ? this.dueBy : real;
  }

  private async claim(limit: number): Promise<Claimed[]> {
    const real = new Date();
    const dueBy = this.clock();
    // nextAttemptAt of a claimed row is when it was claimed (real clock): what the stale check reads.
    // Who is still reachable is read in the same statement: residents who unfollowed (or never
    // followed: no row) are left out, and the 500 ids cross the wire once instead of three times.
    return this.deps.prisma.$queryRaw<Claimed[]>`
      UPDATE "Delivery" AS d SET "status" = 'sending', "attempts" = d."attempts" + 1, "nextAttemptAt" = ${real}
      WHERE d."id" IN (SELECT "id" FROM "Delivery" WHERE "status" = 'pending' AND "nextAttemptAt" <= ${dueBy} AND ("expiresAt" IS NULL OR "expiresAt" > ${dueBy})
                       ORDER BY "urgent" DESC, "nextAttemptAt", "createdAt" LIMIT ${limit} FOR UPDATE SKIP LOCKED)
      RETURNING d."id", d."messages", d."retryKey", d."attempts", d."sendId"::text AS "sendId", d."urgent", d."expiresAt", d."retryUntil", cardinality(d."lineUserIds") AS "total",
        ARRAY(SELECT u.id FROM unnest(d."lineUserIds") WITH ORDINALITY AS u(id, n)
              JOIN "Resident" r ON r."lineUserId" = u.id AND r."reachable" ORDER BY u.n) AS "to"`;
  }

  private async send(d: Claimed): Promise<void> {
    const { to } = d;
    const unit = this.deps.aggregationUnits && d.sendId && to.length > 0 ? aggregationUnitOf(d.sendId) : null;
    // Recorded as sent to those it went to: the month's message count is not charged for the others,
    // and how many were left out (blocked, no longer friends) is kept for the send's reach.
    const sent = () =>
      to.length === d.total
        ? this.deps.prisma.$executeRaw`UPDATE "Delivery" SET "status" = 'sent', "sentAt" = now(), "lastError" = NULL, "aggregationUnit" = ${unit} WHERE "id" = ${d.id}::uuid`
        : this.deps.prisma.$executeRaw`UPDATE "Delivery" SET "status" = 'sent', "sentAt" = now(), "lastError" = NULL, "lineUserIds" = ${to}::text[], "skipped" = "skipped" + ${d.total - to.length}, "aggregationUnit" = ${unit} WHERE "id" = ${d.id}::uuid`;
    if (to.length === 0) {
      await sent();
      return;
    }
    const messages = toLineMessages(d.messages as TOutMessage[]).slice(0, MESSAGES_PER_CALL);
    let failure: unknown;
    try {
      await this.pace();
      // The client's own timeouts (src/line/lineApi.ts) end a call LINE does not answer: a CallTimeoutError, retried.
      await this.deps.client.multicast(unit ? { to, messages, customAggregationUnits: [unit] } : { to, messages }, d.retryKey);
    } catch (err) {
      failure = err ?? new Error("multicast failed");
    }
    // 409: LINE accepted this retry key before; it was delivered, this try is the duplicate it refused.
    if (failure === undefined || (failure instanceof LineApiError && failure.status === 409)) {
      // Should this update fail, the row stays "sending" and is tried again later with the same key: LINE answers 409.
      await sent();
      return;
    }
    await this.recordFailure(d, failure);
  }

  /** Tried again later, or given up (failed with LINE's error, or expired): see planAfterFailure. */
  private async recordFailure(d: Claimed, failure: unknown): Promise<void> {
    const { status, reason } = describeLineError(failure);
    const plan = planAfterFailure({
      now: this.clock(),
      attempts: d.attempts,
      retryable: isRetryable(failure),
      error: `${status ?? ""} ${reason}`.trim(),
      retryUntil: d.retryUntil,
      expiresAt: d.expiresAt,
      urgent: d.urgent,
      baseBackoffMs: this.deps.backoffMs ?? 1000,
      retryWindowMs: this.deps.retryWindowMs ?? MAX_RETRY_WINDOW_MS,
      quietHours: (await readSettings(this.deps.prisma)).quietHours,
    });
    await this.deps.prisma.delivery.update({ where: { id: d.id }, data: plan });
    const retry = plan.status === "pending";
    this.deps.logger[retry ? "warn" : "error"]("multicast failed", { delivery: d.id, status, reason, attempt: d.attempts, outcome: plan.status });
  }

  /** Spaces the starts of calls out evenly, whichever worker makes them. */
  private async pace(): Promise<void> {
    const now = Date.now();
    const at = Math.max(now, this.nextCallAt);
    this.nextCallAt = at + 1000 / (this.deps.callsPerSecond ?? DEFAULT_CALLS_PER_SECOND);
    if (at > now) await new Promise((r) => setTimeout(r, at - now));
  }
}
