// Drives residents' turns after the webhook has answered: one turn at a time per resident (the
// turn takes that resident's earliest pending event from the database, so their order holds even
// when two processes received their events), many residents at once. Sending is not waited for:
// a slow or hung LINE never holds up anyone else's turn. Events left pending — by a stopped process,
// a failed batch, another process — are swept continuously, page after page, with no cap.
import { withLogContext, type Logger } from "../logger.ts";
import { type ConversationService, type TTurnReport } from "../conversation/ConversationService.ts";
import { type InboundEventStore, type TStoredEvent } from "./InboundEventStore.ts";
import { type OutboxSender } from "./OutboxSender.ts";

/** Residents whose turns share one transaction (see ConversationService). */
const BATCH_MAX = 50;
/** Batches in flight at once: enough to overlap database round trips. */
const WORKERS = 4;
const SWEEP_PAGE = 5_000;

export type TEventProcessorDeps = {
  store: Pick<InboundEventStore, "pendingPage">;
  conversations: Pick<ConversationService, "handleNext">;
  sender: Pick<OutboxSender, "deliver" | "settle">;
  logger: Logger;
  /** How often pending events are looked for, and how old one must be to be taken from another process. */
  sweep?: { everyMs: number; olderThanMs: number };
  /**
   * How long a fresh event waits before its turn, so that an earlier event of the same resident that
   * another process received at the same moment is stored first (then taken first). 0 with one process.
   */
  orderWindowMs?: number;
};

export class EventProcessor {
  /** Per resident key: the ids of their events this process knows are pending. */
  private readonly pending = new Map<string, Set<string>>();
  /** Residents whose turn is being handled right now. */
  private readonly busy = new Set<string>();
  /** Per resident key: not before this time (ms), for the order window. */
  private readonly readyAt = new Map<string, number>();
  private wakeTimer?: NodeJS.Timeout;
  private workers = 0;
  private idleWaiters: (() => void)[] = [];
  private sweepTimer?: NodeJS.Timeout;
  private stopped = false;

  constructor(private readonly deps: TEventProcessorDeps) {}

  /** fresh: just received (waits the order window); else found pending (taken at once). */
  enqueue(events: readonly TStoredEvent[], fresh = true): void {
    const notBefore = fresh ? Date.now() + (this.deps.orderWindowMs ?? 0) : 0;
    for (const e of events) {
      let ids = this.pending.get(e.sourceKey);
      if (!ids) {
        ids = new Set();
        this.pending.set(e.sourceKey, ids);
        this.readyAt.set(e.sourceKey, notBefore);
      }
      ids.add(e.webhookEventId);
    }
    this.pump();
  }

  /** Takes up every pending event (at start: those a stopped process left), page after page. */
  async recover(receivedBefore?: Date): Promise<number> {
    let after: { receivedAt: Date; webhookEventId: string } | undefined;
    let count = 0;
    for (;;) {
      const page = await this.deps.store.pendingPage(after, SWEEP_PAGE, receivedBefore);
      const unknown = page.filter((e) => !this.pending.get(e.sourceKey)?.has(e.webhookEventId));
      this.enqueue(unknown, false);
      count += unknown.length;
      if (page.length < SWEEP_PAGE) return count;
      after = page.at(-1)!;
    }
  }

  /** Sweeps for pending events every so often, for as long as the process runs. */
  startSweeping(): void {
    const { everyMs, olderThanMs } = this.deps.sweep ?? { everyMs: 5_000, olderThanMs: 10_000 };
    const tick = () => {
      if (this.stopped) return;
      void this.recover(new Date(Date.now() - olderThanMs))
        .then((n) => n > 0 && this.deps.logger.info("pending events taken up", { count: n }))
        .catch((err: unknown) => this.deps.logger.warn("pending sweep failed", { reason: err instanceof Error ? err.name : "unknown" }))
        .finally(() => {
          if (!this.stopped) this.sweepTimer = setTimeout(tick, everyMs);
        });
    };
    this.sweepTimer = setTimeout(tick, everyMs);
  }

  /** Resolves when no turn is queued or running. */
  idle(): Promise<void> {
    if (this.workers === 0 && this.pending.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** For tests: every queued turn handled and everything they said delivered (or given up on). */
  async drain(): Promise<void> {
    await this.idle();
    await this.deps.sender.settle();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.sweepTimer);
    await this.idle();
    clearTimeout(this.wakeTimer);
  }

  private pump(): void {
    // Every worker busy: each takes ready residents until none is left, then comes back here. Not
    // scanning the queue on every webhook request keeps a long queue from costing per request.
    if (this.workers >= WORKERS) return;
    const now = Date.now();
    const wanted = (WORKERS - this.workers) * BATCH_MAX;
    let ready = 0;
    let nextAt = Infinity;
    for (const key of this.pending.keys()) {
      if (this.busy.has(key)) continue;
      const at = this.readyAt.get(key) ?? 0;
      if (at <= now) {
        if (++ready >= wanted) break;
      } else nextAt = Math.min(nextAt, at);
    }
    for (; this.workers < WORKERS && ready > 0; ready -= BATCH_MAX) {
      this.workers++;
      void this.work();
    }
    if (nextAt < Infinity && !this.wakeTimer) {
      this.wakeTimer = setTimeout(() => {
        this.wakeTimer = undefined;
        this.pump();
      }, nextAt - now);
    }
  }

  private takeReady(max: number): string[] {
    const keys: string[] = [];
    const now = Date.now();
    for (const key of this.pending.keys()) {
      if (keys.length >= max) break;
      if (this.busy.has(key) || (this.readyAt.get(key) ?? 0) > now) continue;
      this.busy.add(key);
      keys.push(key);
    }
    return keys;
  }

  private async work(): Promise<void> {
    try {
      for (;;) {
        const keys = this.takeReady(BATCH_MAX);
        if (keys.length === 0) break;
        const started = Date.now();
        let reports: TTurnReport[] = [];
        try {
          reports = await withLogContext({ batch: keys.length }, () => this.deps.conversations.handleNext(keys));
        } catch (err) {
          // The database is failing: leave these to the sweep rather than spin on them.
          this.deps.logger.error("turns failed", { residents: keys.length, reason: err instanceof Error ? err.name : "unknown" });
          for (const key of keys) {
            this.pending.delete(key);
            this.readyAt.delete(key);
          }
        }
        for (const report of reports) {
          this.deps.sender.deliver(report.outbox);
          const ids = this.pending.get(report.key);
          // Nothing left, or nothing could be done (the sweep comes back to it): off the queue.
          if (report.nothingPending || !report.handledEventId || (ids?.delete(report.handledEventId) && ids.size === 0)) {
            this.pending.delete(report.key);
            this.readyAt.delete(report.key);
          }
          if (report.handledEventId) this.deps.logger.debug("event handled", { ms: Date.now() - started, sent: report.outbox.length, batch: keys.length });
        }
        for (const key of keys) this.busy.delete(key);
      }
    } finally {
      this.workers--;
      if (this.workers === 0 && this.pending.size === 0) for (const w of this.idleWaiters.splice(0)) w();
      else this.pump();
    }
  }
}
