// Runs residents' conversations: decides what an event means (start a flow, answer, cancel),
// steps the flow engine, and keeps every answer and profile change, one transaction per turn.
import { randomBytes } from "node:crypto";
import { type PrismaClient, type Prisma } from "../generated/prisma/client.ts";
import { type TFlow, type TLanguage } from "../flows/flowSchema.ts";
import { type FlowCatalog } from "./FlowCatalog.ts";
import { ZConversationState, ZResidentProfile, type TEngineInput, type TEngineResult, type TOutMessage, type TResidentView } from "../flows/engineTypes.ts";
import { continueFlow, startFlow } from "../flows/runFlow.ts";
import { localize } from "../flows/localize.ts";
import { normalizeText } from "../flows/normalizeText.ts";
import { recordAudit } from "../domain/recordAudit.ts";
import { asJson } from "../db/asJson.ts";
import { pgExecutor, prismaExecutor, type TSqlExecutor } from "../db/sqlExecutor.ts";
import type pg from "pg";
import { type Logger } from "../logger.ts";
import { type FlowRevisions } from "./FlowRevisions.ts";
import { parsePostback } from "./parsePostback.ts";
import { type TResidentEvent } from "./residentEvent.ts";
import { type TResidentRow } from "./residentActions.ts";
import { runAction } from "./actions.ts";
import { cancelWords, systemTexts } from "./systemTexts.ts";

type Tx = Prisma.TransactionClient;
type ConversationRow = { id: string; flowId: string; flowRevision: string; state: unknown; expiresAt: Date | null };

export type TConversationDeps = {
  prisma: PrismaClient;
  /** Plain SQL for the common turn (see fastTurn); without it every turn goes through Prisma. */
  sql?: pg.Pool;
  flows: FlowCatalog;
  revisions: FlowRevisions;
  privacyNoticeVersion: string;
  logger: Logger;
  /** One-way name for a LINE user id, for the audit trail and logs. */
  hashUserId: (lineUserId: string) => string;
};

/** What the turn decided to do with the event. */
type Route =
  | { do: "cancel" }
  | { do: "start"; flowId: string; params?: Record<string, string> }
  | { do: "continue"; input: TEngineInput }
  | { do: "stale" }
  | { do: "fallback" };

const MAX_FLOW_JUMPS = 5;
const cancelSet = new Set(cancelWords.map(normalizeText));

export class ConversationService {
  constructor(private readonly deps: TConversationDeps) {}

  /**
   * Handles one event of one resident and returns what to say back (possibly nothing).
   * alsoInTransaction runs in the same transaction as the turn's effects (the caller marks the
   * event handled there, so an event has its effect exactly once).
   */
  async handle(lineUserId: string, event: TResidentEvent, options: { now?: Date; alsoInTransaction?: (sql: TSqlExecutor) => Promise<unknown> } = {}): Promise<TOutMessage[]> {
    const now = options.now ?? new Date();
    if (this.deps.sql && event.type !== "follow" && event.type !== "unfollow") {
      const fast = await this.fastTurn(this.deps.sql, lineUserId, event, now, options.alsoInTransaction);
      if (fast) return fast;
    }
    return this.deps.prisma.$transaction(
      async (tx) => {
        const messages = event.type === "unfollow" ? await this.markUnfollowed(tx, lineUserId, now) : await this.turn(tx, lineUserId, event, now);
        await options.alsoInTransaction?.(prismaExecutor(tx));
        return messages;
      },
      { timeout: 20_000, maxWait: 20_000 },
    );
  }

