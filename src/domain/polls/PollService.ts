// What staff do with polls: create and edit them (every edit raises the version; responses keep
// the version they answered), announce them (at the opening time by the job, or by hand), read
// the results and export the responses. Every change is in the audit trail.
import { Prisma, type Poll, type PrismaClient } from "../../generated/prisma/client.ts";
import { type FlowSet } from "../../flows/FlowSet.ts";
import { ZResidentProfile } from "../../flows/engineTypes.ts";
import { AppError, NotFoundError, ValidationError } from "../../errors.ts";
import { type Logger } from "../../logger.ts";
import { asJson } from "../../db/asJson.ts";
import { audienceLineUserIds, audienceOf, audienceSize } from "../audience.ts";
import { type DeliveryQueue } from "../delivery/DeliveryQueue.ts";
import { assertWithinBudget, type TBudgetCheck } from "../delivery/messageBudget.ts";
import { announceAtOpening } from "../scheduling/announceAtOpening.ts";
import { recordAudit } from "../recordAudit.ts";
import { actorName, hasRole, type TStaffActor } from "../staff/staffTypes.ts";
import { type TPollAnnounceInput, type TPollExportQuery, type TPollInput, type TPollResults, type TPollView } from "./pollTypes.ts";
import { pollFlowId, pollStatus } from "./pollStatus.ts";
import { ZStoredQuestions } from "./pollFlowSource.ts";
import { announcementMessage, type TPollCard } from "./pollMessages.ts";
import { type TOutMessage } from "../../flows/engineTypes.ts";
import { byLanguage } from "../delivery/byLanguage.ts";
import { untranslatedPoll } from "../messages/untranslated.ts";
import { computePollResults } from "./pollResults.ts";
import { profileLabels } from "./profileLabels.ts";
import { csvHeaders, csvRow, jsonRow, type TExportColumns, type TExportRow } from "./pollExport.ts";
import { CSV_BOM, csvLine } from "../export/csv.ts";
import { idOrNumber } from "../idOrNumber.ts";
import { storedJson } from "../../db/storedJson.ts";
import { EXPORT_PAGE_SIZE, keysetPages, type TKeysetPosition } from "../export/keysetPages.ts";
import { type TLanguage } from "../../flows/flowSchema.ts";

type Db = PrismaClient | Prisma.TransactionClient;
type Tx = Prisma.TransactionClient;

const TX = { timeout: 60_000, maxWait: 20_000 };

/** A poll by id (uuid) or number; 404 otherwise. */
export async function findPoll(db: Db, id: string): Promise<Poll> {
  const where = idOrNumber(id);
  const poll = where ? await db.poll.findUnique({ where }) : null;
  if (!poll) throw new NotFoundError("そのアンケートは見つかりません。");
  return poll;
}

/** Locks the poll's row for the rest of the transaction: edits and announcements of one poll go one at a time. */
async function lockPoll(tx: Tx, id: string): Promise<Poll> {
  const found = await findPoll(tx, id);
  await tx.$executeRaw`SELECT 1 FROM "Poll" WHERE "id" = ${found.id}::uuid FOR UPDATE`;
  return tx.poll.findUniqueOrThrow({ where: { id: found.id } });
}

export const questionsOf = (poll: Pick<Poll, "questions">) => ZStoredQuestions.parse(poll.questions);

export function pollCard(poll: Pick<Poll, "number" | "title" | "description" | "closesAt" | "questions"> & Partial<Pick<Poll, "titleEn" | "descriptionEn" | "titleEasy" | "descriptionEasy">>): TPollCard {
  return { number: poll.number, title: poll.title, titleEn: poll.titleEn, titleEasy: poll.titleEasy, description: poll.description, descriptionEn: poll.descriptionEn, descriptionEasy: poll.descriptionEasy, closesAt: poll.closesAt, questionCount: questionsOf(poll).length };
}

/** The stored fields of a poll as staff entered them (a blank translation is none). */
const pollFields = (input: TPollInput) => ({
  title: input.title,
  titleEn: input.titleEn?.trim() || null,
  titleEasy: input.titleEasy?.trim() || null,
  description: input.description,
  descriptionEn: input.descriptionEn?.trim() || null,
  descriptionEasy: input.descriptionEasy?.trim() || null,
  questions: asJson(input.questions),
  audience: asJson(input.audience),
  opensAt: input.opensAt,
  closesAt: input.closesAt,
});

const announcePurpose = (pollId: string) => `poll.announce:${pollId}`;

/** Where an export goes: begin (the poll is found: headers can be sent), then the chunks in order. */
export type TExportSink = { begin(poll: Poll): void; write(chunk: string): Promise<void> };

export type TAnnounceResult = { recipients: number; budget: TBudgetCheck };

