// What staff do with public comment rounds: create and edit them (every edit raises the version;
// comments keep the version they answered), announce them (at the opening time by the job, or by
// hand), close them at their time, read and annotate the comments (public text, groups, the city's
// response), publish the results (notifying each commenter once) and export. Every change is in
// the audit trail.
import { Prisma, type Comment, type PrismaClient, type Round } from "../../generated/prisma/client.ts";
import { type FlowSet } from "../../flows/FlowSet.ts";
import { ZResidentProfile } from "../../flows/engineTypes.ts";
import { AppError, NotFoundError, ValidationError } from "../../errors.ts";
import { type Logger } from "../../logger.ts";
import { asJson } from "../../db/asJson.ts";
import { audienceOf, audienceSize } from "../audience.ts";
import { type DeliveryQueue } from "../delivery/DeliveryQueue.ts";
import { assertWithinBudget, type TBudgetCheck } from "../delivery/messageBudget.ts";
import { announceAtOpening } from "../scheduling/announceAtOpening.ts";
import { recordAudit } from "../recordAudit.ts";
import { formatTokyoDateTime } from "../../tokyoTime.ts";
import { actorName, hasRole, type TStaffActor } from "../staff/staffTypes.ts";
import {
  GENERAL_SECTION_ID,
  GENERAL_SECTION_TITLE,
  roundIdentities,
  type TCommentGroupInput,
  type TCommentGroupView,
  type TCommentQuery,
  type TCommentUpdate,
  type TCommentView,
  type TPublishInput,
  type TRoundAnnounceInput,
  type TRoundIdentity,
  type TRoundInput,
  type TRoundView,
} from "./roundTypes.ts";
import { roundFlowId, roundStatus } from "./roundStatus.ts";
import { roundSections } from "./roundSections.ts";
import { announcementMessage, publishedMessage } from "./roundMessages.ts";
import { type TOutMessage } from "../../flows/engineTypes.ts";
import { byLanguage } from "../delivery/byLanguage.ts";
import { untranslatedRound } from "../messages/untranslated.ts";
import { sectionTitle, sectionTitles } from "./sectionTitle.ts";
import { EXPORT_PAGE_SIZE, keysetPages, type TKeysetPosition } from "../export/keysetPages.ts";
import { labeller, segmentOptions } from "./segmentOptions.ts";
import { commentCsvHeaders, commentCsvRow, resultCsvHeaders, resultCsvRow, type TCommentExportRow, type TResultRow } from "./roundExport.ts";
import { CSV_BOM, csvLine } from "../export/csv.ts";
import { idOrNumber } from "../idOrNumber.ts";
import { isUuid } from "../isUuid.ts";
import { storedJson } from "../../db/storedJson.ts";
import { type TLanguage } from "../../flows/flowSchema.ts";

type Db = PrismaClient | Prisma.TransactionClient;
type Tx = Prisma.TransactionClient;

const TX = { timeout: 60_000, maxWait: 20_000 };

/** A round by id (uuid) or number; 404 otherwise. */
export async function findRound(db: Db, id: string): Promise<Round> {
  const where = idOrNumber(id);
  const round = where ? await db.round.findUnique({ where }) : null;
  if (!round) throw new NotFoundError("その意見募集は見つかりません。");
  return round;
}

/** Locks the round's row for the rest of the transaction: edits, announcements, submissions and publication of one round go one at a time. */
async function lockRound(tx: Tx, id: string): Promise<Round> {
  const found = await findRound(tx, id);
  await tx.$executeRaw`SELECT 1 FROM "Round" WHERE "id" = ${found.id}::uuid FOR UPDATE`;
  return tx.round.findUniqueOrThrow({ where: { id: found.id } });
}

const identityOf = (round: Pick<Round, "identity">): TRoundIdentity => (roundIdentities as readonly string[]).includes(round.identity) ? (round.identity as TRoundIdentity) : "anonymous";

/** The stored fields of a round as staff entered them (a blank translation is none). */
const roundFields = (input: TRoundInput) => ({
  title: input.title,
  titleEn: blankToNull(input.titleEn),
  titleEasy: blankToNull(input.titleEasy),
  summary: input.summary,
  summaryEn: blankToNull(input.summaryEn),
  summaryEasy: blankToNull(input.summaryEasy),
  documentUrl: input.documentUrl,
  sections: asJson(input.sections),
  opensAt: input.opensAt,
  closesAt: input.closesAt,
  audience: asJson(input.audience),
  identity: input.identity,
});