  /**
   * The common turn — a known resident answering the question in front of them — in plain SQL,
   * seven statements. Anything else (a new resident, a flow to start, an action, a profile change,
   * an expired conversation) returns undefined before writing, and the full turn below runs instead.
   */
  private async fastTurn(
    pool: pg.Pool,
    lineUserId: string,
    event: Exclude<TResidentEvent, { type: "follow" | "unfollow" }>,
    now: Date,
    alsoInTransaction?: (sql: TSqlExecutor) => Promise<unknown>,
  ): Promise<TOutMessage[] | undefined> {
    const client = await pool.connect();
    let open = false;
    try {
      await client.query("BEGIN");
      open = true;
      const { rows: residents } = await client.query<TResidentRow>(
        `SELECT "id", "lineUserId", "language", "profile", "consentVersion", "consentedAt" FROM "Resident" WHERE "lineUserId" = $1 FOR UPDATE`,
        [lineUserId],
      );
      const resident = residents[0];
      if (!resident) return undefined;
      const { rows: conversations } = await client.query<ConversationRow>(
        `SELECT "id", "flowId", "flowRevision", "state", "expiresAt" FROM "Conversation" WHERE "residentId" = $1 AND "status" = 'active'`,
        [resident.id],
      );
      const active = conversations[0];
      if (!active || (active.expiresAt && active.expiresAt <= now)) return undefined;
      const route = this.route(event, active);
      const flow = this.deps.revisions.cached(active.flowId, active.flowRevision);
      const state = ZConversationState.safeParse(active.state);
      if (route.do !== "continue" || !flow || !state.success) return undefined;
      const result = continueFlow(flow, state.data, route.input, { resident: view(resident), now });
      if (result.status === "action" || result.jump || Object.keys(result.profile).length > 0) return undefined;

      if (resident.consentedAt !== null && result.answers.length > 0) {
        const values: string[] = [];
        const params: unknown[] = [resident.id, active.id, flow.id, flow.revision, now];
        for (const a of result.answers) {
          params.push(a.stepId, a.name, JSON.stringify(a.value));
          const n = params.length;
          values.push(`(gen_random_uuid(), $1, $2, $3, $4, $${n - 2}, $${n - 1}, $${n}::jsonb, $5)`);
        }
        await client.query(
          `INSERT INTO "Answer" ("id", "residentId", "conversationId", "flowId", "flowRevision", "stepId", "name", "value", "answeredAt") VALUES ${values.join(", ")}`,
          params,
        );
      }
      const ended = result.status === "ended";
      await client.query(
        `UPDATE "Conversation" SET "state" = $2::jsonb, "status" = $3, "expiresAt" = $4, "endedAt" = $5, "updatedAt" = $6 WHERE "id" = $1`,
        [active.id, JSON.stringify(result.state), ended ? "completed" : "active", ended ? null : expiry(flow, now), ended ? now : null, now],
      );
      await alsoInTransaction?.(pgExecutor(client));
      await client.query("COMMIT");
      open = false;
      return result.messages;
    } finally {
      if (open) await client.query("ROLLBACK").catch(() => undefined);
      client.release();
    }
  }

  /** A resident who blocked the account is sent nothing more until they follow again. */
  private async markUnfollowed(tx: Tx, lineUserId: string, now: Date): Promise<TOutMessage[]> {
    const resident = await tx.resident.findUnique({ where: { lineUserId } });
    if (!resident) return [];
    await tx.resident.update({ where: { id: resident.id }, data: { reachable: false, unfollowedAt: now } });
    await tx.conversation.updateMany({ where: { residentId: resident.id, status: "active" }, data: { status: "cancelled", endedAt: now } });
    await recordAudit(tx, { actor: this.actor(lineUserId), action: "resident.unfollowed" });
    return [];
  }

  private actor(lineUserId: string): string {
    return `resident:${this.deps.hashUserId(lineUserId)}`;
  }

