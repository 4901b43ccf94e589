// The volunteer register in numbers, for the console: who is registered (by segment) and, per
// month in Asia/Tokyo, registrations, sign-ups and hours by age band and district. Groups under
// MIN_GROUP_SIZE volunteers are merged so that no one can be picked out (the rule of
// src/domain/privacy/suppressSmallGroups.ts, as in polls).
import { type PrismaClient } from "../../generated/prisma/client.ts";
import { ZResidentProfile } from "../../flows/engineTypes.ts";
import { type FlowSet } from "../../flows/FlowSet.ts";
import { mergeSmallGroups, MIN_GROUP_SIZE, SUPPRESSED_GROUP } from "../privacy/suppressSmallGroups.ts";
import { tokyoInstant, tokyoMonthKey } from "../../tokyoTime.ts";
import { volunteerOptions } from "./volunteerOptions.ts";
import {
  minorAgeBand,
  type TVolunteerCountGroup,
  type TVolunteerOption,
  type TVolunteerStats,
  type TVolunteerStatsGroup,
  type TVolunteerStatsMonth,
  type TVolunteerStatsQuery,
  type TVolunteerSummary,
} from "./volunteerTypes.ts";
import { storedJson } from "../../db/storedJson.ts";

/** Profile not given: its own group, so the groups add up to the total. */
const NONE = "none";
const NONE_LABEL = "未回答";
const SUPPRESSED_LABEL = "その他（少人数のためまとめて表示）";

const monthKey = (y: number, m: number) => `${y}-${String(m).padStart(2, "0")}`;
const monthStart = (key: string) => tokyoInstant(Number(key.slice(0, 4)), Number(key.slice(5, 7)), 1);
function addMonths(key: string, n: number): string {
  const i = Number(key.slice(0, 4)) * 12 + Number(key.slice(5, 7)) - 1 + n;
  return monthKey(Math.floor(i / 12), (i % 12) + 1);
}

/** Groups in the order of the options (onboarding's order), unknown values after, "none" and "suppressed" last. */
function ordered<T extends { group: string }>(groups: T[], options: TVolunteerOption[]): T[] {
  const rank = (g: string) => {
    if (g === SUPPRESSED_GROUP) return 3e6;
    if (g === NONE) return 2e6;
    const i = options.findIndex((o) => o.value === g);
    return i === -1 ? 1e6 : i;
  };
  return [...groups].sort((a, b) => rank(a.group) - rank(b.group) || a.group.localeCompare(b.group));
}

function labelOf(options: TVolunteerOption[], group: string): string {
  if (group === NONE) return NONE_LABEL;
  if (group === SUPPRESSED_GROUP) return SUPPRESSED_LABEL;
  return options.find((o) => o.value === group)?.label ?? group;
}

type Person = { ageBand: string; district: string };

function personOf(resident: { id: string; profile: unknown }, volunteerAgeBand: string | null | undefined): Person {
  const profile = storedJson(ZResidentProfile, resident.profile, "Resident", "profile", resident.id);
  return { ageBand: volunteerAgeBand ?? profile.ageBand ?? NONE, district: profile.district ?? NONE };
}

/** Counts of active registrations by segment (GET /volunteers). */
export async function volunteerSummary(prisma: PrismaClient, files: FlowSet): Promise<TVolunteerSummary> {
  const options = volunteerOptions(files);
  const rows = await prisma.volunteerProfile.findMany({
    select: { status: true, ageBand: true, isMinor: true, areas: true, districts: true, skills: true, availability: true, resident: { select: { id: true, profile: true } } },
  });
  const active = rows.filter((r) => r.status === "active");
  const single = (key: "ageBand" | "district", opts: TVolunteerOption[]) => {
    const counts = new Map<string, number>();
    for (const r of active) {
      const g = personOf(r.resident, r.ageBand)[key];
      counts.set(g, (counts.get(g) ?? 0) + 1);
    }
    const { kept, suppressed, merged } = mergeSmallGroups(ordered([...counts].map(([group, size]) => ({ group, size, values: {} })), opts));
    const groups = ordered([...kept, ...(suppressed ? [suppressed] : [])], opts).map((g) => ({ group: g.group, label: labelOf(opts, g.group), count: g.size }));
    return { groups, merged };
  };
  const multi = (pick: (r: (typeof active)[number]) => string[], opts: TVolunteerOption[]): TVolunteerCountGroup[] => {
    const counts = new Map<string, number>();
    for (const r of active) for (const v of pick(r)) counts.set(v, (counts.get(v) ?? 0) + 1);
    return ordered([...counts].map(([group, count]) => ({ group, count })), opts).map((g) => ({ ...g, label: labelOf(opts, g.group) }));
  };
  const byAgeBand = single("ageBand", options.ageBands);
  const byDistrict = single("district", options.districts);
  return {
    active: active.length,
    ended: rows.length - active.length,
    minors: active.filter((r) => r.isMinor || r.ageBand === minorAgeBand).length,
    byAgeBand: byAgeBand.groups,
    byDistrict: byDistrict.groups,
    suppressedGroups: byAgeBand.merged + byDistrict.merged,
    byArea: multi((r) => r.areas, options.areas),
    byHelpDistrict: multi((r) => r.districts, options.districts),
    bySkill: multi((r) => r.skills, options.skills),
    byAvailability: multi((r) => r.availability, options.availability),
  };
}

