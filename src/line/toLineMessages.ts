// Turns the engine's channel-neutral messages into LINE Messaging API messages, within LINE's
// documented limits (text 5,000 UTF-16 units, template text 160/60, altText 400/1,500).
import type { messagingApi } from "@line/bot-sdk";
import { type TOutAction, type TOutMessage } from "../flows/engineTypes.ts";

type LineMessage = messagingApi.Message;
type LineAction = messagingApi.Action;

const TEXT_MAX = 5000;
const TEMPLATE_ALT_MAX = 400;
const FLEX_ALT_MAX = 1500;

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

export function toLineAction(a: TOutAction): LineAction {
  switch (a.type) {
    case "postback":
      return { type: "postback", label: a.label, data: a.data, displayText: a.displayText };
    case "uri":
      return { type: "uri", label: a.label, uri: a.uri };
    case "message":
      return { type: "message", label: a.label, text: a.text };
    case "datetimepicker":
      return { type: "datetimepicker", label: a.label, data: a.data, mode: a.mode, ...(a.initial && { initial: a.initial }), ...(a.min && { min: a.min }), ...(a.max && { max: a.max }) };
  }
}

/** A long text becomes several messages, cut at line breaks where possible. */
function splitText(text: string): string[] {
  const parts: string[] = [];
  let rest = text;
  while (rest.length > TEXT_MAX) {
    const cut = rest.lastIndexOf("\n", TEXT_MAX);
    const at = cut > TEXT_MAX / 2 ? cut : TEXT_MAX;
    parts.push(rest.slice(0, at));
    rest = rest.slice(at).replace(/^\n/, "");
  }
  parts.push(rest);
  return parts;
}

function convert(m: TOutMessage): LineMessage[] {
  switch (m.type) {
    case "text":
      return splitText(m.text).map((text) => ({ type: "text", text }));
    case "image":
      return [{ type: "image", originalContentUrl: m.url, previewImageUrl: m.previewUrl }];
    case "flex":
      return [{ type: "flex", altText: clip(m.altText, FLEX_ALT_MAX), contents: m.contents as unknown as messagingApi.FlexContainer }];
    case "buttons": {
      // A buttons template holds 160 characters (60 with a title or image); longer text goes first as its own message.
      const limit = m.title || m.imageUrl ? 60 : 160;
      const fits = m.text.length <= limit;
      const template: LineMessage = {
        type: "template",
        altText: clip(m.altText, TEMPLATE_ALT_MAX),
        template: {
          type: "buttons",
          ...(m.title && { title: clip(m.title, 40) }),
          ...(m.imageUrl && { thumbnailImageUrl: m.imageUrl }),
          text: fits ? m.text : "↓",
          actions: m.actions.map(toLineAction),
        },
      };
      return fits ? [template] : [...splitText(m.text).map((text): LineMessage => ({ type: "text", text })), template];
    }
  }
}

export function toLineMessages(messages: TOutMessage[]): LineMessage[] {
  return messages.flatMap((m) => {
    const converted = convert(m);
    if (m.quickReplies?.length) {
      const last = converted[converted.length - 1]!;
      converted[converted.length - 1] = { ...last, quickReply: { items: m.quickReplies.slice(0, 13).map((a) => ({ type: "action", action: toLineAction(a) })) } };
    }
    return converted;
  });
}
