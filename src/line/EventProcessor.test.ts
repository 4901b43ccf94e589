import { describe, expect, it } from "vitest";
import { EventProcessor } from "./EventProcessor.ts";
import { type TStoredEvent } from "./InboundEventStore.ts";
import { createLogger } from "../logger.ts";

function stored(id: string, occurredAt: number, text: string): TStoredEvent {
  return {
    webhookEventId: id,
    sourceKey: "resident-1",
    occurredAt,
    receivedAt: Date.now(),
    payload: {
      type: "message",
      webhookEventId: id,
      timestamp: occurredAt,
      mode: "active",
      source: { type: "user", userId: "U1" },
      deliveryContext: { isRedelivery: false },
      message: { type: "text", text },
    },
  };
}

describe("EventProcessor", () => {
  it("When an older event arrives while a resident's newer one is being handled, then both are handled once each", async () => {
    const handled: string[] = [];
    let release!: () => void;
    const firstDone = new Promise<void>((r) => (release = r));
    const conversations = {
      // Nothing handled in a batch: every event goes the one-by-one way.
      async handleBatch(items: unknown[]) {
        return items.map(() => ({ kind: "fallback" }));
      },
      async handle(_user: string, event: { type: string; text?: string }) {
        handled.push(event.text ?? "");
        if (handled.length === 1) await firstDone;
        return [];
      },
    };
    const processor = new EventProcessor({
      prisma: {} as never,
      store: {} as never,
      conversations: conversations as never,
      sender: { send: async () => undefined } as never,
      logger: createLogger("error", { silent: true }),
    });
    processor.enqueue([stored("B", 2000, "B")]);
    await new Promise((r) => setTimeout(r, 5));
    processor.enqueue([stored("A", 1000, "A"), stored("C", 3000, "C")]);
    release();
    await processor.drain();
    expect(handled).toEqual(["B", "A", "C"]);
  });
});
