// The parts of LINE's webhook body the bot relies on (vendor/line-openapi/webhook.yml). The body
// must be { destination, events: [...] } (else 400); each event is then taken on its own, so one
// event of a kind or mode LINE added since, or missing a part, never costs the others their place.
import { z } from "zod";
import { type TResidentEvent } from "../conversation/residentEvent.ts";

export const ZWebhookEvent = z
  .object({
    type: z.string(),
    webhookEventId: z.string().min(1).max(100),
    timestamp: z.number().int().nonnegative(),
    // LINE documents "active" and "standby"; anything else is stored and not acted on.
    mode: z.string().optional(),
    source: z.object({ type: z.string(), userId: z.string().optional() }).loose().optional(),
    replyToken: z.string().optional(),
    deliveryContext: z.object({ isRedelivery: z.boolean() }).loose().optional(),
    message: z.object({ type: z.string(), text: z.string().optional() }).loose().optional(),
    postback: z
      .object({ data: z.string(), params: z.object({ date: z.string(), time: z.string(), datetime: z.string() }).partial().loose().optional() })
      .loose()
      .optional(),
  })
  .loose();
export type TWebhookEvent = z.infer<typeof ZWebhookEvent>;

/** Just enough of an event to store it once and keep one resident's events in order. */
export const ZStorableEvent = z.object({ webhookEventId: z.string().min(1).max(100), timestamp: z.number().int().nonnegative() }).loose();

export const ZWebhookBody = z.object({ destination: z.string(), events: z.array(z.unknown()) }).loose();

/** The resident event inside a LINE event, or undefined for events the bot does not act on. */
export function toResidentEvent(e: TWebhookEvent): { lineUserId: string; event: TResidentEvent } | undefined {
  // Only one-on-one chats with a known user; standby events belong to another channel's bot.
  if (e.mode !== "active" || e.source?.type !== "user" || !e.source.userId) return undefined;
  const lineUserId = e.source.userId;
  switch (e.type) {
    case "follow":
      return { lineUserId, event: { type: "follow" } };
    case "unfollow":
      return { lineUserId, event: { type: "unfollow" } };
    case "message":
      return e.message?.type === "text" && typeof e.message.text === "string"
        ? { lineUserId, event: { type: "text", text: e.message.text } }
        : { lineUserId, event: { type: "other" } };
    case "postback":
      return e.postback ? { lineUserId, event: { type: "postback", data: e.postback.data, params: e.postback.params } } : undefined;
    default:
      return undefined;
  }
}