const announcePurpose = (roundId: string) => `round.announce:${roundId}`;
const publishedPurpose = (roundId: string) => `round.published:${roundId}`;

/** Where an export goes: begin (the round is found: headers can be sent), then the chunks in order. */
export type TExportSink = { begin(round: Round): void; write(chunk: string): Promise<void> };

export type TAnnounceResult = { recipients: number; budget: TBudgetCheck; round: TRoundView };
export type TPublishResult = { recipients: number; round: TRoundView };

/** The results as the public reads them (the results page and the results exports). */
export type TRoundResults = {
  round: Round;
  sections: { id: string; title: string }[];
  groups: (TCommentGroupView & { receipts: string[] })[];
  comments: TResultRow[];
  /** 意見提出者数: residents with at least one published comment. */
  submitters?: number;
};

export type TRoundServiceDeps = { prisma: PrismaClient; deliveries: DeliveryQueue; files: FlowSet; logger: Logger; publicUrl: string };

type TCommentRow = Comment & { resident: { id: string; profile: unknown } };
/** A comment as the export reads it: the commenter's district and age band as the database read them out of the profile. */
type TCommentPageRow = Comment & { district: string | null; ageBand: string | null };

export class RoundService {
  constructor(private readonly deps: TRoundServiceDeps) {}

  /** The public results page of a round (the default link residents are sent when results are published). */
  resultsPageUrl(round: Pick<Round, "id">): string {
    return `${this.deps.publicUrl.replace(/\/+$/, "")}/results/rounds/${round.id}`;
  }

  async list(now = new Date()): Promise<TRoundView[]> {
    const { prisma } = this.deps;
    const rounds = await prisma.round.findMany({ orderBy: [{ opensAt: "desc" }, { number: "desc" }], take: 500 });
    const counts = await commentCounts(prisma, rounds.map((r) => r.id));
    const views: TRoundView[] = [];
    for (const r of rounds) views.push(toView(r, counts.get(r.id), await audienceSize(prisma, audienceOf(r)), now));
    return views;
  }

  async get(id: string, now = new Date()): Promise<TRoundView> {
    return this.view(this.deps.prisma, await findRound(this.deps.prisma, id), now);
  }

  async create(input: TRoundInput, staff: TStaffActor, now = new Date()): Promise<TRoundView> {
    if (input.closesAt <= now) throw ValidationError.at("closesAt", "締切は、これからの日時にしてください");
    return this.deps.prisma.$transaction(async (tx) => {
      const round = await tx.round.create({
        data: { ...roundFields(input), createdById: staff.id },
      });
      await recordAudit(tx, {
        actor: actorName(staff),
        action: "round.created",
        target: `round:${round.id}`,
        detail: { number: round.number, sections: input.sections.length, identity: input.identity, opensAt: input.opensAt.toISOString(), closesAt: input.closesAt.toISOString() },
      });
      return this.view(tx, round, now);
    }, TX);
  }

  /** Any field, any time before closing; the version goes up, comments already given keep theirs. */
  async update(id: string, input: TRoundInput, staff: TStaffActor, now = new Date()): Promise<TRoundView> {
    return this.deps.prisma.$transaction(async (tx) => {
      const round = await lockRound(tx, id);
      const status = roundStatus(round, now);
      if (status === "closed" || status === "published") throw new AppError("締め切った意見募集は編集できません。", 409);
      if (input.closesAt <= now) throw ValidationError.at("closesAt", "締切は、これからの日時にしてください");
      const before = {
        title: round.title,
        titleEn: round.titleEn ?? undefined,
        titleEasy: round.titleEasy ?? undefined,
        summary: round.summary,
        summaryEn: round.summaryEn ?? undefined,
        summaryEasy: round.summaryEasy ?? undefined,
        documentUrl: round.documentUrl,
        sections: round.sections,
        audience: round.audience,
        identity: round.identity,
        opensAt: round.opensAt.toISOString(),
        closesAt: round.closesAt.toISOString(),
      };
      const after = { ...input, opensAt: input.opensAt.toISOString(), closesAt: input.closesAt.toISOString() };
      const changed = (Object.keys(before) as (keyof typeof before)[]).filter((k) => JSON.stringify(before[k]) !== JSON.stringify(after[k]));
      const updated = await tx.round.update({
        where: { id: round.id },
        data: { ...roundFields(input), version: { increment: 1 } },
      });
      await recordAudit(tx, { actor: actorName(staff), action: "round.updated", target: `round:${round.id}`, detail: { number: round.number, version: updated.version, changed: changed.join(",") || null } });
      return this.view(tx, updated, now);
    }, TX);
  }

