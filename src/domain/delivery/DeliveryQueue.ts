// Messages to many residents are recorded here before anything is sent (table Delivery), in
// batches of LINE's multicast limit; the LINE edge sends them, once each, retrying as needed.
import { Prisma, type PrismaClient } from "../../generated/prisma/client.ts";
import { type TOutMessage } from "../../flows/engineTypes.ts";
import { languages, type TLanguage } from "../../flows/flowSchema.ts";
import { audienceCondition, type TAudience } from "../audience.ts";
import { readSettings } from "../settings/SettingsService.ts";
import { outsideQuietHours } from "./quietHours.ts";
import { residentLanguageSql } from "./byLanguage.ts";

/**
 * One send's id, the same for every row of a purpose recorded in one transaction — all its
 * languages and batches — and different for the next send of that purpose: the transaction's start
 * time (microseconds) makes it so, with no id passed around and no extra statement.
 */
const sendIdSql = (purpose: string) => Prisma.sql`md5(${`send:${purpose}:`}::text || transaction_timestamp()::text)::uuid`;

/** LINE's multicast limit of user ids per call. */
export const RECIPIENTS_PER_DELIVERY = 500;
/** Residents read per statement when recording for an audience (100 deliveries): each statement stays short and small. */
export const AUDIENCE_PAGE_SIZE = 50_000;

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
      INSERT INTO "Delivery" ("id", "purpose", "lineUserIds", "messages", "retryKey", "dueAt", "nextAttemptAt", "urgent", "expiresAt", "sendId")
      SELECT gen_random_uuid(), ${purpose}, array_agg(t.id ORDER BY t.n), ${JSON.stringify(messages)}::jsonb, gen_random_uuid(), ${due}, ${nextAttemptAt}, ${options.urgent ?? false}, ${options.expiresAt ?? null}::timestamptz, ${sendIdSql(purpose)}
      FROM unnest(${unique}::text[]) WITH ORDINALITY AS t(id, n)
      GROUP BY (t.n - 1) / ${RECIPIENTS_PER_DELIVERY}`;
    this.notify();
    return batches;
  }

  /**
   * Records the message for every resident of the audience without their ids ever coming into this
   * process: the database selects them a page at a time (keyset on the primary key) and cuts each
   * page into deliveries of 500 in the same INSERT … SELECT. Memory stays flat whether a city has
   * a thousand residents or a million. language: only residents of that language ("ja": all but English).
   */
  async enqueueAudience(
    db: Db,
    purpose: string,
    audience: TAudience,
    messages: TOutMessage[],
    options: TEnqueueOptions & { language?: TLanguage } = {},
  ): Promise<{ deliveries: number; recipients: number }> {
    const due = options.notBefore ?? new Date();
    const nextAttemptAt = options.urgent ? due : outsideQuietHours(due, (await readSettings(db)).quietHours);
    // Japanese: everyone who reads no other language the bot speaks (byLanguage.ts decides).
    const language = options.language === undefined ? Prisma.empty : Prisma.sql`AND ${residentLanguageSql} = ${options.language}`;
    const json = JSON.stringify(messages);
    let after = "00000000-0000-0000-0000-000000000000";
    let deliveries = 0;
    let recipients = 0;
    for (;;) {
      const [page] = await db.$queryRaw<{ deliveries: number; recipients: number; last: string | null }[]>`
        WITH page AS (
          SELECT "id", "lineUserId", row_number() OVER (ORDER BY "id") AS n FROM "Resident"
          WHERE ${audienceCondition(audience)} ${language} AND "id" > ${after}::uuid
          ORDER BY "id" LIMIT ${AUDIENCE_PAGE_SIZE}
        ), recorded AS (
          INSERT INTO "Delivery" ("id", "purpose", "lineUserIds", "messages", "retryKey", "dueAt", "nextAttemptAt", "urgent", "expiresAt", "sendId")
          SELECT gen_random_uuid(), ${purpose}, array_agg("lineUserId" ORDER BY n), ${json}::jsonb, gen_random_uuid(), ${due}, ${nextAttemptAt}, ${options.urgent ?? false}, ${options.expiresAt ?? null}::timestamptz, ${sendIdSql(purpose)}
          FROM page GROUP BY (n - 1) / ${RECIPIENTS_PER_DELIVERY}
          RETURNING 1
        )
        SELECT (SELECT count(*) FROM recorded)::int AS deliveries, (SELECT count(*) FROM page)::int AS recipients,
          (SELECT "id"::text FROM page ORDER BY n DESC LIMIT 1) AS last`;
      if (!page || !page.last) break;
      deliveries += page.deliveries;
      recipients += page.recipients;
      after = page.last;
      if (page.recipients < AUDIENCE_PAGE_SIZE) break;
    }
    if (deliveries > 0) this.notify();
    return { deliveries, recipients };
  }

  /** One message per language, each to the residents of the audience who read it. */
  async enqueueAudienceByLanguage(
    db: Db,
    purpose: string,
    audience: TAudience,
    messagesIn: (language: TLanguage) => TOutMessage[],
    options: TEnqueueOptions = {},
  ): Promise<{ deliveries: number; recipients: number }> {
    let deliveries = 0;
    let recipients = 0;
    for (const language of languages) {
      const sent = await this.enqueueAudience(db, purpose, audience, messagesIn(language), { ...options, language });
      deliveries += sent.deliveries;
      recipients += sent.recipients;
    }
    return { deliveries, recipients };
  }

  /** The sender listens, to start at once instead of at its next poll. */
  onEnqueued(listener: () => void): void {
    this.listeners.push(listener);
  }

  notify(): void {
    for (const l of this.listeners) l();
  }
}
