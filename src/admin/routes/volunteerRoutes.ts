// The admin API of volunteers (tag "volunteers"): the register in numbers, opportunities with
// shifts, inviting matching volunteers, sign-ups, hours, exports.
import { z } from "zod";
import { ZLanguage } from "../../flows/flowSchema.ts";
import { defineRoute, pathParams, ZConflict, ZIdParams, ZNoJson, ZPreviewMessages, ZSendConflict, type TRoute } from "../defineRoute.ts";
import { type TVolunteerServices } from "../../domain/volunteers/volunteersModule.ts";
import { exportCells, exportHeaders } from "../../domain/volunteers/ShiftSignupRecords.ts";
import { toCsv } from "../../domain/export/csv.ts";
import { ZStaffMessageInput, ZStaffMessagePreview } from "../../domain/messages/staffMessageInput.ts";
import {
  ZInviteInput,
  ZInviteResult,
  ZOpportunityInput,
  ZOpportunityListQuery,
  ZOpportunityView,
  ZShiftMessageResult,
  ZShiftSignupView,
  ZSignupExportRow,
  ZSignupListQuery,
  ZSignupUpdate,
  ZVolunteerOptions,
  ZVolunteerStats,
  ZVolunteerStatsQuery,
  ZVolunteerSummary,
} from "../../domain/volunteers/volunteerTypes.ts";

export type TVolunteerRouteDeps = TVolunteerServices;

const tag = "volunteers";
const ZOpportunity = z.object({ opportunity: ZOpportunityView });

