// The card residents see for a round, a poll or an event (and the lists of their own comments and
// sign-ups): one Flex bubble shape, so the cards look alike and LINE's rules are kept in one place.
// Optional picture, a small coloured kicker, the title, status lines, rows of label and value, a
// longer text, and buttons in the footer. Plain data in, a bubble (channel-neutral JSON) out.

/** LINE shows at most 12 bubbles in a carousel. */
export const MAX_CAROUSEL = 12;

export type TFlexAction = { type: "postback"; label: string; data: string; displayText: string } | { type: "uri"; label: string; uri: string };
export type TFlexButton = { style: "primary" | "secondary" | "link"; action: TFlexAction };
/** A line under the title: "status" stands out (bold, green; 回答済み, 参加確定), "aside" is small and grey (主催). */
export type TFlexNote = { text: string; tone: "status" | "aside" };

export type TFlexCard = {
  heroImageUrl?: string | null;
  /** A square picture shown whole (a QR code to scan at the door), instead of a photo cut to 20:13. */
  heroSquare?: boolean;
  /** What the card is about, above the title ("アンケート", "受付番号 R3-000123"), in the service's colour. */
  kicker?: { text: string; color: string };
  title: string;
  /** "lg" for cards that announce; "md" (LINE's default, so not written) where many cards of one resident stand together. */
  titleSize?: "lg" | "md";
  notes?: TFlexNote[];
  lines: { label: string; value: string }[];
  /** The longer text under the rows (a description, a summary); left out when empty. */
  body?: string;
  /** No buttons: no footer. */
  buttons: TFlexButton[];
};

const STATUS_COLOR = "#1B7F3B";

function line(label: string, value: string) {
  return {
    type: "box",
    layout: "baseline",
    spacing: "sm",
    contents: [
      { type: "text", text: label, size: "sm", color: "#888888", flex: 2 },
      { type: "text", text: value, size: "sm", wrap: true, flex: 5 },
    ],
  };
}

function note(n: TFlexNote) {
  return n.tone === "status"
    ? { type: "text", text: n.text, size: "sm", weight: "bold", color: STATUS_COLOR, wrap: true }
    : { type: "text", text: n.text, size: "xs", color: "#888888", wrap: true };
}

export function flexCard(card: TFlexCard): Record<string, unknown> {
  return {
    type: "bubble",
    ...(card.heroImageUrl
      ? { hero: { type: "image", url: card.heroImageUrl, size: "full", ...(card.heroSquare ? { aspectRatio: "1:1", aspectMode: "fit" } : { aspectRatio: "20:13", aspectMode: "cover" }) } }
      : {}),
    body: {
      type: "box",
      layout: "vertical",
      spacing: "sm",
      contents: [
        ...(card.kicker ? [{ type: "text", text: card.kicker.text, size: "xs", color: card.kicker.color, weight: "bold" }] : []),
        { type: "text", text: card.title, weight: "bold", ...(card.titleSize === "md" ? {} : { size: "lg" }), wrap: true },
        ...(card.notes ?? []).map(note),
        ...card.lines.map((l) => line(l.label, l.value)),
        ...(card.body ? [{ type: "text", text: card.body, size: "sm", color: "#555555", wrap: true, margin: "md" }] : []),
      ],
    },
    // Spacing is written even for one button (where it changes nothing), so every card's footer is the same.
    ...(card.buttons.length > 0
      ? { footer: { type: "box", layout: "vertical", spacing: "sm", contents: card.buttons.map((b) => ({ type: "button", style: b.style, height: "sm", action: b.action })) } }
      : {}),
  };
}

/** Cards side by side; LINE refuses more than MAX_CAROUSEL, so the rest are left out (callers say how many there are). */
export function flexCarousel(bubbles: Record<string, unknown>[]): Record<string, unknown> {
  return { type: "carousel", contents: bubbles.slice(0, MAX_CAROUSEL) };
}
