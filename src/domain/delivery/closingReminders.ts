// Closing reminders: a resident who started a poll or a comment round (an active or paused — やめる
// with answers kept — conversation on its generated flow "poll-<n>" / "round-<n>") and left it gets one reminder when it closes within
// the next 24 hours, with a button to go on. Made once per resident and flow however many
// processes run the job (claimEach in the transaction that records it); held by quiet hours like
// every non-urgent message; none when staff turned reminders off; never to unreachable residents.
// The reminder is a push: it does not touch the conversation, which still waits for its answer.
import { type PrismaClient } from "../../generated/prisma/client.ts";
import { type TOutMessage } from "../../flows/engineTypes.ts";
import { startFlowPostback } from "../../flows/postback.ts";
import { type Logger } from "../../logger.ts";
import { type TScheduledJob } from "../scheduling/scheduledJob.ts";
import { claimEach } from "../scheduling/claimOnce.ts";
import { readSettings } from "../settings/SettingsService.ts";
import { formatTokyoDateTime } from "../../tokyoTime.ts";
import { staffTr, tr } from "../messages/lang.ts";
import { groupByLanguage } from "./byLanguage.ts";
import { type DeliveryQueue } from "./DeliveryQueue.ts";
import { outsideQuietHours } from "./quietHours.ts";
import { type TLanguage } from "../../flows/flowSchema.ts";

const HOUR = 3600_000;
/** How far ahead a closing is reminded of. */
export const CLOSING_LOOKAHEAD_MS = 24 * HOUR;
/** Only conversations left alone this long: someone answering right now needs no reminder. */
export const CLOSING_IDLE_MS = HOUR;
/** Keeps the button's text within a buttons template's 160 characters, whatever the title. */
const TITLE_MAX = 80;

export type TClosingTarget = { flowId: string; title: string; titleEn?: string | null; titleEasy?: string | null; closesAt: Date };

export const closingReminderKey = (flowId: string, residentId: string) => `closing:${flowId}:${residentId}`;
export const closingReminderPurpose = (flowId: string) => `closing:${flowId}`;

/** The reminder: 「〇〇」の締切は12月5日(土) 17:00です。 with a button that goes back to the flow. */
export function closingReminderMessage(target: TClosingTarget, lang: TLanguage): TOutMessage {
  const full = staffTr(lang, target.title, target.titleEn, target.titleEasy);
  const title = full.length > TITLE_MAX ? `${full.slice(0, TITLE_MAX - 1)}…` : full;
  const closes = formatTokyoDateTime(target.closesAt, lang);
  const text = tr(lang, {
    ja: `「${title}」の締切は${closes}です。続きはこちらからどうぞ。`,
    en: `"${title}" closes on ${closes} (Japan time). You can continue here.`,
    easy: `「${title}」は ${closes}で おわります。 つづきは ここから できます。`,
  });
  const label = tr(lang, { ja: "続きを回答する", en: "Continue", easy: "つづきを こたえる" });
  return { type: "buttons", altText: text, text, actions: [{ type: "postback", label, data: startFlowPostback(target.flowId), displayText: label }] };
}

/**
 * Polls and rounds open now and closing within the lookahead whose flows have residents who left
 * them. A flow is named by the number (poll-12) or, should a domain choose so, by the id.
 */
async function targetsWithIdleResidents(prisma: PrismaClient, now: Date): Promise<TClosingTarget[]> {
  const until = new Date(now.getTime() + CLOSING_LOOKAHEAD_MS);
  const idleSince = new Date(now.getTime() - CLOSING_IDLE_MS);
  return prisma.$queryRaw<TClosingTarget[]>`
    WITH closing AS (
      SELECT 'poll-' || "number"::text AS a, 'poll-' || "id"::text AS b, "title", "titleEn", "titleEasy", "closesAt" FROM "Poll"
      WHERE "opensAt" <= ${now} AND "closesAt" > ${now} AND "closesAt" <= ${until}
      UNION ALL
      SELECT 'round-' || "number"::text, 'round-' || "id"::text, "title", "titleEn", "titleEasy", "closesAt" FROM "Round"
      WHERE "closedAt" IS NULL AND "opensAt" <= ${now} AND "closesAt" > ${now} AND "closesAt" <= ${until}
    )
    SELECT DISTINCT c."flowId", t."title", t."titleEn", t."titleEasy", t."closesAt"
    FROM closing t JOIN "Conversation" c ON c."flowId" IN (t.a, t.b)
    WHERE c."status" IN ('active', 'paused') AND c."updatedAt" <= ${idleSince}`;
}

/** Makes the closing reminders due at `now`; returns how many residents they go to. */
export async function sendClosingReminders(deps: { prisma: PrismaClient; deliveries: DeliveryQueue }, now: Date): Promise<number> {
  const { prisma, deliveries } = deps;
  const settings = await readSettings(prisma);
  if (!settings.reminders.enabled) return 0;
  // A reminder quiet hours would hold until after the closing helps nobody (and is not marked, in
  // case quiet hours are changed).
  const releasedAt = outsideQuietHours(now, settings.quietHours);
  const targets = (await targetsWithIdleResidents(prisma, now)).filter((t) => releasedAt < t.closesAt);
  let reminded = 0;
  for (const target of targets) {
    reminded += await prisma.$transaction(
      async (tx) => {
        // Read again inside the transaction: whoever finished meanwhile is not reminded.
        const rows = await tx.$queryRaw<{ residentId: string; lineUserId: string; language: string }[]>`
          SELECT DISTINCT r."id" AS "residentId", r."lineUserId", r."language"
          FROM "Conversation" c JOIN "Resident" r ON r."id" = c."residentId"
          WHERE c."flowId" = ${target.flowId} AND c."status" IN ('active', 'paused') AND c."updatedAt" <= ${new Date(now.getTime() - CLOSING_IDLE_MS)} AND r."reachable"`;
        const claimed = await claimEach(tx, rows.map((r) => closingReminderKey(target.flowId, r.residentId)));
        const mine = rows.filter((r) => claimed.has(closingReminderKey(target.flowId, r.residentId)));
        for (const [lang, ids] of groupByLanguage(mine)) {
          // Due at the scheduled moment: quiet hours are judged from it.
          await deliveries.enqueue(tx, closingReminderPurpose(target.flowId), ids, [closingReminderMessage(target, lang)], { notBefore: now, expiresAt: target.closesAt });
        }
        return mine.length;
      },
      { timeout: 30_000, maxWait: 20_000 },
    );
  }
  return reminded;
}

export function closingRemindersJob(deps: { prisma: PrismaClient; deliveries: DeliveryQueue; logger: Logger }): TScheduledJob {
  return {
    name: "closing reminders",
    async run(now: Date) {
      const count = await sendClosingReminders(deps, now);
      if (count > 0) deps.logger.info("closing reminders made", { count });
      return count;
    },
  };
}
