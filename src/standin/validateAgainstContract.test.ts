import { describe, expect, it } from "vitest";
import { createContractValidator } from "./validateAgainstContract.ts";

const validator = createContractValidator();
const push = (...messages: unknown[]) => validator.validateRequest("push", { to: "U4af4980629a0b1c2d3e4f5a6b7c8d9e0", messages });
const quickReplyOf = (count: number, label = "はい") => ({
  items: Array.from({ length: count }, (_, i) => ({ type: "action", action: { type: "message", label, text: `選択${i}` } })),
});
const bubble = {
  type: "bubble",
  hero: { type: "image", url: "https://example.com/hero.png", size: "full", aspectRatio: "20:13" },
  body: {
    type: "box",
    layout: "vertical",
    contents: [
      { type: "text", text: "市民まつり", weight: "bold", size: "xl", wrap: true },
      { type: "separator" },
      { type: "box", layout: "baseline", contents: [{ type: "text", text: "日時", color: "#aaaaaa", flex: 1 }] },
    ],
  },
  footer: {
    type: "box",
    layout: "vertical",
    contents: [{ type: "button", style: "primary", action: { type: "postback", label: "参加する", data: "event=1&join" } }],
  },
};
const buttonsWithPicker = (picker: Record<string, unknown>) => ({
  type: "template",
  altText: "日付を選んでください",
  template: {
    type: "buttons",
    title: "予約",
    text: "希望日を選んでください",
    actions: [{ type: "datetimepicker", label: "日付を選ぶ", data: "reserve", mode: "date", ...picker }],
  },
});

