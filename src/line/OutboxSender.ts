// Delivers the outbox (domain/delivery/outbox.ts): a turn's messages right after its commit, and
// anything left — a crash, a LINE outage, a hung call — by a sweep that never stops. One resident's
// messages go out in the order they were decided; a slow or hung LINE delays only that resident,
// and by at most the call's timeout.
//
// Exactly once: a push carries a retry key fixed when the message was recorded, so LINE takes a
// repeated push once (409 means it already has it). A reply has no such key; a reply token is single
// use, so a second reply with the same token after one LINE may have taken answers "Invalid reply
// token": then it was delivered. Past the token's safe life the message is pushed, and a reply LINE
// took just before a crash could then arrive twice — the one case LINE gives no way to rule out.
import { createHash } from "node:crypto";
import type pg from "pg";
import type { messagingApi } from "@line/bot-sdk";
import { type TOutMessage } from "../flows/engineTypes.ts";
import { OUTBOX_LEASE_MS, type TOutboxRow } from "../domain/delivery/outbox.ts";
import { hashUserId, type Logger } from "../logger.ts";
import { describeLineError, isRetryable, LineApiError } from "./callWithRetry.ts";
import { type TLineApi } from "./lineApi.ts";
import { toLineMessages } from "./toLineMessages.ts";

/** LINE's limit of messages per reply or push. */
const MESSAGES_PER_CALL = 5;
const SWEEP_BATCH = 200;

export type TOutboxSenderDeps = {
  sql: pg.Pool;
  /** Where sent marks and leases are written: a crash may lose them without harm (see Database.bookkeeping). */
  bookkeeping?: pg.Pool;
  api: TLineApi;
  logger: Logger;
  /** Backoff between tries of one message: capped exponential with jitter. */
  backoff: { baseMs: number; maxMs: number };
  /** How often the sweep looks for messages due (retries, and those a stopped process left). */
  sweepMs: number;
};

type Outcome = "sent" | "retry" | "failed" | "expired" | "skipped";
type Sent = { id: string; via: string; callsDone: number; pushes: number; attempts: number };

