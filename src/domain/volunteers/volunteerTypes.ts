// Volunteers: the shapes staff, the console and residents' flows exchange. One zod schema per
// input; the admin API, the console and the services all use these. Messages are in Japanese:
// staff read them.
//
// Areas (関心分野) and districts reuse the values of onboarding's interests and district questions
// (flows/onboarding.yaml), so a volunteer's registration, their profile and an opportunity all
// speak the same words; GET /volunteers/options lists them with their labels.
import { z } from "zod";
import { ZBudgetCheck } from "../delivery/budgetTypes.ts";
import { ZQueryFlag } from "../queryTypes.ts";

/** A choice with its label, for the console's forms and tables. */
export const ZVolunteerOption = z.object({ value: z.string(), label: z.string() });
export type TVolunteerOption = z.infer<typeof ZVolunteerOption>;

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
export const ZVolunteerOptions = z.object({
  areas: z.array(ZVolunteerOption),
  districts: z.array(ZVolunteerOption),
  ageBands: z.array(ZVolunteerOption),
  skills: z.array(ZVolunteerOption),
  availability: z.array(ZVolunteerOption),
});
export type TVolunteerOptions = z.infer<typeof ZVolunteerOptions>;


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
export const ZShiftView = z.object({
  id: z.string(),
  startsAt: z.string(),
  endsAt: z.string(),
  place: z.string(),
  placeEn: z.string().nullable(),
  placeEasy: z.string().nullable(),
  needed: z.int(),
  confirmedCount: z.int(),
  waitlistedCount: z.int(),
  /** needed − confirmed, never below 0 (残り人数). */
  remaining: z.int(),
  /** Postback data of the 「参加する」 button (rich menu, other messages). */
  signupPostback: z.string(),
});
export type TShiftView = z.infer<typeof ZShiftView>;


/** open: a shift is still ahead; finished: every shift has started. */
export const opportunityStatuses = ["open", "finished"] as const;
export type TOpportunityStatus = (typeof opportunityStatuses)[number];

