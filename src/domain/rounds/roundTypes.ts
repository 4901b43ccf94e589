// Public comment rounds: the shapes staff and residents exchange. One zod schema per input;
// the admin API, the console and the services all use these.
import { z } from "zod";
import { ZAudience } from "../audience.ts";

export const ZRoundSection = z.object({
  id: z.string().regex(/^[a-z0-9_-]{1,20}$/, "英小文字・数字・-・_ で20文字まで"),
  title: z.string().trim().min(1).max(20, "章の名前はLINEのボタンに収まる20文字までにしてください"),
});
export type TRoundSection = z.infer<typeof ZRoundSection>;

export const roundIdentities = ["anonymous", "name_address"] as const;

/** What staff enter to create or edit a round. */
export const ZRoundInput = z
  .object({
    title: z.string().trim().min(1).max(100),
    summary: z.string().trim().min(1).max(1000),
    documentUrl: z.url({ protocol: /^https?$/ }),
    sections: z.array(ZRoundSection).max(12, "章は12個までです（「全体について」と合わせてLINEのボタン13個）").default([]),
    opensAt: z.coerce.date(),
    closesAt: z.coerce.date(),
    audience: ZAudience.default({}),
    identity: z.enum(roundIdentities).default("anonymous"),
  })
  .refine((r) => r.closesAt > r.opensAt, { message: "締切は開始より後にしてください", path: ["closesAt"] })
  .refine((r) => new Set(r.sections.map((s) => s.id)).size === r.sections.length, { message: "章のIDが重複しています", path: ["sections"] });
export type TRoundInput = z.infer<typeof ZRoundInput>;

/** A round as the console shows it. status is derived from the times and what happened. */
export const roundStatuses = ["scheduled", "open", "closed", "published"] as const;
export type TRoundStatus = (typeof roundStatuses)[number];

export type TRoundView = TRoundInput & {
  id: string;
  number: number;
  status: TRoundStatus;
  version: number;
  announcedAt: string | null;
  publishedAt: string | null;
  resultsUrl: string | null;
  commentCount: number;
  audienceSize: number;
};

/** Staff filters when reading comments. */
export const ZCommentQuery = z.object({
  sectionId: z.string().optional(),
  district: z.string().optional(),
  ageBand: z.string().optional(),
  from: z.coerce.date().optional(),
  to: z.coerce.date().optional(),
  /** true: also withdrawn comments (shown as withdrawn, never counted). */
  includeWithdrawn: z.coerce.boolean().default(false),
});

export type TCommentView = {
  id: string;
  receiptNumber: string;
  sectionId: string;
  sectionTitle: string;
  body: string;
  /** What will be published: body with personal details hidden by staff; null = body as is. */
  publicBody: string | null;
  name: string | null;
  address: string | null;
  district: string | null;
  ageBand: string | null;
  status: "submitted" | "withdrawn";
  groupId: string | null;
  response: string | null;
  submittedAt: string;
};

/** Staff edit one comment: publication text, group, response. */
export const ZCommentUpdate = z.object({
  publicBody: z.string().max(10_000).nullable().optional(),
  groupId: z.uuid().nullable().optional(),
  response: z.string().max(10_000).nullable().optional(),
});

export const ZCommentGroupInput = z.object({ title: z.string().trim().min(1).max(100), response: z.string().max(10_000).nullable().optional() });

export const ZPublishInput = z.object({
  /** Where the city publishes the results (its own page); the notification links there. Default: this bot's results page. */
  resultsUrl: z.url({ protocol: /^https?$/ }).optional(),
});
