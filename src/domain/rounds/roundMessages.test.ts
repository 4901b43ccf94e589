import { describe, expect, it } from "vitest";
import { announcementMessage, MAX_CAROUSEL, myCommentsMessages, openRoundsMessages, withdrawPostback, type TMyComment } from "./roundMessages.ts";

type TAction = { type: string; label: string; data?: string; uri?: string };
function actions(node: unknown): TAction[] {
  if (!node || typeof node !== "object") return [];
  const here = "action" in node ? [(node as { action: TAction }).action] : [];
  return [...here, ...Object.values(node).flatMap(actions)];
}

const card = (n: number) => ({ number: n, title: `案件${n}`, summary: "概".repeat(2000), documentUrl: "https://example.jp/d.pdf", closesAt: new Date("2026-12-20T08:30:00Z") });

describe("round messages", () => {
  it("When a round is announced, then the card shows the deadline in Tokyo time and its summary clipped, with the document and comment buttons", () => {
    const m = announcementMessage(card(3), "ja");
    expect(m.type).toBe("flex");
    const json = JSON.stringify(m);
    expect(json).toContain("12月20日(日) 17:30");
    expect(json).not.toContain("概".repeat(400));
    expect(actions(m)).toEqual([
      { type: "uri", label: "資料を見る", uri: "https://example.jp/d.pdf" },
      { type: "postback", label: "意見を書く", data: "flow=round-3", displayText: "意見を書く" },
    ]);
    expect(new TextEncoder().encode(JSON.stringify((m as { contents: unknown }).contents)).length).toBeLessThan(30 * 1024);
  });

  it("When more rounds are open than a carousel holds, then 12 are shown and the text says how many there are", () => {
    const messages = openRoundsMessages(Array.from({ length: 15 }, (_, i) => card(i + 1)).slice(0, MAX_CAROUSEL), 15, "ja");
    expect((messages[0] as { text: string }).text).toContain("15件");
    expect((messages[1] as unknown as { contents: { contents: unknown[] } }).contents.contents).toHaveLength(12);
    expect((openRoundsMessages([], 0, "ja")[0] as { text: string }).text).toContain("いま意見を募集している案件はありません");
  });

  it("When a resident lists their comments, then only a submitted comment on an open round offers 取り下げる, carrying its receipt", () => {
    const base: TMyComment = { receiptNumber: "R3-000123", roundTitle: "案件", sectionTitle: "第1章", body: "意".repeat(300), status: "submitted", submittedAt: new Date(), roundOpen: true, closesAt: new Date(), resultsUrl: null };
    const [, carousel] = myCommentsMessages([base, { ...base, receiptNumber: "R3-000124", status: "withdrawn" }, { ...base, receiptNumber: "R3-000125", roundOpen: false }], 3, "ja");
    expect(actions(carousel).map((a) => a.data)).toEqual([withdrawPostback("R3-000123")]);
    expect(withdrawPostback("R3-000123")).toBe("flow=comment-withdraw&receipt=R3-000123");
    expect(JSON.stringify(carousel)).not.toContain("意".repeat(100));
  });
});
