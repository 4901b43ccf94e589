// Runs residents' turns: takes each resident's next stored event, steps the turn's rules (Turn.ts)
// and commits in one transaction what they decided — state, answers, profile, the event marked
// handled and the messages to send (the outbox) — so a crash at any moment loses nothing and
// repeats nothing.
//
// Two ways, one set of rules. Most turns need nothing but memory: they go many residents at a time
// in one plain-SQL transaction of two round trips (Prisma 6.19 compiles every query anew, which held
// the bot to ~150 events/s; see bench/). A turn that runs an action or needs a flow only the
// database knows goes alone in a Prisma transaction, where the domain's actions run. Both write
// with turnStatements, and a test runs scripted conversations both ways and compares every row.
import { randomBytes, randomUUID } from "node:crypto";
import type pg from "pg";
import { type PrismaClient, type Prisma } from "../generated/prisma/client.ts";
import { type TFlow } from "../flows/flowSchema.ts";
import { type TOutMessage } from "../flows/engineTypes.ts";
import { localize } from "../flows/localize.ts";
import { type DeliveryQueue } from "../domain/delivery/DeliveryQueue.ts";
import { newOutboxRow, outboxInsertStatement, type TOutboxPolicy, type TOutboxRow } from "../domain/delivery/outbox.ts";
import { sqlLiteral } from "../db/sqlLiteral.ts";
import { type Logger } from "../logger.ts";
import { type FlowCatalog } from "./FlowCatalog.ts";
import { type FlowRevisions } from "./FlowRevisions.ts";
import { type TInbox, type TInboxEvent, type TInboxRow } from "./inbox.ts";
import { type TResidentRow } from "../domain/actionContract.ts";
import { runAction } from "../domain/actions.ts";
import { systemTexts } from "./systemTexts.ts";
import { languageOf, NEEDS_DATABASE, Turn, type TFlowLookup, type TTurnConversation, type TTurnIds, type TTurnResident } from "./Turn.ts";
import { turnStatements } from "./turnStatements.ts";

type Tx = Prisma.TransactionClient;

export type TConversationDeps = {
  prisma: PrismaClient;
  sql: pg.Pool;
  inbox: TInbox;
  flows: FlowCatalog;
  revisions: FlowRevisions;
  privacyNoticeVersion: string;
  outbox: TOutboxPolicy;
  logger: Logger;
  /** One-way name for a LINE user id, for the audit trail and logs. */
  hashUserId: (lineUserId: string) => string;
  /** Woken after a turn commits, so that deliveries its actions recorded go out at once. */
  deliveries?: DeliveryQueue;
  /**
   * Shows the resident that the bot is working (LINE's loading animation) when a turn is slow; must
   * not throw, and is not waited for: it never delays or fails the answer.
   */
  showWorking?: (lineUserId: string, seconds: number) => void;
  /** A turn still running after this long shows it (default 1 s). */
  workingAfterMs?: number;
  /** false: every turn alone in a Prisma transaction (the differential test compares both ways). */
  batch?: boolean;
  ids?: TTurnIds;
};

/** What happened to one resident key. */
export type TTurnReport = {
  key: string;
  /** The event handled (the resident's earliest pending one: perhaps received by another process). */
  handledEventId?: string;
  /** Nothing of this resident was pending any more (another process handled it). */
  nothingPending?: boolean;
  /** Messages recorded by the turn, held by this process for delivery right away. */
  outbox: TOutboxRow[];
};

/** Times a turn that failed is tried again before the resident is told it could not be handled. */
const TRIES = 3;
/** The loading animation is asked for this long and asked again just before it ends, while the turn runs. */
const WORKING_SECONDS = 10;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const yieldToIo = () => new Promise<void>((r) => setImmediate(r));
const YIELD_EVERY = 10;
const randomIds: TTurnIds = { uuid: randomUUID, nonce: () => randomBytes(6).toString("base64url") };

type NextRow = TInboxRow & {
  residentId: string | null;
  language: string | null;
  profile: unknown;
  consentedAt: Date | string | null;
  conversation: TStoredConversation | null;
  paused: TStoredConversation[] | null;
};
type TStoredConversation = Omit<TTurnConversation, "expiresAt"> & { expiresAt: string | null };
const readConversation = (c: TStoredConversation): TTurnConversation => ({ ...c, expiresAt: c.expiresAt ? new Date(c.expiresAt) : null });

/** Resident keys are hex hashes (InboundEventStore.sourceKeyOf): 60 bits of one make its lock. */
function lockKey(key: string): bigint {
  return BigInt(`0x${key.slice(0, 15).padEnd(15, "0")}`);
}

