// Admin API for comment analysis (tag "listening"): themes of a round's comments or a poll's
// free-text answers, run as a background job; staff's edits; themes made groups; and the files
// cities publish (the results table for Excel and open data). The service does the work.
import { type Response } from "express";
import { z } from "zod";
import { defineRoute, pathParams, ZConflict, ZIdParams, ZNoJson, type TRoute } from "../defineRoute.ts";
import { type ListeningService, ZAnalysisListItem, ZAnalysisStart, ZAnalysisView, ZThemeComment } from "../../domain/listening/ListeningService.ts";
import { ZThemeEdit } from "../../domain/listening/themeEdits.ts";

const tag = "listening";
const ZAnalysisAnswer = z.object({ analysis: ZAnalysisView });
const ZAnalyses = z.object({ analyses: z.array(ZAnalysisListItem) });

function sendCsv(res: Response, file: { filename: string; body: string }): undefined {
  res.status(200);
  res.setHeader("Content-Type", "text/csv; charset=utf-8");
  res.setHeader("Content-Disposition", `attachment; filename="${file.filename}"`);
  res.setHeader("Cache-Control", "no-store");
  res.end(file.body);
  return undefined;
}

export function listeningRoutes(listening: ListeningService): TRoute[] {
  return [
    defineRoute({
      method: "post", path: "/rounds/:id/analyses", tag, role: "staff", status: 202,
      conflict: ZConflict,
      params: ZIdParams, response: ZAnalysisAnswer,
      summary: "Start a themes analysis of the round's comments (in the background, on this server; nothing is sent outside). themeCount: how many themes (omitted: chosen from the data)",
      body: ZAnalysisStart.optional().transform((v) => v ?? {}),
      handler: async ({ params, body, staff }) => ({ analysis: await listening.startForRound(params.id, body, staff) }),
    }),
    defineRoute({
      method: "get", path: "/rounds/:id/analyses", tag, role: "viewer", summary: "The round's analyses, latest first",
      params: ZIdParams, response: ZAnalyses,
      handler: async ({ params }) => ({ analyses: await listening.listForRound(params.id) }),
    }),
    defineRoute({
      method: "post", path: "/polls/:id/analyses", tag, role: "staff", status: 202,
      conflict: ZConflict,
      params: ZIdParams, response: ZAnalysisAnswer,
      summary: "Start a themes analysis of a poll's free-text answers to questionId",
      body: ZAnalysisStart,
      handler: async ({ params, body, staff }) => ({ analysis: await listening.startForPoll(params.id, body, staff) }),
    }),
    defineRoute({
      method: "get", path: "/polls/:id/analyses", tag, role: "viewer", summary: "The poll's analyses, latest first",
      params: ZIdParams, response: ZAnalyses,
      handler: async ({ params }) => ({ analyses: await listening.listForPoll(params.id) }),
    }),
    defineRoute({
      method: "get", path: "/analyses/:id", tag, role: "viewer",
      params: ZIdParams, response: ZAnalysisAnswer,
      summary: "One analysis: status and progress; when done, themes (sub-themes, keywords, representatives), duplicates, the 2-D map, the comparison by age band and district (groups under 5 merged) and the group each theme became",
      handler: async ({ params, staff }) => ({ analysis: await listening.get(params.id, staff) }),
    }),
    defineRoute({
      method: "post", path: "/analyses/:id/edits", tag, role: "staff",
      conflict: ZConflict,
      params: ZIdParams, response: ZAnalysisAnswer,
      summary: "Edit the themes: rename { themeId, label }, merge { themeIds }, split { themeId } (its sub-themes become themes), move { commentIds, toThemeId }",
      body: ZThemeEdit,
      handler: async ({ params, body, staff }) => ({ analysis: await listening.edit(params.id, body, staff) }),
    }),
    defineRoute({
      method: "get", path: "/analyses/:id/themes/:themeId/comments", tag, role: "viewer", summary: "The comments of one theme, with how many duplicates each stands for",
      params: z.object({ id: ZIdParams.shape.id, themeId: z.string().max(100) }), response: z.object({ comments: z.array(ZThemeComment) }),
      handler: async ({ params, staff }) => ({ comments: await listening.themeComments(params.id, params.themeId, staff) }),
    }),
    defineRoute({
      method: "post", path: "/analyses/:id/apply", tag, role: "staff",
      conflict: ZConflict,
      params: ZIdParams, response: ZAnalysisAnswer,
      summary: "Make each theme of a round's analysis a group (まとまり) with its comments, so the city's response is written once per theme; again after edits keeps each theme's group",
      handler: async ({ params, staff }) => ({ analysis: await listening.applyAsGroups(params.id, staff) }),
    }),
    defineRoute({
      method: "post", path: "/analyses/:id/summaries", tag, role: "staff",
      conflict: ZConflict,
      params: ZIdParams, response: ZAnalysisAnswer,
      summary: "Draft summaries of each theme by the configured OpenAI-compatible server (THEME_SUMMARY_URL; 409 when none is set); personal details are removed from the comments first",
      handler: async ({ params, staff }) => ({ analysis: await listening.summarize(params.id, staff) }),
    }),
    defineRoute({
      method: "get", path: "/rounds/:id/publication.csv", tag, role: "viewer", produces: ["text/csv"],
      params: ZIdParams, response: ZNoJson,
      summary: "The results table cities publish (UTF-8 CSV with BOM for Excel): title, period, submitters, opinions, then per group 意見の概要, 件数, 市の考え方, 修正の有無; no personal details",
      handler: async ({ params, staff, res }) => sendCsv(res, await listening.publicationFile(params.id, staff)),
    }),
    defineRoute({
      method: "get", path: "/rounds/:id/opendata.csv", tag, role: "viewer", produces: ["text/csv"],
      params: ZIdParams, response: ZNoJson,
      summary: "Open data: comment-id (receipt number), comment-body (as published), section, theme, age_band, district (values fewer than 5 share are blank)",
      handler: async ({ params, staff, res }) => sendCsv(res, await listening.openDataFile(params.id, staff)),
    }),
  ];
}
