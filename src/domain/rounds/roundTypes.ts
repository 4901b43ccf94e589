// Public comment rounds: the shapes staff and residents exchange. One zod schema per input;
// the admin API, the console and the services all use these.
import { z } from "zod";
import { ZAudience } from "../audience.ts";
import { ZQueryFlag, ZTokyoBound } from "../queryTypes.ts";

/** LINE shows at most 20 characters on a button or quick reply. */
export const LINE_LABEL_MAX = 20;

export const ZRoundSection = z.object({
  id: z.string().regex(/^[a-z0-9_-]{1,20}$/, "英小文字・数字・-・_ で20文字まで"),
  /** The chapter's full name: confirmations, results, exports. */
  title: z.string().trim().min(1).max(100, "章の名前は100文字までにしてください"),
  /** What the LINE button shows when the full name is longer than 20 characters. */
  shortTitle: z.string().trim().max(LINE_LABEL_MAX, "ボタンに出す短い名前は20文字までにしてください").optional(),
  /** For residents who read English; without it they see the Japanese. */
  titleEn: z.string().trim().max(20, "章の名前（英語）はLINEのボタンに収まる20文字までにしてください").optional(),
  /** やさしい日本語 for residents who chose it; without it they see the Japanese. */
  titleEasy: z.string().trim().max(20, "章の名前（やさしい日本語）はLINEのボタンに収まる20文字までにしてください").optional(),
});
export type TRoundSection = z.infer<typeof ZRoundSection>;

/** The button's text for a chapter: never cut, so a long name needs its short one. */
export const sectionButtonLabel = (s: TRoundSection) => (s.shortTitle ? s.shortTitle : s.title);

const ZRoundSectionInput = ZRoundSection.refine((s) => [...sectionButtonLabel(s)].length <= LINE_LABEL_MAX, {
  message: "章の名前が20文字を超えています。LINEのボタンに出す短い名前（20文字まで）も入れてください",
  path: ["shortTitle"],
});

export const roundIdentities = ["anonymous", "name_address"] as const;
export type TRoundIdentity = (typeof roundIdentities)[number];

/** The section a comment on the draft as a whole refers to (「全体について」). */
export const GENERAL_SECTION_ID = "general";
export const GENERAL_SECTION_TITLE = "全体について";
export const GENERAL_SECTION_TITLE_EN = "The draft as a whole";
export const GENERAL_SECTION_TITLE_EASY = "ぜんたいに ついて";

/** The fields of a round, without the checks between them (see ZRoundInput). */
const ZRoundFields = z.object({
    title: z.string().trim().min(1).max(100),
    /** English for residents who read it; empty: they read the Japanese. */
    titleEn: z.string().trim().max(100).optional(),
    summary: z.string().trim().min(1).max(1000),
    summaryEn: z.string().trim().max(1000).optional(),
    /** やさしい日本語 for residents who chose it; empty: they read the Japanese. */
    titleEasy: z.string().trim().max(100).optional(),
    summaryEasy: z.string().trim().max(1000).optional(),
    documentUrl: z.url({ protocol: /^https?$/ }),
    sections: z.array(ZRoundSectionInput).max(12, "章は12個までです（「全体について」と合わせてLINEのボタン13個）").default([]),
    opensAt: z.coerce.date(),
    closesAt: z.coerce.date(),
    audience: ZAudience.default({}),
    identity: z.enum(roundIdentities).default("anonymous"),
});

/** What staff enter to create or edit a round. */
export const ZRoundInput = ZRoundFields
  .refine((r) => r.closesAt > r.opensAt, { message: "締切は開始より後にしてください", path: ["closesAt"] })
  .refine((r) => new Set(r.sections.map((s) => s.id)).size === r.sections.length, { message: "章のIDが重複しています", path: ["sections"] })
  .refine((r) => !r.sections.some((s) => s.id === GENERAL_SECTION_ID), {
    message: `章のID「${GENERAL_SECTION_ID}」は「全体について」に使われています。別のIDにしてください`,
    path: ["sections"],
  });
export type TRoundInput = z.infer<typeof ZRoundInput>;

