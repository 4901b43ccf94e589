// ホーム: does the channel reach the people the city's plans target? Friends, consented, reachable
// and blocked over time; consented residents by age band and district (groups under 5 never shown
// apart); the share under 30; residents who took part in anything this month and this year against
// the city's target; messages this month against the budget. Every figure also as CSV.
//
// Over time comes from daily snapshots (ReachSnapshot), not from follow and unfollow times: a
// resident keeps only their latest unfollow (a re-follow clears it) and no history of consent, so a
// past day cannot be rebuilt from the residents' rows. The snapshot job writes today's row through
// the day; the chart starts on the day the bot first ran with it.
import { z } from "zod";
import { type PrismaClient } from "../../generated/prisma/client.ts";
import { type FlowSet } from "../../flows/FlowSet.ts";
import { type TScheduledJob } from "../scheduling/scheduledJob.ts";
import { profileLabels } from "../polls/profileLabels.ts";
import { MIN_GROUP_SIZE, suppressSmallGroups } from "../privacy/suppressSmallGroups.ts";
import { readSettings } from "../settings/SettingsService.ts";
import { messagesUsedThisMonth } from "../delivery/messageBudget.ts";
import { startOfTokyoMonth, tokyoDateIso, tokyoInstant, tokyoParts } from "../../tokyoTime.ts";
import { toCsv, type TCsvCell } from "../export/csv.ts";

/** The onboarding flow's age bands under 30 (flows/onboarding.yaml). */
export const UNDER_30_AGE_BANDS = ["under18", "18to29"];
/** The onboarding choice 「答えない」: no age band, not counted in the share under 30. */
const NO_AGE_BAND = "unanswered";
/** Days of history the chart shows. */
export const HISTORY_DAYS = 90;

const ZCounts = z.object({ friends: z.number(), consented: z.number(), reachable: z.number(), blocked: z.number() });
const ZBreakdown = z.object({
  groups: z.array(z.object({ value: z.string(), label: z.string(), residents: z.number() })),
  /** Groups under 5 merged into 「その他（少数のため非表示）」 (or, when even that is too small, nothing broken down). */
  suppressed: z.number(),
});

export const ZDashboard = z.object({
  today: z.string(),
  /**
   * friends: everyone who ever added the account (LINE counts blocked friends too); reachable: follow
   * it now; blocked: blocked it (or unfollowed); consented: reachable and consented to the privacy notice.
   */
  counts: ZCounts,
  history: z.array(ZCounts.extend({ day: z.string() })),
  byAgeBand: ZBreakdown,
  byDistrict: ZBreakdown,
  /** Of consented, reachable residents who gave an age band (not 「答えない」): those under 30. share null when none gave one. */
  under30: z.object({ residents: z.number(), of: z.number(), share: z.number().nullable() }),
  participation: z.object({
    /** Residents who commented, answered a poll, signed up for an event or a shift (not cancelled). */
    thisMonth: z.number(),
    thisYear: z.number(),
    population: z.number().nullable(),
    targetPercent: z.number(),
    /** population × targetPercent: residents to reach in a year; null until the population is set. */
    target: z.number().nullable(),
    /** thisYear as a percent of the population. */
    yearPercent: z.number().nullable(),
  }),
  messages: z.object({ month: z.string(), used: z.number(), limit: z.number().nullable() }),
});
export type TDashboard = z.infer<typeof ZDashboard>;

type Db = PrismaClient;

async function currentCounts(db: Db): Promise<z.infer<typeof ZCounts>> {
  const [row] = await db.$queryRaw<z.infer<typeof ZCounts>[]>`
    SELECT count(*)::int AS friends, count(*) FILTER (WHERE "reachable" AND "consentedAt" IS NOT NULL)::int AS consented,
      count(*) FILTER (WHERE "reachable")::int AS reachable, count(*) FILTER (WHERE NOT "reachable")::int AS blocked
    FROM "Resident"`;
  return row ?? { friends: 0, consented: 0, reachable: 0, blocked: 0 };
}

/** Writes today's snapshot (Tokyo day), replacing the one taken earlier today. */
export async function takeReachSnapshot(db: Db, now = new Date()): Promise<void> {
  const counts = await currentCounts(db);
  const day = new Date(`${tokyoDateIso(now)}T00:00:00Z`);
  await db.reachSnapshot.upsert({ where: { day }, create: { day, ...counts, takenAt: now }, update: { ...counts, takenAt: now } });
}

/** Every 10 minutes of the clock it is given: four counts over the residents, today's row rewritten. */
export function reachSnapshotJob(prisma: Db): TScheduledJob {
  let last = 0;
  return {
    name: "snapshot friends and reach",
    run: async (now) => {
      if (Math.abs(now.getTime() - last) < 10 * 60_000) return 0;
      last = now.getTime();
      await takeReachSnapshot(prisma, now);
      return 1;
    },
  };
}

