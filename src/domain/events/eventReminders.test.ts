import { describe, expect, it } from "vitest";
import { reminderWindow } from "./eventReminders.ts";

const jst = (s: string) => new Date(`${s}+09:00`);

describe("reminderWindow", () => {
  it("When an event starts on 12/5 at 10:00, then the day-before reminder is due 12/4 at the set time, until an hour before the start", () => {
    expect(reminderWindow(jst("2026-12-05T10:00:00"), "dayBefore", "18:00")).toEqual({ from: jst("2026-12-04T18:00:00"), until: jst("2026-12-05T09:00:00") });
  });
  it("When an event starts just after midnight, then the day before is the previous Tokyo calendar day", () => {
    expect(reminderWindow(jst("2026-12-05T00:30:00"), "dayBefore", "18:00").from).toEqual(jst("2026-12-04T18:00:00"));
  });
  it("When the hour-before reminder is on, then it is due an hour before the start, until the start", () => {
    expect(reminderWindow(jst("2026-12-05T10:00:00"), "hourBefore", "18:00")).toEqual({ from: jst("2026-12-05T09:00:00"), until: jst("2026-12-05T10:00:00") });
  });
});
