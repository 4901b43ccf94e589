// When a person reads the inbox: the city's office hours (Asia/Tokyo), e.g. 平日 8:30–17:15, less
// the dates it is closed. Plain data in, plain data out.
import { type TSettings } from "../settings/settingsTypes.ts";
import { formatTokyoTime, startOfTokyoDayNumber, tokyoDateIso, tokyoDayNumber, tokyoParts } from "../../tokyoTime.ts";

type TOfficeHours = Pick<TSettings["inbox"], "officeDays" | "officeStart" | "officeEnd" | "closedDates">;

const minutesOf = (clock: string) => Number(clock.slice(0, 2)) * 60 + Number(clock.slice(3, 5));

// Days are Tokyo day numbers (tokyoDayNumber), so a loop can step through them one by one.
function isWorkingDay(day: number, hours: TOfficeHours): boolean {
  const start = startOfTokyoDayNumber(day);
  return hours.officeDays.includes(tokyoParts(start).wd) && !hours.closedDates.includes(tokyoDateIso(start));
}

/** The instant a Tokyo day's clock time falls on. */
const instantOf = (day: number, clock: string) => new Date(startOfTokyoDayNumber(day).getTime() + minutesOf(clock) * 60_000);

export type TOfficeState = { open: true; closesAt: Date } | { open: false; opensAt: Date | null };

/** Whether staff are at work at `now`; if not, when they next are (null: no working day is set within a year). */
export function officeState(now: Date, hours: TOfficeHours): TOfficeState {
  const today = tokyoDayNumber(now);
  if (minutesOf(hours.officeStart) < minutesOf(hours.officeEnd)) {
    const start = instantOf(today, hours.officeStart);
    const end = instantOf(today, hours.officeEnd);
    if (isWorkingDay(today, hours) && now >= start && now < end) return { open: true, closesAt: end };
    for (let day = now < start ? today : today + 1; day <= today + 366; day++) {
      if (isWorkingDay(day, hours)) return { open: false, opensAt: instantOf(day, hours.officeStart) };
    }
  }
  return { open: false, opensAt: null };
}

/** "月〜金 8:30〜17:15" for staff and residents. */
export function describeOfficeHours(hours: TOfficeHours, lang: "ja" | "en" | "easy"): string {
  const names = lang === "en" ? ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"] : ["日", "月", "火", "水", "木", "金", "土"];
  const days = [...hours.officeDays].sort((a, b) => a - b);
  const weekdays = days.join(",") === "1,2,3,4,5";
  const dayText = weekdays ? (lang === "en" ? "weekdays" : lang === "easy" ? "月曜日から 金曜日" : "平日") : days.map((d) => names[d]).join(lang === "en" ? ", " : "・");
  if (lang !== "easy") return `${dayText} ${hours.officeStart}–${hours.officeEnd}`;
  // やさしい日本語 says morning or afternoon: ごぜん 8じ 30ぷん.
  const clock = (c: string) => formatTokyoTime(instantOf(0, c), "easy");
  return `${dayText}、 ${clock(hours.officeStart)} から ${clock(hours.officeEnd)} まで`;
}