async function breakdown(db: Db, files: FlowSet, field: "ageBand" | "district"): Promise<z.infer<typeof ZBreakdown>> {
  const rows = await db.$queryRaw<{ value: string | null; n: number }[]>`
    SELECT "profile"->>${field} AS value, count(*)::int AS n FROM "Resident"
    WHERE "reachable" AND "consentedAt" IS NOT NULL GROUP BY 1`;
  const labels = profileLabels(files, field);
  const order = (v: string) => {
    const i = labels.order.indexOf(v);
    return i < 0 ? labels.order.length : i;
  };
  const groups = rows
    .map((r) => ({ group: r.value ?? "none", label: labels.label(r.value), answered: r.n, options: {} }))
    .sort((a, b) => order(a.group) - order(b.group));
  const { groups: shown, suppressed } = suppressSmallGroups(groups, MIN_GROUP_SIZE);
  return { groups: shown.map((g) => ({ value: g.group, label: g.label, residents: g.answered })), suppressed };
}

export async function dashboard(db: Db, files: FlowSet, now = new Date()): Promise<TDashboard> {
  const settings = await readSettings(db);
  const counts = await currentCounts(db);
  const since = new Date(now.getTime() - HISTORY_DAYS * 86_400_000);
  const snapshots = await db.reachSnapshot.findMany({ where: { day: { gte: since } }, orderBy: { day: "asc" } });
  const today = tokyoDateIso(now);
  const history = snapshots
    .map((s) => ({ day: s.day.toISOString().slice(0, 10), friends: s.friends, consented: s.consented, reachable: s.reachable, blocked: s.blocked }))
    .filter((s) => s.day !== today);
  // Today is always the live figure.
  history.push({ day: today, ...counts });

  const [byAgeBand, byDistrict] = [await breakdown(db, files, "ageBand"), await breakdown(db, files, "district")];
  const [young] = await db.$queryRaw<{ residents: number; of: number }[]>`
    SELECT count(*) FILTER (WHERE "profile"->>'ageBand' = ANY(${UNDER_30_AGE_BANDS}::text[]))::int AS residents, count(*)::int AS of
    FROM "Resident" WHERE "reachable" AND "consentedAt" IS NOT NULL AND "profile"->>'ageBand' IS NOT NULL AND "profile"->>'ageBand' <> ${NO_AGE_BAND}`;
  const under30 = { residents: young?.residents ?? 0, of: young?.of ?? 0, share: young && young.of > 0 ? young.residents / young.of : null };

  const monthStart = startOfTokyoMonth(now);
  const yearStart = tokyoInstant(tokyoParts(now).y, 1, 1);
  const [took] = await db.$queryRaw<{ month: number; year: number }[]>`
    WITH acts AS (
      SELECT "residentId", "submittedAt" AS at FROM "Comment" WHERE "status" = 'submitted' AND "submittedAt" >= ${yearStart}
      UNION ALL SELECT "residentId", "submittedAt" FROM "PollResponse" WHERE "submittedAt" >= ${yearStart}
      UNION ALL SELECT "residentId", "createdAt" FROM "EventRegistration" WHERE "status" <> 'cancelled' AND "createdAt" >= ${yearStart}
      UNION ALL SELECT "residentId", "createdAt" FROM "ShiftSignup" WHERE "status" <> 'cancelled' AND "createdAt" >= ${yearStart}
    )
    SELECT count(DISTINCT "residentId") FILTER (WHERE at >= ${monthStart})::int AS month, count(DISTINCT "residentId")::int AS year FROM acts`;
  const { population, targetPercent } = settings.participation;
  const thisYear = took?.year ?? 0;

  const used = await messagesUsedThisMonth(db, now);
  return {
    today,
    counts,
    history,
    byAgeBand,
    byDistrict,
    under30,
    participation: {
      thisMonth: took?.month ?? 0,
      thisYear,
      population,
      targetPercent,
      target: population === null ? null : Math.round((population * targetPercent) / 100),
      yearPercent: population === null ? null : (thisYear / population) * 100,
    },
    messages: { month: today.slice(0, 7), used, limit: settings.budget.monthlyLimit },
  };
}

/** Every figure of the page, one a line: section, item, value (the project's CSV for Excel). */
export function dashboardCsv(d: TDashboard): string {
  const rows: TCsvCell[][] = [
    ["counts", "friends", d.counts.friends],
    ["counts", "consented", d.counts.consented],
    ["counts", "reachable", d.counts.reachable],
    ["counts", "blocked", d.counts.blocked],
  ];
  for (const h of d.history) for (const k of ["friends", "consented", "reachable", "blocked"] as const) rows.push([`history:${h.day}`, k, h[k]]);
  for (const g of d.byAgeBand.groups) rows.push(["ageBand", g.label, g.residents]);
  for (const g of d.byDistrict.groups) rows.push(["district", g.label, g.residents]);
  rows.push(["under30", "residents", d.under30.residents], ["under30", "of", d.under30.of], ["under30", "share_percent", d.under30.share === null ? null : Math.round(d.under30.share * 1000) / 10]);
  const p = d.participation;
  rows.push(
    ["participation", "this_month", p.thisMonth],
    ["participation", "this_year", p.thisYear],
    ["participation", "population", p.population],
    ["participation", "target_percent", p.targetPercent],
    ["participation", "target_residents", p.target],
    ["participation", "year_percent", p.yearPercent === null ? null : Math.round(p.yearPercent * 10) / 10],
    ["messages", `used_${d.messages.month}`, d.messages.used],
    ["messages", "monthly_limit", d.messages.limit],
  );
  return toCsv(["section", "item", "value"], rows);
}