export type TPollServiceDeps = { prisma: PrismaClient; deliveries: DeliveryQueue; files: FlowSet; logger: Logger };

export class PollService {
  constructor(private readonly deps: TPollServiceDeps) {}

  async list(now = new Date()): Promise<TPollView[]> {
    const polls = await this.deps.prisma.poll.findMany({ orderBy: [{ opensAt: "desc" }, { number: "desc" }], take: 500 });
    const counts = await responseCounts(this.deps.prisma, polls.map((p) => p.id));
    const views: TPollView[] = [];
    for (const p of polls) views.push(toView(p, counts.get(p.id) ?? 0, await audienceSize(this.deps.prisma, audienceOf(p)), now));
    return views;
  }

  async get(id: string, now = new Date()): Promise<TPollView> {
    const poll = await findPoll(this.deps.prisma, id);
    return this.view(this.deps.prisma, poll, now);
  }

  async create(input: TPollInput, staff: TStaffActor, now = new Date()): Promise<TPollView> {
    if (input.closesAt <= now) throw ValidationError.at("closesAt", "締切は、これからの日時にしてください");
    return this.deps.prisma.$transaction(async (tx) => {
      const poll = await tx.poll.create({
        data: { ...pollFields(input), createdById: staff.id },
      });
      await recordAudit(tx, {
        actor: actorName(staff),
        action: "poll.created",
        target: `poll:${poll.id}`,
        detail: { number: poll.number, questions: input.questions.length, opensAt: input.opensAt.toISOString(), closesAt: input.closesAt.toISOString() },
      });
      return this.view(tx, poll, now);
    }, TX);
  }

  /** Any field, any time before closing; the version goes up, responses already given keep theirs. */
  async update(id: string, input: TPollInput, staff: TStaffActor, now = new Date()): Promise<TPollView> {
    return this.deps.prisma.$transaction(async (tx) => {
      const poll = await lockPoll(tx, id);
      if (pollStatus(poll, now) === "closed") throw new AppError("締め切ったアンケートは編集できません。", 409);
      const before = { title: poll.title, titleEn: poll.titleEn ?? undefined, titleEasy: poll.titleEasy ?? undefined, description: poll.description, descriptionEn: poll.descriptionEn ?? undefined, descriptionEasy: poll.descriptionEasy ?? undefined, questions: poll.questions, audience: poll.audience, opensAt: poll.opensAt.toISOString(), closesAt: poll.closesAt.toISOString() };
      const after = { ...input, opensAt: input.opensAt.toISOString(), closesAt: input.closesAt.toISOString() };
      const changed = (Object.keys(before) as (keyof typeof before)[]).filter((k) => JSON.stringify(before[k]) !== JSON.stringify(after[k]));
      const updated = await tx.poll.update({
        where: { id: poll.id },
        data: { ...pollFields(input), version: { increment: 1 } },
      });
      await recordAudit(tx, { actor: actorName(staff), action: "poll.updated", target: `poll:${poll.id}`, detail: { version: updated.version, changed: changed.join(",") || null } });
      return this.view(tx, updated, now);
    }, TX);
  }

  /**
   * By hand: the announcement, once (the opening job will then not send it again); or, with
   * `again`, a reminder to the audience members who have not answered yet.
   */
  async announce(id: string, staff: TStaffActor, options: TPollAnnounceInput, now = new Date()): Promise<TAnnounceResult> {
    return this.deps.prisma.$transaction(async (tx) => {
      const poll = await lockPoll(tx, id);
      const status = pollStatus(poll, now);
      if (status === "scheduled") throw new AppError("開始前のアンケートはお知らせできません（開始時刻に自動でお知らせします）。", 409);
      if (status === "closed") throw new AppError("締め切ったアンケートはお知らせできません。", 409);
      if (poll.announcedAt && !options.again) throw new AppError("このアンケートはお知らせ済みです。回答していない方にもう一度送るときは again: true を指定してください。", 409);
      let ids = await audienceLineUserIds(tx, audienceOf(poll));
      if (options.again) {
        const answered = await tx.pollResponse.findMany({ where: { pollId: poll.id }, select: { resident: { select: { lineUserId: true } } } });
        const done = new Set(answered.map((r) => r.resident.lineUserId));
        ids = ids.filter((u) => !done.has(u));
      }
      const purpose = options.again ? `poll.reminder:${poll.id}:${now.toISOString()}` : announcePurpose(poll.id);
      const budget = await assertWithinBudget(tx, ids.length, staff, options.confirmOverBudget, { purpose, now });
      if (!options.again) await tx.poll.update({ where: { id: poll.id }, data: { announcedAt: now } });
      for (const [lang, group] of await byLanguage(tx, ids)) await this.deps.deliveries.enqueue(tx, purpose, group, [announcementMessage(pollCard(poll), lang, { reminder: options.again })], { expiresAt: poll.closesAt });
      await recordAudit(tx, {
        actor: actorName(staff),
        action: options.again ? "poll.reminded" : "poll.announced",
        target: `poll:${poll.id}`,
        detail: { recipients: ids.length, manual: true, overBudget: budget.exceeds },
      });
      return { recipients: ids.length, budget };
    }, TX);
  }