  /** By hand, once: before or after the opening time (the opening job then does not send it again). */
  async announce(id: string, staff: TStaffActor, options: TRoundAnnounceInput, now = new Date()): Promise<TAnnounceResult> {
    return this.deps.prisma.$transaction(async (tx) => {
      const round = await lockRound(tx, id);
      const status = roundStatus(round, now);
      if (status === "closed" || status === "published") throw new AppError("締め切った意見募集はお知らせできません。", 409);
      if (round.announcedAt) throw new AppError(`この意見募集は${formatTokyoDateTime(round.announcedAt)}にお知らせ済みです。`, 409);
      // Counted and recorded in the database: a city-wide announcement never lists its residents here.
      const size = await audienceSize(tx, audienceOf(round));
      const budget = await assertWithinBudget(tx, size, staff, options.confirmOverBudget, { purpose: announcePurpose(round.id), now });
      const claimed = await tx.$executeRaw`UPDATE "Round" SET "announcedAt" = ${now} WHERE "id" = ${round.id}::uuid AND "announcedAt" IS NULL`;
      if (claimed !== 1) throw new AppError("この意見募集はお知らせ済みです。", 409);
      const { recipients } = await this.deps.deliveries.enqueueAudienceByLanguage(tx, announcePurpose(round.id), audienceOf(round), (lang) => [announcementMessage(round, lang)], { expiresAt: round.closesAt });
      await recordAudit(tx, {
        actor: actorName(staff),
        action: "round.announced",
        target: `round:${round.id}`,
        detail: { number: round.number, recipients, manual: true, overBudget: budget.exceeds },
      });
      const updated = await tx.round.findUniqueOrThrow({ where: { id: round.id } });
      return { recipients, budget, round: await this.view(tx, updated, now) };
    }, TX);
  }

  /**
   * The opening job: each round whose time has come is announced to its audience once, however
   * many processes run the job — the claim is a conditional UPDATE, in the same transaction as the send.
   */
  async announceDue(now = new Date()): Promise<number> {
    const due = await this.deps.prisma.round.findMany({
      where: { announcedAt: null, opensAt: { lte: now }, closesAt: { gt: now }, closedAt: null, publishedAt: null },
      select: { id: true },
      orderBy: { opensAt: "asc" },
    });
    return announceAtOpening<Round>(this.deps, {
      kind: "round",
      due: due.map((r) => r.id),
      read: (tx, id) => tx.round.findUniqueOrThrow({ where: { id } }),
      audienceOf,
      messagesIn: (round, lang) => [announcementMessage(round, lang)],
      detail: (round) => ({ number: round.number }),
    }, now);
  }

  /** The closing job: marks rounds past their closing time closed (comments were refused from that moment on anyway). */
  async closeDue(now = new Date()): Promise<number> {
    return this.deps.prisma.$transaction(async (tx) => {
      const closed = await tx.$queryRaw<{ id: string; number: number }[]>`
        UPDATE "Round" SET "closedAt" = ${now} WHERE "closesAt" <= ${now} AND "closedAt" IS NULL RETURNING "id", "number"`;
      for (const r of closed) await recordAudit(tx, { actor: "system", action: "round.closed", target: `round:${r.id}`, detail: { number: r.number } });
      return closed.length;
    }, TX);
  }

  /**
   * What the audience will receive when the round is announced, in one language, from the builder
   * the send uses (no side effects).
   */
  async previewAnnouncement(id: string, lang: TLanguage): Promise<TOutMessage[]> {
    return [announcementMessage(await findRound(this.deps.prisma, id), lang)];
  }

  /**
   * 今すぐ締め切る: an open round stops taking comments now. The closing time becomes now (what
   * residents and the results are told), without a new version: the draft did not change.
   */
  async closeNow(id: string, staff: TStaffActor, now = new Date()): Promise<TRoundView> {
    return this.deps.prisma.$transaction(async (tx) => {
      const round = await lockRound(tx, id);
      const status = roundStatus(round, now);
      if (status === "scheduled") throw new AppError("受付開始前の意見募集は締め切れません。受付期間を編集してください。", 409);
      if (status !== "open") throw new AppError("この意見募集は締め切り済みです。", 409);
      const updated = await tx.round.update({ where: { id: round.id }, data: { closesAt: now, closedAt: now } });
      await recordAudit(tx, {
        actor: actorName(staff),
        action: "round.closed",
        target: `round:${round.id}`,
        detail: { number: round.number, manual: true, plannedClosesAt: round.closesAt.toISOString() },
      });
      return this.view(tx, updated, now);
    }, TX);
  }

