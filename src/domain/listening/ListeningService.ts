// What staff do with an analysis of comments (a round's, or a poll's free-text answers): start it
// as a background job (a process of its own: the bot keeps answering residents), follow its progress,
// read the themes with their representative comments, duplicates, map and the comparison by age
// band and district, edit the themes, and — for a round — make each theme a group (まとまり) so
// 市の考え方 is written once per theme. Also the files cities publish (results table, open data).
// Nothing is sent outside the server. Every change is in the audit trail (never comment text).
import { z } from "zod";
import { type CommentAnalysis, type Prisma, type PrismaClient } from "../../generated/prisma/client.ts";
import { AppError, NotFoundError, ValidationError } from "../../errors.ts";
import { type Logger } from "../../logger.ts";
import { type FlowSet } from "../../flows/FlowSet.ts";
import { ZResidentProfile } from "../../flows/engineTypes.ts";
import { asJson } from "../../db/asJson.ts";
import { recordAudit } from "../recordAudit.ts";
import { actorName, hasRole, type TStaffActor } from "../staff/staffTypes.ts";
import { isUuid } from "../isUuid.ts";
import { findRound } from "../rounds/RoundService.ts";
import { findPoll, questionsOf } from "../polls/PollService.ts";
import { profileLabels } from "../polls/profileLabels.ts";
import { formatTokyoDate, formatTokyoDateTime } from "../../tokyoTime.ts";
import { sectionTitles } from "../rounds/sectionTitle.ts";
import { ZAnalysis, ZAnalysisOptions, type TAnalysis, type TAnalysisOptions } from "./listeningTypes.ts";
import { applyThemeEdit, type TThemeEdit } from "./themeEdits.ts";
import { compareThemes, type TComparison } from "./themeComparison.ts";
import { openDataCsv, publicationCsv } from "./publicationFiles.ts";
import { type TAnalysisRunner } from "./runAnalysis.ts";
import { summarizeThemes, type TSummaryEndpoint } from "./summarizeThemes.ts";
import { storedJson } from "../../db/storedJson.ts";
import { formatPlanSubjects, parsePlanSubjects } from "./planSubjects.ts";

export const ZAnalysisStart = z.object({
  /** Omitted for a round; for a poll, its free-text question. */
  questionId: z.string().optional(),
  themeCount: ZAnalysisOptions.shape.themeCount,
  /** The plan's chapters and residents' words for them, as staff typed them: one line each (planSubjects.ts). */
  planSubjects: z.string().max(20_000).optional(),
});
export type TAnalysisStart = z.infer<typeof ZAnalysisStart>;

type TCommentInfo = { id: string; label: string; text: string; ageBand: string | null; district: string | null };

const ZComparison = z.object({
  groups: z.array(z.object({ group: z.string(), label: z.string(), answered: z.int(), options: z.record(z.string(), z.int()), shares: z.record(z.string(), z.number()) })),
  suppressed: z.int(),
});

export const ZAnalysisView = z.object({
  id: z.string(),
  source: z.object({ kind: z.enum(["round", "poll"]), id: z.string(), number: z.int(), title: z.string(), questionId: z.string().nullable() }),
  status: z.enum(["running", "done", "failed"]),
  progress: z.number(),
  stage: z.string().nullable(),
  error: z.string().nullable(),
  createdAt: z.string(),
  finishedAt: z.string().nullable(),
  options: ZAnalysisOptions,
  /** The plan's chapters the analysis was given, as staff type them (for the next run); null: none. */
  planText: z.string().nullable(),
  result: ZAnalysis.nullable(),
  /** Text of the comments the view shows: representatives and the first of each duplicate group. */
  texts: z.record(z.string(), z.object({ label: z.string(), text: z.string() })),
  comparison: z.object({ ageBand: ZComparison, district: ZComparison }).nullable(),
  /** Whether a summary server is configured (THEME_SUMMARY_URL). */
  summariesAvailable: z.boolean(),
  /** For a round: the group (まとまり) each theme became, by theme id. */
  groups: z.record(z.string(), z.object({ id: z.string(), title: z.string(), summary: z.string().nullable(), response: z.string().nullable(), revised: z.boolean().nullable() })),
});
export type TAnalysisView = z.infer<typeof ZAnalysisView>;

