// Quiet hours (default 21:00–08:00 Asia/Tokyo): a non-urgent message due inside them waits until they end.
import { type TSettings } from "../settings/settingsTypes.ts";

const JST_OFFSET_MS = 9 * 3600_000;
const minutesOf = (clock: string) => Number(clock.slice(0, 2)) * 60 + Number(clock.slice(3, 5));

/** The first moment at or after `at` outside quiet hours. */
export function outsideQuietHours(at: Date, quiet: TSettings["quietHours"]): Date {
  if (!quiet.enabled || quiet.start === quiet.end) return at;
  const jst = new Date(at.getTime() + JST_OFFSET_MS);
  const minute = jst.getUTCHours() * 60 + jst.getUTCMinutes();
  const start = minutesOf(quiet.start);
  const end = minutesOf(quiet.end);
  // The window may wrap past midnight (21:00–08:00) or not (12:00–13:00).
  const inside = start < end ? minute >= start && minute < end : minute >= start || minute < end;
  if (!inside) return at;
  const endToday = Date.UTC(jst.getUTCFullYear(), jst.getUTCMonth(), jst.getUTCDate(), 0, end) - JST_OFFSET_MS;
  return new Date(start < end || minute < end ? endToday : endToday + 24 * 3600_000);
}
