import { describe, expect, it } from "vitest";
import { toLineMessages } from "../../line/toLineMessages.ts";
import { createContractValidator } from "../../standin/validateAgainstContract.ts";
import { type TOutMessage } from "../../flows/engineTypes.ts";
import {
  formatShiftSpan,
  invitationMessages,
  myShiftsMessages,
  notRegisteredMessage,
  promotedText,
  reminderText,
  signupConfirmedText,
  thankYouText,
} from "./volunteerMessages.ts";

const validator = createContractValidator();
const problems = (messages: TOutMessage[]) => validator.validateRequest("push", { to: "U4af4980629a0b1c2d3e4f5a6b7c8d9e0", messages: toLineMessages(messages) });

const shift = (i: number) => ({
  id: `00000000-0000-4000-8000-${String(i).padStart(12, "0")}`,
  title: "長門の海岸をきれいにしよう！ビーチクリーン".repeat(3),
  organizer: "NPO法人 ながと海の会",
  startsAt: new Date("2026-12-05T00:00:00Z"),
  endsAt: new Date("2026-12-05T03:00:00Z"),
  place: "青海島 自然研究路入口 駐車場（雨天時は公民館）".repeat(4),
});

describe("volunteer messages", () => {
  it("When a shift is shown, then date and times are in Asia/Tokyo, the end's date only when it is another day", () => {
    expect(formatShiftSpan(shift(1), "ja")).toBe("12月5日(土) 9:00〜12:00");
    expect(formatShiftSpan({ startsAt: new Date("2026-12-05T12:00:00Z"), endsAt: new Date("2026-12-05T16:00:00Z") }, "ja")).toBe("12月5日(土) 21:00〜12月6日(日) 1:00");
    expect(formatShiftSpan(shift(1), "en")).toBe("Sat, Dec 5, 9:00 am – 12:00 pm");
  });

  it("When 12 shifts with long titles and places are invited to, then LINE accepts the card", () => {
    const shifts = Array.from({ length: 12 }, (_, i) => ({ ...shift(i), remaining: i % 3 }));
    for (const lang of ["ja", "en"] as const) {
      const messages = invitationMessages({ title: shift(0).title, description: "説明".repeat(2000), organizer: "NPO" }, shifts, lang);
      expect(problems(messages)).toEqual([]);
      expect(JSON.stringify(messages[1])).toContain(`flow=shift-${shift(11).id.replace(/-/g, "")}"`);
    }
  });

  it("When a volunteer reads their 14 shifts, then 12 cards carry 「キャンセル」 and the total hours follow", () => {
    const shifts = Array.from({ length: 14 }, (_, i) => ({ ...shift(i), signupId: shift(i + 100).id, position: i === 0 ? 2 : null }));
    const messages = myShiftsMessages(shifts, 12.5, "ja");
    expect(problems(messages)).toEqual([]);
    const json = JSON.stringify(messages);
    expect(json.match(/flow=shift-cancel&signup=/g)).toHaveLength(12);
    expect(json).toContain("キャンセル待ち2番目");
    expect((messages[1] as { text: string }).text).toContain("合計12.5時間");
    expect(myShiftsMessages([], 0, "ja")).toEqual([{ type: "text", text: "予定しているシフトはありません。\nこれまでの活動時間：合計0時間" }]);
  });

  it("When a volunteer is told about a shift, then date, time and place are always there", () => {
    const s = shift(1);
    for (const text of [signupConfirmedText(s, true, "ja"), promotedText(s, "ja"), reminderText(s, "軍手をお持ちください。", "ja")]) {
      expect(text).toContain("12月5日(土) 9:00〜12:00");
      expect(text).toContain(s.place);
    }
    expect(signupConfirmedText(s, true, "ja")).toContain("保護者");
    expect(signupConfirmedText(s, false, "ja")).not.toContain("保護者");
    expect(thankYouText(s, 2.5, 10.25, "ja")).toContain("今回の活動時間：2.5時間\nこれまでの合計：10.25時間");
    expect(problems([notRegisteredMessage("ja"), notRegisteredMessage("en")])).toEqual([]);
  });
});