  /**
   * What the audience will receive (the announcement, or with `again` the reminder), from the builder
   * the send uses, in one language.
   */
  async previewAnnouncement(id: string, lang: TLanguage, options: { again?: boolean } = {}): Promise<TOutMessage[]> {
    return [announcementMessage(pollCard(await findPoll(this.deps.prisma, id)), lang, { reminder: options.again })];
  }

  /** 今すぐ締め切る: an open poll takes no more answers from now; the closing time becomes now (no new version). */
  async closeNow(id: string, staff: TStaffActor, now = new Date()): Promise<TPollView> {
    return this.deps.prisma.$transaction(async (tx) => {
      const poll = await lockPoll(tx, id);
      const status = pollStatus(poll, now);
      if (status === "scheduled") throw new AppError("開始前のアンケートは締め切れません。受付期間を編集してください。", 409);
      if (status === "closed") throw new AppError("このアンケートは締め切り済みです。", 409);
      const updated = await tx.poll.update({ where: { id: poll.id }, data: { closesAt: now } });
      await recordAudit(tx, {
        actor: actorName(staff),
        action: "poll.closed",
        target: `poll:${poll.id}`,
        detail: { number: poll.number, manual: true, plannedClosesAt: poll.closesAt.toISOString() },
      });
      return this.view(tx, updated, now);
    }, TX);
  }

  /**
   * The opening job: each poll whose time has come is announced to its audience once, however many
   * processes run the job — the claim is a conditional UPDATE, in the same transaction as the send.
   */
  async announceDue(now = new Date()): Promise<number> {
    const due = await this.deps.prisma.poll.findMany({ where: { announcedAt: null, opensAt: { lte: now }, closesAt: { gt: now } }, select: { id: true }, orderBy: { opensAt: "asc" } });
    return announceAtOpening<Poll>(this.deps, {
      kind: "poll",
      due: due.map((p) => p.id),
      read: (tx, id) => tx.poll.findUniqueOrThrow({ where: { id } }),
      audienceOf,
      messagesIn: (poll, lang) => [announcementMessage(pollCard(poll), lang)],
    }, now);
  }

  /**
   * Counts, percentages and breakdowns. The participation rate is measured against the audience
   * as it is now (residents who follow and match the segments today), not as it was at opening.
   */
  async results(id: string, staff: TStaffActor): Promise<TPollResults> {
    const { prisma, files } = this.deps;
    const poll = await findPoll(prisma, id);
    const responses = await prisma.pollResponse.findMany({ where: { pollId: poll.id }, select: { id: true, answers: true, updatedAt: true, resident: { select: { id: true, profile: true } } } });
    const size = await audienceSize(prisma, audienceOf(poll));
    return computePollResults({
      pollId: poll.id,
      questions: questionsOf(poll),
      rows: responses.map((r) => {
        const profile = storedJson(ZResidentProfile, r.resident.profile, "Resident", "profile", r.resident.id);
        return { id: r.id, answers: answersOf(r.answers), ageBand: profile.ageBand ?? null, district: profile.district ?? null, answeredAt: r.updatedAt };
      }),
      audienceSize: size,
      ageBands: profileLabels(files, "ageBand"),
      districts: profileLabels(files, "district"),
      includeTexts: hasRole(staff.role, "staff"),
    });
  }

