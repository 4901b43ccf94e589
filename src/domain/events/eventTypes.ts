// Events residents sign up for: the shapes staff and residents exchange. One zod schema per input;
// the admin API, the console and the services all use these. Messages are in Japanese: staff read them.
import { z } from "zod";
import { ZAudience } from "../audience.ts";
import { ZBudgetCheck } from "../delivery/budgetTypes.ts";
import { ZStaffMessageInput } from "../messages/staffMessageInput.ts";
import { ZQueryFlag } from "../queryTypes.ts";

/** A URL field a form may leave empty: "" and null both mean "none". */
const optionalUrl = (protocol: RegExp, message: string) =>
  z
    .union([z.literal(""), z.url({ protocol, error: message })])
    .nullish()
    .transform((v) => v || null);

const ZInstant = (what: string) => z.coerce.date({ error: `${what}を日時（例: 2026-12-05T14:00:00+09:00）で入力してください` });

/** Companions a resident may bring at most; 0–10 fits LINE's quick reply row (11 buttons). */
export const MAX_COMPANIONS_LIMIT = 10;

/** English for residents who read it: optional; empty or absent, they read the Japanese. */
const optionalEnglish = (max: number, what: string) =>
  z.string().trim().max(max, `${what}（英語）は${max}文字までにしてください`).nullish().transform((v) => v || null);
const optionalEasy = (max: number, what: string) =>
  z.string().trim().max(max, `${what}（やさしい日本語）は${max}文字までにしてください`).nullish().transform((v) => v || null);

