import { describe, expect, it } from "vitest";
import { EventProcessor } from "./EventProcessor.ts";
import { createLogger } from "../logger.ts";
import { type TTurnReport } from "../conversation/ConversationService.ts";

/** A stand-in for the turns: the "database" holds each resident's pending events, earliest first. */
function fakeTurns(pending: Map<string, { id: string; at: number }[]>) {
  const handled: string[] = [];
  const inFlight = new Set<string>();
  let overlapped = false;
  let gate: Promise<void> = Promise.resolve();
  return {
    handled,
    overlapped: () => overlapped,
    hold(p: Promise<void>) {
      gate = p;
    },
    async handleNext(keys: readonly string[]): Promise<TTurnReport[]> {
      for (const k of keys) {
        if (inFlight.has(k)) overlapped = true;
        inFlight.add(k);
      }
      // As the database would: the earliest pending event at the moment the turn reads.
      const reports = keys.map((key) => {
        const list = (pending.get(key) ?? []).sort((a, b) => a.at - b.at);
        const next = list.shift();
        if (next) handled.push(next.id);
        return next ? { key, handledEventId: next.id, outbox: [] } : { key, nothingPending: true, outbox: [] };
      });
      await gate;
      for (const k of keys) inFlight.delete(k);
      return reports;
    },
  };
}

const deps = (conversations: ReturnType<typeof fakeTurns>) => ({
  store: { pendingPage: async () => [] },
  conversations,
  sender: { deliver: () => undefined, settle: async () => undefined },
  logger: createLogger("error", { silent: true }),
});

describe("EventProcessor", () => {
  it("When an older event arrives while a resident's newer one is being handled, then each is handled once, earliest pending first, one turn at a time", async () => {
    const pending = new Map([["resident-1", [{ id: "B", at: 2000 }]]]);
    const turns = fakeTurns(pending);
    let release!: () => void;
    turns.hold(new Promise<void>((r) => (release = r)));
    const processor = new EventProcessor(deps(turns));
    processor.enqueue([{ webhookEventId: "B", sourceKey: "resident-1", occurredAt: 2000 }]);
    await new Promise((r) => setTimeout(r, 5));
    pending.get("resident-1")!.push({ id: "A", at: 1000 }, { id: "C", at: 3000 });
    processor.enqueue([
      { webhookEventId: "A", sourceKey: "resident-1", occurredAt: 1000 },
      { webhookEventId: "C", sourceKey: "resident-1", occurredAt: 3000 },
    ]);
    release();
    await processor.drain();
    expect(turns.handled).toEqual(["B", "A", "C"]);
    expect(turns.overlapped()).toBe(false);
  });

  it("When another process handled a resident's event, then the queue lets it go without handling it twice", async () => {
    const pending = new Map([["resident-2", [] as { id: string; at: number }[]]]);
    const turns = fakeTurns(pending);
    const processor = new EventProcessor(deps(turns));
    processor.enqueue([{ webhookEventId: "X", sourceKey: "resident-2", occurredAt: 1 }]);
    await processor.drain();
    expect(turns.handled).toEqual([]);
  });
});
