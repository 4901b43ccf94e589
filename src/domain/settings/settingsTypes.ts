// City-wide settings: reminders, quiet hours, the message budget, the staff inbox. Stored one row per key in
// Setting; missing keys take these defaults, so an upgrade that adds a setting loses none.
import { z } from "zod";
import { staffTr } from "../messages/lang.ts";
import { type TLanguage } from "../../flows/flowSchema.ts";

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
export const reminderNote = (reminders: z.infer<typeof ZReminderSettings>, lang: TLanguage): string => staffTr(lang, reminders.note, reminders.noteEn, reminders.noteEasy);

export const ZQuietHours = z.object({
  enabled: z.boolean().default(true),
  start: ZClock.default("21:00"),
  end: ZClock.default("08:00"),
});

export const ZBudget = z.object({
  /** Messages per month (one per recipient, as LINE counts); null = unlimited (地方公共団体プラン). */
  monthlyLimit: z.int().min(0).nullable().default(null),
});

export const ZParticipation = z.object({
  /** The city's population (the dashboard's target is a share of it); null until staff set it. */
  population: z.int().min(1).max(50_000_000).nullable().default(null),
  /** The share of residents the city aims to have take part in a year, in percent (e.g. Nagato's plan: 25). */
  targetPercent: z.number().min(0).max(100).default(25),
});

const ZIsoDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "YYYY-MM-DD で入力してください");

/** The staff inbox: when a person reads residents' messages, and how long they are kept. */
export const ZInboxSettings = z.object({
  /** Days of the week staff read the inbox (0 = Sunday … 6 = Saturday), Asia/Tokyo. */
  officeDays: z.array(z.int().min(0).max(6)).max(7).default([1, 2, 3, 4, 5]),
  officeStart: ZClock.default("08:30"),
  officeEnd: ZClock.default("17:15"),
  /** Days the office is closed although officeDays says open (holidays, 年末年始). */
  closedDates: z.array(ZIsoDay).max(400).default([]),
  /** An inquiry is deleted this many days after its last message. */
  retentionDays: z.int().min(1).max(3650).default(365),
});

export const ZSettings = z.object({
  reminders: ZReminderSettings.default(ZReminderSettings.parse({})),
  quietHours: ZQuietHours.default(ZQuietHours.parse({})),
  budget: ZBudget.default(ZBudget.parse({})),
  participation: ZParticipation.default(ZParticipation.parse({})),
  inbox: ZInboxSettings.default(ZInboxSettings.parse({})),
});
export type TSettings = z.infer<typeof ZSettings>;
export type TSettingKey = keyof TSettings;
export const settingKeys = Object.keys(ZSettings.shape) as TSettingKey[];
