// Flow actions of public comment rounds: list the open rounds (flows/rounds.yaml), check a round
// is open at the start of its generated flow, submit a comment for a receipt number, list a
// resident's own comments (flows/mycomments.yaml) and withdraw one while the round is open
// (flows/comment-withdraw.yaml). Each runs inside the turn's transaction.
import { type Prisma, type Round } from "../../generated/prisma/client.ts";
import { type TAction, type TActionContext } from "../actionContract.ts";
import { isUuid } from "../isUuid.ts";
import { recordAudit } from "../recordAudit.ts";
import { GENERAL_SECTION_ID } from "./roundTypes.ts";
import { isOpen, roundFlowId, roundStatus } from "./roundStatus.ts";
import { ADDRESS_MAX, NAME_MAX, OPINION_MAX } from "./roundFlowSource.ts";
import { MAX_CAROUSEL, myCommentsMessages, openRoundsMessages, roundTexts } from "./roundMessages.ts";
import { parseReceipt, receiptNumber } from "./receiptNumber.ts";
import { sectionTitle } from "./sectionTitle.ts";
import { staffTr } from "../messages/lang.ts";
import { toLanguage } from "../../flows/flowSchema.ts";

const lang = (ctx: TActionContext) => toLanguage(ctx.resident.language);
const text = (t: string) => ({ type: "text" as const, text: t });
const trimmed = (v: unknown, max: number) => (typeof v === "string" && v.trim().length > 0 ? [...v.trim()].slice(0, max).join("") : undefined);

/** The round's row, locked for the rest of the turn: a submission and the closing job (or a withdrawal) go one at a time. */
async function lockRound(tx: Prisma.TransactionClient, id: string): Promise<Round | null> {
  await tx.$executeRaw`SELECT 1 FROM "Round" WHERE "id" = ${id}::uuid FOR UPDATE`;
  return tx.round.findUnique({ where: { id } });
}

/** The round flow's answers live in the Comment (or nowhere, if it was refused): no second copy of a name or address in Answer. */
async function forgetFlowAnswers(ctx: TActionContext, round: Pick<Round, "number">): Promise<void> {
  await ctx.tx.answer.deleteMany({ where: { residentId: ctx.resident.id, flowId: roundFlowId(round.number) } });
}

/** First step of a round's flow: open, not yet open, closed (a stale button from the announcement) or missing. */
const checkRoundOpen: TAction = async (ctx) => {
  const l = lang(ctx);
  const round = isUuid(ctx.args.roundId) ? await ctx.tx.round.findUnique({ where: { id: ctx.args.roundId } }) : null;
  if (!round) return { outcome: "missing", messages: [text(roundTexts.missing(l))] };
  const status = roundStatus(round, ctx.now);
  if (status === "scheduled") return { outcome: "scheduled", messages: [text(roundTexts.notYet(round.opensAt, l))] };
  if (status !== "open") return { outcome: "closed", messages: [text(roundTexts.closed(round.closesAt, l))] };
  return { outcome: "open" };
};

/**
 * Last step: the comment is stored, with the round version the flow was built from, and the
 * resident gets a receipt number. After closing (even by a second) nothing is kept.
 */
const submitComment: TAction = async (ctx) => {
  const l = lang(ctx);
  const round = isUuid(ctx.args.roundId) ? await lockRound(ctx.tx, ctx.args.roundId) : null;
  if (!round) return { outcome: "missing", messages: [text(roundTexts.missing(l))] };
  await forgetFlowAnswers(ctx, round);
  if (!isOpen(round, ctx.now)) {
    return { outcome: "closed", messages: [text(roundStatus(round, ctx.now) === "scheduled" ? roundTexts.notYet(round.opensAt, l) : roundTexts.closedWhileWriting(l))] };
  }
  const body = trimmed(ctx.answers.opinion, OPINION_MAX);
  const named = round.identity === "name_address";
  const name = named ? trimmed(ctx.answers.name, NAME_MAX) : undefined;
  const address = named ? trimmed(ctx.answers.address, ADDRESS_MAX) : undefined;
  if (!body || (named && (!name || !address))) return { outcome: "incomplete", messages: [text(roundTexts.incomplete(l))] };
  const sectionId = typeof ctx.answers.section === "string" && ctx.answers.section ? ctx.answers.section : GENERAL_SECTION_ID;
  const version = typeof ctx.args.version === "number" ? ctx.args.version : round.version;
  const receipt = await receiptNumber(round.number, async (r) => (await ctx.tx.comment.findUnique({ where: { receiptNumber: r }, select: { id: true } })) !== null);
  const comment = await ctx.tx.comment.create({
    data: { roundId: round.id, residentId: ctx.resident.id, receiptNumber: receipt, sectionId, body, name: name ?? null, address: address ?? null, roundVersion: version, submittedAt: ctx.now },
  });
  await recordAudit(ctx.tx, { actor: ctx.actor, action: "comment.submitted", target: `comment:${comment.id}`, detail: { round: round.number, receipt, version } });
  return { outcome: "submitted", messages: [text(roundTexts.received(receipt, round.closesAt, l))] };
};

