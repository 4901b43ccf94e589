import { describe, expect, it } from "vitest";
import { announcementMessage, openPollsMessages, pollTexts } from "./pollMessages.ts";

const card = (n: number) => ({
  number: n,
  title: "あ".repeat(100),
  description: "説明".repeat(500),
  closesAt: new Date("2026-12-05T05:00:00Z"),
  questionCount: 20,
});

describe("poll messages", () => {
  it("When a poll is announced, then the card shows the deadline in Tokyo time and 「回答する」 starts poll-<number>", () => {
    const m = announcementMessage(card(3), "ja");
    expect(m.type).toBe("flex");
    const json = JSON.stringify(m);
    expect(json).toContain("12月5日(土) 14:00");
    expect(json).toContain('"data":"flow=poll-3"');
    expect(json).toContain('"label":"回答する"');
    expect(new TextEncoder().encode(JSON.stringify((m as { contents: unknown }).contents)).length).toBeLessThan(30 * 1024);
    expect(announcementMessage(card(3), "ja", { reminder: true })).toMatchObject({ altText: expect.stringContaining("【まだの方へ】") });
  });

  it("When more than 12 polls are open, then the carousel shows 12, says how many there are, and stays under LINE's 50 KB", () => {
    const polls = Array.from({ length: 12 }, (_, i) => ({ ...card(i + 1), answered: i === 0 }));
    const [intro, carousel] = openPollsMessages(polls, 15, "ja");
    expect(intro).toMatchObject({ type: "text" });
    expect((intro as { text: string }).text).toContain("15件");
    const contents = (carousel as unknown as { contents: { contents: unknown[] } }).contents;
    expect(contents.contents).toHaveLength(12);
    expect(JSON.stringify(contents.contents[0])).toContain("回答を変更する");
    expect(new TextEncoder().encode(JSON.stringify(contents)).length).toBeLessThan(50 * 1024);
  });

  it("When no poll is open, then the resident is told kindly, in their language", () => {
    expect(openPollsMessages([], 0, "ja")).toEqual([{ type: "text", text: expect.stringContaining("いま回答を受け付けているアンケートはありません") }]);
    expect(openPollsMessages([], 0, "en")[0]).toMatchObject({ text: expect.stringContaining("No surveys are open") });
    expect(pollTexts.closed("ja")).toContain("このアンケートは締め切りました");
  });
});
