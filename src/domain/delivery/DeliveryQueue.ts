// Messages to many residents are recorded here before anything is sent (table Delivery), in
// batches of LINE's multicast limit; the LINE edge sends them, once each, retrying as needed.
import { randomUUID } from "node:crypto";
import { type PrismaClient, type Prisma } from "../../generated/prisma/client.ts";
import { type TOutMessage } from "../../flows/engineTypes.ts";
import { asJson } from "../../db/asJson.ts";
import { readSettings } from "../settings/SettingsService.ts";
import { outsideQuietHours } from "./quietHours.ts";

/** LINE's multicast limit of user ids per call. */
export const RECIPIENTS_PER_DELIVERY = 500;

type Db = PrismaClient | Prisma.TransactionClient;

export type TEnqueueOptions = {
  /** Not before this moment (a reminder's time); default now. */
  notBefore?: Date;
  /** Urgent messages (an event cancelled today) are sent in quiet hours too. */
  urgent?: boolean;
};

export class DeliveryQueue {
  private listeners: (() => void)[] = [];

  /**
   * Records the message for these residents (in language groups if messages differ by language: call once per group).
   * purpose names what it is for, e.g. "round.announce:<id>"; returns how many deliveries were recorded.
   */
  async enqueue(db: Db, purpose: string, lineUserIds: string[], messages: TOutMessage[], options: TEnqueueOptions = {}): Promise<number> {
    const unique = [...new Set(lineUserIds)];
    const due = options.notBefore ?? new Date();
    // Non-urgent messages wait for the end of quiet hours.
    const nextAttemptAt = options.urgent ? due : outsideQuietHours(due, (await readSettings(db)).quietHours);
    const batches: string[][] = [];
    for (let i = 0; i < unique.length; i += RECIPIENTS_PER_DELIVERY) batches.push(unique.slice(i, i + RECIPIENTS_PER_DELIVERY));
    if (batches.length === 0) return 0;
    await db.delivery.createMany({
      data: batches.map((ids) => ({ purpose, lineUserIds: ids, messages: asJson(messages), retryKey: randomUUID(), nextAttemptAt, urgent: options.urgent ?? false })),
    });
    this.notify();
    return batches.length;
  }

  /** The sender listens, to start at once instead of at its next poll. */
  onEnqueued(listener: () => void): void {
    this.listeners.push(listener);
  }

  notify(): void {
    for (const l of this.listeners) l();
  }
}
