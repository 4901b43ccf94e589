// Handles stored webhook events after the webhook has answered: one resident's events one at a
// time, in the order they happened; different residents in parallel. Events left pending by a
// stopped process are picked up again at start (recover).
import { type PrismaClient } from "../generated/prisma/client.ts";
import { type ConversationService } from "../conversation/ConversationService.ts";
import { systemTexts } from "../conversation/systemTexts.ts";
import { hashUserId, withLogContext, type Logger } from "../logger.ts";
import { type InboundEventStore, type TStoredEvent } from "./InboundEventStore.ts";
import { type LineSender } from "./LineSender.ts";
import { toResidentEvent, ZWebhookEvent } from "./webhookBody.ts";

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

export class EventProcessor {
  private readonly queues = new Map<string, TStoredEvent[]>();
  private active = 0;
  private idleWaiters: (() => void)[] = [];

  constructor(private readonly deps: TEventProcessorDeps) {}

  enqueue(events: TStoredEvent[]): void {
    // Sorted first: the first event of a new queue starts at once, so it must be the earliest.
    for (const e of [...events].sort((a, b) => a.occurredAt - b.occurredAt)) {
      const queue = this.queues.get(e.sourceKey);
      if (queue) {
        // Keep the resident's queue in event-time order even if a later request carried an earlier
        // event — but never before the head, which is being handled right now.
        let i = queue.length;
        while (i > 1 && queue[i - 1]!.occurredAt > e.occurredAt) i--;
        queue.splice(i, 0, e);
      } else {
        this.queues.set(e.sourceKey, [e]);
        this.active++;
        void this.run(e.sourceKey);
      }
    }
  }

  /** Re-queues events stored but not handled (the process stopped in between). */
  async recover(): Promise<number> {
    const pending = await this.deps.store.pending();
    this.enqueue(pending);
    return pending.length;
  }

  /** Resolves when every queued event has been handled. */
  drain(): Promise<void> {
    if (this.active === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private async run(key: string): Promise<void> {
    const queue = this.queues.get(key)!;
    while (queue.length > 0) {
      const next = queue[0]!;
      await withLogContext({ eventId: next.webhookEventId }, () => this.process(next));
      queue.shift();
    }
    this.queues.delete(key);
    if (--this.active === 0) for (const w of this.idleWaiters.splice(0)) w();
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