  /** Comments, filtered; name and address only for staff and above. District and age band are the commenter's profile now. */
  async comments(id: string, query: TCommentQuery, staff: TStaffActor): Promise<TCommentView[]> {
    const { prisma } = this.deps;
    const round = await findRound(prisma, id);
    const rows = await prisma.comment.findMany({
      where: commentWhere(round.id, query),
      orderBy: [{ submittedAt: "asc" }, { id: "asc" }],
      include: { resident: { select: { id: true, profile: true } } },
      take: 20_000,
    });
    const personal = hasRole(staff.role, "staff");
    const titleOf = sectionTitles(round);
    return rows.map((c) => listedComment(c, titleOf, personal));
  }

  /** Staff edit one comment: the text to publish, its group, the city's response. */
  async updateComment(id: string, commentId: string, input: TCommentUpdate, staff: TStaffActor): Promise<TCommentView> {
    return this.deps.prisma.$transaction(async (tx) => {
      const round = await findRound(tx, id);
      const comment = isUuid(commentId) ? await tx.comment.findUnique({ where: { id: commentId } }) : null;
      if (!comment || comment.roundId !== round.id) throw new NotFoundError("その意見は見つかりません。");
      if (comment.status === "withdrawn") throw new AppError("取り下げられた意見は編集できません。", 409);
      if (input.groupId) {
        const group = await tx.commentGroup.findUnique({ where: { id: input.groupId } });
        if (!group || group.roundId !== round.id) throw ValidationError.at("groupId", "そのまとまりは、この意見募集のものではありません");
      }
      const data: Prisma.CommentUncheckedUpdateInput = {};
      if (input.publicBody !== undefined) data.publicBody = input.publicBody === null || input.publicBody.trim() === "" ? null : input.publicBody;
      if (input.groupId !== undefined) data.groupId = input.groupId;
      if (input.response !== undefined) data.response = input.response === null || input.response.trim() === "" ? null : input.response;
      const updated = await tx.comment.update({ where: { id: comment.id }, data, include: { resident: { select: { id: true, profile: true } } } });
      // Which fields changed, never their text: a comment may carry personal details.
      await recordAudit(tx, {
        actor: actorName(staff),
        action: "comment.updated",
        target: `comment:${comment.id}`,
        detail: { round: round.number, receipt: comment.receiptNumber, fields: Object.keys(data).join(",") || null },
      });
      return listedComment(updated, sectionTitles(round), hasRole(staff.role, "staff"));
    }, TX);
  }

  async groups(id: string): Promise<TCommentGroupView[]> {
    const { prisma } = this.deps;
    const round = await findRound(prisma, id);
    return (await groupsOf(prisma, round.id)).map(({ receipts: _r, ...g }) => g);
  }

  async createGroup(id: string, input: TCommentGroupInput, staff: TStaffActor): Promise<TCommentGroupView> {
    return this.deps.prisma.$transaction(async (tx) => {
      const round = await findRound(tx, id);
      const group = await tx.commentGroup.create({ data: { roundId: round.id, title: input.title, response: blankToNull(input.response), summary: blankToNull(input.summary), revised: input.revised ?? null } });
      await recordAudit(tx, { actor: actorName(staff), action: "group.created", target: `group:${group.id}`, detail: { round: round.number } });
      return { id: group.id, title: group.title, response: group.response, summary: group.summary, revised: group.revised, commentCount: 0, createdAt: group.createdAt.toISOString() };
    }, TX);
  }

  async updateGroup(id: string, groupId: string, input: TCommentGroupInput, staff: TStaffActor): Promise<TCommentGroupView> {
    return this.deps.prisma.$transaction(async (tx) => {
      const round = await findRound(tx, id);
      const group = isUuid(groupId) ? await tx.commentGroup.findUnique({ where: { id: groupId } }) : null;
      if (!group || group.roundId !== round.id) throw new NotFoundError("そのまとまりは見つかりません。");
      const data = {
        title: input.title,
        ...(input.response !== undefined ? { response: blankToNull(input.response) } : {}),
        ...(input.summary !== undefined ? { summary: blankToNull(input.summary) } : {}),
        ...(input.revised !== undefined ? { revised: input.revised } : {}),
      };
      const updated = await tx.commentGroup.update({ where: { id: group.id }, data });
      await recordAudit(tx, { actor: actorName(staff), action: "group.updated", target: `group:${group.id}`, detail: { round: round.number, fields: Object.keys(data).join(",") } });
      const commentCount = await tx.comment.count({ where: { groupId: group.id, status: "submitted" } });
      return { id: updated.id, title: updated.title, response: updated.response, summary: updated.summary, revised: updated.revised, commentCount, createdAt: updated.createdAt.toISOString() };
    }, TX);
  }

