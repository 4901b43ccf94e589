// Polls staff create in the console: the shapes of questions, answers and results.
import { z } from "zod";
import { ZAudience } from "../audience.ts";
import { ZTokyoBound } from "../queryTypes.ts";

export const ZPollChoice = z.object({
  // Not starting with "__": the flow engine's 決定 (done) button uses "__done".
  value: z.string().regex(/^(?!__)[a-z0-9_-]{1,30}$/, "英小文字・数字・-・_ で30文字まで（__ で始めない）"),
  label: z.string().trim().min(1).max(20, "選択肢はLINEのボタンに収まる20文字までにしてください"),
  /** For residents who read English; without it they see the Japanese. */
  labelEn: z.string().trim().max(20, "選択肢（英語）はLINEのボタンに収まる20文字までにしてください").optional(),
  /** For residents who chose やさしい日本語; without it they see the Japanese. */
  labelEasy: z.string().trim().max(20, "選択肢（やさしい日本語）はLINEのボタンに収まる20文字までにしてください").optional(),
});

/** What the ends of a 1–5 scale mean (1 = 不満 … 5 = 満足), each optionally in English. */
export const ZScaleLabels = z.object({
  low: z.string().trim().min(1).max(20, "目盛りの言葉は20文字までにしてください"),
  high: z.string().trim().min(1).max(20, "目盛りの言葉は20文字までにしてください"),
  lowEn: z.string().trim().max(20).optional(),
  highEn: z.string().trim().max(20).optional(),
  lowEasy: z.string().trim().max(20).optional(),
  highEasy: z.string().trim().max(20).optional(),
});

/** Ask this question only when an earlier question's answer is one of these values. */
export const ZPollCondition = z.object({ questionId: z.string(), in: z.array(z.string()).min(1) });

export const pollQuestionKinds = ["single", "multiple", "scale", "text"] as const;

export const ZPollQuestion = z
  .object({
    id: z.string().regex(/^[a-z0-9_]{1,30}$/, "英小文字・数字・_ で30文字まで"),
    kind: z.enum(pollQuestionKinds),
    text: z.string().trim().min(1).max(500),
    textEn: z.string().trim().max(500).optional(),
    textEasy: z.string().trim().max(500).optional(),
    /** scale: what 1 and 5 mean. */
    scaleLabels: ZScaleLabels.optional(),
    /** single and multiple: 2–12 choices. */
    choices: z.array(ZPollChoice).max(12).default([]),
    /** text: longest answer in characters. */
    maxLength: z.int().min(1).max(2000).default(500),
    when: ZPollCondition.optional(),
  })
  .refine((q) => (q.kind === "single" || q.kind === "multiple" ? q.choices.length >= 2 : q.choices.length === 0), {
    message: "選ぶ質問には選択肢が2つ以上必要です（ほかの質問には選択肢を付けません）",
    path: ["choices"],
  });
export type TPollQuestion = z.infer<typeof ZPollQuestion>;

/** The fields of a poll, without the checks between them (see ZPollInput). */
const ZPollFields = z.object({
    title: z.string().trim().min(1).max(100),
    titleEn: z.string().trim().max(100).optional(),
    description: z.string().trim().max(1000).default(""),
    descriptionEn: z.string().trim().max(1000).optional(),
    /** やさしい日本語 for residents who chose it; empty: they read the Japanese. */
    titleEasy: z.string().trim().max(100).optional(),
    descriptionEasy: z.string().trim().max(1000).optional(),
    questions: z.array(ZPollQuestion).min(1, "質問を1つ以上入れてください").max(20),
    audience: ZAudience.default({}),
    opensAt: z.coerce.date(),
    closesAt: z.coerce.date(),
});

export const ZPollInput = ZPollFields
  .refine((p) => p.closesAt > p.opensAt, { message: "締切は開始より後にしてください", path: ["closesAt"] })
  .refine((p) => new Set(p.questions.map((q) => q.id)).size === p.questions.length, { message: "質問のIDが重複しています", path: ["questions"] })
  .refine(
    (p) => p.questions.every((q, i) => !q.when || p.questions.slice(0, i).some((e) => e.id === q.when!.questionId && (e.kind === "single" || e.kind === "multiple"))),
    { message: "条件には、それより前の「選ぶ」質問を指定してください", path: ["questions"] },
  )
  // A value that is not one of the choices would never match: the question would silently never be asked.
  .refine(
    (p) => p.questions.every((q) => !q.when || q.when.in.every((v) => p.questions.find((e) => e.id === q.when!.questionId)?.choices.some((c) => c.value === v) ?? true)),
    { message: "条件の値は、その質問の選択肢から選んでください", path: ["questions"] },
  );
