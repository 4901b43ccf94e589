// The rules of the plain-language check, after 「在留支援のためのやさしい日本語ガイドライン」
// (出入国在留管理庁・文化庁, 2020) and Hirosaki University's rules for disaster information.
// Ids are stable (scripts and tests read them); labels are what staff read.
import { z } from "zod";

export const plainRuleIds = [
  "sentence-length",
  "kanji-run",
  "kanji-share",
  "katakana-loanword",
  "double-negative",
  "passive",
  "causative",
  "over-polite",
  "hard-word",
  "ambiguous-date",
  "ambiguous-number",
] as const;
export const ZPlainRule = z.enum(plainRuleIds);
export type TPlainRule = z.infer<typeof ZPlainRule>;

export const plainRuleLabels: Record<TPlainRule, string> = {
  "sentence-length": "文が長い",
  "kanji-run": "漢字が続く",
  "kanji-share": "漢字が多い",
  "katakana-loanword": "カタカナ語",
  "double-negative": "二重否定",
  passive: "受け身",
  causative: "使役",
  "over-polite": "敬語が難しい",
  "hard-word": "難しい言葉",
  "ambiguous-date": "日付・時刻",
  "ambiguous-number": "数の言い方",
};

/** One finding: where it is, what it is, why it is hard, and what to write instead. Never an error. */
export const ZPlainFlag = z.object({
  rule: ZPlainRule,
  /** Offsets in the checked text (UTF-16 code units, as JavaScript strings count). */
  start: z.int(),
  end: z.int(),
  excerpt: z.string(),
  explanation: z.string(),
  suggestion: z.string(),
});
export type TPlainFlag = z.infer<typeof ZPlainFlag>;

export const ZPlainOptions = z.object({
  /** Longest sentence, in characters (spaces, URLs and placeholders not counted). */
  maxSentenceLength: z.int().min(10).default(40),
  /** Longest run of kanji allowed (市役所 is 3). */
  maxKanjiRun: z.int().min(2).default(3),
  /** Highest share of kanji among the Japanese letters of a text… */
  maxKanjiShare: z.number().min(0).max(1).default(0.3),
  /** …for texts with at least this many letters (a short label is judged by the other rules). */
  minLettersForShare: z.int().min(1).default(20),
});
export type TPlainOptions = z.infer<typeof ZPlainOptions>;
