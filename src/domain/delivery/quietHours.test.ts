import { describe, expect, it } from "vitest";
import { outsideQuietHours } from "./quietHours.ts";

const quiet = { enabled: true, start: "21:00", end: "08:00" };
const jst = (s: string) => new Date(`${s}+09:00`);

describe("outsideQuietHours", () => {
  it("When a message is due at 22:30 in Tokyo, then it waits until 08:00 the next morning", () => {
    expect(outsideQuietHours(jst("2026-12-01T22:30:00"), quiet)).toEqual(jst("2026-12-02T08:00:00"));
  });
  it("When a message is due at 06:10 in Tokyo, then it waits until 08:00 the same morning", () => {
    expect(outsideQuietHours(jst("2026-12-02T06:10:00"), quiet)).toEqual(jst("2026-12-02T08:00:00"));
  });
  it("When a message is due at 08:00 or 20:59, then it goes at once", () => {
    expect(outsideQuietHours(jst("2026-12-02T08:00:00"), quiet)).toEqual(jst("2026-12-02T08:00:00"));
    expect(outsideQuietHours(jst("2026-12-02T20:59:00"), quiet)).toEqual(jst("2026-12-02T20:59:00"));
  });
  it("When quiet hours do not cross midnight (12:00–13:00), then only that hour is held", () => {
    const lunch = { enabled: true, start: "12:00", end: "13:00" };
    expect(outsideQuietHours(jst("2026-12-02T12:30:00"), lunch)).toEqual(jst("2026-12-02T13:00:00"));
    expect(outsideQuietHours(jst("2026-12-02T23:30:00"), lunch)).toEqual(jst("2026-12-02T23:30:00"));
  });
  it("When quiet hours are turned off, then nothing waits", () => {
    expect(outsideQuietHours(jst("2026-12-01T23:00:00"), { ...quiet, enabled: false })).toEqual(jst("2026-12-01T23:00:00"));
  });
});