export type TPollInput = z.infer<typeof ZPollInput>;

export const pollStatuses = ["scheduled", "open", "closed"] as const;
export type TPollStatus = (typeof pollStatuses)[number];

export const ZPollView = ZPollFields.extend({
  // What is stored, as stored: the input's rule of at least one question is not the answer's.
  questions: z.array(ZPollQuestion),
  id: z.string(),
  number: z.int(),
  status: z.enum(pollStatuses),
  version: z.int(),
  responseCount: z.int(),
  /** Residents in the audience now (not at opening: profiles and follows change). */
  audienceSize: z.int(),
  /** When the poll was announced to its audience (null: not yet). */
  announcedAt: z.string().nullable(),
  /** What starts the answering conversation: a rich menu or button with postback data `flow=<flowId>`. */
  flowId: z.string(),
  /** Texts residents who read English will see in Japanese (no English given), by their field names. */
  untranslated: z.array(z.string()),
  /** Texts residents who chose やさしい日本語 will read in Japanese (no easy version given). */
  withoutEasy: z.array(z.string()),
});
export type TPollView = z.infer<typeof ZPollView>;

/** Staff announce by hand: once (409 if already announced), or again as a reminder to those who have not answered. */
export const ZPollAnnounceInput = z
  .object({
    /** Send again to the audience members who have not answered yet. */
    again: z.boolean().default(false),
    /** Over the month's message budget: only an administrator may send anyway. */
    confirmOverBudget: z.boolean().default(false),
  })
  .default({ again: false, confirmOverBudget: false });
export type TPollAnnounceInput = z.infer<typeof ZPollAnnounceInput>;


/** Export window on 回答日時 (the time of the answer as it stands): from ≤ t < to; a plain day `to` includes that whole day (Tokyo). */
export const ZPollExportQuery = z
  .object({ from: ZTokyoBound(false).optional(), to: ZTokyoBound(true).optional() })
  .refine((q) => !q.from || !q.to || q.from < q.to, { message: "期間の終わりは始まりより後にしてください", path: ["to"] });
export type TPollExportQuery = z.infer<typeof ZPollExportQuery>;

const ZPollBreakdown = z.object({ group: z.string(), label: z.string(), answered: z.int(), options: z.record(z.string(), z.int()) });
export const ZPollResults = z.object({
  pollId: z.string(),
  responseCount: z.int(),
  audienceSize: z.int(),
  /**
   * responseCount / audienceSize (null when the audience is empty). The audience is measured now, not
   * at opening, so this can exceed 1 when respondents have since left it (moved, blocked the account).
   */
  participationRate: z.number().nullable(),
  questions: z.array(
    z.object({
      id: z.string(),
      kind: z.enum(pollQuestionKinds),
      text: z.string(),
      answered: z.int(),
      /** single / multiple / scale: one bar per option (scale: "1".."5"). */
      /** percent: count / answered × 100, one decimal (several choices: the share of those who answered who chose it). */
      options: z.array(z.object({ value: z.string(), label: z.string(), count: z.int(), percent: z.number() })),
      /**
       * Breakdowns by the respondents' profile as it is now; groups under MIN_GROUP_SIZE are merged
       * into "suppressed" (see privacy/suppressSmallGroups.ts). Labels come from the onboarding flow.
       */
      byAgeBand: z.array(ZPollBreakdown),
      byDistrict: z.array(ZPollBreakdown),
      /** How many groups (age bands and districts together) were not shown on their own. */
      suppressedGroups: z.int(),
      /** text questions, for staff and administrators only: the answers (newest first, at most 1,000; the export has all). */
      texts: z.array(z.string()).optional(),
      /** The response each of `texts` came from (same order): staff reply to its resident from there. */
      responseIds: z.array(z.string()).optional(),
    }),
  ),
});
export type TPollResults = z.infer<typeof ZPollResults>;