  /**
   * After closing: the results are public (resultsUrl, by default this bot's results page) and each
   * resident who commented and did not withdraw is told once — the claim is a conditional UPDATE in
   * the same transaction as the send.
   */
  async publish(id: string, input: TPublishInput, staff: TStaffActor, now = new Date()): Promise<TPublishResult> {
    return this.deps.prisma.$transaction(async (tx) => {
      const round = await lockRound(tx, id);
      const status = roundStatus(round, now);
      if (status === "published") throw new AppError("この意見募集の結果は公表済みです。", 409);
      if (status !== "closed") throw new AppError(`結果は締切（${formatTokyoDateTime(round.closesAt)}）の後に公表できます。`, 409);
      const resultsUrl = input.resultsUrl ?? this.resultsPageUrl(round);
      const claimed = await tx.$executeRaw`
        UPDATE "Round" SET "publishedAt" = ${now}, "resultsUrl" = ${resultsUrl}, "closedAt" = COALESCE("closedAt", ${now})
        WHERE "id" = ${round.id}::uuid AND "publishedAt" IS NULL`;
      if (claimed !== 1) throw new AppError("この意見募集の結果は公表済みです。", 409);
      const commenters = await tx.$queryRaw<{ lineUserId: string }[]>`
        SELECT DISTINCT r."lineUserId" FROM "Comment" c JOIN "Resident" r ON r."id" = c."residentId"
        WHERE c."roundId" = ${round.id}::uuid AND c."status" = 'submitted' AND r."reachable"
        ORDER BY r."lineUserId"`;
      const ids = commenters.map((c) => c.lineUserId);
      for (const [lang, group] of await byLanguage(tx, ids)) await this.deps.deliveries.enqueue(tx, publishedPurpose(round.id), group, [publishedMessage(round, resultsUrl, lang)]);
      await recordAudit(tx, { actor: actorName(staff), action: "round.published", target: `round:${round.id}`, detail: { number: round.number, recipients: ids.length, resultsUrl } });
      const updated = await tx.round.findUniqueOrThrow({ where: { id: round.id } });
      return { recipients: ids.length, round: await this.view(tx, updated, now) };
    }, TX);
  }

  /**
   * Writes the comments as CSV or JSON, a page of EXPORT_PAGE_SIZE at a time, oldest first, with
   * the same filters as the list (a date window on 受付日時). Name and address only for staff and above.
   */
  async exportComments(id: string, staff: TStaffActor, query: TCommentQuery, format: "csv" | "json", out: TExportSink): Promise<{ rows: number }> {
    const { prisma } = this.deps;
    const round = await findRound(prisma, id);
    out.begin(round);
    const personal = hasRole(staff.role, "staff");
    const options = segmentOptions(this.deps.files);
    const district = labeller(options.districts);
    const ageBand = labeller(options.ageBands);
    const groups = new Map((await prisma.commentGroup.findMany({ where: { roundId: round.id } })).map((g) => [g.id, g]));
    const titleOf = sectionTitles(round);

    if (format === "csv") await out.write(CSV_BOM + csvLine(commentCsvHeaders(personal)));
    else await out.write(`{"round":${JSON.stringify(roundHead(round))},"query":${JSON.stringify(queryHead(query))},"comments":[`);
    let rows = 0;
    for await (const page of pages(prisma, { roundId: round.id, ...query })) {
      const chunk = page.map((c) => {
        const group = c.groupId ? groups.get(c.groupId) : undefined;
        const row = exportedComment(commentView(c, c, titleOf, personal), {
          districtLabel: district(c.district),
          ageBandLabel: ageBand(c.ageBand),
          groupTitle: group?.title ?? null,
          cityResponse: c.response ?? group?.response ?? null,
          roundVersion: c.roundVersion,
          withdrawnAt: c.withdrawnAt?.toISOString() ?? null,
        });
        return format === "csv" ? commentCsvRow(row, personal) : `${rows++ > 0 ? "," : ""}${JSON.stringify(row)}`;
      });
      if (format === "csv") rows += page.length;
      await out.write(chunk.join(""));
    }
    if (format === "json") await out.write(`],"count":${rows}}`);
    await recordAudit(prisma, {
      actor: actorName(staff),
      action: "round.comments_exported",
      target: `round:${round.id}`,
      detail: { number: round.number, format, rows, personal, from: query.from?.toISOString() ?? null, to: query.to?.toISOString() ?? null },
    });
    return { rows };
  }

