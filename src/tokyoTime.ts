// Instants are stored in UTC; residents and staff read them, and the city schedules them, in Asia/Tokyo.
// All the server's Tokyo-time arithmetic is here (Japan has no daylight saving: UTC+9 all year).
// It imports nothing, so every layer may use it, the flow engine included (like errors.ts). The
// console, which runs in the browser as plain JavaScript, has its own in src/admin/console/format.js.

const JST_OFFSET_MS = 9 * 3600_000;
const DAY_MS = 86_400_000;
const weekdays = ["日", "月", "火", "水", "木", "金", "土"];

/** The Tokyo wall clock at `at`: year, month (1–12), day, hour, minute, weekday (0 = Sunday). */
export function tokyoParts(at: Date): { y: number; mo: number; d: number; h: number; mi: number; wd: number } {
  const j = new Date(at.getTime() + JST_OFFSET_MS);
  return { y: j.getUTCFullYear(), mo: j.getUTCMonth() + 1, d: j.getUTCDate(), h: j.getUTCHours(), mi: j.getUTCMinutes(), wd: j.getUTCDay() };
}
const parts = tokyoParts;
const pad = (n: number) => String(n).padStart(2, "0");

/**
 * The instant that is this wall-clock time in Tokyo (month 1–12). Out-of-range values roll over as
 * Date.UTC does: day 0 is the month's eve, minute 1440 the next day.
 */
export function tokyoInstant(y: number, mo: number, d: number, h = 0, mi = 0): Date {
  return new Date(Date.UTC(y, mo - 1, d, h, mi) - JST_OFFSET_MS);
}

/** "2026-12-01": the Tokyo calendar day of `at`. */
export function tokyoDateIso(at: Date): string {
  const p = parts(at);
  return `${p.y}-${pad(p.mo)}-${pad(p.d)}`;
}

/** "20261201": the Tokyo calendar day of `at`, `plusDays` later (LINE's statistics name days so). */
export function tokyoYmd(at: Date, plusDays = 0): string {
  return tokyoDateIso(new Date(at.getTime() + plusDays * DAY_MS)).replaceAll("-", "");
}

/** "2026-12": the Tokyo calendar month of `at`. */
export function tokyoMonthKey(at: Date): string {
  return tokyoDateIso(at).slice(0, 7);
}

/** The first instant of a Tokyo calendar day given as "2026-12-01" (nextDay: of the day after). */
export function startOfTokyoDay(day: string, nextDay = false): Date {
  const [y, m, d] = day.split("-").map(Number) as [number, number, number];
  return tokyoInstant(y, m, d + (nextDay ? 1 : 0));
}

const enWeekdays = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const enMonths = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
/** Languages without their own format read dates as in Japanese. */
const isEnglish = (lang: string) => lang === "en";
/** やさしい日本語: morning or afternoon said, hours in hiragana counters (12月9日（水） ごご 6じ 30ぷん). */
const isEasy = (lang: string) => lang === "easy";
// ふん or ぷん by the last digit: 1ぷん, 2ふん, 3ぷん, 4ぷん, 5ふん, 6ぷん, 7ふん, 8ぷん, 9ふん, 10ぷん.
const minuteCounter = (mi: number) => ([2, 5, 7, 9].includes(mi % 10) ? "ふん" : "ぷん");

/** "18:00" / "6:00 pm" / "ごご 6じ". */
export function formatTokyoTime(at: Date, lang: string = "ja"): string {
  const p = parts(at);
  if (isEasy(lang)) {
    // Noon is ひる 12じ: "ごご 12じ" is read both ways.
    const [half, hour] = p.h === 12 ? ["ひる", 12] : [p.h < 12 ? "ごぜん" : "ごご", p.h % 12];
    return `${half} ${hour}じ${p.mi ? ` ${p.mi}${minuteCounter(p.mi)}` : ""}`;
  }
  if (!isEnglish(lang)) return `${p.h}:${pad(p.mi)}`;
  return `${p.h % 12 === 0 ? 12 : p.h % 12}:${pad(p.mi)} ${p.h < 12 ? "am" : "pm"}`;
}

/** "12月9日(水) 18:00" / "Wed, Dec 9, 6:00 pm" — what residents read in messages. */
export function formatTokyoDateTime(at: Date, lang: string = "ja"): string {
  const p = parts(at);
  if (isEnglish(lang)) return `${enWeekdays[p.wd]}, ${enMonths[p.mo - 1]} ${p.d}, ${formatTokyoTime(at, lang)}`;
  if (isEasy(lang)) return `${p.mo}月${p.d}日（${weekdays[p.wd]}） ${formatTokyoTime(at, lang)}`;
  return `${p.mo}月${p.d}日(${weekdays[p.wd]}) ${formatTokyoTime(at, lang)}`;
}

/** "2026年12月9日(水)" / "Wed, Dec 9, 2026". */
export function formatTokyoDate(at: Date, lang: string = "ja"): string {
  const p = parts(at);
  if (isEnglish(lang)) return `${enWeekdays[p.wd]}, ${enMonths[p.mo - 1]} ${p.d}, ${p.y}`;
  if (isEasy(lang)) return `${p.y}年${p.mo}月${p.d}日（${weekdays[p.wd]}）`;
  return `${p.y}年${p.mo}月${p.d}日(${weekdays[p.wd]})`;
}

/** A count of Tokyo calendar days: two instants on the same Tokyo day have the same number. */
export const tokyoDayNumber = (at: Date): number => Math.floor((at.getTime() + JST_OFFSET_MS) / DAY_MS);
const tokyoDay = tokyoDayNumber;

/** The first instant of the Tokyo day numbered `day` (as tokyoDayNumber counts). */
export const startOfTokyoDayNumber = (day: number): Date => new Date(day * DAY_MS - JST_OFFSET_MS);

/** "12月9日(水) 18:00〜20:00" / "Wed, Dec 9, 6:00 pm – 8:00 pm" (the end's date only when it is another day). */
export function formatTokyoSpan(start: Date, end: Date | null | undefined, lang: string = "ja"): string {
  const from = formatTokyoDateTime(start, lang);
  if (!end) return from;
  const to = tokyoDay(start) === tokyoDay(end) ? formatTokyoTime(end, lang) : formatTokyoDateTime(end, lang);
  // Two dates and times on one line are too long to read at once: the end goes on a line of its own.
  if (isEasy(lang)) return tokyoDay(start) === tokyoDay(end) ? `${from} から ${to} まで` : `${from} から\n${to} まで`;
  return isEnglish(lang) ? `${from} – ${to}` : `${from}〜${to}`;
}

/** "2026-12-05 14:00" — for exports and the console. */
export function formatTokyoIso(at: Date): string {
  const p = parts(at);
  return `${p.y}-${pad(p.mo)}-${pad(p.d)} ${pad(p.h)}:${pad(p.mi)}`;
}

/** The day before `at` (Tokyo calendar), at the clock time "HH:MM" in Tokyo. */
export function tokyoDayBeforeAt(at: Date, clock: string): Date {
  const p = parts(at);
  return tokyoInstant(p.y, p.mo, p.d - 1, Number(clock.slice(0, 2)), Number(clock.slice(3, 5)));
}

/** The first instant of the calendar month of `at` in Tokyo. */
export function startOfTokyoMonth(at: Date): Date {
  const p = parts(at);
  return tokyoInstant(p.y, p.mo, 1);
}
