// The staff inbox: residents' messages no flow handled (and their 「問い合わせ」) kept as inquiries, and
// staff's 1:1 replies — to an inquiry, to one public comment, to one poll free-text answer — which go
// through the outbox like every message the bot says (reply token if still good, else push; counted
// against the month's budget). Consented residents only; deleted with the resident, and after the
// city's retention period. Every staff action is audited; message texts never go to logs or the audit.
import { randomUUID } from "node:crypto";
import { type PrismaClient, type Prisma } from "../../generated/prisma/client.ts";
import { AppError, NotFoundError } from "../../errors.ts";
import { sqlLiteral } from "../../db/sqlLiteral.ts";
import { type TOutMessage } from "../../flows/engineTypes.ts";
import { newOutboxRow, outboxInsertStatement, REPLY_TOKEN_SAFE_MS, type TOutboxPolicy } from "../delivery/outbox.ts";
import { assertWithinBudget } from "../delivery/messageBudget.ts";
import { idOrNumber } from "../idOrNumber.ts";
import { isUuid } from "../isUuid.ts";
import { colon } from "../messages/lang.ts";
import { recordAudit } from "../recordAudit.ts";
import { readSettings } from "../settings/SettingsService.ts";
import { actorName, type TStaffActor } from "../staff/staffTypes.ts";
import { acknowledgement, replyHeading, type TReplyContext } from "./inboxTexts.ts";
import { type TInquiryDetail, type TInquirySummary, type TInquiryUpdate, type TReply } from "./inboxTypes.ts";
import { type TLanguage, toLanguage } from "../../flows/flowSchema.ts";

type Db = PrismaClient | Prisma.TransactionClient;
type Tx = Prisma.TransactionClient;

/** A resident who writes several lines in a row is told once; again after this long, or after a staff reply. */
export const ACKNOWLEDGE_AGAIN_MS = 30 * 60_000;
const PREVIEW_CHARS = 60;
const OPEN_STATUSES = ["open", "inProgress"];

export type TTakenMessage = {
  resident: { id: string; language: string; consentedAt: Date | null };
  text: string;
  /** The event's reply token and when it was received: kept when the bot says nothing back. */
  reply?: { token: string; receivedAt: number };
  now: Date;
  actor: string;
};

export type TTaken = { outcome: "taken" | "added" | "notConsented"; messages: TOutMessage[] };

export type TInboxDeps = {
  prisma: PrismaClient;
  outbox: TOutboxPolicy;
  /** Told after a reply is recorded, so that it goes out now rather than at the next sweep. */
  wake?: () => void;
};

const clip = (text: string, max: number) => ([...text].length > max ? `${[...text].slice(0, max - 1).join("")}…` : text);

function where(idOrNo: string): Prisma.InquiryWhereUniqueInput {
  const key = idOrNumber(idOrNo);
  if (!key) throw new NotFoundError("問い合わせが見つかりません。");
  return key;
}

/**
 * A resident's message into their open inquiry (a new one if none is open). The resident is told
 * that a person will read it and roughly when — once, not after every line they add.
 */
export async function takeMessage(tx: Tx, m: TTakenMessage): Promise<TTaken> {
  if (!m.resident.consentedAt) return { outcome: "notConsented", messages: [] };
  const open = await tx.inquiry.findFirst({
    where: { residentId: m.resident.id, status: { in: OPEN_STATUSES } },
    orderBy: { lastMessageAt: "desc" },
    include: { messages: { where: { author: "staff" }, orderBy: { at: "desc" }, take: 1, select: { at: true } } },
  });
  const lastStaff = open?.messages[0]?.at;
  const acknowledge =
    !open || !open.acknowledgedAt || m.now.getTime() - open.acknowledgedAt.getTime() >= ACKNOWLEDGE_AGAIN_MS || (lastStaff !== undefined && lastStaff > open.acknowledgedAt);
  const inquiry = open
    ? await tx.inquiry.update({ where: { id: open.id }, data: { lastMessageAt: m.now, ...(acknowledge ? { acknowledgedAt: m.now } : {}) } })
    : await tx.inquiry.create({ data: { residentId: m.resident.id, source: "message", lastMessageAt: m.now, acknowledgedAt: m.now, createdAt: m.now } });
  // Unanswered by the bot, the reply token can still carry a staff reply written within its life.
  const keep = !acknowledge && m.reply ? { replyToken: m.reply.token, replyBefore: new Date(m.reply.receivedAt + REPLY_TOKEN_SAFE_MS) } : {};
  await tx.inquiryMessage.create({ data: { inquiryId: inquiry.id, author: "resident", body: m.text, at: m.now, ...keep } });
  await recordAudit(tx, { actor: m.actor, action: open ? "inquiry.message_added" : "inquiry.received", target: `inquiry:${inquiry.number}` });
  if (!acknowledge) return { outcome: "added", messages: [] };
  const { inbox } = await readSettings(tx);
  return { outcome: "taken", messages: [{ type: "text", text: acknowledgement(toLanguage(m.resident.language), m.now, inbox) }] };
}

