// A message staff write to the people signed up for something (an event, a volunteer shift): its
// text in Japanese with optional English and やさしい日本語 (without one, that language reads the
// Japanese), and how it is sent. One schema for both, so the console's form is one form.
import { z } from "zod";
import { ZLanguage } from "../../flows/flowSchema.ts";

const optionalVersion = (max: number, what: string) =>
  z.string().trim().max(max, `${what}は${max}文字までにしてください`).nullish().transform((v) => v || null);

export const ZStaffMessageInput = z.object({
  text: z.string({ error: "本文を入力してください" }).trim().min(1, "本文を入力してください").max(1000, "本文は1000文字までにしてください"),
  textEn: optionalVersion(1000, "本文（英語）"),
  textEasy: optionalVersion(1000, "本文（やさしい日本語）"),
  /** Urgent messages (a change of place, a cancellation) are sent in quiet hours too. */
  urgent: z.boolean().default(false),
  /** Also the waiting list (default yes). */
  includeWaitlisted: z.boolean().default(true),
  /** Only say what it would cost, send nothing. */
  dryRun: z.boolean().default(false),
  /** Administrators only: send although it exceeds the month's budget. */
  confirmOverBudget: z.boolean().default(false),
});
export type TStaffMessageInput = z.infer<typeof ZStaffMessageInput>;

/** Previewing a message: its texts and the language to read it in. */
export const ZStaffMessagePreview = z.object({
  text: z.string().trim().min(1, "本文を入力してください").max(1000),
  textEn: optionalVersion(1000, "本文（英語）"),
  textEasy: optionalVersion(1000, "本文（やさしい日本語）"),
  lang: ZLanguage.default("ja"),
});
export type TStaffMessagePreview = z.infer<typeof ZStaffMessagePreview>;