/** An analysis in a round's or poll's list. */
export const ZAnalysisListItem = z.object({ id: z.string(), status: z.string(), createdAt: z.string(), themeCount: z.int().nullable() });
/** One comment of a theme, with how many duplicates it stands for. */
export const ZThemeComment = z.object({ id: z.string(), label: z.string(), text: z.string(), duplicates: z.int() });


export type TListeningServiceDeps = {
  prisma: PrismaClient;
  files: FlowSet;
  logger: Logger;
  run: TAnalysisRunner;
  /** The optional summary server (THEME_SUMMARY_URL); undefined: summaries are not offered. */
  summaries?: TSummaryEndpoint;
};

/** An analysis whose process stopped (a restart) is shown as failed after this long without progress. */
const STALE_MS = 120_000;
const themeKey = (analysisId: string, themeId: string) => `${analysisId}:${themeId}`;

export class ListeningService {
  private readonly running = new Map<string, Promise<void>>();
  private readonly stopping = new AbortController();

  constructor(private readonly deps: TListeningServiceDeps) {}

  async startForRound(roundId: string, input: TAnalysisStart, staff: TStaffActor): Promise<TAnalysisView> {
    const round = await findRound(this.deps.prisma, roundId);
    const comments = await this.deps.prisma.comment.findMany({ where: { roundId: round.id, status: "submitted" }, orderBy: [{ submittedAt: "asc" }, { id: "asc" }], select: { id: true, body: true } });
    if (comments.length === 0) throw new AppError("分析する意見がまだありません。", 409);
    return this.start({ roundId: round.id }, comments, input, staff, { round: round.number });
  }

  async startForPoll(pollId: string, input: TAnalysisStart, staff: TStaffActor): Promise<TAnalysisView> {
    const poll = await findPoll(this.deps.prisma, pollId);
    const question = questionsOf(poll).find((q) => q.id === input.questionId);
    if (!question || question.kind !== "text") throw ValidationError.at("questionId", "自由記述の質問を選んでください");
    const responses = await this.deps.prisma.pollResponse.findMany({ where: { pollId: poll.id }, orderBy: [{ submittedAt: "asc" }, { id: "asc" }], select: { id: true, answers: true } });
    const comments = responses
      .map((r) => ({ id: r.id, body: (r.answers as Record<string, unknown>)[question.id] }))
      .filter((c): c is { id: string; body: string } => typeof c.body === "string" && c.body.trim() !== "");
    if (comments.length === 0) throw new AppError("分析する回答がまだありません。", 409);
    return this.start({ pollId: poll.id, questionId: question.id }, comments, input, staff, { poll: poll.number, question: question.id });
  }

  private async start(target: { roundId?: string; pollId?: string; questionId?: string }, comments: { id: string; body: string }[], input: TAnalysisStart, staff: TStaffActor, detail: Record<string, string | number>): Promise<TAnalysisView> {
    const { prisma, logger, run } = this.deps;
    const plan = parsePlanSubjects(input.planSubjects ?? "");
    if (!plan.ok) throw ValidationError.at("planSubjects", `${plan.line}行目: ${plan.message}`);
    const options: TAnalysisOptions = { ...(input.themeCount ? { themeCount: input.themeCount } : {}), ...(plan.subjects.length > 0 ? { planSubjects: plan.subjects } : {}) };
    const row = await prisma.commentAnalysis.create({ data: { ...target, options: asJson(options), createdBy: actorName(staff), stage: "queued" } });
    await recordAudit(prisma, { actor: actorName(staff), action: "analysis.started", target: `analysis:${row.id}`, detail: { ...detail, comments: comments.length, themeCount: input.themeCount ?? null, planChapters: plan.subjects.length } });
    let lastWrite = 0;
    const job = run(comments, options, (fraction, stage) => {
      const now = Date.now();
      if (now - lastWrite < 500) return;
      lastWrite = now;
      prisma.commentAnalysis.update({ where: { id: row.id }, data: { progress: fraction, stage } }).catch(() => {});
    }, this.stopping.signal)
      .then(async (result) => {
        await prisma.commentAnalysis.update({ where: { id: row.id }, data: { status: "done", progress: 1, stage: "done", result: asJson(result), finishedAt: new Date() } });
        logger.info("comment analysis finished", { analysis: row.id, comments: result.commentCount, themes: result.themeCount });
      })
      .catch(async (err: unknown) => {
        logger.error("comment analysis failed", { analysis: row.id, error: err instanceof Error ? err.message : String(err) });
        await prisma.commentAnalysis.update({ where: { id: row.id }, data: { status: "failed", error: "分析に失敗しました。もう一度実行してください。", finishedAt: new Date() } }).catch(() => {});
      })
      .finally(() => this.running.delete(row.id));
    this.running.set(row.id, job);
    return this.view(row, staff);
  }

