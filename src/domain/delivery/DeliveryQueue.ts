// Messages to many residents are recorded here before anything is sent (table Delivery), in
// batches of LINE's multicast limit; the LINE edge sends them, once each, retrying as needed.
import { type PrismaClient, type Prisma } from "../../generated/prisma/client.ts";
import { type TOutMessage } from "../../flows/engineTypes.ts";
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
  /** Past this moment the message is pointless (the event started, the round closed): it is marked expired instead of sent late. */
  expiresAt?: Date;
};

export class DeliveryQueue {
  private listeners: (() => void)[] = [];

  /**
   * Records the message for these residents (in language groups if messages differ by language: call once per group).
   * purpose names what it is for, e.g. "round.announce:<id>"; returns how many deliveries were recorded.
   */
  async enqueue(db: Db, purpose: string, lineUserIds: string[], messages: TOutMessage[], options: TEnqueueOptions = {}): Promise<number> {
    const unique = [...new Set(lineUserIds)];
    if (unique.length === 0) return 0;
    const due = options.notBefore ?? new Date();
    // Non-urgent messages wait for the end of quiet hours.
    const nextAttemptAt = options.urgent ? due : outsideQuietHours(due, (await readSettings(db)).quietHours);
    // One statement, the batches cut by the database: Prisma's createMany compiles every one of
    // 100,000 ids as its own parameter (over a second for a city-wide message); this is one array.
    const batches = await db.$executeRaw`
      INSERT INTO "Delivery" ("id", "purpose", "lineUserIds", "messages", "retryKey", "dueAt", "nextAttemptAt", "urgent", "expiresAt")
      SELECT gen_random_uuid(), ${purpose}, array_agg(t.id ORDER BY t.n), ${JSON.stringify(messages)}::jsonb, gen_random_uuid(), ${due}, ${nextAttemptAt}, ${options.urgent ?? false}, ${options.expiresAt ?? null}::timestamptz
      FROM unnest(${unique}::text[]) WITH ORDINALITY AS t(id, n)
      GROUP BY (t.n - 1) / ${RECIPIENTS_PER_DELIVERY}`;
    this.notify();
    return batches;
  }

  /** The sender listens, to start at once instead of at its next poll. */
  onEnqueued(listener: () => void): void {
    this.listeners.push(listener);
  }

  notify(): void {
    for (const l of this.listeners) l();
  }
}
