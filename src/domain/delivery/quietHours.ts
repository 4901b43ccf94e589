// Quiet hours (default 21:00–08:00 Asia/Tokyo): a non-urgent message due inside them waits until they end.
import { type TSettings } from "../settings/settingsTypes.ts";
import { tokyoInstant, tokyoParts } from "../../tokyoTime.ts";
const minutesOf = (clock: string) => Number(clock.slice(0, 2)) * 60 + Number(clock.slice(3, 5));

/** The first moment at or after `at` outside quiet hours. */
export function outsideQuietHours(at: Date, quiet: TSettings["quietHours"]): Date {
  if (!quiet.enabled || quiet.start === quiet.end) return at;
  const jst = tokyoParts(at);
  const minute = jst.h * 60 + jst.mi;
  const start = minutesOf(quiet.start);
  const end = minutesOf(quiet.end);
  // The window may wrap past midnight (21:00–08:00) or not (12:00–13:00).
  const inside = start < end ? minute >= start && minute < end : minute >= start || minute < end;
  if (!inside) return at;
  // The end today, or (inside a window that wraps, after its start) the end tomorrow.
  return tokyoInstant(jst.y, jst.mo, jst.d + (start < end || minute < end ? 0 : 1), 0, end);
}