/** Per month (Asia/Tokyo), from..to included (default: the last 12 months). */
export async function volunteerStats(prisma: PrismaClient, files: FlowSet, query: TVolunteerStatsQuery, now = new Date()): Promise<TVolunteerStats> {
  const options = volunteerOptions(files);
  const to = query.to ?? (query.from ? addMonths(query.from, 11) : tokyoMonthKey(now));
  const from = query.from ?? addMonths(to, -11);
  const months: string[] = [];
  for (let m = from; m <= to; m = addMonths(m, 1)) months.push(m);
  const rangeStart = monthStart(from);
  const rangeEnd = monthStart(addMonths(to, 1));

  const profiles = await prisma.volunteerProfile.findMany({
    where: { registeredAt: { lt: rangeEnd } },
    select: { residentId: true, registeredAt: true, endedAt: true, ageBand: true, resident: { select: { id: true, profile: true } } },
  });
  const signups = await prisma.shiftSignup.findMany({
    where: { status: { not: "cancelled" }, shift: { startsAt: { gte: rangeStart, lt: rangeEnd } } },
    select: {
      residentId: true,
      status: true,
      attended: true,
      hours: true,
      shift: { select: { startsAt: true } },
      resident: { select: { id: true, profile: true, volunteer: { select: { ageBand: true } } } },
    },
  });
  const people = new Map<string, Person>();
  for (const p of profiles) people.set(p.residentId, personOf(p.resident, p.ageBand));
  for (const s of signups) if (!people.has(s.residentId)) people.set(s.residentId, personOf(s.resident, s.resident.volunteer?.ageBand));

  const result: TVolunteerStatsMonth[] = months.map((month) => {
    const end = monthStart(addMonths(month, 1));
    // Registered at the end of the month; for the current month, now.
    const cutoff = end < now ? end : now;
    const registered = profiles.filter((p) => p.registeredAt < cutoff && (!p.endedAt || p.endedAt >= cutoff)).map((p) => p.residentId);
    const inMonth = signups.filter((s) => tokyoMonthKey(s.shift.startsAt) === month);
    const confirmed = inMonth.filter((s) => s.status === "confirmed");
    const hoursOf = (list: typeof inMonth) => Math.round(list.reduce((n, s) => n + (s.hours ?? 0), 0) * 100) / 100;

    const breakdown = (key: keyof Person, opts: TVolunteerOption[]) => {
      const groups = new Map<string, { members: Set<string>; registered: number; signups: number; hours: number }>();
      const at = (residentId: string) => {
        const g = people.get(residentId)![key];
        let entry = groups.get(g);
        if (!entry) groups.set(g, (entry = { members: new Set(), registered: 0, signups: 0, hours: 0 }));
        entry.members.add(residentId);
        return entry;
      };
      for (const id of registered) at(id).registered++;
      for (const s of inMonth) {
        const entry = at(s.residentId);
        if (s.status === "confirmed") entry.signups++;
        entry.hours += s.hours ?? 0;
      }
      const { kept, suppressed, merged } = mergeSmallGroups(
        ordered([...groups].map(([group, g]) => ({ group, size: g.members.size, values: { registered: g.registered, signups: g.signups, hours: g.hours } })), opts),
      );
      const list = ordered([...kept, ...(suppressed ? [suppressed] : [])], opts).map(
        (g): TVolunteerStatsGroup => ({
          group: g.group,
          label: labelOf(opts, g.group),
          volunteers: g.size,
          registered: g.values["registered"] ?? 0,
          signups: g.values["signups"] ?? 0,
          hours: Math.round((g.values["hours"] ?? 0) * 100) / 100,
        }),
      );
      return { list, merged };
    };
    const byAgeBand = breakdown("ageBand", options.ageBands);
    const byDistrict = breakdown("district", options.districts);
    return {
      month,
      registered: registered.length,
      signups: confirmed.length,
      hours: hoursOf(inMonth),
      participants: new Set(inMonth.filter((s) => s.attended).map((s) => s.residentId)).size,
      byAgeBand: byAgeBand.list,
      byDistrict: byDistrict.list,
      suppressedGroups: { ageBand: byAgeBand.merged, district: byDistrict.merged },
    };
  });
  return { from, to, minGroupSize: MIN_GROUP_SIZE, months: result };
}
