// The city's settings (reminders, quiet hours, message budget) and what a send would cost, so the
// console can show the cost before staff send anything.
import { z } from "zod";
import { type PrismaClient } from "../../generated/prisma/client.ts";
import { audienceSize, ZAudience } from "../../domain/audience.ts";
import { budgetMonth, checkBudget } from "../../domain/delivery/messageBudget.ts";
import { type DeliveryQueue } from "../../domain/delivery/DeliveryQueue.ts";
import { replanHeldDeliveries } from "../../domain/delivery/deliveryStatus.ts";
import { readSettings, updateSettings, ZSettingsPatch } from "../../domain/settings/SettingsService.ts";
import { ZBudgetCheck } from "../../domain/delivery/budgetTypes.ts";
import { ZSettings } from "../../domain/settings/settingsTypes.ts";
import { defineRoute } from "../defineRoute.ts";

const tag = "settings";

export const ZBudgetEstimateInput = z.object({ audience: ZAudience }).strict();

export function settingsRoutes(prisma: PrismaClient, deliveries: DeliveryQueue) {
  return [
    defineRoute({
      method: "get", path: "/settings", tag, role: "viewer",
      response: z.object({ settings: ZSettings }),
      summary: "The city's settings: reminders (on/off, day-before time, hour before, note), quiet hours (Asia/Tokyo), monthly message budget (null = unlimited)",
      handler: async () => ({ settings: await readSettings(prisma) }),
    }),
    defineRoute({
      method: "put", path: "/settings", tag, role: "admin",
      response: z.object({ settings: ZSettings }),
      summary:
        "Change settings: only the settings and fields given (the others keep their values); every change is in the audit trail. A change of quiet hours re-plans the messages they hold (turned off: they go now)",
      body: ZSettingsPatch,
      handler: async ({ body, staff }) => {
        const settings = await updateSettings(prisma, body, staff);
        if (body.quietHours) {
          await replanHeldDeliveries(prisma, settings.quietHours);
          deliveries.notify();
        }
        return { settings };
      },
    }),
    defineRoute({
      method: "get", path: "/budget", tag, role: "viewer",
      response: z.object({ limit: z.int().nullable(), used: z.int(), remaining: z.int().nullable(), month: z.string() }),
      summary: "This month's messages (Tokyo calendar month; one per recipient, as LINE counts, reminders included): limit, used, remaining (null = unlimited)",
      handler: async () => {
        const now = new Date();
        const { limit, used, remaining } = await checkBudget(prisma, 0, now);
        return { limit, used, remaining, month: budgetMonth(now) };
      },
    }),
    defineRoute({
      method: "post", path: "/budget/estimate", tag, role: "viewer",
      response: ZBudgetCheck.extend({ recipients: z.int(), month: z.string(), budget: ZBudgetCheck }),
      summary:
        "What sending one message to this audience would cost now: recipients (reachable residents), cost in messages, and whether it exceeds the month's budget (the same numbers also as `budget`, as send previews answer)",
      body: ZBudgetEstimateInput,
      handler: async ({ body }) => {
        const now = new Date();
        const recipients = await audienceSize(prisma, body.audience);
        const check = await checkBudget(prisma, recipients, now);
        return { recipients, ...check, month: budgetMonth(now), budget: check };
      },
    }),
  ];
}
