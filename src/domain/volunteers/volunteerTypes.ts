// Volunteers: the shapes staff, the console and residents' flows exchange. One zod schema per
// input; the admin API, the console and the services all use these. Messages are in Japanese:
// staff read them.
//
// Areas (関心分野) and districts reuse the values of onboarding's interests and district questions
// (flows/onboarding.yaml), so a volunteer's registration, their profile and an opportunity all
// speak the same words; GET /volunteers/options lists them with their labels.
import { z } from "zod";
import { type TBudgetCheck } from "../delivery/messageBudget.ts";
import { ZQueryFlag } from "../queryTypes.ts";

/** A choice with its label, for the console's forms and tables. */
export type TVolunteerOption = { value: string; label: string };

/** What a volunteer can offer (the registration flow asks the same list). */
export const volunteerSkills = [
  { value: "physical", label: "力仕事", en: "Physical work", easy: "おもい 物を もつ" },
  { value: "driving", label: "運転", en: "Driving", easy: "車の うんてん" },
  { value: "cooking", label: "調理", en: "Cooking", easy: "りょうり" },
  { value: "it", label: "IT・スマホ", en: "IT & phones", easy: "パソコン・スマホ" },
  { value: "languages", label: "語学", en: "Languages", easy: "外国の ことば" },
  { value: "child_watch", label: "子どもの見守り", en: "Watching children", easy: "子どもを 見る" },
  { value: "care", label: "介護・福祉", en: "Care & welfare", easy: "かいご・ふくし" },
  { value: "none", label: "特になし", en: "Nothing special", easy: "とくに ない" },
] as const;
export const volunteerSkillValues = volunteerSkills.map((s) => s.value);

/**
 * When a volunteer is usually free. A shift falls in the slot of its start, in Asia/Tokyo:
 * weekday (Mon–Fri) or weekend (Sat, Sun) × morning (before 12:00), afternoon (12:00–16:59),
 * evening (17:00 and later).
 */
export const availabilitySlots = [
  { value: "weekday_morning", label: "平日午前", en: "Weekday mornings", easy: "月〜金 午前（ごぜん）" },
  { value: "weekday_afternoon", label: "平日午後", en: "Weekday afternoons", easy: "月〜金 午後（ごご）" },
  { value: "weekday_evening", label: "平日夜", en: "Weekday evenings", easy: "月〜金 夜（よる）" },
  { value: "weekend_morning", label: "土日午前", en: "Weekend mornings", easy: "土・日 午前（ごぜん）" },
  { value: "weekend_afternoon", label: "土日午後", en: "Weekend afternoons", easy: "土・日 午後（ごご）" },
  { value: "weekend_evening", label: "土日夜", en: "Weekend evenings", easy: "土・日 夜（よる）" },
] as const;
export const availabilityValues = availabilitySlots.map((s) => s.value);
export type TAvailabilitySlot = (typeof availabilitySlots)[number]["value"];

/** Age bands a youth-targeted opportunity invites even when only the area matches. */
export const youthAgeBands = ["under18", "18to29"] as const;
/** The age band of a minor (17 or under; adulthood is 18 since 2022): a guardian's consent is needed before taking part. */
export const minorAgeBand = "under18";

export const volunteerStatuses = ["active", "ended"] as const;

/** What the console offers in its forms: every value with its label. */
export type TVolunteerOptions = {
  areas: TVolunteerOption[];
  districts: TVolunteerOption[];
  ageBands: TVolunteerOption[];
  skills: TVolunteerOption[];
  availability: TVolunteerOption[];
};

const ZInstant = (what: string) => z.coerce.date({ error: `${what}を日時（例: 2026-12-05T09:00:00+09:00）で入力してください` });
const ZSegmentValue = z.string().trim().min(1).max(60);
/** English for residents who read it: optional; empty or absent, they read the Japanese. */
const optionalEnglish = (max: number, what: string) =>
  z.string().trim().max(max, `${what}（英語）は${max}文字までにしてください`).nullish().transform((v) => v || null);
