import { describe, expect, it } from "vitest";
import { announcementMessage, formatSpan, myRegistrationsMessage, reminderText, upcomingMessage, type TEventFacts } from "./eventMessages.ts";

const jst = (s: string) => new Date(`${s}+09:00`);
const event: TEventFacts = {
  number: 7,
  title: "こども防災キャンプ",
  description: "親子で防災を学びます。",
  imageUrl: "https://example.org/camp.jpg",
  startsAt: jst("2026-12-05T14:00:00"),
  endsAt: jst("2026-12-05T16:00:00"),
  place: "長門市民会館",
  mapUrl: "https://maps.example.org/?q=hall",
  signupDeadline: jst("2026-12-03T17:00:00"),
  organizer: null,
};

describe("event messages", () => {
  it("When an event is announced, then the card shows the picture, date-time in Tokyo, place, seats left, 地図 and 申し込む", () => {
    const m = announcementMessage(event, 12, "ja");
    expect(m.type).toBe("flex");
    const json = JSON.stringify(m);
    expect(json).toContain('"hero":{"type":"image","url":"https://example.org/camp.jpg"');
    expect(json).toContain("12月5日(土) 14:00〜16:00");
    expect(json).toContain("長門市民会館");
    expect(json).toContain('"残り席"');
    expect(json).toContain('"12席"');
    expect(json).toContain('{"type":"uri","label":"地図","uri":"https://maps.example.org/?q=hall"}');
    expect(json).toContain('{"type":"postback","label":"申し込む","data":"flow=event-7","displayText":"申し込む"}');
  });

  it("When an event has no picture or map, then the card has neither a hero nor a 地図 button", () => {
    const json = JSON.stringify(announcementMessage({ ...event, imageUrl: null, mapUrl: null }, 0, "ja"));
    expect(json).not.toContain("hero");
    expect(json).not.toContain("地図");
    expect(json).toContain("満席");
  });

  it("When an event ends on another day, then both dates are shown; in English, English dates", () => {
    expect(formatSpan({ startsAt: event.startsAt, endsAt: jst("2026-12-06T10:00:00") }, "ja")).toBe("12月5日(土) 14:00〜12月6日(日) 10:00");
    expect(formatSpan(event, "en")).toBe("Sat, Dec 5, 2:00 pm – 4:00 pm");
  });

  it("When more than 12 events are open, then the carousel holds 12 bubbles", () => {
    const list = Array.from({ length: 15 }, (_, i) => ({ facts: { ...event, number: i + 1 }, seatsLeft: 3 }));
    const [, carousel] = upcomingMessage(list, "ja");
    expect((carousel as unknown as { contents: { contents: unknown[] } }).contents.contents).toHaveLength(12);
    expect(Buffer.byteLength(JSON.stringify(carousel))).toBeLessThan(50 * 1024);
  });

  it("When a resident lists their sign-ups, then each has a キャンセル button for that registration", () => {
    const [, carousel] = myRegistrationsMessage([{ id: "r1", status: "waitlisted", companions: 1, position: 2, facts: event, cancelled: false, receipt: "E3-0A1B2C3D", qrUrl: "https://bot.example/qr/receipts/E3-0A1B2C3D.png" }], 0, "ja");
    const json = JSON.stringify(carousel);
    expect(json).toContain('"data":"flow=event-cancel&registration=r1"');
    expect(json).toContain("キャンセル待ち 2番目（同伴1人）");
    expect(json).not.toContain("親子で防災");
    // The receipt number shows; its QR code only for a confirmed seat (the waiting list has none to show at the door).
    expect(json).toContain("E3-0A1B2C3D");
    expect(json).not.toContain("/qr/receipts/");
  });

  it("When a reminder is written, then it says date, time, place, map and the staff's note", () => {
    const text = reminderText(event, "dayBefore", "雨天決行です。", "ja");
    expect(text).toContain("12月5日(土) 14:00〜16:00");
    expect(text).toContain("長門市民会館");
    expect(text).toContain("https://maps.example.org/?q=hall");
    expect(text).toContain("雨天決行です。");
  });
});