  /**
   * The results as published (public text only; staff may look before publishing too), section by
   * section and in each a page of EXPORT_PAGE_SIZE at a time.
   */
  async exportResults(id: string, staff: TStaffActor, format: "csv" | "json", out: TExportSink): Promise<{ rows: number }> {
    const { prisma } = this.deps;
    const round = await findRound(prisma, id);
    out.begin(round);
    const sections = await resultSections(prisma, round);
    const groups = await groupsOf(prisma, round.id);
    const byGroup = new Map(groups.map((g) => [g.id, g]));
    const titleOf = sectionTitles(round);
    if (format === "csv") await out.write(CSV_BOM + csvLine(resultCsvHeaders));
    else {
      const head = { ...roundHead(round), summary: round.summary, documentUrl: round.documentUrl, publishedAt: round.publishedAt?.toISOString() ?? null, resultsUrl: round.resultsUrl };
      await out.write(`{"round":${JSON.stringify(head)},"sections":${JSON.stringify(sections)},"groups":${JSON.stringify(groups)},"comments":[`);
    }
    let rows = 0;
    for (const section of sections) {
      for await (const page of pages(prisma, { roundId: round.id, sectionId: section.id })) {
        const chunk = page.map((c) => {
          const row = resultRow(c, titleOf, byGroup);
          return format === "csv" ? resultCsvRow(row) : `${rows++ > 0 ? "," : ""}${JSON.stringify(row)}`;
        });
        if (format === "csv") rows += page.length;
        await out.write(chunk.join(""));
      }
    }
    if (format === "json") await out.write(`],"count":${rows}}`);
    await recordAudit(prisma, { actor: actorName(staff), action: "round.results_exported", target: `round:${round.id}`, detail: { number: round.number, format, rows } });
    return { rows };
  }

  private async view(db: Db, round: Round, now: Date): Promise<TRoundView> {
    const counts = await commentCounts(db, [round.id]);
    const size = await audienceSize(db, audienceOf(round));
    return toView(round, counts.get(round.id), size, now);
  }
}

const blankToNull = (v: string | null | undefined) => (v === undefined || v === null || v.trim() === "" ? null : v);

function commentWhere(roundId: string, q: TCommentQuery): Prisma.CommentWhereInput {
  const profile: Prisma.ResidentWhereInput[] = [
    ...(q.district ? [{ profile: { path: ["district"], equals: q.district } }] : []),
    ...(q.ageBand ? [{ profile: { path: ["ageBand"], equals: q.ageBand } }] : []),
  ];
  return {
    roundId,
    ...(q.includeWithdrawn ? {} : { status: "submitted" }),
    ...(q.sectionId ? { sectionId: q.sectionId } : {}),
    ...(q.from || q.to ? { submittedAt: { ...(q.from ? { gte: q.from } : {}), ...(q.to ? { lt: q.to } : {}) } } : {}),
    ...(profile.length > 0 ? { resident: { AND: profile } } : {}),
  };
}

/** Which comments a page reads: the list's filters (commentWhere), as SQL for the export's pages. */
type TCommentPageFilter = { roundId: string; includeWithdrawn?: boolean; sectionId?: string; district?: string; ageBand?: string; from?: Date; to?: Date };

/**
 * Pages of comments in (submittedAt, id) order: a keyset cursor, so each page is one indexed query
 * however far in. Plain SQL rather than a Prisma model query (less work per row, and the two profile
 * fields read in the database); the filters are commentWhere's, written for SQL.
 */
