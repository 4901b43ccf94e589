// Polls staff create in the console: the shapes of questions, answers and results.
import { z } from "zod";
import { ZAudience } from "../audience.ts";

export const ZPollChoice = z.object({
  value: z.string().regex(/^[a-z0-9_-]{1,30}$/, "英小文字・数字・-・_ で30文字まで"),
  label: z.string().trim().min(1).max(20, "選択肢はLINEのボタンに収まる20文字までにしてください"),
});

/** Ask this question only when an earlier question's answer is one of these values. */
export const ZPollCondition = z.object({ questionId: z.string(), in: z.array(z.string()).min(1) });

export const pollQuestionKinds = ["single", "multiple", "scale", "text"] as const;

export const ZPollQuestion = z
  .object({
    id: z.string().regex(/^[a-z0-9_]{1,30}$/, "英小文字・数字・_ で30文字まで"),
    kind: z.enum(pollQuestionKinds),
    text: z.string().trim().min(1).max(500),
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

export const ZPollInput = z
  .object({
    title: z.string().trim().min(1).max(100),
    description: z.string().trim().max(1000).default(""),
    questions: z.array(ZPollQuestion).min(1, "質問を1つ以上入れてください").max(20),
    audience: ZAudience.default({}),
    opensAt: z.coerce.date(),
    closesAt: z.coerce.date(),
  })
  .refine((p) => p.closesAt > p.opensAt, { message: "締切は開始より後にしてください", path: ["closesAt"] })
  .refine((p) => new Set(p.questions.map((q) => q.id)).size === p.questions.length, { message: "質問のIDが重複しています", path: ["questions"] })
  .refine(
    (p) => p.questions.every((q, i) => !q.when || p.questions.slice(0, i).some((e) => e.id === q.when!.questionId && (e.kind === "single" || e.kind === "multiple"))),
    { message: "条件には、それより前の「選ぶ」質問を指定してください", path: ["questions"] },
  );
export type TPollInput = z.infer<typeof ZPollInput>;

export type TPollStatus = "scheduled" | "open" | "closed";

export type TPollView = TPollInput & { id: string; number: number; status: TPollStatus; version: number; responseCount: number; audienceSize: number };

/** Fewer respondents than this in a group: the group is not broken down (privacy). */
export const MIN_GROUP_SIZE = 5;

export type TPollResults = {
  pollId: string;
  responseCount: number;
  audienceSize: number;
  /** responseCount / audienceSize, 0–1 (null when the audience is empty). */
  participationRate: number | null;
  questions: {
    id: string;
    kind: (typeof pollQuestionKinds)[number];
    text: string;
    answered: number;
    /** single / multiple / scale: one bar per option (scale: "1".."5"). */
    options: { value: string; label: string; count: number }[];
    /** Breakdowns by profile; groups under MIN_GROUP_SIZE are merged into "suppressed". */
    byAgeBand: { group: string; label: string; answered: number; options: Record<string, number> }[];
    byDistrict: { group: string; label: string; answered: number; options: Record<string, number> }[];
    suppressedGroups: number;
    /** text questions: the answers (newest first). */
    texts?: string[];
  }[];
};