/** One turn at a time per resident, across processes too; keys locked in one order, so no deadlock. */
function lockStatement(keys: readonly string[]): string {
  const sorted = [...new Set(keys.map(lockKey))].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return `SELECT ${sorted.map((k) => `pg_advisory_xact_lock(${k.toString()})`).join(", ")}`;
}

export class ConversationService {
  private readonly ids: TTurnIds;

  constructor(private readonly deps: TConversationDeps) {
    this.ids = deps.ids ?? randomIds;
  }

  /** Handles the next pending event of each resident key (at most one each), and reports what it did. */
  async handleNext(keys: readonly string[], now = new Date()): Promise<TTurnReport[]> {
    const reports = new Map(keys.map((key) => [key, { key, outbox: [] } as TTurnReport]));
    const alone = this.deps.batch === false ? [...keys] : await this.handleTogether(keys, now, reports);
    await Promise.all(alone.map((key) => this.handleAlone(key, now, reports.get(key)!)));
    if (alone.length > 0) this.deps.deliveries?.notify();
    return [...reports.values()];
  }

  private selectNext(keys: readonly string[]): string {
    return `SELECT n."webhookEventId", n."sourceKey", n."payload", n."receivedAtMs", n."lineUserId",
         r."id" AS "residentId", r."language", r."profile", r."consentedAt",
         (SELECT json_build_object('id', c."id", 'flowId', c."flowId", 'flowRevision', c."flowRevision", 'state', c."state", 'expiresAt', c."expiresAt")
            FROM "Conversation" c WHERE c."residentId" = r."id" AND c."status" = 'active') AS "conversation",
         (SELECT json_agg(json_build_object('id', c."id", 'flowId', c."flowId", 'flowRevision', c."flowRevision", 'state', c."state", 'expiresAt', c."expiresAt") ORDER BY c."id")
            FROM "Conversation" c WHERE c."residentId" = r."id" AND c."status" = 'paused') AS "paused"
       FROM (${this.deps.inbox.nextPendingQuery(keys, sqlLiteral)}) n LEFT JOIN "Resident" r ON r."lineUserId" = n."lineUserId"`;
  }

  private newTurn(row: NextRow, read: TInboxEvent, now: Date, flows: TFlowLookup): Turn {
    const resident: TTurnResident = row.residentId
      ? {
          id: row.residentId,
          lineUserId: read.lineUserId,
          language: row.language ?? "ja",
          profile: row.profile,
          consentedAt: row.consentedAt === null ? null : new Date(row.consentedAt),
          isNew: false,
        }
      : { id: this.ids.uuid(), lineUserId: read.lineUserId, language: "ja", profile: {}, consentedAt: null, isNew: true };
    const active = row.conversation ? readConversation(row.conversation) : null;
    return new Turn(resident, active, read.event, now, flows, this.ids, (row.paused ?? []).map(readConversation));
  }

  private outboxRow(read: TInboxEvent, row: TInboxRow, messages: TOutMessage[], now: Date): TOutboxRow & { eventId: string } {
    const reply = read.replyToken ? { token: read.replyToken, receivedAt: row.receivedAtMs } : undefined;
    return { ...newOutboxRow({ lineUserId: read.lineUserId, messages, reply }, now, this.deps.outbox), eventId: row.webhookEventId };
  }

  private actor(lineUserId: string): string {
    return `resident:${this.deps.hashUserId(lineUserId)}`;
  }

  /** What is known without the database: the flow files and revisions read before. */
  private lookup(loaded?: { flows: Map<string, TFlow | undefined>; revisions: Map<string, TFlow | undefined> }): TFlowLookup {
    const files = this.deps.flows.files;
    return {
      current: (flowId) => files.get(flowId) ?? (loaded?.flows.has(flowId) ? loaded.flows.get(flowId) : NEEDS_DATABASE),
      revision: (flowId, revision) => {
        const cached = this.deps.revisions.cached(flowId, revision);
        if (cached) return cached;
        const key = `${flowId}@${revision}`;
        return loaded?.revisions.has(key) ? loaded.revisions.get(key) : NEEDS_DATABASE;
      },
      onFollow: () => files.onFollow(),
      fallback: () => files.fallback(),
      byMessage: (text) => files.byMessage(text),
      onboarding: () => files.get("onboarding") ?? files.onFollow(),
    };
  }