function pages(db: Db, f: TCommentPageFilter): AsyncGenerator<TCommentPageRow[]> {
  const filters = Prisma.sql`c."roundId" = ${f.roundId}::uuid
    ${f.includeWithdrawn ? Prisma.empty : Prisma.sql`AND c."status" = 'submitted'`}
    ${f.sectionId ? Prisma.sql`AND c."sectionId" = ${f.sectionId}` : Prisma.empty}
    ${f.from ? Prisma.sql`AND c."submittedAt" >= ${f.from}` : Prisma.empty}
    ${f.to ? Prisma.sql`AND c."submittedAt" < ${f.to}` : Prisma.empty}
    ${f.district ? Prisma.sql`AND r."profile"->>'district' = ${f.district}` : Prisma.empty}
    ${f.ageBand ? Prisma.sql`AND r."profile"->>'ageBand' = ${f.ageBand}` : Prisma.empty}`;
  // The two profile fields a comment shows, read in the database: no resident's whole profile parsed per row.
  const page = (after: TKeysetPosition | undefined) => db.$queryRaw<TCommentPageRow[]>`
      SELECT c.*, r."profile"->>'district' AS "district", r."profile"->>'ageBand' AS "ageBand"
      FROM "Comment" c JOIN "Resident" r ON r."id" = c."residentId"
      WHERE ${filters} ${after ? Prisma.sql`AND (c."submittedAt", c."id") > (${after.submittedAt}, ${after.id}::uuid)` : Prisma.empty}
      ORDER BY c."submittedAt", c."id" LIMIT ${EXPORT_PAGE_SIZE}`;
  return keysetPages(EXPORT_PAGE_SIZE, page);
}

function commentView(c: Comment, profile: { district?: string | null; ageBand?: string | null }, titleOf: (sectionId: string) => string, personal: boolean): TCommentView {
  return {
    id: c.id,
    receiptNumber: c.receiptNumber,
    sectionId: c.sectionId,
    sectionTitle: titleOf(c.sectionId),
    body: c.body,
    publicBody: c.publicBody,
    name: personal ? c.name : null,
    address: personal ? c.address : null,
    district: profile.district ?? null,
    ageBand: profile.ageBand ?? null,
    status: c.status === "withdrawn" ? "withdrawn" : "submitted",
    groupId: c.groupId,
    response: c.response,
    submittedAt: c.submittedAt.toISOString(),
  };
}

/**
 * The view with the export's columns, written out field by field: as an object spread
 * (`{ ...view, districtLabel, … }`) this one line took 15 µs a row, half of a 100,000-comment export.
 */
function exportedComment(v: TCommentView, more: Omit<TCommentExportRow, keyof TCommentView>): TCommentExportRow {
  return {
    id: v.id,
    receiptNumber: v.receiptNumber,
    sectionId: v.sectionId,
    sectionTitle: v.sectionTitle,
    body: v.body,
    publicBody: v.publicBody,
    name: v.name,
    address: v.address,
    district: v.district,
    ageBand: v.ageBand,
    status: v.status,
    groupId: v.groupId,
    response: v.response,
    submittedAt: v.submittedAt,
    districtLabel: more.districtLabel,
    ageBandLabel: more.ageBandLabel,
    groupTitle: more.groupTitle,
    cityResponse: more.cityResponse,
    roundVersion: more.roundVersion,
    withdrawnAt: more.withdrawnAt,
  };
}

/** A comment as staff's list shows it, with its commenter's profile as it is now. */
const listedComment = (c: TCommentRow, titleOf: (sectionId: string) => string, personal: boolean): TCommentView =>
  commentView(c, storedJson(ZResidentProfile, c.resident.profile, "Resident", "profile", c.resident.id), titleOf, personal);

const roundHead = (round: Round) => ({ id: round.id, number: round.number, title: round.title, version: round.version });
const queryHead = (q: TCommentQuery) => ({
  sectionId: q.sectionId ?? null,
  district: q.district ?? null,
  ageBand: q.ageBand ?? null,
  from: q.from?.toISOString() ?? null,
  to: q.to?.toISOString() ?? null,
  includeWithdrawn: q.includeWithdrawn,
});

async function groupsOf(db: Db, roundId: string): Promise<(TCommentGroupView & { receipts: string[] })[]> {
  const groups = await db.commentGroup.findMany({
    where: { roundId },
    orderBy: { createdAt: "asc" },
    include: { comments: { where: { status: "submitted" }, select: { receiptNumber: true }, orderBy: { submittedAt: "asc" } } },
  });
  return groups.map((g) => ({
    id: g.id,
    title: g.title,
    response: g.response,
    summary: g.summary,
    revised: g.revised,
    commentCount: g.comments.length,
    createdAt: g.createdAt.toISOString(),
    receipts: g.comments.map((c) => c.receiptNumber),
  }));
}