  /** Waits for the jobs of this process (tests). */
  async idle(): Promise<void> {
    await Promise.all([...this.running.values()]);
  }

  /** Shutdown: running analyses stop (their processes end) and are marked failed. */
  async close(): Promise<void> {
    this.stopping.abort();
    await this.idle();
  }

  async listForRound(roundId: string): Promise<z.infer<typeof ZAnalysisListItem>[]> {
    const round = await findRound(this.deps.prisma, roundId);
    return this.summaries({ roundId: round.id });
  }

  async listForPoll(pollId: string): Promise<z.infer<typeof ZAnalysisListItem>[]> {
    const poll = await findPoll(this.deps.prisma, pollId);
    return this.summaries({ pollId: poll.id });
  }

  private async summaries(where: Prisma.CommentAnalysisWhereInput) {
    const rows = await this.deps.prisma.commentAnalysis.findMany({ where, orderBy: { createdAt: "desc" }, take: 20, select: { id: true, status: true, createdAt: true, questionId: true, result: true } });
    return rows.map((r) => ({ id: r.id, status: r.status, createdAt: r.createdAt.toISOString(), questionId: r.questionId, themeCount: ZAnalysis.safeParse(r.result).data?.themeCount ?? null }));
  }

  async get(id: string, staff: TStaffActor): Promise<TAnalysisView> {
    return this.view(await this.find(id), staff);
  }

  async edit(id: string, edit: TThemeEdit, staff: TStaffActor): Promise<TAnalysisView> {
    const updated = await this.deps.prisma.$transaction(async (tx) => {
      const row = await this.find(id, tx, true);
      const result = this.resultOf(row);
      const next = applyThemeEdit(result, edit);
      const saved = await tx.commentAnalysis.update({ where: { id: row.id }, data: { result: asJson(next) } });
      await recordAudit(tx, { actor: actorName(staff), action: "analysis.edited", target: `analysis:${row.id}`, detail: { kind: edit.kind, themes: next.themeCount } });
      return saved;
    });
    return this.view(updated, staff);
  }

  /** The comments of one theme (text as staff read it), for reading and moving. */
  async themeComments(id: string, themeId: string, staff: TStaffActor): Promise<z.infer<typeof ZThemeComment>[]> {
    const row = await this.find(id);
    const result = this.resultOf(row);
    const theme = result.themes.find((t) => t.id === themeId);
    if (!theme) throw new NotFoundError("そのテーマは見つかりません。");
    const info = await this.commentInfo(row, staff, theme.commentIds);
    const dupSize = new Map<string, number>();
    for (const d of result.duplicates) d.commentIds.forEach((c) => dupSize.set(c, d.commentIds.length));
    return theme.commentIds.map((c) => ({ id: c, label: info.get(c)?.label ?? c, text: info.get(c)?.text ?? "", duplicates: dupSize.get(c) ?? 1 }));
  }

