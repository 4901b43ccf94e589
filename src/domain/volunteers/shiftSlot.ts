// Which free-time slot a shift falls in: its start, read in Asia/Tokyo.
import { type TAvailabilitySlot } from "./volunteerTypes.ts";
import { tokyoParts } from "../../tokyoTime.ts";

/** Weekday (Mon–Fri) or weekend (Sat, Sun) × morning (< 12:00), afternoon (12:00–16:59), evening (≥ 17:00). */
export function shiftSlot(startsAt: Date): TAvailabilitySlot {
  const { wd: day, h: hour } = tokyoParts(startsAt);
  const week = day === 0 || day === 6 ? "weekend" : "weekday";
  const part = hour < 12 ? "morning" : hour < 17 ? "afternoon" : "evening";
  return `${week}_${part}`;
}
