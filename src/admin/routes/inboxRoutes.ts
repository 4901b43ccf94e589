// The staff inbox (問い合わせ) and 1:1 replies: to an inquiry, to one public comment, to one poll
// free-text answer. Residents' own words: read and answered by staff and administrators, not viewers.
import { z } from "zod";
import { type PrismaClient } from "../../generated/prisma/client.ts";
import { type InboxService } from "../../domain/inbox/InboxService.ts";
import { ZInquiryDetail, ZInquiryListQuery, ZInquirySummary, ZInquiryUpdate, ZReplyInput } from "../../domain/inbox/inboxTypes.ts";
import { defineRoute, pathParams, ZIdParams, ZSendConflict } from "../defineRoute.ts";

const tag = "inbox";

export function inboxRoutes(inbox: InboxService, prisma: PrismaClient) {
  return [
    defineRoute({
      method: "get", path: "/inquiries", tag, role: "staff",
      summary: "The inbox: residents' messages no flow handled and their 「問い合わせ」, latest first (status open 未対応 / inProgress 対応中 / done 完了)",
      query: ZInquiryListQuery,
      response: z.object({ inquiries: z.array(ZInquirySummary) }),
      handler: async ({ query }) => ({ inquiries: await inbox.list(query) }),
    }),
    defineRoute({
      method: "get", path: "/inquiries/assignees", tag, role: "staff",
      summary: "Staff who can be assigned an inquiry (staff and administrators, not disabled)",
      response: z.object({ assignees: z.array(z.object({ id: z.string(), displayName: z.string() })) }),
      handler: async () => ({
        assignees: await prisma.staff.findMany({ where: { disabled: false, role: { in: ["staff", "admin"] } }, select: { id: true, displayName: true }, orderBy: { displayName: "asc" } }),
      }),
    }),
    defineRoute({
      method: "get", path: "/inquiries/:id", tag, role: "staff",
      params: ZIdParams,
      summary: "One inquiry (by id or number) with its messages, the delivery of each staff reply, the memo and the assignee",
      response: z.object({ inquiry: ZInquiryDetail }),
      handler: async ({ params }) => ({ inquiry: await inbox.get(params.id) }),
    }),
    defineRoute({
      method: "patch", path: "/inquiries/:id", tag, role: "staff",
      params: ZIdParams,
      summary: "Change an inquiry's status, assignee or internal memo (never sent to the resident); audited",
      body: ZInquiryUpdate,
      response: z.object({ inquiry: ZInquiryDetail }),
      handler: async ({ params, body, staff }) => ({ inquiry: await inbox.update(params.id, body, staff) }),
    }),
    defineRoute({
      method: "post", path: "/inquiries/:id/reply", tag, role: "staff", status: 201,
      conflict: ZSendConflict,
      params: ZIdParams,
      summary:
        "Answer the resident in LINE: by the reply token of a line the bot left unanswered while it is still good, else by push (one message of the month's budget; over it, 409 unless an administrator confirms). Audited",
      body: ZReplyInput,
      response: z.object({ inquiry: ZInquiryDetail }),
      handler: async ({ params, body, staff }) => ({ inquiry: await inbox.reply(params.id, body, staff) }),
    }),
    defineRoute({
      method: "post", path: "/comments/:commentId/reply", tag, role: "staff", status: 201,
      conflict: ZSendConflict,
      params: pathParams("commentId"),
      summary: "Answer the resident who wrote this public comment, in LINE (kept as an inquiry thread about the comment); as /inquiries/:id/reply",
      body: ZReplyInput,
      response: z.object({ inquiry: ZInquiryDetail }),
      handler: async ({ params, body, staff }) => ({ inquiry: await inbox.replyToComment(params.commentId, body, staff) }),
    }),
    defineRoute({
      method: "post", path: "/poll-responses/:responseId/reply", tag, role: "staff", status: 201,
      conflict: ZSendConflict,
      params: pathParams("responseId"),
      summary: "Answer the resident who gave this poll response (a free-text answer), in LINE (kept as an inquiry thread about it); as /inquiries/:id/reply",
      body: ZReplyInput,
      response: z.object({ inquiry: ZInquiryDetail }),
      handler: async ({ params, body, staff }) => ({ inquiry: await inbox.replyToPollAnswer(params.responseId, body, staff) }),
    }),
  ];
}
