// The inbox's inputs and answers: one zod schema each, the source of truth for the admin API too.
import { z } from "zod";

export const inquiryStatuses = ["open", "inProgress", "done"] as const;
export const ZInquiryStatus = z.enum(inquiryStatuses);
export type TInquiryStatus = z.infer<typeof ZInquiryStatus>;
export const inquirySources = ["message", "comment", "pollAnswer"] as const;
export const ZInquirySource = z.enum(inquirySources);

export const ZInquiryListQuery = z.object({ status: ZInquiryStatus.optional() }).strict();

export const ZInquiryUpdate = z
  .object({
    status: ZInquiryStatus.optional(),
    /** null: nobody. */
    assigneeId: z.uuid().nullable().optional(),
    memo: z.string().max(2000).optional(),
  })
  .strict();
export type TInquiryUpdate = z.infer<typeof ZInquiryUpdate>;

/** Staff's words to one resident; the heading that says who writes is added (4,000 leaves room within LINE's 5,000). */
export const ZReplyInput = z
  .object({
    body: z.string().trim().min(1, "返信の本文を入力してください").max(4000),
    /** An administrator sends although the month's budget is spent. */
    confirmOverBudget: z.boolean().optional(),
  })
  .strict();
export type TReply = z.infer<typeof ZReplyInput> & { now?: Date };

const ZAssignee = z.object({ id: z.string(), displayName: z.string() }).nullable();

export const ZInquirySummary = z.object({
  id: z.string(),
  number: z.int(),
  status: ZInquiryStatus,
  source: ZInquirySource,
  assignee: ZAssignee,
  /** The latest message, shortened. */
  preview: z.string(),
  messageCount: z.int(),
  /** The latest message is the resident's: nobody has answered it yet. */
  awaitingReply: z.boolean(),
  lastMessageAt: z.string(),
  createdAt: z.string(),
});
export type TInquirySummary = z.infer<typeof ZInquirySummary>;

export const ZInquiryDetail = z.object({
  id: z.string(),
  number: z.int(),
  status: ZInquiryStatus,
  source: ZInquirySource,
  /** What a reply thread answers (a comment, a poll answer); null for a message written in LINE. */
  sourceLabel: z.string().nullable(),
  assignee: ZAssignee,
  memo: z.string(),
  residentLanguage: z.enum(["ja", "en", "easy"]),
  /** false: the resident blocked the account; a reply cannot reach them. */
  reachable: z.boolean(),
  lastMessageAt: z.string(),
  createdAt: z.string(),
  messages: z.array(
    z.object({
      id: z.string(),
      author: z.enum(["resident", "staff"]),
      staffName: z.string().nullable(),
      body: z.string(),
      at: z.string(),
      /** A staff message's delivery: pending | sent | failed | expired (deleted: its record is gone), by reply or push. */
      delivery: z.object({ status: z.string(), via: z.string().nullable() }).nullable(),
    }),
  ),
});
export type TInquiryDetail = z.infer<typeof ZInquiryDetail>;