/** The sections results are shown in: the round's, then 「全体について」, then any removed by an edit that comments still refer to. */
async function resultSections(db: Db, round: Round): Promise<{ id: string; title: string }[]> {
  const sections = [...roundSections(round).map((s) => ({ id: s.id, title: s.title })), { id: GENERAL_SECTION_ID, title: GENERAL_SECTION_TITLE }];
  const removed = await db.comment.findMany({
    where: { roundId: round.id, status: "submitted", sectionId: { notIn: sections.map((s) => s.id) } },
    distinct: ["sectionId"],
    select: { sectionId: true },
    orderBy: { sectionId: "asc" },
  });
  return [...sections, ...removed.map((c) => ({ id: c.sectionId, title: sectionTitle(round, c.sectionId) }))];
}

/** A published comment: staff's text for publication (else as written) and the city's response (its own, else its group's). */
function resultRow(c: Pick<Comment, "receiptNumber" | "sectionId" | "body" | "publicBody" | "groupId" | "response">, titleOf: (sectionId: string) => string, groups: Map<string, TCommentGroupView>): TResultRow {
  const group = c.groupId ? groups.get(c.groupId) : undefined;
  return {
    receiptNumber: c.receiptNumber,
    sectionId: c.sectionId,
    sectionTitle: titleOf(c.sectionId),
    text: c.publicBody ?? c.body,
    groupId: group?.id ?? null,
    groupTitle: group?.title ?? null,
    response: c.response ?? group?.response ?? null,
  };
}

/** Published text only, for the results page: comments not withdrawn, section by section, as they came. */
export async function roundResults(db: Db, round: Round): Promise<TRoundResults> {
  const sections = await resultSections(db, round);
  const groups = await groupsOf(db, round.id);
  const byGroup = new Map(groups.map((g) => [g.id, g]));
  const comments = await db.comment.findMany({ where: { roundId: round.id, status: "submitted" }, orderBy: [{ submittedAt: "asc" }, { id: "asc" }] });
  const order = new Map(sections.map((s, i) => [s.id, i]));
  const titleOf = sectionTitles(round);
  const rows = comments.map((c) => resultRow(c, titleOf, byGroup)).sort((a, b) => order.get(a.sectionId)! - order.get(b.sectionId)!);
  const submitters = (await db.comment.findMany({ where: { roundId: round.id, status: "submitted" }, distinct: ["residentId"], select: { residentId: true } })).length;
  return { round, sections, groups, comments: rows, submitters };
}

async function commentCounts(db: Db, roundIds: string[]): Promise<Map<string, { comments: number; commenters: number }>> {
  if (roundIds.length === 0) return new Map();
  const rows = await db.$queryRaw<{ roundId: string; comments: number; commenters: number }[]>`
    SELECT "roundId"::text AS "roundId", COUNT(*)::int AS "comments", COUNT(DISTINCT "residentId")::int AS "commenters"
    FROM "Comment" WHERE "status" = 'submitted' AND "roundId" = ANY(${roundIds}::uuid[]) GROUP BY "roundId"`;
  return new Map(rows.map((r) => [r.roundId, { comments: Number(r.comments), commenters: Number(r.commenters) }]));
}

function toView(round: Round, counts: { comments: number; commenters: number } | undefined, audienceSize: number, now: Date): TRoundView {
  return {
    id: round.id,
    number: round.number,
    title: round.title,
    ...(round.titleEn ? { titleEn: round.titleEn } : {}),
    ...(round.titleEasy ? { titleEasy: round.titleEasy } : {}),
    summary: round.summary,
    ...(round.summaryEn ? { summaryEn: round.summaryEn } : {}),
    ...(round.summaryEasy ? { summaryEasy: round.summaryEasy } : {}),
    documentUrl: round.documentUrl,
    sections: roundSections(round),
    opensAt: round.opensAt,
    closesAt: round.closesAt,
    audience: audienceOf(round),
    identity: identityOf(round),
    status: roundStatus(round, now),
    version: round.version,
    announcedAt: round.announcedAt?.toISOString() ?? null,
    publishedAt: round.publishedAt?.toISOString() ?? null,
    resultsUrl: round.resultsUrl,
    closedAt: round.closedAt?.toISOString() ?? null,
    commentCount: counts?.comments ?? 0,
    commenterCount: counts?.commenters ?? 0,
    audienceSize,
    flowId: roundFlowId(round.number),
    untranslated: untranslatedRound({ ...round, sections: roundSections(round) }),
    withoutEasy: untranslatedRound({ ...round, sections: roundSections(round) }, "easy"),
  };
}