  /**
   * A round's themes become its groups (まとまり): one group per theme (その他 too), named like the
   * theme, its comments assigned. Again after more edits: the same theme keeps its group (and the
   * response written to it); groups of themes merged away are removed. Groups made by hand stay.
   */
  async applyAsGroups(id: string, staff: TStaffActor): Promise<TAnalysisView> {
    const updated = await this.deps.prisma.$transaction(
      async (tx) => {
        const row = await this.find(id, tx, true);
        if (!row.roundId) throw new AppError("まとまりにできるのは意見募集の分析だけです。", 409);
        const result = this.resultOf(row);
        const existing = await tx.commentGroup.findMany({ where: { roundId: row.roundId, themeKey: { startsWith: `${row.id}:` } } });
        const byKey = new Map(existing.map((g) => [g.themeKey!, g]));
        const keep = new Set<string>();
        for (const theme of result.themes) {
          const key = themeKey(row.id, theme.id);
          keep.add(key);
          const found = byKey.get(key);
          const group = found
            ? await tx.commentGroup.update({ where: { id: found.id }, data: { title: theme.label } })
            : await tx.commentGroup.create({ data: { roundId: row.roundId, title: theme.label, themeKey: key } });
          await tx.comment.updateMany({ where: { roundId: row.roundId, id: { in: theme.commentIds.filter(isUuid) } }, data: { groupId: group.id } });
        }
        const gone = existing.filter((g) => !keep.has(g.themeKey!)).map((g) => g.id);
        if (gone.length > 0) await tx.commentGroup.deleteMany({ where: { id: { in: gone } } });
        await recordAudit(tx, { actor: actorName(staff), action: "analysis.applied", target: `analysis:${row.id}`, detail: { groups: result.themes.length, removed: gone.length } });
        return row;
      },
      { timeout: 60_000, maxWait: 20_000 },
    );
    return this.view(updated, staff);
  }

  /**
   * Draft summaries of each theme by the configured summary server (off unless THEME_SUMMARY_URL
   * is set). Only comment text leaves, personal details removed first; the audit trail records
   * where it went and how many themes, never the text.
   */
  async summarize(id: string, staff: TStaffActor): Promise<TAnalysisView> {
    const endpoint = this.deps.summaries;
    if (!endpoint) throw new AppError("要約サーバーが設定されていません（THEME_SUMMARY_URL）。", 409);
    const row = await this.find(id);
    const result = this.resultOf(row);
    const info = await this.commentInfo(row, { ...staff, role: "staff" }, result.themes.flatMap((t) => t.commentIds));
    let summaries: Record<string, string>;
    try {
      summaries = await summarizeThemes(result, (c) => info.get(c)?.text, endpoint);
    } catch (err) {
      this.deps.logger.warn("theme summaries failed", { analysis: row.id, error: err instanceof Error ? err.message : String(err) });
      throw new AppError("要約サーバーから答えがありませんでした。設定とサーバーの状態を確かめてください。", 502);
    }
    const updated = await this.deps.prisma.$transaction(async (tx) => {
      const locked = await this.find(id, tx, true);
      const current = this.resultOf(locked);
      const next = { ...current, themes: current.themes.map((t) => (summaries[t.id] ? { ...t, summary: summaries[t.id] } : t)) };
      const saved = await tx.commentAnalysis.update({ where: { id: locked.id }, data: { result: asJson(next) } });
      await recordAudit(tx, { actor: actorName(staff), action: "analysis.summarized", target: `analysis:${locked.id}`, detail: { themes: Object.keys(summaries).length, server: new URL(endpoint.baseUrl).host } });
      return saved;
    });
    return this.view(updated, staff);
  }

