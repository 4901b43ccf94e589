// The admin API of volunteers (tag "volunteers"): the register in numbers, opportunities with
// shifts, inviting matching volunteers, sign-ups, hours, exports.
import { z } from "zod";
import { defineRoute, type TRoute } from "../defineRoute.ts";
import { type TVolunteerServices } from "../../domain/volunteers/volunteersModule.ts";
import { exportCells, exportHeaders } from "../../domain/volunteers/ShiftSignupRecords.ts";
import { toCsv } from "../../domain/export/csv.ts";
import { ZInviteInput, ZOpportunityInput, ZOpportunityListQuery, ZSignupListQuery, ZSignupUpdate, ZVolunteerStatsQuery } from "../../domain/volunteers/volunteerTypes.ts";

export type TVolunteerRouteDeps = TVolunteerServices;

const tag = "volunteers";

export function volunteerRoutes(deps: TVolunteerRouteDeps): TRoute[] {
  return [
    defineRoute({
      method: "get", path: "/volunteers", tag, role: "viewer",
      summary: "The volunteer register in numbers: active, ended, minors, by age band, district, area, skill and free time (no one named)",
      handler: async () => deps.summary(),
    }),
    defineRoute({
      method: "get", path: "/volunteers/options", tag, role: "viewer",
      summary: "The values of areas, districts, age bands, skills and free times, with their labels (for forms)",
      handler: async () => deps.options(),
    }),
    defineRoute({
      method: "get", path: "/volunteers/stats", tag, role: "viewer",
      summary: "Per month (Asia/Tokyo): registered volunteers, sign-ups and hours, by age band and district; groups under 5 merged",
      query: ZVolunteerStatsQuery,
      handler: async ({ query }) => deps.stats(query),
    }),
    defineRoute({
      method: "get", path: "/opportunities", tag, role: "viewer",
      summary: "Volunteer opportunities with their shifts and sign-up counts (newest first; from/to: a shift starting in that window)",
      query: ZOpportunityListQuery,
      handler: async ({ query }) => ({ opportunities: await deps.opportunities.list(query) }),
    }),
    defineRoute({
      method: "post", path: "/opportunities", tag, role: "staff", status: 201,
      summary: "Post a volunteer opportunity with its shifts (up to 12)",
      body: ZOpportunityInput,
      handler: async ({ body, staff }) => deps.opportunities.create(body, staff),
    }),
    defineRoute({
      method: "get", path: "/opportunities/:id", tag, role: "viewer",
      summary: "One opportunity with its shifts and sign-up counts",
      handler: async ({ params }) => deps.opportunities.get(params["id"]!),
    }),
    defineRoute({
      method: "put", path: "/opportunities/:id", tag, role: "staff",
      summary: "Edit an opportunity: every field and the list of shifts (a shift with its id is kept; one with sign-ups cannot be removed)",
      body: ZOpportunityInput,
      handler: async ({ params, body, staff }) => deps.opportunities.update(params["id"]!, body, staff),
    }),
    defineRoute({
      method: "get", path: "/opportunities/:id/preview", tag, role: "staff",
      summary: "The invitation as matching volunteers will read it (intro with the description, one card per upcoming shift), in one language; nothing is sent",
      query: z.object({ lang: z.enum(["ja", "en"]).default("ja") }),
      handler: async ({ params, query }) => ({ messages: await deps.opportunities.previewInvitation(params.id!, query.lang) }),
    }),
    defineRoute({
      method: "post", path: "/opportunities/:id/invite", tag, role: "staff",
      summary: "Invite the matching volunteers, once (dryRun: only count and show the cost; 409 over the month's budget unless an administrator confirms)",
      body: ZInviteInput,
      handler: async ({ params, body, staff }) => deps.opportunities.invite(params["id"]!, body, staff),
    }),
    defineRoute({
      method: "get", path: "/shifts/:shiftId/signups", tag, role: "viewer",
      summary: "Who signed up for a shift: status, waiting-list place, district, age band, skills, attendance, hours (no names)",
      query: ZSignupListQuery,
      handler: async ({ params, query }) => deps.signups.list(params["shiftId"]!, query.includeCancelled),
    }),
    defineRoute({
      method: "patch", path: "/shifts/:shiftId/signups/:signupId", tag, role: "staff",
      summary: "Record attendance and hours; the first time with hours, the volunteer is thanked with their total",
      body: ZSignupUpdate,
      handler: async ({ params, body, staff }) => deps.signups.update(params["shiftId"]!, params["signupId"]!, body, staff),
    }),
    defineRoute({
      method: "get", path: "/opportunities/:id/signups.csv", tag, role: "staff",
      summary: "Sign-ups of an opportunity as CSV (UTF-8 with BOM, CRLF, Japanese headers)",
      produces: ["text/csv"],
      handler: async ({ params, staff, res }) => {
        const rows = await deps.signups.exportRows(params["id"]!, staff, "csv");
        res.setHeader("Content-Type", "text/csv; charset=utf-8");
        res.setHeader("Content-Disposition", `attachment; filename="volunteer-signups-${params["id"]!.slice(0, 8)}.csv"`);
        res.send(toCsv(exportHeaders, rows.map(exportCells)));
        return undefined;
      },
    }),
    defineRoute({
      method: "get", path: "/opportunities/:id/signups.json", tag, role: "staff",
      summary: "Sign-ups of an opportunity as JSON (the CSV's columns)",
      response: z.object({ rows: z.array(z.record(z.string(), z.unknown())) }),
      handler: async ({ params, staff }) => ({ rows: await deps.signups.exportRows(params["id"]!, staff, "json") }),
    }),
  ];
}