/** The fields of an event, without the checks between them (see ZEventInput). */
export const ZEventFields = z.object({
  title: z.string({ error: "タイトルを入力してください" }).trim().min(1, "タイトルを入力してください").max(60, "タイトルは60文字までにしてください"),
  description: z.string().trim().max(2000, "説明は2000文字までにしてください").default(""),
  /** Shown as the card's picture; LINE shows only https images (http only for this machine, in local mode with the simulator). */
  imageUrl: z
    .union([
      z.literal(""),
      z
        .url({ protocol: /^https?$/, error: "画像のURLは https:// で始まるURLにしてください" })
        .refine((u) => u.startsWith("https:") || /^http:\/\/(localhost|127\.0\.0\.1)(:\d+)?\//.test(u), "画像のURLは https:// で始まるURLにしてください"),
    ])
    .nullish()
    .transform((v) => v || null),
  startsAt: ZInstant("開始日時"),
  endsAt: ZInstant("終了日時").nullish().transform((v) => v ?? null),
  place: z.string({ error: "場所を入力してください" }).trim().min(1, "場所を入力してください").max(100, "場所は100文字までにしてください"),
  /** A map page (Google Maps etc.): the card gets a 「地図」 button. */
  mapUrl: optionalUrl(/^https?$/, "地図のURLは http:// か https:// で始まるURLにしてください"),
  /** Seats, companions included. */
  capacity: z.int({ error: "定員は1以上の整数で入力してください" }).min(1, "定員は1以上にしてください").max(100_000, "定員は100000までにしてください"),
  signupDeadline: ZInstant("申し込み締切"),
  /** Who the announcement goes to ({} = everyone). Anyone may still sign up from the card or the list. */
  audience: ZAudience.default({}),
  maxCompanions: z
    .int({ error: "同伴者の上限は0以上の整数で入力してください" })
    .min(0, "同伴者の上限は0以上にしてください")
    .max(MAX_COMPANIONS_LIMIT, `同伴者の上限は${MAX_COMPANIONS_LIMIT}人までにしてください`)
    .default(0),
  /** The citizens' group running it; null = the city. */
  organizer: z.string().trim().max(100, "主催者名は100文字までにしてください").nullish().transform((v) => v || null),
  titleEn: optionalEnglish(60, "タイトル"),
  descriptionEn: optionalEnglish(2000, "説明"),
  placeEn: optionalEnglish(100, "場所"),
  organizerEn: optionalEnglish(100, "主催者名"),
  /** やさしい日本語 for residents who chose it; empty: they read the Japanese. */
  titleEasy: optionalEasy(60, "タイトル"),
  descriptionEasy: optionalEasy(2000, "説明"),
  placeEasy: optionalEasy(100, "場所"),
  organizerEasy: optionalEasy(100, "主催者名"),
});

type TEventFields = z.infer<typeof ZEventFields>;

function checkEvent(e: TEventFields, ctx: z.RefinementCtx): void {
  if (e.signupDeadline > e.startsAt) ctx.addIssue({ code: "custom", message: "申し込み締切は開始日時より前にしてください", path: ["signupDeadline"] });
  if (e.endsAt && e.endsAt <= e.startsAt) ctx.addIssue({ code: "custom", message: "終了日時は開始日時より後にしてください", path: ["endsAt"] });
}

/** What staff enter to create or edit an event (PUT replaces every field). */
export const ZEventInput = ZEventFields.superRefine(checkEvent);
export type TEventInput = z.infer<typeof ZEventInput>;

/** Creating: the event, and whether to announce it to its audience at once. */
export const ZEventCreate = ZEventFields.extend({ announceNow: z.boolean().default(false), confirmOverBudget: z.boolean().default(false) }).superRefine(checkEvent);
export type TEventCreate = z.infer<typeof ZEventCreate>;

/**
 * open: sign-up open; full: open, but new sign-ups go on the waiting list; closed: the deadline has
 * passed; finished: it has started; cancelled: staff cancelled it.
 */
export const eventStatuses = ["open", "full", "closed", "finished", "cancelled"] as const;
export type TEventStatus = (typeof eventStatuses)[number];

/** An event as the console shows it. */
export const ZEventView = z.object({
  id: z.string(),
  number: z.int(),
  title: z.string(),
  description: z.string(),
  imageUrl: z.string().nullable(),
  startsAt: z.string(),
  endsAt: z.string().nullable(),
  place: z.string(),
  mapUrl: z.string().nullable(),
  capacity: z.int(),
  signupDeadline: z.string(),
  audience: ZAudience,
  maxCompanions: z.int(),
  organizer: z.string().nullable(),
  titleEn: z.string().nullable(),
  descriptionEn: z.string().nullable(),
  placeEn: z.string().nullable(),
  organizerEn: z.string().nullable(),
  titleEasy: z.string().nullable(),
  descriptionEasy: z.string().nullable(),
  placeEasy: z.string().nullable(),
  organizerEasy: z.string().nullable(),
  status: z.enum(eventStatuses),
  version: z.int(),
  announcedAt: z.string().nullable(),
  cancelledAt: z.string().nullable(),
  /** Seats taken by confirmed sign-ups (companions included) and seats left. */
  seatsTaken: z.int(),
  seatsLeft: z.int(),
  confirmedCount: z.int(),
  waitlistedCount: z.int(),
  /** Postback data of a button that starts the sign-up (rich menu, other messages). */
  signupPostback: z.string(),
  /** Texts residents who read English will see in Japanese (no English given), by their field names. */
  untranslated: z.array(z.string()),
  /** Texts residents who chose やさしい日本語 will read in Japanese (no easy version given). */
  withoutEasy: z.array(z.string()),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type TEventView = z.infer<typeof ZEventView>;

export const ZEventListQuery = z.object({
  /** Events starting at or after this moment (default: all). */
  from: z.coerce.date().optional(),
  /** Events starting before this moment. */
  to: z.coerce.date().optional(),
});

export const registrationStatuses = ["confirmed", "waitlisted", "cancelled"] as const;
export type TRegistrationStatus = (typeof registrationStatuses)[number];

/** One sign-up as staff see it: no name (the bot never asks it), a short receipt number instead. */
export const ZRegistrationView = z.object({
  id: z.string(),
  /** "E3-1A2B3C4D": event number and the start of the registration id, to tell people apart at the door. */
  receiptNumber: z.string(),
  status: z.enum(registrationStatuses),
  /** Place on the waiting list (1 = next), for waitlisted sign-ups. */
  position: z.int().nullable(),
  companions: z.int(),
  /** 1 + companions. */
  seats: z.int(),
  district: z.string().nullable(),
  districtLabel: z.string().nullable(),
  ageBand: z.string().nullable(),
  ageBandLabel: z.string().nullable(),
  attended: z.boolean().nullable(),
  createdAt: z.string(),
  promotedAt: z.string().nullable(),
  cancelledAt: z.string().nullable(),
});
export type TRegistrationView = z.infer<typeof ZRegistrationView>;


export const ZRegistrationQuery = z.object({
  /** "true": also cancelled sign-ups. */
  includeCancelled: ZQueryFlag.default(false),
});

/** Staff mark who came (null = not recorded). */
export const ZAttendanceUpdate = z.object({ attended: z.boolean({ error: "出欠は true / false / null で指定してください" }).nullable() });

/** A message from staff to everyone signed up (the same form as a message to a shift's volunteers). */
export const ZEventMessageInput = ZStaffMessageInput;
export type TEventMessageInput = z.infer<typeof ZEventMessageInput>;

export const ZEventSendResult = z.object({ sent: z.boolean(), recipients: z.int(), budget: ZBudgetCheck });
export type TEventSendResult = z.infer<typeof ZEventSendResult>;

export const ZEventAnnounceInput = z
  .object({
    /** Administrators only: announce although it exceeds the month's budget. */
    confirmOverBudget: z.boolean().default(false),
  })
  .default({ confirmOverBudget: false });

export const ZEventCancelInput = z
  .object({
    /** Told to registrants with the cancellation (e.g. 「雨天のため」). */
    reason: z.string().trim().max(300, "理由は300文字までにしてください").default(""),
    reasonEn: optionalEnglish(300, "理由"),
    reasonEasy: optionalEasy(300, "理由"),
  })
  .default({ reason: "", reasonEn: null, reasonEasy: null });
