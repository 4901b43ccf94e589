// City-wide settings: reminders, quiet hours, the message budget. Stored one row per key in
// Setting; missing keys take these defaults, so an upgrade that adds a setting loses none.
import { z } from "zod";
import { staffTr, type TLang } from "../messages/lang.ts";

const ZClock = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, "HH:MM（24時間）で入力してください");

export const ZReminderSettings = z.object({
  /** Send reminders at all. */
  enabled: z.boolean().default(true),
  /** The day before, at this time (Asia/Tokyo). */
  dayBeforeAt: ZClock.default("18:00"),
  /** Also an hour before. */
  hourBefore: z.boolean().default(false),
  /** Extra text staff add to reminders; date, time and place are always included. */
  note: z.string().max(300).default(""),
  /** The note in English, for residents who read it (absent or empty: they read the Japanese). */
  noteEn: z.string().max(300).optional(),
  /** The note in やさしい日本語, for residents who chose it (absent or empty: they read the Japanese). */
  noteEasy: z.string().max(300).optional(),
});

/** The reminder note in the resident's language (the Japanese where staff gave no version). */
export const reminderNote = (reminders: z.infer<typeof ZReminderSettings>, lang: TLang): string => staffTr(lang, reminders.note, reminders.noteEn, reminders.noteEasy);

export const ZQuietHours = z.object({
  enabled: z.boolean().default(true),
  start: ZClock.default("21:00"),
  end: ZClock.default("08:00"),
});

export const ZBudget = z.object({
  /** Messages per month (one per recipient, as LINE counts); null = unlimited (地方公共団体プラン). */
  monthlyLimit: z.int().min(0).nullable().default(null),
});

export const ZSettings = z.object({
  reminders: ZReminderSettings.default(ZReminderSettings.parse({})),
  quietHours: ZQuietHours.default(ZQuietHours.parse({})),
  budget: ZBudget.default(ZBudget.parse({})),
});
export type TSettings = z.infer<typeof ZSettings>;
export type TSettingKey = keyof TSettings;
export const settingKeys = Object.keys(ZSettings.shape) as TSettingKey[];