/** Every round open now, closing soonest first, as a carousel (or a kind word). Public comment is for everyone: no audience filter. */
const showOpenRounds: TAction = async (ctx) => {
  const where = { opensAt: { lte: ctx.now }, closesAt: { gt: ctx.now }, closedAt: null, publishedAt: null };
  const total = await ctx.tx.round.count({ where });
  const shown = await ctx.tx.round.findMany({ where, orderBy: [{ closesAt: "asc" }, { number: "asc" }], take: MAX_CAROUSEL });
  return { outcome: total > 0 ? "shown" : "none", messages: openRoundsMessages(shown, total, lang(ctx)) };
};

/** The resident's own comments, newest first, with 「取り下げる」 where the round is still open. */
const listMyComments: TAction = async (ctx) => {
  const where = { residentId: ctx.resident.id };
  const total = await ctx.tx.comment.count({ where });
  const comments = await ctx.tx.comment.findMany({ where, orderBy: [{ submittedAt: "desc" }, { receiptNumber: "asc" }], take: MAX_CAROUSEL, include: { round: true } });
  const mine = comments.map((c) => ({
    receiptNumber: c.receiptNumber,
    roundTitle: staffTr(lang(ctx), c.round.title, c.round.titleEn, c.round.titleEasy),
    sectionTitle: sectionTitle(c.round, c.sectionId, lang(ctx)),
    body: c.body,
    status: c.status === "withdrawn" ? ("withdrawn" as const) : ("submitted" as const),
    submittedAt: c.submittedAt,
    roundOpen: isOpen(c.round, ctx.now),
    closesAt: c.round.closesAt,
    resultsUrl: c.round.publishedAt ? c.round.resultsUrl : null,
  }));
  return { outcome: total > 0 ? "shown" : "none", messages: myCommentsMessages(mine, total, lang(ctx)) };
};

/** The resident's own comment named by the button's receipt, or undefined. */
async function ownComment(ctx: TActionContext) {
  const receipt = parseReceipt(ctx.answers.receipt);
  if (!receipt) return undefined;
  const comment = await ctx.tx.comment.findUnique({ where: { receiptNumber: receipt }, include: { round: true } });
  return comment && comment.residentId === ctx.resident.id ? comment : undefined;
}

/** First step of withdrawing: the comment is the resident's, not withdrawn yet, and its round is open; shows it. */
const checkCommentWithdraw: TAction = async (ctx) => {
  const l = lang(ctx);
  const comment = await ownComment(ctx);
  if (!comment) return { outcome: "notfound", messages: [text(roundTexts.withdrawNotFound(l))] };
  if (comment.status === "withdrawn") return { outcome: "withdrawn", messages: [text(roundTexts.alreadyWithdrawn(comment.receiptNumber, l))] };
  if (!isOpen(comment.round, ctx.now)) return { outcome: "closed", messages: [text(roundTexts.withdrawClosed(l))] };
  const shown = { receiptNumber: comment.receiptNumber, roundTitle: staffTr(l, comment.round.title, comment.round.titleEn, comment.round.titleEasy), sectionTitle: sectionTitle(comment.round, comment.sectionId, l), body: comment.body };
  return { outcome: "ok", messages: [text(roundTexts.withdrawConfirm(shown, l))] };
};

/** Withdraws the resident's own comment while its round is open. The comment is kept, marked withdrawn, and never counted. */
const withdrawComment: TAction = async (ctx) => {
  const l = lang(ctx);
  const found = await ownComment(ctx);
  if (!found) return { outcome: "notfound", messages: [text(roundTexts.withdrawNotFound(l))] };
  const round = await lockRound(ctx.tx, found.roundId);
  if (!round || !isOpen(round, ctx.now)) return { outcome: "closed", messages: [text(roundTexts.withdrawClosed(l))] };
  const changed = await ctx.tx.comment.updateMany({ where: { id: found.id, status: "submitted" }, data: { status: "withdrawn", withdrawnAt: ctx.now } });
  if (changed.count === 0) return { outcome: "withdrawn", messages: [text(roundTexts.alreadyWithdrawn(found.receiptNumber, l))] };
  await recordAudit(ctx.tx, { actor: ctx.actor, action: "comment.withdrawn", target: `comment:${found.id}`, detail: { round: round.number, receipt: found.receiptNumber } });
  return { outcome: "withdrawn", messages: [text(roundTexts.withdrawn(found.receiptNumber, l))] };
};

export const roundActions: Record<string, TAction> = { checkRoundOpen, submitComment, showOpenRounds, listMyComments, checkCommentWithdraw, withdrawComment };
