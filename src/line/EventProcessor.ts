// Handles stored webhook events after the webhook has answered: one resident's events one at a
// time, in the order they happened; different residents in parallel. Events left pending by a
// stopped process are picked up again at start (recover).
import { type PrismaClient } from "../generated/prisma/client.ts";
import { type ConversationService } from "../conversation/ConversationService.ts";
import { systemTexts } from "../conversation/systemTexts.ts";
import { hashUserId, withLogContext, type Logger } from "../logger.ts";
import { type InboundEventStore, type TStoredEvent } from "./InboundEventStore.ts";
import { type LineSender } from "./LineSender.ts";
import { toResidentEvent, ZWebhookEvent, type TWebhookEvent } from "./webhookBody.ts";
import { type TBatchItem } from "../conversation/ConversationService.ts";

const TRIES = 3;

/** The event was handled already (by another process); this turn was rolled back. */
class EventAlreadyHandled extends Error {}
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export type TEventProcessorDeps = {
  prisma: PrismaClient;
  store: InboundEventStore;
  conversations: ConversationService;
  sender: LineSender;
  logger: Logger;
};

/** Residents' events handled together in one transaction (see ConversationService.handleBatch). */
const BATCH_MAX = 50;
/** Batches in flight at once: enough to overlap database and LINE latency. */
const WORKERS = 4;

export class EventProcessor {
  private readonly queues = new Map<string, TStoredEvent[]>();
  /** Residents whose first queued event is being handled right now. */
  private readonly busy = new Set<string>();
  private workers = 0;
  private idleWaiters: (() => void)[] = [];

  constructor(private readonly deps: TEventProcessorDeps) {}

  enqueue(events: TStoredEvent[]): void {
    for (const e of [...events].sort((a, b) => a.occurredAt - b.occurredAt)) {
      const queue = this.queues.get(e.sourceKey);
      if (!queue) {
        this.queues.set(e.sourceKey, [e]);
        continue;
      }
      // Keep each resident's queue in event-time order even if a later request carried an earlier
      // event — but never before the head while it is being handled.
      const floor = this.busy.has(e.sourceKey) ? 1 : 0;
      let i = queue.length;
      while (i > floor && queue[i - 1]!.occurredAt > e.occurredAt) i--;
      queue.splice(i, 0, e);
    }
    this.pump();
  }

  /** Re-queues events stored but not handled (the process stopped in between). */
  async recover(): Promise<number> {
    const pending = await this.deps.store.pending();
    this.enqueue(pending);
    return pending.length;
  }