  /** The results table cities publish (Excel: UTF-8 CSV with BOM). Public text only. */
  async publicationFile(roundId: string, staff: TStaffActor): Promise<{ filename: string; body: string }> {
    const { prisma } = this.deps;
    const round = await findRound(prisma, roundId);
    const groups = await prisma.commentGroup.findMany({ where: { roundId: round.id }, orderBy: { createdAt: "asc" }, include: { _count: { select: { comments: { where: { status: "submitted" } } } } } });
    const opinions = await prisma.comment.count({ where: { roundId: round.id, status: "submitted" } });
    const submitters = (await prisma.comment.findMany({ where: { roundId: round.id, status: "submitted" }, distinct: ["residentId"], select: { residentId: true } })).length;
    const grouped = groups.reduce((n, g) => n + g._count.comments, 0);
    const body = publicationCsv({
      title: round.title,
      period: `${formatTokyoDateTime(round.opensAt)} 〜 ${formatTokyoDateTime(round.closesAt)}`,
      publishedOn: round.publishedAt ? formatTokyoDate(round.publishedAt) : "（未公表）",
      submitters,
      opinions,
      groups: groups.filter((g) => g._count.comments > 0).map((g) => ({ title: g.title, summary: g.summary, response: g.response, revised: g.revised, count: g._count.comments })),
      ungrouped: opinions - grouped,
    });
    await recordAudit(prisma, { actor: actorName(staff), action: "round.publication_exported", target: `round:${round.id}`, detail: { number: round.number, groups: groups.length } });
    return { filename: `round-${round.number}-kekka.csv`, body };
  }

  /** Open data: comment-id (receipt number), comment-body (as published), section, group, age band, district (rare values blank). */
  async openDataFile(roundId: string, staff: TStaffActor): Promise<{ filename: string; body: string }> {
    const { prisma, files } = this.deps;
    const round = await findRound(prisma, roundId);
    const comments = await prisma.comment.findMany({
      where: { roundId: round.id, status: "submitted" },
      orderBy: [{ submittedAt: "asc" }, { id: "asc" }],
      select: { receiptNumber: true, body: true, publicBody: true, sectionId: true, group: { select: { title: true } }, resident: { select: { id: true, profile: true } } },
    });
    const ageBand = profileLabels(files, "ageBand");
    const district = profileLabels(files, "district");
    const titleOf = sectionTitles(round);
    const body = openDataCsv(
      comments.map((c) => {
        const profile = storedJson(ZResidentProfile, c.resident.profile, "Resident", "profile", c.resident.id);
        return {
          id: c.receiptNumber,
          body: c.publicBody ?? c.body,
          attributes: { section: titleOf(c.sectionId), theme: c.group?.title ?? "", age_band: profile.ageBand ? ageBand.label(profile.ageBand) : "", district: profile.district ? district.label(profile.district) : "" },
        };
      }),
      ["section", "theme", "age_band", "district"],
    );
    await recordAudit(prisma, { actor: actorName(staff), action: "round.opendata_exported", target: `round:${round.id}`, detail: { number: round.number, rows: comments.length } });
    return { filename: `round-${round.number}-opendata.csv`, body };
  }

  private async find(id: string, db: PrismaClient | Prisma.TransactionClient = this.deps.prisma, lock = false): Promise<CommentAnalysis> {
    if (!isUuid(id)) throw new NotFoundError("その分析は見つかりません。");
    if (lock) await db.$executeRaw`SELECT 1 FROM "CommentAnalysis" WHERE "id" = ${id}::uuid FOR UPDATE`;
    const row = await db.commentAnalysis.findUnique({ where: { id } });
    if (!row) throw new NotFoundError("その分析は見つかりません。");
    return row;
  }

  private resultOf(row: CommentAnalysis): TAnalysis {
    if (row.status !== "done") throw new AppError("分析が終わってから編集してください。", 409);
    return ZAnalysis.parse(row.result);
  }

