import { describe, expect, it } from "vitest";
import { formatTokyoDateTime, formatTokyoIso, startOfTokyoMonth, tokyoDayBeforeAt } from "./tokyoTime.ts";

describe("Tokyo time", () => {
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
});
