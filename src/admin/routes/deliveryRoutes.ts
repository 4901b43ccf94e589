// How each send is going (予定 / 配信中 / 完了, failed or expired with the reason), and an
// administrator's 今すぐ配信 for what quiet hours hold.
import { z } from "zod";
import { type PrismaClient } from "../../generated/prisma/client.ts";
import { type DeliveryQueue } from "../../domain/delivery/DeliveryQueue.ts";
import { deliveryStatusAbout, sendHeldNow, ZDeliveryGroup } from "../../domain/delivery/deliveryStatus.ts";
import { defineRoute } from "../defineRoute.ts";

const tag = "deliveries";
const ZAbout = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/);

export const ZDeliveryQuery = z.object({
  /** Comma-separated: ids of the round, poll, event, opportunity or shifts, and flow ids ("round-3") for closing reminders. */
  about: z.string().transform((s, ctx) => {
    const list = s.split(",").filter(Boolean);
    if (list.length === 0 || list.length > 50 || !list.every((a) => ZAbout.safeParse(a).success)) {
      ctx.addIssue({ code: "custom", message: "about: 1–50 ids separated by commas" });
      return z.NEVER;
    }
    return list;
  }),
});
/** `purpose`: one send, as the status lists it. */
export const ZSendNowInput = z.object({ purpose: z.string().min(1).max(200) }).strict();

export function deliveryRoutes(prisma: PrismaClient, queue: DeliveryQueue) {
  return [
    defineRoute({
      method: "get", path: "/deliveries", tag, role: "viewer",
      
      summary:
        "The sends about these things, newest first: state (planned, sending, done, failed, expired), recipients per state, when the rest goes out and whether quiet hours hold it, and LINE's errors",
      query: ZDeliveryQuery,
      response: z.object({ deliveries: z.array(ZDeliveryGroup) }),
      handler: async ({ query }) => ({ deliveries: await deliveryStatusAbout(prisma, query.about) }),
    }),
    defineRoute({
      method: "post", path: "/deliveries/send-now", tag, role: "admin",
      summary: "Send now what is still held of this send (quiet hours, or waiting to be tried again), as urgent; audited",
      body: ZSendNowInput,
      response: z.object({ recipients: z.number() }),
      handler: async ({ body, staff }) => {
        const result = await sendHeldNow(prisma, body.purpose, staff);
        queue.notify();
        return result;
      },
    }),
  ];
}
