// The stored webhook events (the InboundEvent table): written before the webhook answers 200,
// read by the turns (as the conversation runner's inbox), swept for any left pending.
//
// Requests that arrive while a write is in flight are written together in the next one (group
// commit): one round trip for many events. If that write fails, each request is written on its
// own, and within a failing request each event, so that one event the database refuses never fails
// another request; an event that still cannot be stored as it came is stored in a minimal form.
import { createHash } from "node:crypto";
import type pg from "pg";
import { type TLiteral } from "../db/sqlLiteral.ts";
import { type TInbox, type TInboxEvent, type TInboxRow } from "../conversation/inbox.ts";
import { type Logger } from "../logger.ts";
import { storableJson } from "./storableJson.ts";
import { toResidentEvent, ZWebhookEvent } from "./webhookBody.ts";

/** An event as stored: which resident's queue it joins (sourceKey), and when it happened. */
export type TStoredEvent = { webhookEventId: string; sourceKey: string; occurredAt: number };
type TIncoming = TStoredEvent & { payload: Record<string, unknown> };

type Waiter = { events: TIncoming[]; resolve: (fresh: TStoredEvent[]) => void; reject: (err: unknown) => void };

/** Postgres allows 65,535 bind parameters; 4 per event. */
const MAX_EVENTS_PER_INSERT = 5000;

export function sourceKeyOf(e: { webhookEventId: string; source?: { userId?: unknown } }): string {
  // Groups one resident's events for ordering; a plain hash so every process computes the same key.
  const userId = typeof e.source?.userId === "string" ? e.source.userId : e.webhookEventId;
  return createHash("sha256").update(userId).digest("hex").slice(0, 24);
}

export class InboundEventStore implements TInbox {
  private queue: Waiter[] = [];
  private writing = false;

  constructor(
    /** Plain SQL for the insert every webhook request waits on (see Database.sql). */
    private readonly sql: pg.Pool,
    private readonly logger: Logger,
  ) {}

  /**
   * Resolves, once they are durable, with the events not seen before (a redelivered event is not
   * returned again). events: each with at least webhookEventId and timestamp.
   */
  store(events: readonly { webhookEventId: string; timestamp: number; source?: { userId?: unknown } }[]): Promise<TStoredEvent[]> {
    if (events.length === 0) return Promise.resolve([]);
    const incoming = events.map((e) => ({
      webhookEventId: e.webhookEventId,
      sourceKey: sourceKeyOf(e),
      occurredAt: e.timestamp,
      payload: storableJson(e) as Record<string, unknown>,
    }));
    return new Promise((resolve, reject) => {
      this.queue.push({ events: incoming, resolve, reject });
      if (!this.writing) void this.flush();
    });
  }

  private async flush(): Promise<void> {
    this.writing = true;
    while (this.queue.length > 0) {
      const batch: Waiter[] = [];
      let count = 0;
      while (this.queue.length > 0 && count + this.queue[0]!.events.length <= MAX_EVENTS_PER_INSERT) {
        const w = this.queue.shift()!;
        batch.push(w);
        count += w.events.length;
      }
      if (batch.length === 0) batch.push(this.queue.shift()!); // one oversized request: still one insert
      try {
        const fresh = await this.insert(batch.flatMap((w) => w.events));
        for (const w of batch) w.resolve(pick(w.events, fresh));
      } catch {
        // One request's events may be what the database refused: each request on its own.
        for (const w of batch) await this.storeAlone(w);
      }
    }
    this.writing = false;
  }

  private async storeAlone(w: Waiter): Promise<void> {
    try {
      w.resolve(pick(w.events, await this.insert(w.events)));
      return;
    } catch {
      /* one of its events: each on its own below */
    }
    try {
      const fresh = new Set<string>();
      for (const e of w.events) {
        let stored: Set<string>;
        try {
          stored = await this.insert([e]);
        } catch (err) {
          this.logger.warn("webhook event stored in a minimal form", { reason: err instanceof Error ? err.message.slice(0, 80) : "unknown" });
          stored = await this.insert([{ ...e, payload: minimalForm(e.payload) }]);
        }
        for (const id of stored) fresh.add(id);
      }
      w.resolve(pick(w.events, fresh));
    } catch (err) {
      // The database itself is failing: this request gets 500 and LINE may send it again.
      w.reject(err);
    }
  }

  private async insert(events: readonly TIncoming[]): Promise<Set<string>> {
    const values: string[] = [];
    const params: unknown[] = [];
    for (const e of events) {
      const i = params.length;
      values.push(`($${i + 1}, $${i + 2}, $${i + 3}, $${i + 4}::jsonb)`);
      params.push(e.webhookEventId, e.sourceKey, e.occurredAt, JSON.stringify(e.payload));
    }
    const { rows } = await this.sql.query<{ webhookEventId: string }>(
      `INSERT INTO "InboundEvent" ("webhookEventId", "sourceKey", "occurredAt", "payload") VALUES ${values.join(", ")}
       ON CONFLICT ("webhookEventId") DO NOTHING RETURNING "webhookEventId"`,
      params,
    );
    return new Set(rows.map((r) => r.webhookEventId));
  }