  /**
   * Many residents' turns in one transaction of two round trips. Returns the keys whose turn needs
   * more (an action, a flow from the database): they go alone, nothing of them written here.
   */
  private async handleTogether(keys: readonly string[], now: Date, reports: Map<string, TTurnReport>): Promise<string[]> {
    if (keys.length === 0) return [];
    const client = await this.deps.sql.connect();
    const lit = sqlLiteral;
    // Set before the first statement: BEGIN is sent with it, and a failure there must roll back too.
    let open = true;
    try {
      const results = (await client.query(`BEGIN; ${lockStatement(keys)}; ${this.selectNext(keys)}`)) as unknown as pg.QueryResult[];
      const rows = results[2]!.rows as NextRow[];
      const found = new Set(rows.map((r) => r.sourceKey));
      const alone: string[] = [];
      const decided: { writes: Turn["writes"]; actor: string }[] = [];
      const done: string[] = [];
      const outbox: (TOutboxRow & { eventId: string })[] = [];
      for (const key of keys) if (!found.has(key)) reports.get(key)!.nothingPending = true;
      for (const [i, row] of rows.entries()) {
        // A batch's turns are CPU work on the one thread that also answers the webhook: let waiting
        // requests in every few turns, so an acknowledgement never queues behind a whole batch.
        if (i > 0 && i % YIELD_EVERY === 0) await yieldToIo();
        const report = reports.get(row.sourceKey)!;
        const read = this.deps.inbox.read(row);
        if (!read) {
          done.push(row.webhookEventId);
          report.handledEventId = row.webhookEventId;
          continue;
        }
        const turn = this.newTurn(row, read, now, this.lookup());
        if (turn.advance().kind !== "done") {
          alone.push(row.sourceKey);
          continue;
        }
        decided.push({ writes: turn.writes, actor: this.actor(read.lineUserId) });
        done.push(row.webhookEventId);
        report.handledEventId = row.webhookEventId;
        if (turn.messages.length > 0) {
          const message = this.outboxRow(read, row, turn.messages, now);
          outbox.push(message);
          report.outbox.push(message);
        }
      }
      const statements = [
        ...turnStatements(decided, now, lit),
        ...(done.length > 0 ? [this.deps.inbox.doneStatement(done, now, lit)] : []),
        ...(outbox.length > 0 ? [outboxInsertStatement(outbox, now, lit, true)] : []),
        "COMMIT",
      ];
      await client.query(statements.join(";\n"));
      open = false;
      return alone;
    } catch (err) {
      this.deps.logger.warn("batch turn failed, handling one by one", { items: keys.length, reason: err instanceof Error ? err.name : "unknown" });
      for (const report of reports.values()) Object.assign(report, { handledEventId: undefined, nothingPending: undefined, outbox: [] });
      return [...keys];
    } finally {
      if (open) await client.query("ROLLBACK").catch(() => undefined);
      client.release();
    }
  }

