import { describe, expect, it } from "vitest";
import { flexCard, flexCarousel, MAX_CAROUSEL } from "./flexCard.ts";

type TNode = { type: string; text?: string; size?: string; weight?: string; color?: string; contents?: TNode[]; action?: Record<string, unknown>; height?: string; style?: string };
type TBubble = { type: string; hero?: { url: string }; body: TNode; footer?: TNode };

describe("flexCard", () => {
  it("When a card has every part, then kicker, title, notes, rows and body stand in that order, with the buttons in the footer", () => {
    const card = flexCard({
      heroImageUrl: "https://example.jp/a.png",
      kicker: { text: "アンケート", color: "#1B7F3B" },
      title: "公園について",
      notes: [{ text: "主催：市", tone: "aside" }, { text: "回答済み", tone: "status" }],
      lines: [{ label: "締切", value: "12月5日(土) 14:00" }],
      body: "説明",
      buttons: [
        { style: "secondary", action: { type: "uri", label: "地図", uri: "https://maps.example.jp" } },
        { style: "primary", action: { type: "postback", label: "回答する", data: "flow=poll-1", displayText: "回答する" } },
      ],
    }) as TBubble;
    expect(card.type).toBe("bubble");
    expect(card.hero).toMatchObject({ type: "image", url: "https://example.jp/a.png" });
    const texts = card.body.contents!.map((c) => (c.type === "box" ? c.contents!.map((x) => x.text).join("|") : c.text));
    expect(texts).toEqual(["アンケート", "公園について", "主催：市", "回答済み", "締切|12月5日(土) 14:00", "説明"]);
    expect(card.body.contents![0]).toMatchObject({ size: "xs", color: "#1B7F3B", weight: "bold" });
    expect(card.body.contents![1]).toMatchObject({ weight: "bold", size: "lg" });
    expect(card.body.contents![3]).toMatchObject({ weight: "bold", color: "#1B7F3B" });
    expect(card.footer!.contents!.map((b) => [b.type, b.style, b.height, b.action!.label])).toEqual([
      ["button", "secondary", "sm", "地図"],
      ["button", "primary", "sm", "回答する"],
    ]);
  });

  it("When parts are missing, then there is no hero, no kicker, no empty body text and no footer", () => {
    const card = flexCard({ heroImageUrl: null, title: "題", lines: [], body: "", buttons: [] }) as TBubble;
    expect(card).not.toHaveProperty("hero");
    expect(card).not.toHaveProperty("footer");
    expect(card.body.contents).toEqual([{ type: "text", text: "題", weight: "bold", size: "lg", wrap: true }]);
  });

  it("When the title size is md, then no size is written (LINE's default)", () => {
    const card = flexCard({ title: "題", titleSize: "md", lines: [], buttons: [] }) as TBubble;
    expect(card.body.contents![0]).toEqual({ type: "text", text: "題", weight: "bold", wrap: true });
  });
});

describe("flexCarousel", () => {
  it("When there are more bubbles than LINE allows, then only the first 12 are sent", () => {
    const bubbles = Array.from({ length: 15 }, (_, i) => flexCard({ title: `題${i}`, lines: [], buttons: [] }));
    const carousel = flexCarousel(bubbles) as { type: string; contents: unknown[] };
    expect(carousel.type).toBe("carousel");
    expect(MAX_CAROUSEL).toBe(12);
    expect(carousel.contents).toEqual(bubbles.slice(0, 12));
  });
});
