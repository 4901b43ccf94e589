// Admin API for public comment rounds (tag "rounds"): create, edit, announce, read and annotate
// comments, group them, publish the results, export; and the segment labels the console's audience
// pickers and filters use. The service does the work; these only translate HTTP.
import { z } from "zod";
import { ZBudgetCheck } from "../../domain/delivery/budgetTypes.ts";
import { ZLanguage } from "../../flows/flowSchema.ts";
import { defineRoute, pathParams, ZConflict, ZIdParams, ZNoJson, ZPreviewMessages, ZSendConflict, type TRoute } from "../defineRoute.ts";
import { streamExport } from "./streamExport.ts";
import { type FlowSet } from "../../flows/FlowSet.ts";
import { type RoundService } from "../../domain/rounds/RoundService.ts";
import { segmentOptions } from "../../domain/rounds/segmentOptions.ts";
import {
  ZCommentGroupInput,
  ZCommentGroupView,
  ZCommentQuery,
  ZCommentUpdate,
  ZCommentView,
  ZPublishInput,
  ZRoundAnnounceInput,
  ZRoundInput,
  ZRoundView,
} from "../../domain/rounds/roundTypes.ts";

const tag = "rounds";
const ZPreviewQuery = z.object({ lang: ZLanguage.default("ja") });

const ZRound = z.object({ round: ZRoundView });
const ZGroup = z.object({ group: ZCommentGroupView });
const ZSegmentOption = z.object({ value: z.string(), label: z.string() });

const CSV = "text/csv; charset=utf-8";
const JSON_TYPE = "application/json; charset=utf-8";

