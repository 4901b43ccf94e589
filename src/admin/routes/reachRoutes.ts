// Reach of each send (targeted, sent, skipped, failed; LINE's opens and clicks; blocks within 24 h),
// blocks per week, and the ホーム dashboard with its CSV.
import { z } from "zod";
import { ZSendReport, ZWeeklyBlocks } from "../../domain/reach/sendReports.ts";
import { ZDashboard } from "../../domain/reach/dashboard.ts";
import { type TReachServices } from "../../domain/reach/reachModule.ts";
import { defineRoute, ZNoJson } from "../defineRoute.ts";

const tag = "reach";
const ZAbout = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/);

export const ZReachQuery = z.object({
  /** Comma-separated ids of rounds, polls, events, opportunities or shifts: only their sends. Absent: the latest sends. */
  about: z
    .string()
    .optional()
    .transform((s, ctx) => {
      if (s === undefined) return undefined;
      const list = s.split(",").filter(Boolean);
      if (list.length === 0 || list.length > 50 || !list.every((a) => ZAbout.safeParse(a).success)) {
        ctx.addIssue({ code: "custom", message: "about: 1–50 ids separated by commas" });
        return z.NEVER;
      }
      return list;
    }),
  limit: z.coerce.number().int().min(1).max(500).optional(),
});

export function reachRoutes(reach: TReachServices) {
  return [
    defineRoute({
      method: "get", path: "/reach/sends", tag, role: "viewer",
      summary: "Each send, newest first: residents targeted, sent (accepted by LINE), skipped (blocked, held by quiet hours), failed with the reason; LINE's opens and clicks the day after; blocks within 24 h",
      query: ZReachQuery,
      response: z.object({ sends: z.array(ZSendReport) }),
      handler: async ({ query }) => ({ sends: await reach.sends({ abouts: query.about, limit: query.limit ?? 100 }) }),
    }),
    defineRoute({
      method: "get", path: "/reach/blocks", tag, role: "viewer",
      summary: "Residents who blocked the account per week (the last 12 weeks), and how many of them within 24 h of a message",
      response: z.object({ weeks: z.array(ZWeeklyBlocks) }),
      handler: async () => ({ weeks: await reach.weeklyBlocks() }),
    }),
    defineRoute({
      method: "get", path: "/dashboard", tag, role: "viewer",
      summary: "The ホーム figures: friends, consented, reachable and blocked over time; residents by age band and district (groups under 5 merged); under 30; participation against the target; messages this month",
      response: ZDashboard,
      handler: async () => reach.dashboard(),
    }),
    defineRoute({
      method: "get", path: "/dashboard.csv", tag, role: "viewer", produces: ["text/csv"],
      summary: "Every figure of ホーム as CSV (section, item, value; UTF-8 with BOM)",
      response: ZNoJson,
      handler: async ({ res }) => {
        const d = await reach.dashboard();
        res.setHeader("Content-Type", "text/csv; charset=utf-8");
        res.setHeader("Content-Disposition", `attachment; filename="dashboard-${d.today}.csv"`);
        res.send(reach.dashboardCsv(d));
        return undefined;
      },
    }),
  ];
}