/** やさしい日本語 for residents who chose it: optional; empty or absent, they read the Japanese. */
const optionalEasy = (max: number, what: string) =>
  z.string().trim().max(max, `${what}（やさしい日本語）は${max}文字までにしてください`).nullish().transform((v) => v || null);

/** LINE shows at most 12 cards in a carousel: the invitation shows every shift as one card. */
export const MAX_SHIFTS = 12;

/** One shift of an opportunity. On PUT, a shift with `id` is kept (with its sign-ups) and updated; one without is new. */
export const ZShiftInput = z
  .object({
    id: z.uuid({ error: "シフトのIDが正しくありません" }).optional(),
    startsAt: ZInstant("開始日時"),
    endsAt: ZInstant("終了日時"),
    place: z.string({ error: "場所を入力してください" }).trim().min(1, "場所を入力してください").max(100, "場所は100文字までにしてください"),
    placeEn: optionalEnglish(100, "場所"),
    placeEasy: optionalEasy(100, "場所"),
    /** People needed; more sign-ups go on the waiting list. */
    needed: z.int({ error: "必要人数は1以上の整数で入力してください" }).min(1, "必要人数は1以上にしてください").max(1000, "必要人数は1000人までにしてください"),
  })
  .refine((s) => s.endsAt > s.startsAt, { message: "終了日時は開始日時より後にしてください", path: ["endsAt"] });

/** What staff enter to post (POST) or edit (PUT replaces every field and the list of shifts) an opportunity. */
export const ZOpportunityInput = z
  .object({
    title: z.string({ error: "タイトルを入力してください" }).trim().min(1, "タイトルを入力してください").max(60, "タイトルは60文字までにしてください"),
    description: z.string().trim().max(2000, "説明は2000文字までにしてください").default(""),
    /** The citizens' group running it; null = the city. */
    organizer: z.string().trim().max(100, "主催者名は100文字までにしてください").nullish().transform((v) => v || null),
    titleEn: optionalEnglish(60, "タイトル"),
    descriptionEn: optionalEnglish(2000, "説明"),
    organizerEn: optionalEnglish(100, "主催者名"),
    titleEasy: optionalEasy(60, "タイトル"),
    descriptionEasy: optionalEasy(2000, "説明"),
    organizerEasy: optionalEasy(100, "主催者名"),
    /** Areas of interest (onboarding's interests values); empty = any area. */
    areas: z.array(ZSegmentValue).max(20).default([]),
    /** Skills wanted (shown to volunteers; not a condition of the invitation). */
    skills: z.array(z.enum(volunteerSkillValues, { error: "スキルの値が正しくありません" })).max(volunteerSkills.length).default([]),
    /** Districts where the help is needed (onboarding's district values); empty = anywhere. */
    districts: z.array(ZSegmentValue).max(20).default([]),
    /** Invite volunteers under 30 (age bands under18 and 18to29) whose area matches, whatever their district and free time. */
    youthTargeted: z.boolean().default(false),
    shifts: z.array(ZShiftInput).min(1, "シフトを1つ以上入れてください").max(MAX_SHIFTS, `シフトは${MAX_SHIFTS}件までです（LINEのカードに並ぶ数）`),
  })
  .refine((o) => new Set(o.shifts.flatMap((s) => (s.id ? [s.id] : []))).size === o.shifts.filter((s) => s.id).length, {
    message: "同じシフトが2回入っています",
    path: ["shifts"],
  });
export type TOpportunityInput = z.infer<typeof ZOpportunityInput>;

export const ZOpportunityListQuery = z.object({
  /** Opportunities with a shift starting at or after this moment. */
  from: z.coerce.date().optional(),
  /** Opportunities with a shift starting before this moment. */
  to: z.coerce.date().optional(),
});
export type TOpportunityListQuery = z.infer<typeof ZOpportunityListQuery>;

