import { describe, expect, it } from "vitest";
import { formatTokyoDate, formatTokyoDateTime, formatTokyoIso, formatTokyoSpan, startOfTokyoDay, startOfTokyoDayNumber, startOfTokyoMonth, tokyoDateIso, tokyoDayBeforeAt, tokyoDayNumber, tokyoInstant, tokyoMonthKey, tokyoParts, tokyoYmd } from "./tokyoTime.ts";

describe("Tokyo time", () => {
  it("When it is 23:30 UTC on Nov 30, then in Tokyo it is Dec 1 08:30, a Tuesday, in the month 2026-12", () => {
    const at = new Date("2026-11-30T23:30:00Z");
    expect(tokyoParts(at)).toEqual({ y: 2026, mo: 12, d: 1, h: 8, mi: 30, wd: 2 });
    expect(tokyoDateIso(at)).toBe("2026-12-01");
    expect(tokyoMonthKey(at)).toBe("2026-12");
    expect(tokyoDayNumber(at)).toBe(tokyoDayNumber(new Date("2026-12-01T00:00:00+09:00")));
    expect(tokyoDayNumber(new Date("2026-11-30T14:59:59Z"))).toBe(tokyoDayNumber(at) - 1);
  });
  it("When a Tokyo wall-clock time or day is named, then it is the instant 9 hours earlier in UTC, rolling over months", () => {
    expect(tokyoInstant(2026, 12, 1, 9, 0)).toEqual(new Date("2026-12-01T00:00:00Z"));
    expect(tokyoInstant(2026, 12, 32)).toEqual(new Date("2027-01-01T00:00:00+09:00"));
    expect(tokyoInstant(2026, 12, 1, 0, 24 * 60)).toEqual(new Date("2026-12-02T00:00:00+09:00"));
    expect(startOfTokyoDay("2026-12-31")).toEqual(new Date("2026-12-31T00:00:00+09:00"));
    expect(startOfTokyoDay("2026-12-31", true)).toEqual(new Date("2027-01-01T00:00:00+09:00"));
  });
  it("When a Tokyo day is counted by number, then its first instant is its midnight in Tokyo and it reads as that day", () => {
    const day = tokyoDayNumber(new Date("2026-11-30T23:30:00Z"));
    expect(startOfTokyoDayNumber(day)).toEqual(new Date("2026-12-01T00:00:00+09:00"));
    expect(startOfTokyoDayNumber(day + 31)).toEqual(new Date("2027-01-01T00:00:00+09:00"));
    expect(tokyoYmd(new Date("2026-11-30T23:30:00Z"))).toBe("20261201");
  });
  it("When an instant is 05:30 UTC, then residents read 14:30 on that Tokyo day", () => {
    expect(formatTokyoDateTime(new Date("2026-12-05T05:30:00Z"))).toBe("12月5日(土) 14:30");
    expect(formatTokyoIso(new Date("2026-12-05T05:30:00Z"))).toBe("2026-12-05 14:30");
  });
  it("When an event starts at 01:00 on Dec 1 in Tokyo, then the day-before reminder is Nov 30 18:00 Tokyo", () => {
    expect(tokyoDayBeforeAt(new Date("2026-12-01T01:00:00+09:00"), "18:00")).toEqual(new Date("2026-11-30T18:00:00+09:00"));
  });
  it("When it is Dec 1 00:30 in Tokyo (still Nov 30 in UTC), then the month starts Dec 1 in Tokyo", () => {
    expect(startOfTokyoMonth(new Date("2026-11-30T15:30:00Z"))).toEqual(new Date("2026-12-01T00:00:00+09:00"));
  });
  it("When a resident reads English, then dates read like \"Wed, Dec 9, 6:00 pm\" in Tokyo time", () => {
    const at = new Date("2026-12-09T09:00:00Z");
    expect(formatTokyoDateTime(at, "en")).toBe("Wed, Dec 9, 6:00 pm");
    expect(formatTokyoDate(at, "en")).toBe("Wed, Dec 9, 2026");
    expect(formatTokyoDateTime(new Date("2026-12-09T03:05:00Z"), "en")).toBe("Wed, Dec 9, 12:05 pm");
    expect(formatTokyoDateTime(new Date("2026-12-08T15:30:00Z"), "en")).toBe("Wed, Dec 9, 12:30 am");
    expect(formatTokyoSpan(at, new Date("2026-12-09T11:00:00Z"), "en")).toBe("Wed, Dec 9, 6:00 pm – 8:00 pm");
    expect(formatTokyoSpan(at, new Date("2026-12-09T11:00:00Z"), "ja")).toBe("12月9日(水) 18:00〜20:00");
    expect(formatTokyoSpan(at, new Date("2026-12-10T11:00:00Z"), "ja")).toBe("12月9日(水) 18:00〜12月10日(木) 20:00");
  });
  it("When a resident reads やさしい日本語, then dates say the weekday and ごぜん/ごご, hours in hiragana", () => {
    const at = new Date("2026-12-09T09:00:00Z");
    expect(formatTokyoDateTime(at, "easy")).toBe("12月9日（水） ごご 6じ");
    expect(formatTokyoDateTime(new Date("2026-12-09T00:30:00Z"), "easy")).toBe("12月9日（水） ごぜん 9じ 30ぷん");
    expect(formatTokyoDateTime(new Date("2026-12-09T03:05:00Z"), "easy")).toBe("12月9日（水） ひる 12じ 5ふん");
    expect(formatTokyoDate(at, "easy")).toBe("2026年12月9日（水）");
    expect(formatTokyoSpan(at, new Date("2026-12-09T11:00:00Z"), "easy")).toBe("12月9日（水） ごご 6じ から ごご 8じ まで");
  });
});