  /**
   * Pending events received before `receivedBefore` (all of them when omitted), a page at a time
   * in the order they were received: recovery has no cap, it goes on page after page.
   */
  async pendingPage(after: { receivedAt: Date; webhookEventId: string } | undefined, limit: number, receivedBefore?: Date): Promise<(TStoredEvent & { receivedAt: Date })[]> {
    const { rows } = await this.sql.query<{ webhookEventId: string; sourceKey: string; occurredAt: string; receivedAt: Date }>(
      `SELECT "webhookEventId", "sourceKey", "occurredAt", "receivedAt" FROM "InboundEvent"
       WHERE "status" = 'pending' AND ($1::timestamptz IS NULL OR "receivedAt" < $1)
         AND ($2::timestamptz IS NULL OR ("receivedAt", "webhookEventId") > ($2, $3))
       ORDER BY "receivedAt", "webhookEventId" LIMIT $4`,
      [receivedBefore ?? null, after?.receivedAt ?? null, after?.webhookEventId ?? "", limit],
    );
    return rows.map((r) => ({ webhookEventId: r.webhookEventId, sourceKey: r.sourceKey, occurredAt: Number(r.occurredAt), receivedAt: r.receivedAt }));
  }

  // ---- the inbox the conversation runner reads, inside its turn's transaction ----

  nextPendingQuery(keys: readonly string[], lit: TLiteral): string {
    // One index probe per resident that stops at their earliest pending event (a plain index scan
    // also marks the entries of events handled since the last vacuum as dead, for the next look).
    return `SELECT e."webhookEventId", e."sourceKey", e."payload",
         (extract(epoch from e."receivedAt") * 1000)::float8 AS "receivedAtMs", e."payload"->'source'->>'userId' AS "lineUserId"
       FROM unnest(ARRAY[${keys.map(lit).join(", ")}]::text[]) AS k("sourceKey")
       CROSS JOIN LATERAL (SELECT * FROM "InboundEvent" p WHERE p."status" = 'pending' AND p."sourceKey" = k."sourceKey"
         ORDER BY p."occurredAt", p."webhookEventId" LIMIT 1) e`;
  }

  read(row: TInboxRow): TInboxEvent | undefined {
    const parsed = ZWebhookEvent.safeParse(row.payload);
    const target = parsed.success ? toResidentEvent(parsed.data) : undefined;
    if (!parsed.success || !target) {
      // LINE adds event types and modes over time: stored, and not acted on.
      const p = row.payload as { type?: unknown; mode?: unknown };
      this.logger.info("event ignored", { type: typeof p?.type === "string" ? p.type.slice(0, 40) : "unknown", mode: typeof p?.mode === "string" ? p.mode.slice(0, 20) : "none" });
      return undefined;
    }
    return { ...target, ...(parsed.data.replyToken && target.event.type !== "unfollow" ? { replyToken: parsed.data.replyToken } : {}) };
  }

  doneStatement(eventIds: readonly string[], now: Date, lit: TLiteral): string {
    // A handled event keeps only its type: the message text was needed to handle it, not afterwards.
    // By id alone: the turn read these as pending under its residents' locks, which every change of
    // an event's status holds; a status condition here made the planner walk the pending index too.
    return `UPDATE "InboundEvent" SET "status" = 'done', "processedAt" = ${lit(now)}::timestamptz, "attempts" = "attempts" + 1,
         "payload" = jsonb_build_object('type', "payload"->>'type')
       WHERE "webhookEventId" IN (${eventIds.map(lit).join(", ")})`;
  }

  failedStatement(eventId: string, reason: string, now: Date, lit: TLiteral): string {
    return `UPDATE "InboundEvent" SET "status" = 'failed', "processedAt" = ${lit(now)}::timestamptz, "attempts" = "attempts" + 1, "error" = ${lit(reason.slice(0, 200))}
       WHERE "webhookEventId" = ${lit(eventId)}`;
  }
}

function pick(events: readonly TIncoming[], fresh: Set<string>): TStoredEvent[] {
  const out: TStoredEvent[] = [];
  for (const e of events) {
    if (!fresh.delete(e.webhookEventId)) continue;
    out.push({ webhookEventId: e.webhookEventId, sourceKey: e.sourceKey, occurredAt: e.occurredAt });
  }
  return out;
}

/** What is kept of an event the database would not take as it came: enough to answer it. */
function minimalForm(payload: Record<string, unknown>): Record<string, unknown> {
  const keep = (v: unknown) => (typeof v === "string" ? v.slice(0, 300).replace(/[^\x20-\x7e]/g, "") : undefined);
  const source = payload.source as { type?: unknown; userId?: unknown } | undefined;
  return {
    type: keep(payload.type),
    webhookEventId: keep(payload.webhookEventId),
    timestamp: typeof payload.timestamp === "number" ? payload.timestamp : 0,
    mode: keep(payload.mode),
    replyToken: keep(payload.replyToken),
    source: { type: keep(source?.type), userId: keep(source?.userId) },
    unstorable: true,
  };
}
