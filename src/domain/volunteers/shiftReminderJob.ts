// The day-before reminder of each shift, at the city's time (settings.reminders.dayBeforeAt, Asia/
// Tokyo), to the volunteers confirmed at that moment. Made once per shift however many processes
// run the schedule (claimOnce in the transaction that records it); held by quiet hours like every
// non-urgent message; none at all when staff turned reminders off.
import { groupByLanguage } from "../delivery/byLanguage.ts";
import { reminderNote } from "../settings/settingsTypes.ts";
import { type PrismaClient } from "../../generated/prisma/client.ts";
import { type DeliveryQueue } from "../delivery/DeliveryQueue.ts";
import { readSettings } from "../settings/SettingsService.ts";
import { claimOnce } from "../scheduling/claimOnce.ts";
import { type TScheduledJob } from "../scheduling/scheduledJob.ts";
import { tokyoDayBeforeAt } from "../../tokyoTime.ts";
import { type Logger } from "../../logger.ts";
import { shiftReminderPurpose } from "./ShiftSignups.ts";
import { opportunityTextsSelect, shiftFacts } from "./shiftFacts.ts";
import { reminderText } from "./volunteerMessages.ts";

/** The day before at HH:MM is never more than two days before the start. */
const LOOKAHEAD_MS = 2 * 24 * 3600_000;

export function shiftReminderJob(deps: { prisma: PrismaClient; deliveries: DeliveryQueue; logger: Logger }): TScheduledJob {
  return {
    name: "shift reminders",
    async run(now: Date) {
      const { reminders } = await readSettings(deps.prisma);
      if (!reminders.enabled) return 0;
      // Shifts starting soon whose reminder is not made yet (the marker's key is the reminder's purpose).
      const due = await deps.prisma.$queryRaw<{ id: string; startsAt: Date }[]>`
        SELECT s."id", s."startsAt" FROM "Shift" s
        WHERE s."startsAt" > ${now} AND s."startsAt" <= ${new Date(now.getTime() + LOOKAHEAD_MS)}
          AND NOT EXISTS (SELECT 1 FROM "ScheduledSend" k WHERE k."key" = 'shift.reminder:' || s."id"::text)`;
      let made = 0;
      for (const shift of due) {
        if (tokyoDayBeforeAt(shift.startsAt, reminders.dayBeforeAt) > now) continue;
        // A "day before" reminder is not made on the day itself (a shift posted that late, or a
        // bot that was down all evening): the marker is taken so the shift is not looked at again.
        const tooLate = now >= tokyoDayBeforeAt(shift.startsAt, "24:00");
        const sent = await deps.prisma.$transaction(async (tx) => {
          const purpose = shiftReminderPurpose(shift.id);
          if (!(await claimOnce(tx, purpose)) || tooLate) return false;
          const row = await tx.shift.findUnique({
            where: { id: shift.id },
            include: {
              opportunity: { select: opportunityTextsSelect },
              signups: { where: { status: "confirmed" }, select: { resident: { select: { lineUserId: true, language: true } } } },
            },
          });
          if (!row) return false;
          const facts = shiftFacts(row, row.opportunity);
          for (const [language, ids] of groupByLanguage(row.signups.map((s) => s.resident))) {
            // Due at the scheduled moment: quiet hours are judged from it, not from when the job happens to run.
            await deps.deliveries.enqueue(tx, purpose, ids, [{ type: "text", text: reminderText(facts, reminderNote(reminders, language), language) }], { notBefore: now, expiresAt: row.startsAt });
          }
          return true;
        });
        if (sent) made++;
      }
      if (made > 0) deps.logger.info("shift reminders made", { count: made });
      return made;
    },
  };
}