export function roundRoutes(rounds: RoundService, files: FlowSet): TRoute[] {
  return [
    defineRoute({
      method: "get", path: "/rounds", tag, role: "viewer",
      response: z.object({ rounds: z.array(ZRoundView) }),
      summary: "List rounds, latest opening first, with status, comment and commenter counts (withdrawn not counted) and audience size (now)",
      handler: async () => ({ rounds: await rounds.list() }),
    }),
    defineRoute({
      method: "post", path: "/rounds", tag, role: "staff", status: 201,
      response: ZRound,
      summary: "Create a round (draft document, sections, opening and closing times, audience, identity required); it announces itself at the opening time",
      body: ZRoundInput,
      handler: async ({ body, staff }) => ({ round: await rounds.create(body, staff) }),
    }),
    defineRoute({
      method: "get", path: "/rounds/:id", tag, role: "viewer", summary: "One round (by id or number)",
      params: ZIdParams, response: ZRound,
      handler: async ({ params }) => ({ round: await rounds.get(params.id) }),
    }),
    defineRoute({
      method: "put", path: "/rounds/:id", tag, role: "staff",
      conflict: ZConflict,
      params: ZIdParams, response: ZRound,
      summary: "Edit a round (every field) until it closes (409 after); the version goes up, comments keep the version they answered",
      body: ZRoundInput,
      handler: async ({ params, body, staff }) => ({ round: await rounds.update(params.id, body, staff) }),
    }),
    defineRoute({
      method: "post", path: "/rounds/:id/announce", tag, role: "staff",
      conflict: ZSendConflict,
      params: ZIdParams, response: z.object({ recipients: z.int(), budget: ZBudgetCheck, round: ZRoundView }),
      summary:
        "Announce the round to its audience now, once (409 if already announced or closed). Over the month's budget: 409 with `budget` unless an administrator sets confirmOverBudget",
      body: ZRoundAnnounceInput,
      handler: async ({ params, body, staff }) => rounds.announce(params.id, staff, body),
    }),
    defineRoute({
      method: "get", path: "/rounds/:id/preview", tag, role: "staff",
      params: ZIdParams, response: ZPreviewMessages,
      summary: "What the audience will receive when the round is announced (channel-neutral messages: text, flex), per language; nothing is sent",
      query: ZPreviewQuery,
      handler: async ({ params, query }) => ({ messages: await rounds.previewAnnouncement(params.id, query.lang) }),
    }),
    defineRoute({
      method: "post", path: "/rounds/:id/close", tag, role: "staff",
      conflict: ZConflict,
      params: ZIdParams, response: ZRound,
      summary: "Close an open round now (今すぐ締め切る): its closing time becomes now; audited (409 if not open)",
      handler: async ({ params, staff }) => ({ round: await rounds.closeNow(params.id, staff) }),
    }),
    defineRoute({
      method: "get", path: "/rounds/:id/comments", tag, role: "viewer",
      params: ZIdParams, response: z.object({ comments: z.array(ZCommentView) }),
      summary: "Comments (TCommentView), oldest first, filtered by section, district, age band (the commenter's profile) and date; name and address only for staff and above",
      query: ZCommentQuery,
      handler: async ({ params, query, staff }) => ({ comments: await rounds.comments(params.id, query, staff) }),
    }),
    defineRoute({
      method: "patch", path: "/rounds/:id/comments/:commentId", tag, role: "staff",
      conflict: ZConflict,
      params: pathParams("id", "commentId"), response: z.object({ comment: ZCommentView }),
      summary: "Edit a comment: the text to publish (personal details hidden; null = as written), its group, the city's response",
      body: ZCommentUpdate,
      handler: async ({ params, body, staff }) => ({ comment: await rounds.updateComment(params.id, params.commentId, body, staff) }),
    }),
    defineRoute({
      method: "get", path: "/rounds/:id/groups", tag, role: "viewer", summary: "Groups of similar comments with the city's response and how many comments each holds",
      params: ZIdParams, response: z.object({ groups: z.array(ZCommentGroupView) }),
      handler: async ({ params }) => ({ groups: await rounds.groups(params.id) }),
    }),
    defineRoute({
      method: "post", path: "/rounds/:id/groups", tag, role: "staff", status: 201, summary: "Create a group of similar comments (title, the city's response)",
      params: ZIdParams, response: ZGroup,
      body: ZCommentGroupInput,
      handler: async ({ params, body, staff }) => ({ group: await rounds.createGroup(params.id, body, staff) }),
    }),
    defineRoute({
      method: "patch", path: "/rounds/:id/groups/:groupId", tag, role: "staff", summary: "Edit a group's title and the city's response",
      params: pathParams("id", "groupId"), response: ZGroup,
      body: ZCommentGroupInput,
      handler: async ({ params, body, staff }) => ({ group: await rounds.updateGroup(params.id, params.groupId, body, staff) }),
    }),
    defineRoute({
      method: "post", path: "/rounds/:id/publish", tag, role: "staff",
      conflict: ZConflict,
      params: ZIdParams, response: z.object({ recipients: z.int(), round: ZRoundView }),
      summary:
        "Publish the results after closing (409 before, or if published): sets publishedAt and resultsUrl (default: this bot's public results page) and tells each resident who commented (and did not withdraw) once",
      body: ZPublishInput.optional().transform((v) => v ?? {}),
      handler: async ({ params, body, staff }) => rounds.publish(params.id, body, staff),
    }),
    defineRoute({
      method: "get", path: "/rounds/:id/comments.csv", tag, role: "viewer", produces: ["text/csv"],
      params: ZIdParams, response: ZNoJson,
      summary:
        "Comments as CSV (UTF-8 with BOM, CRLF, Japanese headers; cells that would run as formulas start with '), streamed; same filters as the list (from/to on 受付日時, a plain date is a Tokyo day); 氏名・住所 only for staff and above",
      query: ZCommentQuery,
      handler: async ({ params, query, staff, res }) =>
        streamExport(res, CSV, (r) => `round-${r.number}-comments.csv`, (sink) => rounds.exportComments(params.id, staff, query, "csv", sink)),
    }),
    defineRoute({
      method: "get", path: "/rounds/:id/comments.json", tag, role: "viewer", produces: ["application/json"],
      params: ZIdParams, response: ZNoJson,
      summary: "Comments as JSON (TCommentView with labels), streamed; same filters as the CSV; name and address only for staff and above",
      query: ZCommentQuery,
      handler: async ({ params, query, staff, res }) =>
        streamExport(res, JSON_TYPE, (r) => `round-${r.number}-comments.json`, (sink) => rounds.exportComments(params.id, staff, query, "json", sink)),
    }),
    defineRoute({
      method: "get", path: "/rounds/:id/results.csv", tag, role: "viewer", produces: ["text/csv"],
      params: ZIdParams, response: ZNoJson,
      summary: "The results as published, CSV: comments not withdrawn, public text only (never name or address), group and the city's response",
      handler: async ({ params, staff, res }) => streamExport(res, CSV, (r) => `round-${r.number}-results.csv`, (sink) => rounds.exportResults(params.id, staff, "csv", sink)),
    }),
    defineRoute({
      method: "get", path: "/rounds/:id/results.json", tag, role: "viewer", produces: ["application/json"],
      params: ZIdParams, response: ZNoJson,
      summary: "The results as published, JSON: sections, groups with the city's response, comments (public text only)",
      handler: async ({ params, staff, res }) => streamExport(res, JSON_TYPE, (r) => `round-${r.number}-results.json`, (sink) => rounds.exportResults(params.id, staff, "json", sink)),
    }),
    defineRoute({
      method: "get", path: "/options/segments", tag, role: "viewer",
      response: z.object({ districts: z.array(ZSegmentOption), ageBands: z.array(ZSegmentOption), interests: z.array(ZSegmentOption) }),
      summary: "Districts, age bands and interests residents choose from at onboarding ({ value, label }), for audience pickers and filters",
      handler: async () => segmentOptions(files),
    }),
  ];
}
