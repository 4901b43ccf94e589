// Stores webhook events before the webhook answers 200. Requests that arrive while a write is in
// flight are written together in the next one (group commit): one round trip for many events.
import { createHash } from "node:crypto";
import type pg from "pg";
import { type PrismaClient } from "../generated/prisma/client.ts";
import { type TWebhookEvent } from "./webhookBody.ts";

export type TStoredEvent = { webhookEventId: string; sourceKey: string; occurredAt: number; payload: TWebhookEvent; receivedAt: number };

type Waiter = { events: TStoredEvent[]; resolve: (fresh: TStoredEvent[]) => void; reject: (err: unknown) => void };

/** Postgres allows 65,535 bind parameters; 4 per event. */
const MAX_EVENTS_PER_INSERT = 5000;

export function sourceKeyOf(e: TWebhookEvent): string {
  // Groups one resident's events for ordering; a plain hash so every process computes the same key.
  return createHash("sha256").update(e.source?.userId ?? e.webhookEventId).digest("hex").slice(0, 24);
}

export class InboundEventStore {
  private queue: Waiter[] = [];
  private writing = false;

  constructor(
    private readonly prisma: PrismaClient,
    /** Plain SQL for the insert every webhook request waits on (see Database.sql). */
    private readonly sql: pg.Pool,
  ) {}

  /** Resolves with the events not seen before (a redelivered event is not returned again) once they are durable. */
  store(events: TWebhookEvent[]): Promise<TStoredEvent[]> {
    if (events.length === 0) return Promise.resolve([]);
    const receivedAt = Date.now();
    const stored = events.map((payload) => ({ webhookEventId: payload.webhookEventId, sourceKey: sourceKeyOf(payload), occurredAt: payload.timestamp, payload, receivedAt }));
    return new Promise((resolve, reject) => {
      this.queue.push({ events: stored, resolve, reject });
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
        for (const w of batch) w.resolve(w.events.filter((e) => fresh.has(e.webhookEventId) && fresh.delete(e.webhookEventId)));
      } catch (err) {
        for (const w of batch) w.reject(err);
      }
    }
    this.writing = false;
  }

  private async insert(events: TStoredEvent[]): Promise<Set<string>> {
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

  async pending(limit = 10_000): Promise<TStoredEvent[]> {
    const rows = await this.prisma.inboundEvent.findMany({ where: { status: "pending" }, orderBy: { occurredAt: "asc" }, take: limit });
    return rows.map((r) => ({
      webhookEventId: r.webhookEventId,
      sourceKey: r.sourceKey,
      occurredAt: Number(r.occurredAt),
      payload: r.payload as TWebhookEvent,
      receivedAt: r.receivedAt.getTime(),
    }));
  }
}