/** One shift as the console shows it. */
export type TShiftView = {
  id: string;
  startsAt: string;
  endsAt: string;
  place: string;
  placeEn: string | null;
  placeEasy: string | null;
  needed: number;
  confirmedCount: number;
  waitlistedCount: number;
  /** needed − confirmed, never below 0 (残り人数). */
  remaining: number;
  /** Postback data of the 「参加する」 button (rich menu, other messages). */
  signupPostback: string;
};

/** open: a shift is still ahead; finished: every shift has started. */
export type TOpportunityStatus = "open" | "finished";

export type TOpportunityView = {
  id: string;
  number: number;
  title: string;
  description: string;
  organizer: string | null;
  titleEn: string | null;
  descriptionEn: string | null;
  organizerEn: string | null;
  titleEasy: string | null;
  descriptionEasy: string | null;
  organizerEasy: string | null;
  areas: string[];
  skills: string[];
  districts: string[];
  youthTargeted: boolean;
  status: TOpportunityStatus;
  version: number;
  /** When matching volunteers were invited (null = not yet). */
  invitedAt: string | null;
  shifts: TShiftView[];
  /** Texts residents who read English will see in Japanese (no English given), by their field names. */
  untranslated: string[];
  /** Texts residents who chose やさしい日本語 will read in Japanese (no easy version given). */
  withoutEasy: string[];
  createdAt: string;
  updatedAt: string;
};

/** Inviting matching volunteers. */
export const ZInviteInput = z
  .object({
    /** Only count who would be invited and what it costs; send nothing. */
    dryRun: z.boolean().default(false),
    /** Administrators only: invite although it exceeds the month's message budget. */
    confirmOverBudget: z.boolean().default(false),
  })
  .default({ dryRun: false, confirmOverBudget: false });
export type TInviteInput = z.infer<typeof ZInviteInput>;

/** What an invitation did: counts only, never who. */
export type TInviteResult = {
  dryRun: boolean;
  /** Volunteers who match (also in a dry run). */
  matched: number;
  /** Of those, invited only because the opportunity is youth-targeted. */
  matchedAsYouth: number;
  /** Volunteers the invitation was recorded for (0 in a dry run). */
  invited: number;
  /** Shifts on the card (those not started yet). */
  shifts: number;
  budget: TBudgetCheck;
  invitedAt: string | null;
};

export const signupStatuses = ["confirmed", "waitlisted", "cancelled"] as const;
export type TSignupStatus = (typeof signupStatuses)[number];

/** One sign-up as staff see it: no name (the bot never asks it); profile segments and a receipt number. */
export type TShiftSignupView = {
  id: string;
  /** "V3-1A2B3C4D": opportunity number and the start of the sign-up id, to tell people apart on the day. */
  receiptNumber: string;
  status: TSignupStatus;
  /** Place on the waiting list (1 = next), for waitlisted sign-ups. */
  position: number | null;
  /** Where the volunteer lives (their profile's district). */
  district: string | null;
  districtLabel: string | null;
  ageBand: string | null;
  ageBandLabel: string | null;
  skills: string[];
  skillLabels: string[];
  /** Under 18: a guardian's consent is needed. */
  isMinor: boolean;
  attended: boolean | null;
  hours: number | null;
  createdAt: string;
  promotedAt: string | null;
  cancelledAt: string | null;
};

export const ZSignupListQuery = z.object({
  /** "true": also cancelled sign-ups. */
  includeCancelled: ZQueryFlag.default(false),
});

/**
 * Staff record who came and for how long. Hours above 0 mark the sign-up attended (unless attended
 * is false); the first time a sign-up is attended with hours, the volunteer is thanked once, with
 * this shift's hours and their total.
 */