/** The retry key of a message's i-th LINE call: the recorded key for the first, derived for the rest. */
export function callRetryKey(retryKey: string, call: number): string {
  if (call === 0) return retryKey;
  const h = createHash("sha256").update(`${retryKey}:${call}`).digest("hex");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${((parseInt(h.slice(16, 17), 16) & 0x3) | 0x8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

function isInvalidReplyToken(err: unknown): boolean {
  return err instanceof LineApiError && err.status === 400 && /reply token/i.test(err.body);
}

/** A row as the sweep claims it: the outbox row, with what the claim saw. */
type SweptRow = Omit<TOutboxRow, "maybeTried"> & { wasClaimed: boolean; reachable: boolean | null };

export class OutboxSender {
  /** Per resident: the delivery in progress, so the next waits its turn. */
  private readonly chains = new Map<string, Promise<void>>();
  /** Residents with a message waiting for a retry: their later messages go after it, by the sweep. */
  private readonly held = new Set<string>();
  private sent: Sent[] = [];
  private marking: Promise<void> = Promise.resolve();
  private flushTimer?: NodeJS.Timeout;
  private sweepTimer?: NodeJS.Timeout;
  private sweeping?: Promise<number>;
  private stopped = false;
  /**
   * Messages this process holds (queued, being sent, or sent and not yet marked so): their lease is
   * renewed, and the sweep leaves them be. A sent message stays held until its mark is written: a
   * mark that waited behind other writes past the lease let the sweep send it again (LINE refused
   * the used reply token: no duplicate, but a wasted call — 200 of 16,266 on the embedded bench).
   */
  private readonly holding = new Set<string>();
  /** Of those, sent and waiting for their mark. */
  private readonly unmarked = new Set<string>();
  private leaseTimer?: NodeJS.Timeout;

  private readonly marks: pg.Pool;

  constructor(private readonly deps: TOutboxSenderDeps) {
    this.marks = deps.bookkeeping ?? deps.sql;
  }

  start(): void {
    const tick = () => {
      if (this.stopped) return;
      void this.sweep()
        .catch((err: unknown) => this.deps.logger.warn("outbox sweep failed", { reason: err instanceof Error ? err.name : "unknown" }))
        .finally(() => {
          if (!this.stopped) this.sweepTimer = setTimeout(tick, this.deps.sweepMs);
        });
    };
    this.sweepTimer = setTimeout(tick, 0);
    // A busy process may hold a message longer than its lease: renew it, so no other sender takes it.
    this.leaseTimer = setInterval(() => {
      if (this.holding.size === 0) return;
      const held = [...this.holding];
      void this.bookkeeping(() =>
        this.marks.query(`UPDATE "OutboundMessage" SET "claimedUntil" = now() + interval '${OUTBOX_LEASE_MS} milliseconds' WHERE "id" = ANY($1::uuid[]) AND "status" = 'pending'`, [held]),
      );
    }, OUTBOX_LEASE_MS / 4);
    this.leaseTimer.unref();
  }

  /** Stops sweeping and waits for calls in flight (each ends within its timeout). */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.sweepTimer);
    clearInterval(this.leaseTimer);
    await this.sweeping?.catch(() => undefined);
    await this.idle();
  }

  /** Messages a turn just committed, held by this process: sent now, one resident at a time. */
  deliver(rows: readonly TOutboxRow[]): void {
    for (const row of rows) {
      this.holding.add(row.id);
      this.chain(row.lineUserId, () => this.attempt(row).then(() => undefined).finally(() => this.release(row.id)));
    }
  }

  /** Resolves when nothing is being sent and what was sent is recorded. */
  async idle(): Promise<void> {
    while (this.chains.size > 0) await Promise.all([...this.chains.values()]);
    await this.flushSent();
  }

  /** For tests and tools: until no message is pending (or the time is up), sweeping as needed. */
  async settle(timeoutMs = 30_000): Promise<void> {
    const until = Date.now() + timeoutMs;
    for (;;) {
      await this.idle();
      const { rows } = await this.deps.sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM "OutboundMessage" WHERE "status" = 'pending'`);
      if (rows[0]!.n === 0 || Date.now() > until) return;
      const taken = await this.sweep();
      if (taken === 0) await new Promise((r) => setTimeout(r, 20));
    }
  }

  private chain(lineUserId: string, work: () => Promise<void>): void {
    const previous = this.chains.get(lineUserId) ?? Promise.resolve();
    const next = previous.then(work).catch((err: unknown) =>
      this.deps.logger.error("outbox delivery failed", { user: hashUserId(lineUserId), reason: err instanceof Error ? err.name : "unknown" }),
    );
    this.chains.set(lineUserId, next);
    void next.finally(() => {
      if (this.chains.get(lineUserId) === next) this.chains.delete(lineUserId);
    });
  }

  /** Takes what is due — retries, and messages whose sender stopped — and sends it; returns how many. */
  async sweep(): Promise<number> {
    if (this.sweeping) return this.sweeping;
    this.sweeping = this.sweepOnce().finally(() => (this.sweeping = undefined));
    return this.sweeping;
  }

  private async sweepOnce(): Promise<number> {
    await this.deps.sql.query(
      `UPDATE "OutboundMessage" SET "status" = 'expired', "lastError" = COALESCE("lastError", 'no longer worth sending')
       WHERE "status" = 'pending' AND "expiresAt" <= now() AND ("claimedUntil" IS NULL OR "claimedUntil" < now())`,
    );
    // The earliest pending message of each resident only: a resident's messages keep their order.
    const { rows } = await this.deps.sql.query<SweptRow>(
      `WITH due AS (
         SELECT o."id", o."claimedUntil" AS prev FROM "OutboundMessage" o
         WHERE o."status" = 'pending' AND o."nextAttemptAt" <= now() AND (o."claimedUntil" IS NULL OR o."claimedUntil" < now())
           AND NOT EXISTS (SELECT 1 FROM "OutboundMessage" p WHERE p."lineUserId" = o."lineUserId" AND p."status" = 'pending' AND p."seq" < o."seq")
         ORDER BY o."seq" LIMIT ${SWEEP_BATCH} FOR UPDATE OF o SKIP LOCKED)
       UPDATE "OutboundMessage" m SET "claimedUntil" = now() + interval '${OUTBOX_LEASE_MS} milliseconds'
       FROM due WHERE m."id" = due."id"
       RETURNING m."id", m."seq"::text, m."lineUserId", m."retryKey", m."messages", m."wire", m."replyToken", m."replyBefore", m."callsDone",
         m."pushes", m."attempts", m."expiresAt", due.prev IS NOT NULL AS "wasClaimed",
         (SELECT r."reachable" FROM "Resident" r WHERE r."lineUserId" = m."lineUserId") AS "reachable"`,
    );
    const work: Promise<void>[] = [];
    for (const r of rows) {
      // Already on its way here (its lease ran out while this process was busy): not twice.
      if (this.holding.has(r.id)) continue;
      this.holding.add(r.id);
      this.held.delete(r.lineUserId);
      const row: TOutboxRow & { reachable: boolean | null } = { ...r, maybeTried: r.wasClaimed || r.attempts > 0 };
      work.push(
        new Promise<void>((resolve) =>
          this.chain(r.lineUserId, async () => {
            try {
              await (row.reachable === false ? this.finish(row, "skipped", "the resident blocked the account") : this.attempt(row));
            } finally {
              this.release(row.id);
              resolve();
            }
          }),
        ),
      );
    }
    await Promise.all(work);
    await this.flushSent();
    return rows.length;
  }

  private async attempt(row: TOutboxRow): Promise<Outcome> {
    if (this.held.has(row.lineUserId) && !row.maybeTried && row.attempts === 0) {
      // An earlier message of theirs waits for a retry: this one goes after it, through the sweep.
      await this.deps.sql.query(`UPDATE "OutboundMessage" SET "claimedUntil" = NULL WHERE "id" = $1`, [row.id]);
      return "retry";
    }
    if (row.expiresAt.getTime() <= Date.now()) return this.finish(row, "expired", "no longer worth sending");
    const messages = row.wire ? (row.messages as messagingApi.Message[]) : toLineMessages(row.messages as TOutMessage[]);
    const calls: messagingApi.Message[][] = [];
    for (let i = 0; i < messages.length; i += MESSAGES_PER_CALL) calls.push(messages.slice(i, i + MESSAGES_PER_CALL));
    let replied = false;
    for (let i = row.callsDone; i < calls.length; i++) {
      const canReply = i === 0 && row.replyToken !== null && row.replyBefore !== null && Date.now() < row.replyBefore.getTime();
      if (canReply) {
        try {
          await this.deps.api.replyMessage({ replyToken: row.replyToken!, messages: calls[0]! });
          row.callsDone = 1;
          replied = true;
          continue;
        } catch (err) {
          if (isInvalidReplyToken(err) && row.maybeTried) {
            // Used already: by this message's earlier try, which LINE took before we could record it.
            row.callsDone = 1;
            replied = true;
            continue;
          }
          if (!isInvalidReplyToken(err)) {
            if (isRetryable(err)) return this.retryLater(row, err);
            return this.finish(row, "failed", lineReason(err));
          }
          // An expired or refused token: the resident still gets the answer, by push.
          this.deps.logger.warn("reply token not usable, pushing instead", { user: hashUserId(row.lineUserId), ...describeLineError(err) });
        }
      }
      try {
        await this.deps.api.pushMessage({ to: row.lineUserId, messages: calls[i]! }, callRetryKey(row.retryKey, i));
      } catch (err) {
        // 409: LINE already accepted this very push (same retry key); it is delivered once.
        if (!(err instanceof LineApiError && err.status === 409)) {
          if (isRetryable(err)) return this.retryLater(row, err);
          return this.finish(row, "failed", lineReason(err));
        }
      }
      row.callsDone = i + 1;
      row.pushes++;
    }
    this.held.delete(row.lineUserId);
    this.unmarked.add(row.id);
    this.sent.push({ id: row.id, via: replied ? (row.pushes > 0 ? "reply+push" : "reply") : "push", callsDone: row.callsDone, pushes: row.pushes, attempts: row.attempts + 1 });
    this.scheduleFlush();
    return "sent";
  }

  private async retryLater(row: TOutboxRow, err: unknown): Promise<Outcome> {
    const attempts = row.attempts + 1;
    const cap = Math.min(this.deps.backoff.maxMs, this.deps.backoff.baseMs * 2 ** (attempts - 1));
    const next = new Date(Date.now() + cap / 2 + Math.random() * (cap / 2));
    if (next >= row.expiresAt) return this.finish(row, "expired", lineReason(err));
    this.held.add(row.lineUserId);
    this.deps.logger.warn("send will be retried", { user: hashUserId(row.lineUserId), attempts, ...describeLineError(err) });
    await this.deps.sql.query(
      `UPDATE "OutboundMessage" SET "attempts" = $2, "nextAttemptAt" = $3, "claimedUntil" = NULL, "callsDone" = $4, "pushes" = $5, "lastError" = $6 WHERE "id" = $1`,
      [row.id, attempts, next, row.callsDone, row.pushes, lineReason(err)],
    );
    // Sooner than the next sweep when the wait is short (tests, the first retries of an outage).
    if (!this.stopped) setTimeout(() => void this.sweep().catch(() => undefined), Math.max(0, next.getTime() - Date.now()) + 5).unref();
    return "retry";
  }

  private async finish(row: TOutboxRow, status: Exclude<Outcome, "sent" | "retry">, reason: string): Promise<Outcome> {
    this.held.delete(row.lineUserId);
    if (status === "failed") this.deps.logger.error("LINE refused a message", { user: hashUserId(row.lineUserId), reason });
    await this.deps.sql.query(
      `UPDATE "OutboundMessage" SET "status" = $2, "lastError" = $3, "attempts" = "attempts" + 1, "claimedUntil" = NULL, "callsDone" = $4, "pushes" = $5 WHERE "id" = $1`,
      [row.id, status, reason, row.callsDone, row.pushes],
    );
    return status;
  }

  /** An attempt is over: the message is let go now, or once its sent mark is written. */
  private release(id: string): void {
    if (!this.unmarked.has(id)) this.holding.delete(id);
  }

  private scheduleFlush(): void {
    if (this.sent.length >= 200) void this.flushSent();
    else this.flushTimer ??= setTimeout(() => void this.flushSent(), 10);
  }

  /**
   * This process's bookkeeping writes (sent marks, lease renewals) one after another: a mark and a
   * renewal updating the same rows at once deadlocked, PostgreSQL aborted one, and the lost marks
   * made the sweep send those messages again after their lease (the bench saw LINE refuse the
   * second reply: harmless, but a wasted call and a delay).
   */
  private bookkeeping(write: () => Promise<unknown>): Promise<void> {
    this.marking = this.marking.then(write).then(
      () => undefined,
      () => undefined,
    );
    return this.marking;
  }

  /** Marks sent messages in one statement: the hot path's one write after the turn. */
  private async flushSent(): Promise<void> {
    clearTimeout(this.flushTimer);
    this.flushTimer = undefined;
    if (this.sent.length === 0) return this.marking;
    const batch = this.sent;
    this.sent = [];
    const values = batch.map((_, i) => `($${i * 5 + 1}::uuid, $${i * 5 + 2}, $${i * 5 + 3}::int, $${i * 5 + 4}::int, $${i * 5 + 5}::int)`);
    const mark = () =>
      this.marks.query(
        `UPDATE "OutboundMessage" AS o SET "status" = 'sent', "sentAt" = now(), "via" = v.via, "callsDone" = v.calls, "pushes" = v.pushes, "attempts" = v.attempts, "claimedUntil" = NULL
         FROM (VALUES ${values.join(", ")}) AS v(id, via, calls, pushes, attempts) WHERE o."id" = v.id`,
        batch.flatMap((s) => [s.id, s.via, s.callsDone, s.pushes, s.attempts]),
      );
    return this.bookkeeping(() =>
      // Once more if it failed (another process's statement may still deadlock with it).
      mark()
        .catch(() => mark())
        .catch((err: unknown) => {
          // Not recorded: the sweep takes them again after their lease, and the retry keys and the
          // used reply tokens keep LINE from delivering them twice.
          this.deps.logger.warn("could not record sent messages", { count: batch.length, reason: err instanceof Error ? err.name : "unknown" });
        })
        .finally(() => {
          for (const s of batch) {
            this.unmarked.delete(s.id);
            this.holding.delete(s.id);
          }
        }),
    );
  }
}

function lineReason(err: unknown): string {
  const { status, reason } = describeLineError(err);
  return `${status ?? ""} ${reason}`.trim().slice(0, 300);
}