export const ZOpportunityView = z.object({
  id: z.string(),
  number: z.int(),
  title: z.string(),
  description: z.string(),
  organizer: z.string().nullable(),
  titleEn: z.string().nullable(),
  descriptionEn: z.string().nullable(),
  organizerEn: z.string().nullable(),
  titleEasy: z.string().nullable(),
  descriptionEasy: z.string().nullable(),
  organizerEasy: z.string().nullable(),
  areas: z.array(z.string()),
  skills: z.array(z.string()),
  districts: z.array(z.string()),
  youthTargeted: z.boolean(),
  status: z.enum(opportunityStatuses),
  version: z.int(),
  /** When matching volunteers were invited (null = not yet). */
  invitedAt: z.string().nullable(),
  shifts: z.array(ZShiftView),
  /** Texts residents who read English will see in Japanese (no English given), by their field names. */
  untranslated: z.array(z.string()),
  /** Texts residents who chose やさしい日本語 will read in Japanese (no easy version given). */
  withoutEasy: z.array(z.string()),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type TOpportunityView = z.infer<typeof ZOpportunityView>;

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

/** What a message to a shift's volunteers did (or, in a dry run, would cost). */
export const ZShiftMessageResult = z.object({ sent: z.boolean(), recipients: z.int(), budget: ZBudgetCheck });
export type TShiftMessageResult = z.infer<typeof ZShiftMessageResult>;

/** What an invitation did: counts only, never who. */
export const ZInviteResult = z.object({
  dryRun: z.boolean(),
  /** Volunteers who match (also in a dry run). */
  matched: z.int(),
  /** Of those, invited only because the opportunity is youth-targeted. */
  matchedAsYouth: z.int(),
  /** Volunteers the invitation was recorded for (0 in a dry run). */
  invited: z.int(),
  /** Shifts on the card (those not started yet). */
  shifts: z.int(),
  budget: ZBudgetCheck,
  invitedAt: z.string().nullable(),
});
export type TInviteResult = z.infer<typeof ZInviteResult>;


export const signupStatuses = ["confirmed", "waitlisted", "cancelled"] as const;
export type TSignupStatus = (typeof signupStatuses)[number];

/** One sign-up as staff see it: no name (the bot never asks it); profile segments and a receipt number. */
export const ZShiftSignupView = z.object({
  id: z.string(),
  /** "V3-1A2B3C4D": opportunity number and the start of the sign-up id, to tell people apart on the day. */
  receiptNumber: z.string(),
  status: z.enum(signupStatuses),
  /** Place on the waiting list (1 = next), for waitlisted sign-ups. */
  position: z.int().nullable(),
  /** Where the volunteer lives (their profile's district). */
  district: z.string().nullable(),
  districtLabel: z.string().nullable(),
  ageBand: z.string().nullable(),
  ageBandLabel: z.string().nullable(),
  skills: z.array(z.string()),
  skillLabels: z.array(z.string()),
  /** Under 18: a guardian's consent is needed. */
  isMinor: z.boolean(),
  attended: z.boolean().nullable(),
  hours: z.number().nullable(),
  createdAt: z.string(),
  promotedAt: z.string().nullable(),
  cancelledAt: z.string().nullable(),
});
export type TShiftSignupView = z.infer<typeof ZShiftSignupView>;


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
export const ZVolunteerCountGroup = z.object({ group: z.string(), label: z.string(), count: z.int() });
export type TVolunteerCountGroup = z.infer<typeof ZVolunteerCountGroup>;

export const ZVolunteerSummary = z.object({
  /** Active registrations. */
  active: z.int(),
  ended: z.int(),
  /** Active registrations of minors (guardian's consent needed). */
  minors: z.int(),
  /** Breakdowns of active registrations; groups under MIN_GROUP_SIZE merged (src/domain/privacy/suppressSmallGroups.ts; see suppressedGroups). */
  byAgeBand: z.array(ZVolunteerCountGroup),
  /** By the district they live in. */
  byDistrict: z.array(ZVolunteerCountGroup),
  suppressedGroups: z.int(),
  /** Multi-valued: a volunteer counts in each area, help district, skill and free time they chose. */
  byArea: z.array(ZVolunteerCountGroup),
  byHelpDistrict: z.array(ZVolunteerCountGroup),
  bySkill: z.array(ZVolunteerCountGroup),
  byAvailability: z.array(ZVolunteerCountGroup),
});
export type TVolunteerSummary = z.infer<typeof ZVolunteerSummary>;



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
export const ZVolunteerStatsGroup = z.object({
  group: z.string(),
  label: z.string(),
  /** Distinct volunteers in the group this month: registered at month end, or signed up for a shift in it. */
  volunteers: z.int(),
  registered: z.int(),
  signups: z.int(),
  hours: z.number(),
});
export type TVolunteerStatsGroup = z.infer<typeof ZVolunteerStatsGroup>;


export const ZVolunteerStatsMonth = z.object({
  /** "2026-01" (Asia/Tokyo). */
  month: z.string(),
  /** Volunteers whose registration was active at the end of the month (or now, for the current month). */
  registered: z.int(),
  /** Confirmed sign-ups for shifts starting in the month. */
  signups: z.int(),
  /** Hours staff recorded for shifts starting in the month. */
  hours: z.number(),
  /** Distinct volunteers with recorded attendance in the month. */
  participants: z.int(),
  /** Groups under MIN_GROUP_SIZE volunteers are merged into "suppressed" (more are merged until it has enough; none shown when all together are under it). */
  byAgeBand: z.array(ZVolunteerStatsGroup),
  /** By the district they live in. */
  byDistrict: z.array(ZVolunteerStatsGroup),
  suppressedGroups: z.object({ ageBand: z.int(), district: z.int() }),
});
export type TVolunteerStatsMonth = z.infer<typeof ZVolunteerStatsMonth>;


export const ZVolunteerStats = z.object({
  from: z.string(),
  to: z.string(),
  minGroupSize: z.int(),
  months: z.array(ZVolunteerStatsMonth),
});
export type TVolunteerStats = z.infer<typeof ZVolunteerStats>;


/** One row of the sign-up export (JSON; the CSV has the same columns with Japanese headers). */
export const ZSignupExportRow = z.object({
  opportunityNumber: z.int(),
  opportunityTitle: z.string(),
  shiftId: z.string(),
  shiftStartsAt: z.string(),
  shiftEndsAt: z.string(),
  place: z.string(),
  receiptNumber: z.string(),
  status: z.enum(signupStatuses),
  position: z.int().nullable(),
  district: z.string(),
  ageBand: z.string(),
  skills: z.string(),
  isMinor: z.boolean(),
  attended: z.boolean().nullable(),
  hours: z.number().nullable(),
  createdAt: z.string(),
});
export type TSignupExportRow = z.infer<typeof ZSignupExportRow>;