describe("validateAgainstContract", () => {
  it("When a plain text message is pushed, then it is valid", () => {
    expect(push({ type: "text", text: "こんにちは\n市役所です" })).toEqual([]);
  });

  it("When a quick reply has 13 items, then it is valid; with 14, then items is reported", () => {
    expect(push({ type: "text", text: "選んでください", quickReply: quickReplyOf(13) })).toEqual([]);
    const errors = push({ type: "text", text: "選んでください", quickReply: quickReplyOf(14) });
    expect(errors).toEqual(["messages[0].quickReply.items: must NOT have more than 13 items"]);
  });

  it("When a flex bubble with header/hero/body/footer is sent, then it is valid", () => {
    expect(push({ type: "flex", altText: "市民まつりのお知らせ", contents: bubble })).toEqual([]);
    expect(push({ type: "flex", altText: "一覧", contents: { type: "carousel", contents: [bubble, bubble] } })).toEqual([]);
  });

  it("When a buttons template carries a datetimepicker in the right format, then it is valid", () => {
    expect(push(buttonsWithPicker({ initial: "2026-12-01", min: "2026-11-24", max: "2027-03-31" }))).toEqual([]);
  });

  it("When a datetimepicker's initial does not match its mode, then the property is reported", () => {
    const errors = push(buttonsWithPicker({ initial: "2026-12-01T10:00" }));
    expect(errors).toEqual([expect.stringMatching(/^messages\[0\]\.template\.actions\[0\]\.initial: must be a date like 2017-06-18/)]);
    expect(push(buttonsWithPicker({ mode: "time", initial: "25:00" }))).toHaveLength(1);
    expect(push(buttonsWithPicker({ mode: "datetime", initial: "2026-12-01T10:00" }))).toEqual([]);
  });

  it("When the message type is unknown, then it is rejected on the type property", () => {
    expect(push({ type: "letter", text: "x" })).toEqual([
      "messages[0].type: must be one of: text, textV2, sticker, image, video, audio, location, imagemap, template, flex, coupon",
    ]);
  });

  it("When a quick reply label has 21 characters, then it is rejected (20 is fine)", () => {
    expect(push({ type: "text", text: "x", quickReply: quickReplyOf(1, "あ".repeat(20)) })).toEqual([]);
    expect(push({ type: "text", text: "x", quickReply: quickReplyOf(1, "あ".repeat(21)) })).toEqual([
      "messages[0].quickReply.items[0].action.label: must be at most 20 characters (got 21)",
    ]);
  });

  it("When a text has 5001 UTF-16 code units (emoji count 2), then it is rejected", () => {
    expect(push({ type: "text", text: "🍎".repeat(2500) })).toEqual([]);
    expect(push({ type: "text", text: "🍎".repeat(2500) + "a" })).toEqual([
      "messages[0].text: must be at most 5000 UTF-16 code units (got 5001)",
    ]);
  });

  it("When more than 5 messages are sent, then the contract's maxItems rejects them", () => {
    const six = Array.from({ length: 6 }, () => ({ type: "text", text: "x" }));
    expect(push(...six)).toEqual(["messages: must NOT have more than 5 items"]);
  });

  it("When template and action limits are broken, then each is reported with its path", () => {
    const errors = push(
      {
        type: "template",
        altText: "a".repeat(1501),
        template: {
          type: "buttons",
          title: "お知らせ",
          text: "あ".repeat(61),
          actions: [
            { type: "postback", label: "はい", data: "yes", displayText: "は".repeat(301) },
            { type: "uri", label: "開く", uri: "javascript:alert(1)" },
            { type: "message", label: "a", text: "a" },
            { type: "message", label: "b", text: "b" },
            { type: "message", label: "c", text: "c" },
          ],
        },
      },
      { type: "template", altText: "確認", template: { type: "confirm", text: "よろしいですか", actions: [{ type: "message", label: "はい", text: "はい" }] } },
    );
    expect(errors).toEqual(
      expect.arrayContaining([
        "messages[0].altText: must be at most 1500 UTF-16 code units (got 1501)",
        "messages[0].template.text: must be at most 60 characters (got 61)",
        "messages[0].template.actions: must have 1 to 4 actions (got 5)",
        "messages[0].template.actions[0].displayText: must be at most 300 characters (got 301)",
        "messages[0].template.actions[1].uri: must use the http, https, line or tel scheme",
        "messages[1].template.actions: must have exactly 2 actions",
      ]),
    );
  });

  it("When a flex carousel has 13 bubbles or a bubble is over 30 KB, then it is rejected", () => {
    const carousel = { type: "carousel", contents: Array.from({ length: 13 }, () => bubble) };
    expect(push({ type: "flex", altText: "x", contents: carousel })).toContain("messages[0].contents.contents: must have 1 to 12 bubbles (got 13)");
    const big = { type: "bubble", body: { type: "box", layout: "vertical", contents: [{ type: "text", text: "あ".repeat(11_000), wrap: true }] } };
    expect(push({ type: "flex", altText: "x", contents: big })).toEqual([
      expect.stringMatching(/^messages\[0\]\.contents: bubble JSON must be at most 30 KB/),
    ]);
  });

  it("When a flex component of an unknown type is nested deep, then its path is reported", () => {
    const broken = { ...bubble, body: { type: "box", layout: "vertical", contents: [{ type: "box", layout: "horizontal", contents: [{ type: "txt", text: "x" }] }] } };
    expect(push({ type: "flex", altText: "x", contents: broken })).toEqual([
      "messages[0].contents.body.contents[0].contents[0].type: must be one of: box, button, image, video, icon, text, span, separator, filler",
    ]);
  });

  it("When multicast has 501 recipients, then `to` is rejected", () => {
    const to = Array.from({ length: 501 }, (_, i) => `U${i.toString(16).padStart(32, "0")}`);
    expect(validator.validateRequest("multicast", { to, messages: [{ type: "text", text: "x" }] })).toEqual([
      "to: must NOT have more than 500 items",
    ]);
  });

  it("When a reply has no replyToken and the loading animation is 7 seconds, then both are reported", () => {
    expect(validator.validateRequest("reply", { messages: [{ type: "text", text: "x" }] })).toEqual(["replyToken: is required"]);
    expect(validator.validateRequest("showLoadingAnimation", { chatId: "U1", loadingSeconds: 7 })).toEqual([
      "loadingSeconds: must be a multiple of 5",
    ]);
  });
});
