// Instants are stored in UTC; residents and staff read them, and the city schedules them, in Asia/Tokyo.
const JST_OFFSET_MS = 9 * 3600_000;
const weekdays = ["日", "月", "火", "水", "木", "金", "土"];

function parts(at: Date) {
  const j = new Date(at.getTime() + JST_OFFSET_MS);
  return { y: j.getUTCFullYear(), mo: j.getUTCMonth() + 1, d: j.getUTCDate(), h: j.getUTCHours(), mi: j.getUTCMinutes(), wd: j.getUTCDay() };
}
const pad = (n: number) => String(n).padStart(2, "0");

/** "12月5日(土) 14:00" — what residents read in messages. */
export function formatTokyoDateTime(at: Date): string {
  const p = parts(at);
  return `${p.mo}月${p.d}日(${weekdays[p.wd]}) ${p.h}:${pad(p.mi)}`;
}

/** "2026年12月5日(土)". */
export function formatTokyoDate(at: Date): string {
  const p = parts(at);
  return `${p.y}年${p.mo}月${p.d}日(${weekdays[p.wd]})`;
}

/** "2026-12-05 14:00" — for exports and the console. */
export function formatTokyoIso(at: Date): string {
  const p = parts(at);
  return `${p.y}-${pad(p.mo)}-${pad(p.d)} ${pad(p.h)}:${pad(p.mi)}`;
}

/** The day before `at` (Tokyo calendar), at the clock time "HH:MM" in Tokyo. */
export function tokyoDayBeforeAt(at: Date, clock: string): Date {
  const p = parts(at);
  return new Date(Date.UTC(p.y, p.mo - 1, p.d - 1, Number(clock.slice(0, 2)), Number(clock.slice(3, 5))) - JST_OFFSET_MS);
}

/** The first instant of the calendar month of `at` in Tokyo. */
export function startOfTokyoMonth(at: Date): Date {
  const p = parts(at);
  return new Date(Date.UTC(p.y, p.mo - 1, 1) - JST_OFFSET_MS);
}