  private async turn(tx: Tx, lineUserId: string, event: Exclude<TResidentEvent, { type: "unfollow" }>, now: Date): Promise<TOutMessage[]> {
    let resident = await this.lockResident(tx, lineUserId, event.type === "follow", now);
    const messages: TOutMessage[] = [];
    const language = (): TLanguage => (resident.language === "en" ? "en" : "ja");

    let active: ConversationRow | null = await tx.conversation.findFirst({ where: { residentId: resident.id, status: "active" } });
    if (active?.expiresAt && active.expiresAt <= now) {
      await tx.conversation.update({ where: { id: active.id }, data: { status: "expired", endedAt: now } });
      messages.push({ type: "text", text: localize(systemTexts.expired, language()) });
      active = null;
    }

    const route = this.route(event, active);
    if (route.do === "cancel" || route.do === "start") {
      if (active) await tx.conversation.update({ where: { id: active.id }, data: { status: "cancelled", endedAt: now } });
      if (route.do === "cancel") {
        messages.push({ type: "text", text: localize(active ? systemTexts.cancelled : systemTexts.nothingToCancel, language()) });
        return messages;
      }
      active = null;
    }
    if (route.do === "stale") {
      messages.push({ type: "text", text: localize(systemTexts.staleButton, language()) });
      return messages;
    }

    let result: TEngineResult;
    let flow: TFlow | undefined;
    let conversationId: string;
    if (route.do === "continue" && active) {
      flow = await this.deps.revisions.get(tx, active.flowId, active.flowRevision);
      const state = ZConversationState.safeParse(active.state);
      if (!flow || !state.success) {
        // Cannot happen with stored revisions; end kindly rather than loop on a broken state.
        this.deps.logger.error("conversation state unusable", { flowId: active.flowId, revision: active.flowRevision });
        await tx.conversation.update({ where: { id: active.id }, data: { status: "cancelled", endedAt: now } });
        messages.push({ type: "text", text: localize(systemTexts.failed, language()) });
        return messages;
      }
      conversationId = active.id;
      result = continueFlow(flow, state.data, route.input, { resident: view(resident), now });
    } else {
      const flowId = route.do === "start" ? route.flowId : this.deps.flows.files.fallback()?.id;
      flow = flowId ? await this.deps.flows.current(tx, flowId) : undefined;
      if (!flow) {
        messages.push({ type: "text", text: localize(systemTexts.unknownFlow, language()) });
        return messages;
      }
      const started = await this.start(tx, resident, flow, now, messages, route.do === "start" ? route.params : undefined);
      if (!started) return messages;
      ({ conversationId, result } = started);
    }

    for (let jumps = 0; ; jumps++) {
      const outcome = await this.apply(tx, resident, flow, conversationId, result, now);
      messages.push(...outcome.messages);
      if (outcome.residentDeleted) return messages;
      resident = outcome.resident;
      if (!outcome.jump || jumps >= MAX_FLOW_JUMPS) return messages;
      const next = await this.deps.flows.current(tx, outcome.jump);
      if (!next) return messages;
      flow = next;
      const started = await this.start(tx, resident, flow, now, messages);
      if (!started) return messages;
      ({ conversationId, result } = started);
    }
  }

  /** Finds or creates the resident and locks their row: one turn at a time per resident, also across processes. */
  private async lockResident(tx: Tx, lineUserId: string, followed: boolean, now: Date): Promise<TResidentRow> {
    const resident = await tx.resident.upsert({
      where: { lineUserId },
      create: { lineUserId },
      update: followed ? { reachable: true, unfollowedAt: null } : {},
    });
    await tx.$executeRaw`SELECT 1 FROM "Resident" WHERE "id" = ${resident.id}::uuid FOR UPDATE`;
    if (followed) await recordAudit(tx, { actor: this.actor(lineUserId), action: "resident.followed", detail: { at: now.toISOString() } });
    return resident;
  }

  private route(event: Exclude<TResidentEvent, { type: "unfollow" }>, active: ConversationRow | null): Route {
    switch (event.type) {
      case "follow": {
        const flow = this.deps.flows.files.onFollow();
        return flow ? { do: "start", flowId: flow.id } : { do: "fallback" };
      }
      case "text": {
        if (cancelSet.has(normalizeText(event.text))) return { do: "cancel" };
        const keyword = this.deps.flows.files.byMessage(event.text);
        if (keyword && (!active || keyword.triggers.interrupts)) return { do: "start", flowId: keyword.id };
        return active ? { do: "continue", input: { kind: "text", text: event.text } } : { do: "fallback" };
      }
      case "postback": {
        const postback = parsePostback(event.data);
        if (postback.kind === "startFlow") return { do: "start", flowId: postback.flowId, params: postback.params };
        if (postback.kind === "unknown" || !active) return { do: "stale" };
        const picked = event.params?.datetime ?? event.params?.date ?? event.params?.time;
        return picked
          ? { do: "continue", input: { kind: "picked", nonce: postback.nonce, stepId: postback.stepId, value: picked } }
          : { do: "continue", input: { kind: "choice", nonce: postback.nonce, stepId: postback.stepId, value: postback.value } };
      }
      case "other":
        return active ? { do: "continue", input: { kind: "other" } } : { do: "fallback" };
    }
  }