  /** Resolves when every queued event has been handled. */
  drain(): Promise<void> {
    if (this.workers === 0 && this.queues.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private pump(): void {
    while (this.workers < WORKERS && this.readyCount() > 0) {
      this.workers++;
      void this.work();
    }
  }

  private readyCount(): number {
    return this.queues.size - this.busy.size;
  }

  /** The first event of residents with nothing in flight, one per resident: order within a resident holds. */
  private takeReady(max: number): TStoredEvent[] {
    const batch: TStoredEvent[] = [];
    for (const [key, queue] of this.queues) {
      if (batch.length >= max) break;
      if (this.busy.has(key) || queue.length === 0) continue;
      this.busy.add(key);
      batch.push(queue[0]!);
    }
    return batch;
  }

  private async work(): Promise<void> {
    try {
      for (;;) {
        const batch = this.takeReady(BATCH_MAX);
        if (batch.length === 0) break;
        await this.processBatch(batch).catch((err) => this.deps.logger.error("batch failed", { reason: err instanceof Error ? err.name : "unknown" }));
        for (const e of batch) {
          const queue = this.queues.get(e.sourceKey)!;
          queue.shift();
          this.busy.delete(e.sourceKey);
          if (queue.length === 0) this.queues.delete(e.sourceKey);
        }
      }
    } finally {
      this.workers--;
      if (this.workers === 0 && this.queues.size === 0) for (const w of this.idleWaiters.splice(0)) w();
      else this.pump();
    }
  }

  private async processBatch(batch: TStoredEvent[]): Promise<void> {
    const started = Date.now();
    const items = batch.map((stored) => {
      const parsed = ZWebhookEvent.safeParse(stored.payload);
      const target = parsed.success ? toResidentEvent(parsed.data) : undefined;
      return { stored, parsed: parsed.data, target };
    });
    const batchable = items.filter(
      (i): i is typeof i & { parsed: TWebhookEvent; target: { lineUserId: string; event: TBatchItem["event"] } } =>
        i.target !== undefined && i.target.event.type !== "follow" && i.target.event.type !== "unfollow",
    );
    const outcomes = await this.deps.conversations.handleBatch(
      batchable.map((i) => ({ eventKey: i.stored.webhookEventId, lineUserId: i.target.lineUserId, event: i.target.event })),
    );
    const handledHere = new Set<TStoredEvent>();
    const work: Promise<unknown>[] = [];
    batchable.forEach((item, n) => {
      const outcome = outcomes[n]!;
      if (outcome.kind === "fallback") return;
      handledHere.add(item.stored);
      if (outcome.kind === "alreadyHandled") return;
      const replyToken = item.parsed.replyToken;
      work.push(
        this.deps.sender
          .send(item.target.lineUserId, outcome.messages, replyToken ? { token: replyToken, receivedAt: item.stored.receivedAt } : undefined)
          .then(() =>
            this.deps.logger.info("event handled", {
              user: hashUserId(item.target.lineUserId),
              type: item.parsed.type,
              ms: Date.now() - started,
              queuedMs: started - item.stored.receivedAt,
              sent: outcome.messages.length,
              batch: batch.length,
            }),
          ),
      );
    });
    // Everything else one by one, each resident still in order (one event per resident in a batch).
    for (const item of items) if (!handledHere.has(item.stored)) work.push(withLogContext({ eventId: item.stored.webhookEventId }, () => this.process(item.stored)));
    await Promise.all(work);
  }

  private async process(stored: TStoredEvent): Promise<void> {
    const started = Date.now();
    const parsed = ZWebhookEvent.safeParse(stored.payload);
    const target = parsed.success ? toResidentEvent(parsed.data) : undefined;
    if (!parsed.success || !target) {
      await this.markHandled(stored, "done");
      return;
    }
    const { lineUserId, event } = target;
    const user = hashUserId(lineUserId);
    for (let attempt = 1; attempt <= TRIES; attempt++) {
      try {
        const messages = await this.deps.conversations.handle(lineUserId, event, {
          // Marks the event handled with the turn's effects, only if nobody did before (another
          // process recovering the same pending events): then the whole turn is rolled back.
          alsoInTransaction: async (sql) => {
            // A handled event keeps only its type: the message text was needed to handle it, not afterwards.
            const marked = await sql.execute(
              `UPDATE "InboundEvent" SET "status" = 'done', "processedAt" = now(), "attempts" = $2, "payload" = $3::jsonb
               WHERE "webhookEventId" = $1 AND "status" = 'pending'`,
              stored.webhookEventId,
              attempt,
              JSON.stringify({ type: parsed.data.type }),
            );
            if (marked === 0) throw new EventAlreadyHandled();
          },
        });
        const replyToken = parsed.data.replyToken;
        await this.deps.sender.send(lineUserId, messages, replyToken ? { token: replyToken, receivedAt: stored.receivedAt } : undefined);
        this.deps.logger.info("event handled", { user, type: parsed.data.type, ms: Date.now() - started, queuedMs: started - stored.receivedAt, sent: messages.length });
        return;
      } catch (err) {
        if (err instanceof EventAlreadyHandled) return;
        const reason = err instanceof Error ? `${err.name}${"code" in err ? ` ${String(err.code)}` : ""}` : "unknown";
        this.deps.logger.error("event failed", { user, type: parsed.data.type, attempt, reason });
        if (attempt < TRIES) {
          await sleep(200 * attempt);
          continue;
        }
        await this.markHandled(stored, "failed", reason).catch(() => undefined);
        // Tell the resident rather than leave them waiting in silence.
        const replyToken = parsed.data.replyToken;
        if (event.type !== "unfollow") {
          await this.deps.sender
            .send(lineUserId, [{ type: "text", text: systemTexts.failed.ja }], replyToken ? { token: replyToken, receivedAt: stored.receivedAt } : undefined)
            .catch(() => undefined);
        }
      }
    }
  }

  private async markHandled(stored: TStoredEvent, status: "done" | "failed", error?: string): Promise<void> {
    await this.deps.prisma.inboundEvent.update({
      where: { webhookEventId: stored.webhookEventId },
      // A failed event keeps its payload so that it can be looked into and replayed.
      data: status === "done" ? handled(status, String((stored.payload as { type?: unknown }).type ?? "unknown"), 1) : { status, error, attempts: TRIES, processedAt: new Date() },
    });
  }
}

/** A handled event keeps only its type: the message text was needed to handle it, not afterwards. */
function handled(status: "done" | "failed", type: string, attempts: number) {
  return { status, processedAt: new Date(), attempts, payload: { type } };
}