/** Deletes inquiries whose last message is older than the city's retention period; returns how many. */
export async function deleteExpiredInquiries(prisma: PrismaClient, now: Date): Promise<number> {
  const { inbox } = await readSettings(prisma);
  const before = new Date(now.getTime() - inbox.retentionDays * 86_400_000);
  const { count } = await prisma.inquiry.deleteMany({ where: { lastMessageAt: { lt: before } } });
  if (count > 0) await recordAudit(prisma, { actor: "system", action: "inquiry.retention_deleted", detail: { count, retentionDays: inbox.retentionDays } });
  return count;
}

/** 「マイデータ」's lines about the resident's inquiries (newest first), or nothing. */
export async function inquiriesForMyData(tx: Db, residentId: string, lang: TLanguage): Promise<string | undefined> {
  const inquiries = await tx.inquiry.findMany({
    where: { residentId },
    orderBy: { lastMessageAt: "desc" },
    take: 5,
    include: { messages: { orderBy: { at: "asc" }, select: { author: true, body: true } } },
  });
  if (inquiries.length === 0) return undefined;
  const heading = { ja: "【お問い合わせ】", en: "[Messages to city staff]", easy: "【しょくいんに 聞いた こと】" }[lang];
  const you = { ja: "あなた", en: "You", easy: "あなた" }[lang];
  const staff = { ja: "職員", en: "Staff", easy: "しょくいん" }[lang];
  const bullet = lang === "en" ? "- " : "・";
  const lines = [heading];
  for (const inquiry of inquiries) {
    for (const message of inquiry.messages.slice(-6)) lines.push(`${bullet}${message.author === "staff" ? staff : you}${colon(lang)}${clip(message.body.replace(/\s+/g, " "), 80)}`);
  }
  return lines.join("\n");
}

export class InboxService {
  constructor(private readonly deps: TInboxDeps) {}

  async list(filter: { status?: string }): Promise<TInquirySummary[]> {
    const rows = await this.deps.prisma.inquiry.findMany({
      where: filter.status ? { status: filter.status } : {},
      orderBy: { lastMessageAt: "desc" },
      take: 500,
      include: {
        assignee: { select: { id: true, displayName: true } },
        messages: { orderBy: { at: "desc" }, take: 1, select: { author: true, body: true } },
        _count: { select: { messages: true } },
      },
    });
    return rows.map((r) => ({
      id: r.id,
      number: r.number,
      status: r.status as TInquirySummary["status"],
      source: r.source as TInquirySummary["source"],
      assignee: r.assignee,
      preview: clip(r.messages[0]?.body.replace(/\s+/g, " ") ?? "", PREVIEW_CHARS),
      messageCount: r._count.messages,
      awaitingReply: r.messages[0]?.author === "resident",
      lastMessageAt: r.lastMessageAt.toISOString(),
      createdAt: r.createdAt.toISOString(),
    }));
  }

  async get(idOrNo: string): Promise<TInquiryDetail> {
    const r = await this.deps.prisma.inquiry.findUnique({
      where: where(idOrNo),
      include: {
        assignee: { select: { id: true, displayName: true } },
        resident: { select: { language: true, reachable: true } },
        messages: { orderBy: { at: "asc" } },
      },
    });
    if (!r) throw new NotFoundError("問い合わせが見つかりません。");
    const staffIds = [...new Set(r.messages.flatMap((m) => (m.staffId ? [m.staffId] : [])))];
    const outboxIds = r.messages.flatMap((m) => (m.outboundMessageId ? [m.outboundMessageId] : []));
    const [staff, outbox] = await Promise.all([
      this.deps.prisma.staff.findMany({ where: { id: { in: staffIds } }, select: { id: true, displayName: true } }),
      this.deps.prisma.outboundMessage.findMany({ where: { id: { in: outboxIds } }, select: { id: true, status: true, via: true } }),
    ]);
    const names = new Map(staff.map((s) => [s.id, s.displayName]));
    const sent = new Map(outbox.map((o) => [o.id, o]));
    return {
      id: r.id,
      number: r.number,
      status: r.status as TInquiryDetail["status"],
      source: r.source as TInquiryDetail["source"],
      sourceLabel: await this.sourceLabel(r.source, r.sourceId),
      assignee: r.assignee,
      memo: r.memo,
      residentLanguage: toLanguage(r.resident.language),
      reachable: r.resident.reachable,
      lastMessageAt: r.lastMessageAt.toISOString(),
      createdAt: r.createdAt.toISOString(),
      messages: r.messages.map((m) => {
        const delivery = m.outboundMessageId ? sent.get(m.outboundMessageId) : undefined;
        return {
          id: m.id,
          author: m.author as "resident" | "staff",
          staffName: m.staffId ? (names.get(m.staffId) ?? null) : null,
          body: m.body,
          at: m.at.toISOString(),
          delivery: m.author === "staff" ? { status: delivery?.status ?? "deleted", via: delivery?.via ?? null } : null,
        };
      }),
    };
  }