/** A round as the console shows it. status is derived from the times and what happened. */
export const roundStatuses = ["scheduled", "open", "closed", "published"] as const;
export type TRoundStatus = (typeof roundStatuses)[number];

export const ZRoundView = ZRoundFields.extend({
  id: z.string(),
  number: z.int(),
  status: z.enum(roundStatuses),
  version: z.int(),
  announcedAt: z.string().nullable(),
  publishedAt: z.string().nullable(),
  resultsUrl: z.string().nullable(),
  commentCount: z.int(),
  audienceSize: z.int(),
  /** Residents with at least one comment not withdrawn: who the publication notice goes to. */
  commenterCount: z.int(),
  closedAt: z.string().nullable(),
  /** The conversation residents comment in ("round-<number>"; a uuid does not fit a flow id). */
  flowId: z.string(),
  /** Texts residents who read English will see in Japanese (no English given), by their field names. */
  untranslated: z.array(z.string()),
  /** Texts residents who chose やさしい日本語 will read in Japanese (no easy version given). */
  withoutEasy: z.array(z.string()),
});
export type TRoundView = z.infer<typeof ZRoundView>;


/** Staff filters when reading (and exporting) comments. from is inclusive, to exclusive (a plain day: up to its end). */
export const ZCommentQuery = z
  .object({
    sectionId: z.string().optional(),
    district: z.string().optional(),
    ageBand: z.string().optional(),
    from: ZTokyoBound(false).optional(),
    to: ZTokyoBound(true).optional(),
    /** true: also withdrawn comments (shown as withdrawn, never counted). */
    includeWithdrawn: ZQueryFlag.default(false),
  })
  .refine((q) => !q.from || !q.to || q.from < q.to, { message: "期間の終わりは始まりより後にしてください", path: ["to"] });
export type TCommentQuery = z.infer<typeof ZCommentQuery>;

export const ZCommentView = z.object({
  id: z.string(),
  receiptNumber: z.string(),
  sectionId: z.string(),
  sectionTitle: z.string(),
  body: z.string(),
  /** What will be published: body with personal details hidden by staff; null = body as is. */
  publicBody: z.string().nullable(),
  name: z.string().nullable(),
  address: z.string().nullable(),
  district: z.string().nullable(),
  ageBand: z.string().nullable(),
  status: z.enum(["submitted", "withdrawn"]),
  groupId: z.string().nullable(),
  response: z.string().nullable(),
  submittedAt: z.string(),
});
export type TCommentView = z.infer<typeof ZCommentView>;

/** Staff edit one comment: publication text, group, response. */
export const ZCommentUpdate = z.object({
  publicBody: z.string().max(10_000).nullable().optional(),
  groupId: z.uuid().nullable().optional(),
  response: z.string().max(10_000).nullable().optional(),
});

export type TCommentUpdate = z.infer<typeof ZCommentUpdate>;

export const ZCommentGroupInput = z.object({
  title: z.string().trim().min(1).max(100),
  response: z.string().max(10_000).nullable().optional(),
  /** 意見の概要 as published (staff's summary of the group's comments). */
  summary: z.string().max(10_000).nullable().optional(),
  /** 修正の有無: whether the draft was changed; null = not decided yet. */
  revised: z.boolean().nullable().optional(),
});
export type TCommentGroupInput = z.infer<typeof ZCommentGroupInput>;

export const ZCommentGroupView = z.object({
  id: z.string(),
  title: z.string(),
  response: z.string().nullable(),
  summary: z.string().nullable(),
  revised: z.boolean().nullable(),
  commentCount: z.int(),
  createdAt: z.string(),
});
export type TCommentGroupView = z.infer<typeof ZCommentGroupView>;

/** Announcing by hand. Over the month's message budget only an administrator may send anyway. */
export const ZRoundAnnounceInput = z.object({ confirmOverBudget: z.boolean().default(false) }).default({ confirmOverBudget: false });
export type TRoundAnnounceInput = z.infer<typeof ZRoundAnnounceInput>;

export const ZPublishInput = z.object({
  /** Where the city publishes the results (its own page); the notification links there. Default: this bot's results page. */
  resultsUrl: z.url({ protocol: /^https?$/ }).optional(),
});
export type TPublishInput = z.infer<typeof ZPublishInput>;
