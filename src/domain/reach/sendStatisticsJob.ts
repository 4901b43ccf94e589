// The day after a send went out (Tokyo calendar), LINE's opens and clicks of it are fetched once by
// its custom aggregation unit and kept in SendStatistics. LINE gives no figures for fewer than 20
// recipients: such a send is recorded as below_threshold without asking.
import { z } from "zod";
import { type PrismaClient } from "../../generated/prisma/client.ts";
import { type TScheduledJob } from "../scheduling/scheduledJob.ts";
import { STATISTICS_MIN_RECIPIENTS } from "./sendReports.ts";
import { tokyoYmd } from "../../tokyoTime.ts";

/** LINE keeps a unit's statistics for a period of up to 30 days from its start. */
const PERIOD_DAYS = 30;
const PER_RUN = 20;

/** GetStatisticsPerUnitResponse (insight.yml), the part the console shows. */
export const ZUnitStatistics = z.object({
  overview: z.object({ uniqueImpression: z.number().nullable().optional(), uniqueClick: z.number().nullable().optional() }),
  messages: z.array(z.unknown()),
  clicks: z.array(z.unknown()),
});

/** LINE's statistics per unit, from the LINE edge. from/to: yyyyMMdd in UTC+9. */
export type TUnitStatisticsSource = (unit: string, from: string, to: string) => Promise<unknown>;

/** Fetches what is due (sends whose last part went out before today in Tokyo); returns how many were recorded. */
export async function fetchSendStatistics(deps: { prisma: PrismaClient; fetchUnit: TUnitStatisticsSource; describeError: (err: unknown) => string }, now: Date): Promise<number> {
  const today = tokyoYmd(now);
  const due = await deps.prisma.$queryRaw<{ sendId: string; unit: string; firstSent: Date; sent: number }[]>`
    SELECT d."sendId"::text AS "sendId", MAX(d."aggregationUnit") AS unit, MIN(d."sentAt") AS "firstSent", SUM(cardinality(d."lineUserIds"))::int AS sent
    FROM "Delivery" d
    WHERE d."aggregationUnit" IS NOT NULL AND d."sentAt" > ${now}::timestamptz - make_interval(days => ${PERIOD_DAYS})
      AND NOT EXISTS (SELECT 1 FROM "SendStatistics" s WHERE s."sendId" = d."sendId")
    GROUP BY d."sendId"
    HAVING to_char(MAX(d."sentAt") AT TIME ZONE 'Asia/Tokyo', 'YYYYMMDD') < ${today}
      AND NOT EXISTS (SELECT 1 FROM "Delivery" p WHERE p."sendId" = d."sendId" AND p."status" IN ('pending', 'sending'))
    ORDER BY MIN(d."sentAt") LIMIT ${PER_RUN}`;
  let recorded = 0;
  for (const send of due) {
    let data: { status: string; uniqueImpression: number | null; uniqueClick: number | null; error: string | null };
    if (send.sent < STATISTICS_MIN_RECIPIENTS) data = { status: "below_threshold", uniqueImpression: null, uniqueClick: null, error: null };
    else {
      try {
        const from = tokyoYmd(send.firstSent);
        const to = tokyoYmd(send.firstSent, PERIOD_DAYS - 1) < today ? tokyoYmd(send.firstSent, PERIOD_DAYS - 1) : today;
        const { overview } = ZUnitStatistics.parse(await deps.fetchUnit(send.unit, from, to));
        const opened = overview.uniqueImpression ?? null;
        const clicked = overview.uniqueClick ?? null;
        // LINE answers null when the audience is too small to report without pointing at someone.
        data = opened === null ? { status: "below_threshold", uniqueImpression: null, uniqueClick: null, error: null } : { status: "ok", uniqueImpression: opened, uniqueClick: clicked, error: null };
      } catch (err) {
        data = { status: "unavailable", uniqueImpression: null, uniqueClick: null, error: deps.describeError(err).slice(0, 300) };
      }
    }
    const created = await deps.prisma.sendStatistics.createMany({ data: [{ sendId: send.sendId, aggregationUnit: send.unit, ...data }], skipDuplicates: true });
    recorded += created.count;
  }
  return recorded;
}

/** Looks every 10 minutes (of the clock it is given), not every tick: a send is due once a day. */
export function sendStatisticsJob(deps: Parameters<typeof fetchSendStatistics>[0]): TScheduledJob {
  let last = 0;
  return {
    name: "fetch LINE statistics of yesterday's sends",
    run: async (now) => {
      if (Math.abs(now.getTime() - last) < 10 * 60_000) return 0;
      last = now.getTime();
      return fetchSendStatistics(deps, now);
    },
  };
}