  /** Status, assignee and memo; what changed is audited (the memo's text is not). */
  async update(idOrNo: string, change: TInquiryUpdate, by: TStaffActor): Promise<TInquiryDetail> {
    const id = await this.deps.prisma.$transaction(async (tx) => {
      const current = await tx.inquiry.findUnique({ where: where(idOrNo) });
      if (!current) throw new NotFoundError("問い合わせが見つかりません。");
      if (change.assigneeId) {
        const assignee = await tx.staff.findUnique({ where: { id: change.assigneeId } });
        if (!assignee || assignee.disabled) throw new AppError("担当者に指定できる職員が見つかりません。", 400);
      }
      await tx.inquiry.update({
        where: { id: current.id },
        data: {
          ...(change.status !== undefined ? { status: change.status } : {}),
          ...(change.assigneeId !== undefined ? { assigneeId: change.assigneeId } : {}),
          ...(change.memo !== undefined ? { memo: change.memo } : {}),
        },
      });
      await recordAudit(tx, {
        actor: actorName(by),
        action: "inquiry.updated",
        target: `inquiry:${current.number}`,
        detail: {
          ...(change.status !== undefined ? { status: change.status } : {}),
          ...(change.assigneeId !== undefined ? { assigneeId: change.assigneeId } : {}),
          ...(change.memo !== undefined ? { memoChanged: true } : {}),
        },
      });
      return current.id;
    });
    return this.get(id);
  }

  /** Staff answer the resident of an inquiry. */
  async reply(idOrNo: string, input: TReply, by: TStaffActor): Promise<TInquiryDetail> {
    const id = await this.deps.prisma.$transaction(async (tx) => {
      const inquiry = await tx.inquiry.findUnique({ where: where(idOrNo) });
      if (!inquiry) throw new NotFoundError("問い合わせが見つかりません。");
      const context: TReplyContext =
        inquiry.source === "comment" && inquiry.sourceId
          ? { kind: "comment", receiptNumber: (await tx.comment.findUnique({ where: { id: inquiry.sourceId }, select: { receiptNumber: true } }))?.receiptNumber ?? "" }
          : inquiry.source === "pollAnswer" && inquiry.sourceId
            ? { kind: "pollAnswer", pollTitle: (await tx.pollResponse.findUnique({ where: { id: inquiry.sourceId }, select: { poll: { select: { title: true } } } }))?.poll.title ?? "" }
            : { kind: "inquiry" };
      await this.recordReply(tx, inquiry, context, input, by);
      return inquiry.id;
    });
    this.deps.wake?.();
    return this.get(id);
  }

  /** Staff answer the resident who wrote one public comment, from where they read it. */
  async replyToComment(commentId: string, input: TReply, by: TStaffActor): Promise<TInquiryDetail> {
    if (!isUuid(commentId)) throw new NotFoundError("意見が見つかりません。");
    const id = await this.deps.prisma.$transaction(async (tx) => {
      const comment = await tx.comment.findUnique({ where: { id: commentId }, select: { id: true, residentId: true, receiptNumber: true } });
      if (!comment) throw new NotFoundError("意見が見つかりません。");
      const inquiry = await this.inquiryAbout(tx, "comment", comment.id, comment.residentId, input.now);
      await this.recordReply(tx, inquiry, { kind: "comment", receiptNumber: comment.receiptNumber }, input, by);
      return inquiry.id;
    });
    this.deps.wake?.();
    return this.get(id);
  }