export const ZSignupUpdate = z
  .object({
    attended: z.boolean({ error: "出欠は true / false / null で指定してください" }).nullable().optional(),
    hours: z
      .number({ error: "時間は数値で入力してください" })
      .min(0, "時間は0以上にしてください")
      .max(24, "時間は24時間までにしてください")
      .refine((h) => Number.isInteger(h * 4), "時間は15分（0.25時間）単位で入力してください")
      .nullable()
      .optional(),
  })
  .refine((u) => u.attended !== undefined || u.hours !== undefined, { message: "出欠か時間を指定してください" });
export type TSignupUpdate = z.infer<typeof ZSignupUpdate>;

/** The volunteer register at a glance: counts by segment, no one named. */
export type TVolunteerSummary = {
  /** Active registrations. */
  active: number;
  ended: number;
  /** Active registrations of minors (guardian's consent needed). */
  minors: number;
  /** Breakdowns of active registrations; groups under MIN_GROUP_SIZE merged (src/domain/privacy/suppressSmallGroups.ts; see suppressedGroups). */
  byAgeBand: TVolunteerCountGroup[];
  /** By the district they live in. */
  byDistrict: TVolunteerCountGroup[];
  suppressedGroups: number;
  /** Multi-valued: a volunteer counts in each area, help district, skill and free time they chose. */
  byArea: TVolunteerCountGroup[];
  byHelpDistrict: TVolunteerCountGroup[];
  bySkill: TVolunteerCountGroup[];
  byAvailability: TVolunteerCountGroup[];
};
export type TVolunteerCountGroup = { group: string; label: string; count: number };


const ZMonth = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, "月は YYYY-MM で指定してください");

/** Months in Asia/Tokyo, both included; default the last 12 months. At most 36 months. */
export const ZVolunteerStatsQuery = z
  .object({ from: ZMonth.optional(), to: ZMonth.optional() })
  .refine((q) => !q.from || !q.to || q.from <= q.to, { message: "開始月は終了月以前にしてください", path: ["from"] })
  .refine((q) => !q.from || !q.to || monthsBetween(q.from, q.to) <= 36, { message: "期間は36か月までにしてください", path: ["to"] });
export type TVolunteerStatsQuery = z.infer<typeof ZVolunteerStatsQuery>;

function monthsBetween(from: string, to: string): number {
  const n = (m: string) => Number(m.slice(0, 4)) * 12 + Number(m.slice(5, 7));
  return n(to) - n(from) + 1;
}

/** One group (age band or district) of one month. */
export type TVolunteerStatsGroup = {
  group: string;
  label: string;
  /** Distinct volunteers in the group this month: registered at month end, or signed up for a shift in it. */
  volunteers: number;
  registered: number;
  signups: number;
  hours: number;
};

export type TVolunteerStatsMonth = {
  /** "2026-01" (Asia/Tokyo). */
  month: string;
  /** Volunteers whose registration was active at the end of the month (or now, for the current month). */
  registered: number;
  /** Confirmed sign-ups for shifts starting in the month. */
  signups: number;
  /** Hours staff recorded for shifts starting in the month. */
  hours: number;
  /** Distinct volunteers with recorded attendance in the month. */
  participants: number;
  /** Groups under MIN_GROUP_SIZE volunteers are merged into "suppressed" (more are merged until it has enough; none shown when all together are under it). */
  byAgeBand: TVolunteerStatsGroup[];
  /** By the district they live in. */
  byDistrict: TVolunteerStatsGroup[];
  suppressedGroups: { ageBand: number; district: number };
};

export type TVolunteerStats = { from: string; to: string; minGroupSize: number; months: TVolunteerStatsMonth[] };

/** One row of the sign-up export (JSON; the CSV has the same columns with Japanese headers). */
export type TSignupExportRow = {
  opportunityNumber: number;
  opportunityTitle: string;
  shiftId: string;
  shiftStartsAt: string;
  shiftEndsAt: string;
  place: string;
  receiptNumber: string;
  status: TSignupStatus;
  position: number | null;
  district: string;
  ageBand: string;
  skills: string;
  isMinor: boolean;
  attended: boolean | null;
  hours: number | null;
  createdAt: string;
};