export function volunteerRoutes(deps: TVolunteerRouteDeps): TRoute[] {
  return [
    defineRoute({
      method: "get", path: "/volunteers", tag, role: "viewer",
      response: ZVolunteerSummary,
      summary: "The volunteer register in numbers: active, ended, minors, by age band, district, area, skill and free time (no one named)",
      handler: async () => deps.summary(),
    }),
    defineRoute({
      method: "get", path: "/volunteers/options", tag, role: "viewer",
      response: ZVolunteerOptions,
      summary: "The values of areas, districts, age bands, skills and free times, with their labels (for forms)",
      handler: async () => deps.options(),
    }),
    defineRoute({
      method: "get", path: "/volunteers/stats", tag, role: "viewer",
      response: ZVolunteerStats,
      summary: "Per month (Asia/Tokyo): registered volunteers, sign-ups and hours, by age band and district; groups under 5 merged",
      query: ZVolunteerStatsQuery,
      handler: async ({ query }) => deps.stats(query),
    }),
    defineRoute({
      method: "get", path: "/opportunities", tag, role: "viewer",
      response: z.object({ opportunities: z.array(ZOpportunityView) }),
      summary: "Volunteer opportunities with their shifts and sign-up counts (newest first; from/to: a shift starting in that window)",
      query: ZOpportunityListQuery,
      handler: async ({ query }) => ({ opportunities: await deps.opportunities.list(query) }),
    }),
    defineRoute({
      method: "post", path: "/opportunities", tag, role: "staff", status: 201,
      response: ZOpportunity,
      summary: "Post a volunteer opportunity with its shifts (up to 12)",
      body: ZOpportunityInput,
      handler: async ({ body, staff }) => ({ opportunity: await deps.opportunities.create(body, staff) }),
    }),
    defineRoute({
      method: "get", path: "/opportunities/:id", tag, role: "viewer",
      params: ZIdParams, response: ZOpportunity,
      summary: "One opportunity with its shifts and sign-up counts",
      handler: async ({ params }) => ({ opportunity: await deps.opportunities.get(params.id) }),
    }),
    defineRoute({
      method: "put", path: "/opportunities/:id", tag, role: "staff",
      conflict: ZConflict,
      params: ZIdParams, response: ZOpportunity,
      summary: "Edit an opportunity: every field and the list of shifts (a shift with its id is kept; one with sign-ups cannot be removed)",
      body: ZOpportunityInput,
      handler: async ({ params, body, staff }) => ({ opportunity: await deps.opportunities.update(params.id, body, staff) }),
    }),
    defineRoute({
      method: "get", path: "/opportunities/:id/preview", tag, role: "staff",
      params: ZIdParams, response: ZPreviewMessages,
      summary: "The invitation as matching volunteers will read it (intro with the description, one card per upcoming shift), in one language; nothing is sent",
      query: z.object({ lang: ZLanguage.default("ja") }),
      handler: async ({ params, query }) => ({ messages: await deps.opportunities.previewInvitation(params.id, query.lang) }),
    }),
    defineRoute({
      method: "post", path: "/opportunities/:id/invite", tag, role: "staff",
      conflict: ZSendConflict,
      params: ZIdParams, response: ZInviteResult,
      summary: "Invite the matching volunteers, once (dryRun: only count and show the cost; 409 over the month's budget unless an administrator confirms)",
      body: ZInviteInput,
      handler: async ({ params, body, staff }) => deps.opportunities.invite(params.id, body, staff),
    }),
    defineRoute({
      method: "get", path: "/shifts/:shiftId/signups", tag, role: "viewer",
      params: pathParams("shiftId"), response: z.object({ shiftId: z.string(), needed: z.int(), signups: z.array(ZShiftSignupView) }),
      summary: "Who signed up for a shift: status, waiting-list place, district, age band, skills, attendance, hours (no names)",
      query: ZSignupListQuery,
      handler: async ({ params, query }) => deps.signups.list(params.shiftId, query.includeCancelled),
    }),
    defineRoute({
      method: "patch", path: "/shifts/:shiftId/signups/:signupId", tag, role: "staff",
      params: pathParams("shiftId", "signupId"), response: z.object({ signup: ZShiftSignupView, thanked: z.boolean() }),
      summary: "Record attendance and hours; the first time with hours, the volunteer is thanked with their total",
      body: ZSignupUpdate,
      handler: async ({ params, body, staff }) => {
        const { thanked, ...signup } = await deps.signups.update(params.shiftId, params.signupId, body, staff);
        return { signup, thanked };
      },
    }),
    defineRoute({
      method: "post", path: "/shifts/:shiftId/message/preview", tag, role: "staff",
      params: pathParams("shiftId"), response: ZPreviewMessages,
      summary: "A message to a shift's volunteers, as they will read it in one language (lang: ja, en, easy); nothing is sent",
      body: ZStaffMessagePreview,
      handler: async ({ params, body }) => ({ messages: await deps.signups.previewMessage(params.shiftId, body) }),
    }),
    defineRoute({
      method: "post", path: "/shifts/:shiftId/message", tag, role: "staff",
      conflict: ZSendConflict,
      params: pathParams("shiftId"), response: ZShiftMessageResult,
      summary: "Message a shift's volunteers (confirmed, and the waiting list unless includeWaitlisted is false); dryRun: only the cost. Over the month's budget: 409 with `budget` unless an administrator sets confirmOverBudget",
      body: ZStaffMessageInput,
      handler: async ({ params, body, staff }) => deps.signups.message(params.shiftId, staff, body),
    }),
    defineRoute({
      method: "get", path: "/opportunities/:id/signups.csv", tag, role: "staff",
      params: ZIdParams, response: ZNoJson,
      summary: "Sign-ups of an opportunity as CSV (UTF-8 with BOM, CRLF, Japanese headers)",
      produces: ["text/csv"],
      handler: async ({ params, staff, res }) => {
        const rows = await deps.signups.exportRows(params.id, staff, "csv");
        res.setHeader("Content-Type", "text/csv; charset=utf-8");
        res.setHeader("Content-Disposition", `attachment; filename="volunteer-signups-${params.id.slice(0, 8)}.csv"`);
        res.send(toCsv(exportHeaders, rows.map(exportCells)));
        return undefined;
      },
    }),
    defineRoute({
      method: "get", path: "/opportunities/:id/signups.json", tag, role: "staff",
      params: ZIdParams, response: z.object({ rows: z.array(ZSignupExportRow) }),
      summary: "Sign-ups of an opportunity as JSON (the CSV's columns)",
      handler: async ({ params, staff }) => ({ rows: await deps.signups.exportRows(params.id, staff, "json") }),
    }),
  ];
}
