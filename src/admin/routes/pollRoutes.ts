// Admin API for polls (tag "polls"): create, edit, announce, results, export. The service does the
// work; these only translate HTTP.
import { z } from "zod";
import { ZBudgetCheck } from "../../domain/delivery/budgetTypes.ts";
import { ZLanguage } from "../../flows/flowSchema.ts";
import { defineRoute, ZConflict, ZIdParams, ZNoJson, ZPreviewMessages, ZSendConflict, type TRoute } from "../defineRoute.ts";
import { streamExport } from "./streamExport.ts";
import { type PollService } from "../../domain/polls/PollService.ts";
import { ZQueryFlag } from "../../domain/queryTypes.ts";
import { ZPollAnnounceInput, ZPollExportQuery, ZPollInput, ZPollResults, ZPollView } from "../../domain/polls/pollTypes.ts";

const tag = "polls";

const ZPoll = z.object({ poll: ZPollView });

const CSV = "text/csv; charset=utf-8";
const JSON_TYPE = "application/json; charset=utf-8";

export function pollRoutes(polls: PollService): TRoute[] {
  return [
    defineRoute({
      method: "get", path: "/polls", tag, role: "viewer", summary: "List polls, latest opening first, with status, response count and audience size (now)",
      response: z.object({ polls: z.array(ZPollView) }),
      handler: async () => ({ polls: await polls.list() }),
    }),
    defineRoute({
      method: "post", path: "/polls", tag, role: "staff", status: 201,
      response: ZPoll,
      summary: "Create a poll (questions, audience, opening and closing times); it announces itself at the opening time",
      body: ZPollInput,
      handler: async ({ body, staff }) => ({ poll: await polls.create(body, staff) }),
    }),
    defineRoute({
      method: "get", path: "/polls/:id", tag, role: "viewer", summary: "One poll (by id or number)",
      params: ZIdParams, response: ZPoll,
      handler: async ({ params }) => ({ poll: await polls.get(params.id) }),
    }),
    defineRoute({
      method: "put", path: "/polls/:id", tag, role: "staff",
      conflict: ZConflict,
      params: ZIdParams, response: ZPoll,
      summary: "Edit a poll (every field) until it closes (409 after); the version goes up, responses keep the version they answered",
      body: ZPollInput,
      handler: async ({ params, body, staff }) => ({ poll: await polls.update(params.id, body, staff) }),
    }),
    defineRoute({
      method: "post", path: "/polls/:id/announce", tag, role: "staff",
      conflict: ZSendConflict,
      params: ZIdParams, response: z.object({ recipients: z.int(), budget: ZBudgetCheck }),
      summary:
        "Announce an open poll to its audience now, once (409 if already announced); again: remind those who have not answered. Over the month's budget: 409 with `budget` unless an administrator sets confirmOverBudget",
      body: ZPollAnnounceInput,
      handler: async ({ params, body, staff }) => polls.announce(params.id, staff, body),
    }),
    defineRoute({
      method: "get", path: "/polls/:id/preview", tag, role: "staff",
      params: ZIdParams, response: ZPreviewMessages,
      summary: "What the audience will receive when the poll is announced (again=true: the reminder), per language; nothing is sent",
      query: z.object({ lang: ZLanguage.default("ja"), again: ZQueryFlag.default(false) }),
      handler: async ({ params, query }) => ({ messages: await polls.previewAnnouncement(params.id, query.lang, { again: query.again }) }),
    }),
    defineRoute({
      method: "post", path: "/polls/:id/close", tag, role: "staff",
      conflict: ZConflict,
      params: ZIdParams, response: ZPoll,
      summary: "Close an open poll now (今すぐ締め切る): its closing time becomes now; audited (409 if not open)",
      handler: async ({ params, staff }) => ({ poll: await polls.closeNow(params.id, staff) }),
    }),
    defineRoute({
      method: "get", path: "/polls/:id/results", tag, role: "viewer",
      params: ZIdParams, response: ZPollResults,
      summary:
        "Results (TPollResults): counts and percentages per question, breakdowns by age band and district (groups under 5 suppressed), participation against the audience as it is now; free text for staff and above",
      handler: async ({ params, staff }) => polls.results(params.id, staff),
    }),
    defineRoute({
      method: "get", path: "/polls/:id/responses.csv", tag, role: "staff", produces: ["text/csv"],
      params: ZIdParams, response: ZNoJson,
      summary:
        "Responses as CSV (UTF-8 with BOM, CRLF, Japanese headers, one column per question), streamed; from / to filter on 回答日時 (a plain date is a Tokyo day, `to` inclusive)",
      query: ZPollExportQuery,
      handler: async ({ params, query, staff, res }) =>
        streamExport(res, CSV, (p) => `poll-${p.number}-responses.csv`, (sink) => polls.exportResponses(params.id, staff, query, "csv", sink)),
    }),
    defineRoute({
      method: "get", path: "/polls/:id/responses.json", tag, role: "staff", produces: ["application/json"],
      params: ZIdParams, response: ZNoJson,
      summary: "Responses as JSON (values and labels), streamed; same window as the CSV",
      query: ZPollExportQuery,
      handler: async ({ params, query, staff, res }) =>
        streamExport(res, JSON_TYPE, (p) => `poll-${p.number}-responses.json`, (sink) => polls.exportResponses(params.id, staff, query, "json", sink)),
    }),
  ];
}