  /**
   * Writes the responses as CSV or JSON, a page of EXPORT_PAGE_SIZE at a time, in the order they
   * were first given; the window (from/to) is on the time of the answer as it stands.
   */
  async exportResponses(id: string, staff: TStaffActor, query: TPollExportQuery, format: "csv" | "json", out: TExportSink): Promise<{ poll: Poll; rows: number }> {
    const { prisma, files } = this.deps;
    const poll = await findPoll(prisma, id);
    out.begin(poll);
    const write = out.write;
    const questions = questionsOf(poll);
    const keys = await prisma.$queryRaw<{ key: string }[]>`SELECT DISTINCT jsonb_object_keys("answers") AS "key" FROM "PollResponse" WHERE "pollId" = ${poll.id}::uuid ORDER BY 1`;
    const columns: TExportColumns = { questions, removedIds: keys.map((k) => k.key).filter((k) => !questions.some((q) => q.id === k)) };
    const labels = { ageBands: profileLabels(files, "ageBand"), districts: profileLabels(files, "district") };
    // Plain SQL pages (keyset on submittedAt, id): less work per row than a Prisma model query.
    const window = Prisma.sql`p."pollId" = ${poll.id}::uuid
      ${query.from ? Prisma.sql`AND p."updatedAt" >= ${query.from}` : Prisma.empty}
      ${query.to ? Prisma.sql`AND p."updatedAt" < ${query.to}` : Prisma.empty}`;

    if (format === "csv") await write(CSV_BOM + csvLine(csvHeaders(columns)));
    else {
      const head = { id: poll.id, number: poll.number, title: poll.title, version: poll.version, questions, from: query.from?.toISOString() ?? null, to: query.to?.toISOString() ?? null };
      await write(`{"poll":${JSON.stringify(head)},"responses":[`);
    }
    let rows = 0;
    // The two profile fields an answer shows, read in the database: no resident's whole profile parsed per row.
    const pageAfter = (after: TKeysetPosition | undefined) => prisma.$queryRaw<{ id: string; answers: unknown; pollVersion: number; submittedAt: Date; updatedAt: Date; district: string | null; ageBand: string | null }[]>`
        SELECT p."id", p."answers", p."pollVersion", p."submittedAt", p."updatedAt", r."profile"->>'district' AS "district", r."profile"->>'ageBand' AS "ageBand"
        FROM "PollResponse" p JOIN "Resident" r ON r."id" = p."residentId"
        WHERE ${window} ${after ? Prisma.sql`AND (p."submittedAt", p."id") > (${after.submittedAt}, ${after.id}::uuid)` : Prisma.empty}
        ORDER BY p."submittedAt", p."id" LIMIT ${EXPORT_PAGE_SIZE}`;
    for await (const page of keysetPages(EXPORT_PAGE_SIZE, pageAfter)) {
      const lines = page.map((r) => {
        const row: TExportRow = {
          id: r.id,
          answeredAt: r.updatedAt,
          firstAnsweredAt: r.submittedAt,
          pollVersion: r.pollVersion,
          ageBand: r.ageBand,
          district: r.district,
          answers: answersOf(r.answers),
        };
        return format === "csv" ? csvRow(row, columns, labels) : JSON.stringify(jsonRow(row, columns, labels));
      });
      await write(format === "csv" ? lines.join("") : `${rows > 0 ? "," : ""}${lines.join(",")}`);
      rows += page.length;
    }
    if (format === "json") await write(`],"count":${rows}}`);
    await recordAudit(prisma, { actor: actorName(staff), action: "poll.exported", target: `poll:${poll.id}`, detail: { format, rows, from: query.from?.toISOString() ?? null, to: query.to?.toISOString() ?? null } });
    return { poll, rows };
  }

  private async view(db: Db, poll: Poll, now: Date): Promise<TPollView> {
    const responses = await db.pollResponse.count({ where: { pollId: poll.id } });
    const size = await audienceSize(db, audienceOf(poll));
    return toView(poll, responses, size, now);
  }
}

const answersOf = (value: unknown): Record<string, unknown> => (value && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : {});

async function responseCounts(db: Db, pollIds: string[]): Promise<Map<string, number>> {
  if (pollIds.length === 0) return new Map();
  const groups = await db.pollResponse.groupBy({ by: ["pollId"], where: { pollId: { in: pollIds } }, _count: { _all: true } });
  return new Map(groups.map((g) => [g.pollId, g._count._all]));
}

function toView(poll: Poll, responseCount: number, audienceSize: number, now: Date): TPollView {
  return {
    id: poll.id,
    number: poll.number,
    title: poll.title,
    ...(poll.titleEn ? { titleEn: poll.titleEn } : {}),
    ...(poll.titleEasy ? { titleEasy: poll.titleEasy } : {}),
    description: poll.description,
    ...(poll.descriptionEn ? { descriptionEn: poll.descriptionEn } : {}),
    ...(poll.descriptionEasy ? { descriptionEasy: poll.descriptionEasy } : {}),
    questions: questionsOf(poll),
    audience: audienceOf(poll),
    opensAt: poll.opensAt,
    closesAt: poll.closesAt,
    status: pollStatus(poll, now),
    version: poll.version,
    responseCount,
    audienceSize,
    announcedAt: poll.announcedAt?.toISOString() ?? null,
    flowId: pollFlowId(poll.number),
    untranslated: untranslatedPoll({ ...poll, questions: questionsOf(poll) }),
    withoutEasy: untranslatedPoll({ ...poll, questions: questionsOf(poll) }, "easy"),
  };
}