  /** Starts a flow, unless it needs a consent the resident has not given. */
  private async start(tx: Tx, resident: TResidentRow, flow: TFlow, now: Date, messages: TOutMessage[], params?: Record<string, string>) {
    const language: TLanguage = resident.language === "en" ? "en" : "ja";
    if (flow.requires_consent && !resident.consentedAt) {
      const onboarding = this.deps.flows.files.get("onboarding") ?? this.deps.flows.files.onFollow();
      const text = localize(systemTexts.consentNeeded, language);
      const label = localize(systemTexts.consentButton, language);
      messages.push(
        onboarding
          ? { type: "buttons", altText: text, text, actions: [{ type: "postback", label, data: `flow=${onboarding.id}`, displayText: label }] }
          : { type: "text", text },
      );
      return undefined;
    }
    const nonce = randomBytes(6).toString("base64url");
    const result = startFlow(flow, { resident: view(resident), now }, nonce, params);
    const conversation = await tx.conversation.create({
      data: { residentId: resident.id, flowId: flow.id, flowRevision: flow.revision, state: asJson(result.state), expiresAt: expiry(flow, now) },
    });
    return { conversationId: conversation.id, result };
  }

  /** Keeps what one engine result produced, runs its actions, and returns what to say. */
  private async apply(tx: Tx, resident: TResidentRow, flow: TFlow, conversationId: string, first: TEngineResult, now: Date) {
    const messages: TOutMessage[] = [];
    let result = first;
    for (;;) {
      const consented = resident.consentedAt !== null;
      // Without consent nothing personal is kept: only the language setting, which the bot needs to talk.
      if (consented && result.answers.length > 0) {
        await tx.answer.createMany({
          data: result.answers.map((a) => ({
            residentId: resident.id,
            conversationId,
            flowId: flow.id,
            flowRevision: flow.revision,
            stepId: a.stepId,
            name: a.name,
            value: a.value as Prisma.InputJsonValue,
            answeredAt: now,
          })),
        });
      }
      const { language, ...profileFields } = result.profile;
      if (language || (consented && Object.keys(profileFields).length > 0)) {
        const profile = { ...(ZResidentProfile.safeParse(resident.profile).data ?? {}), ...(consented ? profileFields : {}) };
        resident = await tx.resident.update({ where: { id: resident.id }, data: { language: language ?? resident.language, profile } });
      }
      messages.push(...result.messages);
      if (result.status !== "action" || !result.action) break;
      const done = await runAction(result.action.name, {
        tx,
        resident,
        args: result.action.args,
        answers: result.state.answers,
        now,
        flows: this.deps.flows.files,
        privacyNoticeVersion: this.deps.privacyNoticeVersion,
        actor: this.actor(resident.lineUserId),
      });
      if (done.residentDeleted) return { messages: [...messages, ...(done.messages ?? []), ...this.afterDeletion(flow, result, now)], resident, residentDeleted: true };
      resident = (await tx.resident.findUniqueOrThrow({ where: { id: resident.id } })) as TResidentRow;
      result = continueFlow(flow, result.state, { kind: "actionResult", outcome: done.outcome, messages: done.messages }, { resident: view(resident), now });
    }
    const ended = result.status === "ended";
    await tx.conversation.update({
      where: { id: conversationId },
      data: { state: asJson(result.state), status: ended ? "completed" : "active", expiresAt: ended ? null : expiry(flow, now), endedAt: ended ? now : null },
    });
    return { messages, resident, residentDeleted: false, jump: result.jump };
  }

  /** After the resident's data is gone the flow may still have words to say; nothing more is stored. */
  private afterDeletion(flow: TFlow, result: TEngineResult, now: Date): TOutMessage[] {
    const rest = continueFlow(flow, result.state, { kind: "actionResult", outcome: "deleted" }, { resident: { language: "ja", consented: false, profile: {} }, now });
    return rest.messages;
  }
}

function view(resident: TResidentRow): TResidentView {
  return {
    language: resident.language === "en" ? "en" : "ja",
    consented: resident.consentedAt !== null,
    profile: ZResidentProfile.safeParse(resident.profile).data ?? {},
  };
}

function expiry(flow: TFlow, now: Date): Date {
  return new Date(now.getTime() + flow.expires_after_minutes * 60_000);
}