  /** Staff answer the resident who gave one poll response (a free-text answer in it), from where they read it. */
  async replyToPollAnswer(responseId: string, input: TReply, by: TStaffActor): Promise<TInquiryDetail> {
    if (!isUuid(responseId)) throw new NotFoundError("回答が見つかりません。");
    const id = await this.deps.prisma.$transaction(async (tx) => {
      const response = await tx.pollResponse.findUnique({ where: { id: responseId }, select: { id: true, residentId: true, poll: { select: { title: true } } } });
      if (!response) throw new NotFoundError("回答が見つかりません。");
      const inquiry = await this.inquiryAbout(tx, "pollAnswer", response.id, response.residentId, input.now);
      await this.recordReply(tx, inquiry, { kind: "pollAnswer", pollTitle: response.poll.title }, input, by);
      return inquiry.id;
    });
    this.deps.wake?.();
    return this.get(id);
  }

  /** The thread of replies about one comment or poll response: the one made before, or a new one. */
  private async inquiryAbout(tx: Tx, source: "comment" | "pollAnswer", sourceId: string, residentId: string, now = new Date()) {
    const found = await tx.inquiry.findFirst({ where: { source, sourceId }, orderBy: { createdAt: "desc" } });
    return found ?? tx.inquiry.create({ data: { residentId, source, sourceId, status: "inProgress", lastMessageAt: now, createdAt: now } });
  }

  private async recordReply(tx: Tx, inquiry: { id: string; number: number; status: string; assigneeId: string | null; residentId: string }, context: TReplyContext, input: TReply, by: TStaffActor): Promise<void> {
    const now = input.now ?? new Date();
    const resident = await tx.resident.findUnique({ where: { id: inquiry.residentId }, select: { lineUserId: true, language: true, reachable: true, consentedAt: true } });
    if (!resident) throw new NotFoundError("住民のデータが削除されています。");
    if (!resident.reachable) throw new AppError("この住民はアカウントをブロックしているため、返信は届きません。", 409);
    // A line of theirs the bot left unanswered may still have its reply token: a reply is free.
    const waiting = await tx.inquiryMessage.findFirst({
      where: { inquiryId: inquiry.id, author: "resident", replyToken: { not: null }, replyBefore: { gt: now } },
      orderBy: { at: "desc" },
    });
    await assertWithinBudget(tx, waiting ? 0 : 1, by, input.confirmOverBudget ?? false, { purpose: `inquiry.reply:${inquiry.number}`, now });
    const text = `${replyHeading(toLanguage(resident.language), context)}\n${input.body}`;
    const reply = waiting?.replyToken && waiting.replyBefore ? { token: waiting.replyToken, receivedAt: waiting.replyBefore.getTime() - REPLY_TOKEN_SAFE_MS } : undefined;
    // A send of its own in 配信の到達 (domain/reach), about this inquiry.
    const send = { id: randomUUID(), purpose: `inquiry.reply:${inquiry.number}` };
    const row = newOutboxRow({ lineUserId: resident.lineUserId, messages: [{ type: "text", text }], reply, send }, now, this.deps.outbox);
    await tx.$executeRawUnsafe(outboxInsertStatement([row], now, sqlLiteral, false));
    // A reply token is single use: whatever becomes of this reply, it is spent.
    await tx.inquiryMessage.updateMany({ where: { inquiryId: inquiry.id, replyToken: { not: null } }, data: { replyToken: null, replyBefore: null } });
    await tx.inquiryMessage.create({ data: { inquiryId: inquiry.id, author: "staff", staffId: by.id, body: input.body, outboundMessageId: row.id, at: now } });
    await tx.inquiry.update({
      where: { id: inquiry.id },
      data: { lastMessageAt: now, ...(inquiry.status === "open" ? { status: "inProgress" } : {}), ...(inquiry.assigneeId ? {} : { assigneeId: by.id }) },
    });
    await recordAudit(tx, { actor: actorName(by), action: "inquiry.replied", target: `inquiry:${inquiry.number}`, detail: { source: context.kind, replyToken: reply !== undefined } });
  }

  private async sourceLabel(source: string, sourceId: string | null): Promise<string | null> {
    if (!sourceId) return null;
    if (source === "comment") {
      const c = await this.deps.prisma.comment.findUnique({ where: { id: sourceId }, select: { receiptNumber: true, round: { select: { title: true } } } });
      return c ? `意見募集「${c.round.title}」の意見（受付番号 ${c.receiptNumber}）` : "（削除された意見）";
    }
    if (source === "pollAnswer") {
      const p = await this.deps.prisma.pollResponse.findUnique({ where: { id: sourceId }, select: { poll: { select: { title: true } } } });
      return p ? `アンケート「${p.poll.title}」の回答` : "（削除された回答）";
    }
    return null;
  }
}
