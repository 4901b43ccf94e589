import { describe, expect, it } from "vitest";
import { closingReminderMessage } from "./closingReminders.ts";

const closesAt = new Date("2026-12-05T17:00:00+09:00");

describe("closingReminderMessage", () => {
  it("When a poll closes on Dec 5 at 17:00 Tokyo, then the reminder says so and its button goes back to the poll", () => {
    const m = closingReminderMessage({ flowId: "poll-12", title: "公園アンケート", closesAt }, "ja");
    expect(m).toEqual({
      type: "buttons",
      altText: "「公園アンケート」の締切は12月5日(土) 17:00です。続きはこちらからどうぞ。",
      text: "「公園アンケート」の締切は12月5日(土) 17:00です。続きはこちらからどうぞ。",
      actions: [{ type: "postback", label: "続きを回答する", data: "flow=poll-12", displayText: "続きを回答する" }],
    });
  });
  it("When the resident reads English, then the reminder is in English with the time in Japan", () => {
    const m = closingReminderMessage({ flowId: "round-3", title: "Park survey", closesAt }, "en");
    expect(m.type === "buttons" && m.text).toBe('"Park survey" closes on Sat, Dec 5, 5:00 pm (Japan time). You can continue here.');
  });
  it("When the resident chose やさしい日本語, then the reminder is in plain Japanese with staff's easy title", () => {
    const m = closingReminderMessage({ flowId: "poll-12", title: "公園アンケート", titleEasy: "公園の しつもん", closesAt }, "easy");
    expect(m).toEqual({
      type: "buttons",
      altText: "「公園の しつもん」は 12月5日（土） ごご 5じで おわります。 つづきは ここから できます。",
      text: "「公園の しつもん」は 12月5日（土） ごご 5じで おわります。 つづきは ここから できます。",
      actions: [{ type: "postback", label: "つづきを こたえる", data: "flow=poll-12", displayText: "つづきを こたえる" }],
    });
  });
  it("When staff gave no easy title, then easy readers read the Japanese title in the plain sentence", () => {
    const m = closingReminderMessage({ flowId: "round-3", title: "第3次総合計画", closesAt }, "easy");
    expect(m.type === "buttons" && m.text).toBe("「第3次総合計画」は 12月5日（土） ごご 5じで おわります。 つづきは ここから できます。");
  });
  it("When the title is very long, then the text still fits a buttons template (160 characters)", () => {
    const m = closingReminderMessage({ flowId: "poll-1", title: "長".repeat(300), closesAt }, "ja");
    expect(m.type === "buttons" && m.text.length).toBeLessThanOrEqual(160);
  });
});