  private async commentInfo(row: CommentAnalysis, staff: TStaffActor, ids: string[]): Promise<Map<string, TCommentInfo>> {
    const { prisma } = this.deps;
    const wanted = ids.filter(isUuid);
    const out = new Map<string, TCommentInfo>();
    const personal = hasRole(staff.role, "staff");
    const profileOf = (resident: { id: string; profile: unknown }) => storedJson(ZResidentProfile, resident.profile, "Resident", "profile", resident.id);
    if (row.roundId) {
      const comments = await prisma.comment.findMany({ where: { roundId: row.roundId, id: { in: wanted } }, select: { id: true, receiptNumber: true, body: true, publicBody: true, resident: { select: { id: true, profile: true } } } });
      for (const c of comments) {
        const p = profileOf(c.resident);
        out.set(c.id, { id: c.id, label: c.receiptNumber, text: personal ? c.body : (c.publicBody ?? c.body), ageBand: p.ageBand ?? null, district: p.district ?? null });
      }
    } else if (row.pollId && row.questionId) {
      // Free text may carry personal details: only staff and above read it (as in poll results).
      const responses = await prisma.pollResponse.findMany({ where: { pollId: row.pollId, id: { in: wanted } }, select: { id: true, answers: true, resident: { select: { id: true, profile: true } } } });
      responses.forEach((r) => {
        const p = profileOf(r.resident);
        const text = (r.answers as Record<string, unknown>)[row.questionId!];
        out.set(r.id, { id: r.id, label: `回答 ${r.id.slice(0, 8)}`, text: personal && typeof text === "string" ? text : "（自由記述は職員のみ閲覧できます）", ageBand: p.ageBand ?? null, district: p.district ?? null });
      });
    }
    return out;
  }

  private async view(row: CommentAnalysis, staff: TStaffActor): Promise<TAnalysisView> {
    const { prisma, files } = this.deps;
    let status = row.status as TAnalysisView["status"];
    let error = row.error;
    if (status === "running" && !this.running.has(row.id) && Date.now() - row.updatedAt.getTime() > STALE_MS) {
      status = "failed";
      error = "分析が中断されました（再起動など）。もう一度実行してください。";
    }
    const source = row.roundId
      ? await prisma.round.findUniqueOrThrow({ where: { id: row.roundId }, select: { id: true, number: true, title: true } })
      : await prisma.poll.findUniqueOrThrow({ where: { id: row.pollId! }, select: { id: true, number: true, title: true } });
    const result = status === "done" ? storedJson(ZAnalysis, row.result, "CommentAnalysis", "result", row.id) : null;
    const texts: TAnalysisView["texts"] = {};
    let comparison: TAnalysisView["comparison"] = null;
    const groups: TAnalysisView["groups"] = {};
    if (result) {
      const allIds = result.themes.flatMap((t) => t.commentIds);
      const info = await this.commentInfo(row, staff, allIds);
      const show = new Set([...result.themes.flatMap((t) => [...t.representativeIds, ...t.children.flatMap((c) => c.representativeIds)]), ...result.duplicates.map((d) => d.commentIds[0]!)]);
      for (const id of show) {
        const i = info.get(id);
        if (i) texts[id] = { label: i.label, text: i.text };
      }
      const ageLabels = profileLabels(files, "ageBand");
      const districtLabels = profileLabels(files, "district");
      comparison = {
        ageBand: compareThemes(result, (id) => info.get(id)?.ageBand ?? null, { label: (v) => ageLabels.label(v), order: ageLabels.order }),
        district: compareThemes(result, (id) => info.get(id)?.district ?? null, { label: (v) => districtLabels.label(v), order: districtLabels.order }),
      };
      if (row.roundId) {
        const made = await prisma.commentGroup.findMany({ where: { roundId: row.roundId, themeKey: { startsWith: `${row.id}:` } } });
        for (const g of made) groups[g.themeKey!.slice(row.id.length + 1)] = { id: g.id, title: g.title, summary: g.summary, response: g.response, revised: g.revised };
      }
    }
    const options = storedJson(ZAnalysisOptions, row.options, "CommentAnalysis", "options", row.id);
    return {
      id: row.id,
      source: { kind: row.roundId ? "round" : "poll", id: source.id, number: source.number, title: source.title, questionId: row.questionId },
      status,
      progress: row.progress,
      stage: row.stage,
      error,
      createdAt: row.createdAt.toISOString(),
      finishedAt: row.finishedAt?.toISOString() ?? null,
      options,
      planText: options.planSubjects?.length ? formatPlanSubjects(options.planSubjects) : null,
      result,
      texts,
      comparison,
      summariesAvailable: Boolean(this.deps.summaries),
      groups,
    };
  }
}

