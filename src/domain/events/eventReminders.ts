// Reminders to residents with a confirmed seat: the day before at the time staff set (Asia/Tokyo),
// and an hour before if they chose so. Each reminder of each event is made once however often and
// in however many processes the job runs (claimOnce in the transaction that enqueues it), and is
// held through quiet hours by the delivery queue like every other non-urgent message.
import { reminderNote } from "../settings/settingsTypes.ts";
import { type PrismaClient } from "../../generated/prisma/client.ts";
import { type TScheduledJob } from "../scheduling/scheduledJob.ts";
import { type DeliveryQueue } from "../delivery/DeliveryQueue.ts";
import { outsideQuietHours } from "../delivery/quietHours.ts";
import { claimOnce } from "../scheduling/claimOnce.ts";
import { readSettings } from "../settings/SettingsService.ts";
import { tokyoDayBeforeAt } from "../../tokyoTime.ts";
import { reminderText } from "./eventMessages.ts";
import { lockEvent, reminderPurpose } from "./EventRegistrations.ts";
import { groupByLanguage } from "../delivery/byLanguage.ts";

const HOUR = 3600_000;
type Kind = "dayBefore" | "hourBefore";

/** When a reminder is due, and until when it still makes sense (a day-before reminder an hour before is noise). */
export function reminderWindow(startsAt: Date, kind: Kind, dayBeforeAt: string): { from: Date; until: Date } {
  return kind === "dayBefore"
    ? { from: tokyoDayBeforeAt(startsAt, dayBeforeAt), until: new Date(startsAt.getTime() - HOUR) }
    : { from: new Date(startsAt.getTime() - HOUR), until: startsAt };
}

/** Makes the reminders due at `now`; returns how many residents they go to. */
export async function sendEventReminders(deps: { prisma: PrismaClient; deliveries: DeliveryQueue }, now: Date): Promise<number> {
  const { prisma, deliveries } = deps;
  const settings = await readSettings(prisma);
  if (!settings.reminders.enabled) return 0;
  const kinds: Kind[] = settings.reminders.hourBefore ? ["dayBefore", "hourBefore"] : ["dayBefore"];
  // The day before at 00:00 is at most 48 hours before the start.
  const events = await prisma.event.findMany({ where: { cancelledAt: null, startsAt: { gt: now, lte: new Date(now.getTime() + 49 * HOUR) } }, select: { id: true, startsAt: true } });
  let recipients = 0;
  for (const candidate of events) {
    for (const kind of kinds) {
      const { from, until } = reminderWindow(candidate.startsAt, kind, settings.reminders.dayBeforeAt);
      if (now < from || now >= until) continue;
      recipients += await prisma.$transaction(
        async (tx) => {
          // Locked like a sign-up or cancellation, so a resident is either reminded and then withdrawn, or not reminded.
          const event = await lockEvent(tx, candidate.id);
          if (!event || event.cancelledAt) return 0;
          // The start time is part of the key: an event moved to another day is reminded again.
          if (!(await claimOnce(tx, `${reminderPurpose(event.id, kind)}:${event.startsAt.toISOString()}`))) return 0;
          // A reminder quiet hours would hold until after the start helps nobody.
          if (outsideQuietHours(now, settings.quietHours) >= event.startsAt) return 0;
          const rows = await tx.eventRegistration.findMany({
            where: { eventId: event.id, status: "confirmed", resident: { reachable: true } },
            select: { resident: { select: { lineUserId: true, language: true } } },
          });
          const groups = groupByLanguage(rows.map((r) => r.resident));
          for (const [lang, ids] of groups) {
            await deliveries.enqueue(tx, reminderPurpose(event.id, kind), ids, [{ type: "text", text: reminderText(event, kind, reminderNote(settings.reminders, lang), lang) }], { notBefore: now, expiresAt: event.startsAt });
          }
          return rows.length;
        },
        { timeout: 30_000, maxWait: 20_000 },
      );
    }
  }
  return recipients;
}

export function eventRemindersJob(deps: { prisma: PrismaClient; deliveries: DeliveryQueue }): TScheduledJob {
  return { name: "event reminders", run: (now) => sendEventReminders(deps, now) };
}
