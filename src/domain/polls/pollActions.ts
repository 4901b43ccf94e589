// Flow actions of polls: list the open ones (flows/polls.yaml), check a poll is open at the start
// of its generated flow, and save the resident's answers as their one response at the end.
import { type TAction, type TActionContext } from "../actionContract.ts";
import { asJson } from "../../db/asJson.ts";
import { isUuid } from "../isUuid.ts";
import { inAudience } from "./inAudience.ts";
import { MAX_CAROUSEL } from "../messages/flexCard.ts";
import { openPollsMessages, pollTexts } from "./pollMessages.ts";
import { answersByQuestion } from "./pollFlowSource.ts";
import { pollFlowId, pollStatus } from "./pollStatus.ts";
import { pollCard } from "./PollService.ts";
import { audienceOf } from "../audience.ts";
import { toLanguage } from "../../flows/flowSchema.ts";

const lang = (ctx: TActionContext) => toLanguage(ctx.resident.language);
const text = (t: string) => ({ type: "text" as const, text: t });

async function pollOf(ctx: TActionContext) {
  const id = ctx.args.pollId;
  return isUuid(id) ? ctx.tx.poll.findUnique({ where: { id } }) : null;
}

/**
 * First step of a poll's flow: open, closed (a stale button from the announcement), not yet open,
 * or not for this resident. Says the poll's title and description when open.
 */
const checkPollOpen: TAction = async (ctx) => {
  const l = lang(ctx);
  const poll = await pollOf(ctx);
  if (!poll) return { outcome: "missing", messages: [text(pollTexts.missing(l))] };
  const status = pollStatus(poll, ctx.now);
  if (status === "closed") return { outcome: "closed", messages: [text(pollTexts.closed(l))] };
  if (status === "scheduled") return { outcome: "scheduled", messages: [text(pollTexts.notYet(poll.opensAt, l))] };
  if (!inAudience(audienceOf(poll), ctx.resident)) return { outcome: "outside", messages: [text(pollTexts.outside(l))] };
  const existing = await ctx.tx.pollResponse.findUnique({ where: { pollId_residentId: { pollId: poll.id, residentId: ctx.resident.id } }, select: { id: true } });
  return { outcome: "open", messages: [text(pollTexts.intro(pollCard(poll), existing !== null, l))] };
};

/**
 * Last step: the answers of this run become the resident's one response (replacing an earlier one),
 * with the poll version the flow was built from. After closing nothing is kept.
 */
const savePollResponse: TAction = async (ctx) => {
  const l = lang(ctx);
  const poll = await pollOf(ctx);
  if (!poll) return { outcome: "missing", messages: [text(pollTexts.missing(l))] };
  const status = pollStatus(poll, ctx.now);
  if (status !== "open") {
    // The conversation kept each answer as it came (Answer); what came after closing is refused, so it goes too.
    await ctx.tx.answer.deleteMany({ where: { residentId: ctx.resident.id, flowId: pollFlowId(poll.number), answeredAt: { gte: poll.closesAt } } });
    return { outcome: "closed", messages: [text(status === "closed" ? pollTexts.closedWhileAnswering(l) : pollTexts.notYet(poll.opensAt, l))] };
  }
  // The flow asks for consent first; without it nothing may be linked to the resident's profile.
  if (!ctx.resident.consentedAt) return { outcome: "noconsent", messages: [text(pollTexts.noConsent(l))] };
  const answers = answersByQuestion(ctx.answers);
  const version = typeof ctx.args.version === "number" ? ctx.args.version : poll.version;
  const key = { pollId_residentId: { pollId: poll.id, residentId: ctx.resident.id } };
  const existing = await ctx.tx.pollResponse.findUnique({ where: key, select: { id: true } });
  await ctx.tx.pollResponse.upsert({
    where: key,
    create: { pollId: poll.id, residentId: ctx.resident.id, answers: asJson(answers), pollVersion: version, submittedAt: ctx.now, updatedAt: ctx.now },
    update: { answers: asJson(answers), pollVersion: version, updatedAt: ctx.now },
  });
  return { outcome: existing ? "updated" : "saved", messages: [text(pollTexts.saved(existing !== null, poll.closesAt, l))] };
};

/** The polls open now for this resident, closing soonest first, as a carousel (or a kind word). */
const showOpenPolls: TAction = async (ctx) => {
  const open = await ctx.tx.poll.findMany({
    where: { opensAt: { lte: ctx.now }, closesAt: { gt: ctx.now } },
    orderBy: [{ closesAt: "asc" }, { number: "asc" }],
    take: 200,
  });
  const mine = open.filter((p) => inAudience(audienceOf(p), ctx.resident));
  const shown = mine.slice(0, MAX_CAROUSEL);
  const answered = new Set(
    (await ctx.tx.pollResponse.findMany({ where: { residentId: ctx.resident.id, pollId: { in: shown.map((p) => p.id) } }, select: { pollId: true } })).map((r) => r.pollId),
  );
  const cards = shown.map((p) => ({ ...pollCard(p), answered: answered.has(p.id) }));
  return { outcome: mine.length > 0 ? "shown" : "none", messages: openPollsMessages(cards, mine.length, lang(ctx)) };
};

/** A resident declining or withdrawing consent: their poll answers, given under it, go. */
export async function forgetPollResponses(tx: TActionContext["tx"], residentId: string): Promise<void> {
  await tx.pollResponse.deleteMany({ where: { residentId } });
}

export const pollActions: Record<string, TAction> = { checkPollOpen, savePollResponse, showOpenPolls };