  /** One resident's turn in a Prisma transaction, where actions run; tried again a few times. */
  private async handleAlone(key: string, now: Date, report: TTurnReport): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        Object.assign(report, { handledEventId: undefined, nothingPending: undefined, outbox: [] });
        await this.deps.prisma.$transaction((tx) => this.turnAlone(tx, key, now, report), { timeout: 20_000, maxWait: 20_000 });
        return;
      } catch (err) {
        const reason = err instanceof Error ? `${err.name}${"code" in err ? ` ${String(err.code)}` : ""}` : "unknown";
        this.deps.logger.error("turn failed", { attempt, reason });
        if (attempt < TRIES) {
          await sleep(200 * attempt);
          continue;
        }
        await this.markFailed(key, reason, now, report).catch((e: unknown) =>
          this.deps.logger.error("could not record a failed turn", { reason: e instanceof Error ? e.name : "unknown" }),
        );
        return;
      }
    }
  }

  private async turnAlone(tx: Tx, key: string, now: Date, report: TTurnReport): Promise<void> {
    await tx.$executeRawUnsafe(lockStatement([key]));
    const [row] = await tx.$queryRawUnsafe<NextRow[]>(this.selectNext([key]));
    if (!row) {
      report.nothingPending = true;
      return;
    }
    const lit = sqlLiteral;
    const read = this.deps.inbox.read(row);
    report.handledEventId = row.webhookEventId;
    if (!read) {
      await tx.$executeRawUnsafe(this.deps.inbox.doneStatement([row.webhookEventId], now, lit));
      return;
    }
    const stopWorking = read.event.type === "unfollow" ? () => undefined : this.whileWorking(read.lineUserId);
    try {
      await this.stepAlone(tx, row, read, now, report);
    } finally {
      stopWorking();
    }
  }

  /**
   * Only a turn still running after workingAfterMs shows the animation: asked for at once, it could
   * reach LINE after a fast turn's answer and then spin on under it.
   */
  private whileWorking(lineUserId: string): () => void {
    const show = this.deps.showWorking;
    if (!show) return () => undefined;
    let timer: NodeJS.Timeout;
    const tick = () => {
      try {
        show(lineUserId, WORKING_SECONDS);
      } catch {
        // Only an animation: the turn goes on.
      }
      timer = setTimeout(tick, (WORKING_SECONDS - 1) * 1000);
      timer.unref();
    };
    timer = setTimeout(tick, this.deps.workingAfterMs ?? 1_000);
    timer.unref();
    return () => clearTimeout(timer);
  }

  private async stepAlone(tx: Tx, row: NextRow, read: TInboxEvent, now: Date, report: TTurnReport): Promise<void> {
    const lit = sqlLiteral;
    const loaded = { flows: new Map<string, TFlow | undefined>(), revisions: new Map<string, TFlow | undefined>() };
    const turn = this.newTurn(row, read, now, this.lookup(loaded));
    const actor = this.actor(read.lineUserId);
    let flushed = 0;
    const flush = async () => {
      const fresh = turn.writes.slice(flushed);
      flushed = turn.writes.length;
      for (const statement of turnStatements([{ writes: fresh, actor }], now, lit)) await tx.$executeRawUnsafe(statement);
    };
    for (;;) {
      const need = turn.advance();
      if (need.kind === "done") break;
      if (need.kind === "flow") loaded.flows.set(need.flowId, await this.deps.flows.current(tx, need.flowId));
      else if (need.kind === "revision") loaded.revisions.set(`${need.flowId}@${need.revision}`, await this.deps.revisions.get(tx, need.flowId, need.revision));
      else {
        // An action reads and writes through the domain: what the turn decided so far is written first.
        await flush();
        const before = await this.residentRow(tx, turn.residentId);
        const done = await runAction(need.name, {
          tx,
          resident: before,
          args: need.args,
          answers: need.answers,
          now,
          flows: this.deps.flows.files,
          privacyNoticeVersion: this.deps.privacyNoticeVersion,
          actor,
          message: {
            ...(read.event.type === "text" ? { text: read.event.text } : {}),
            // Usable only while this turn has said nothing: once it has, its outbox row takes the token.
            ...(read.replyToken && turn.messages.length === 0 ? { reply: { token: read.replyToken, receivedAt: row.receivedAtMs } } : {}),
          },
        });
        turn.resumeAfterAction(done, done.residentDeleted ? before : await this.residentRow(tx, turn.residentId));
      }
    }
    await flush();
    await tx.$executeRawUnsafe(this.deps.inbox.doneStatement([row.webhookEventId], now, lit));
    if (turn.messages.length > 0) {
      const message = this.outboxRow(read, row, turn.messages, now);
      await tx.$executeRawUnsafe(outboxInsertStatement([message], now, lit, true));
      report.outbox.push(message);
    }
  }

  private async residentRow(tx: Tx, id: string): Promise<TResidentRow> {
    return tx.resident.findUniqueOrThrow({ where: { id }, select: { id: true, lineUserId: true, language: true, profile: true, consentVersion: true, consentedAt: true } });
  }

  /** The turn could not be done: the event is kept as failed and the resident is told, not left in silence. */
  private async markFailed(key: string, reason: string, now: Date, report: TTurnReport): Promise<void> {
    Object.assign(report, { handledEventId: undefined, nothingPending: undefined, outbox: [] });
    await this.deps.prisma.$transaction(async (tx) => {
      await tx.$executeRawUnsafe(lockStatement([key]));
      const [row] = await tx.$queryRawUnsafe<NextRow[]>(this.selectNext([key]));
      if (!row) return;
      report.handledEventId = row.webhookEventId;
      await tx.$executeRawUnsafe(this.deps.inbox.failedStatement(row.webhookEventId, reason, now, sqlLiteral));
      const read = this.deps.inbox.read(row);
      if (!read || read.event.type === "unfollow") return;
      const text = localize(systemTexts.failed, languageOf({ language: row.language ?? "ja" }));
      const message = this.outboxRow(read, row, [{ type: "text", text }], now);
      await tx.$executeRawUnsafe(outboxInsertStatement([message], now, sqlLiteral, true));
      report.outbox.push(message);
    });
  }
}
