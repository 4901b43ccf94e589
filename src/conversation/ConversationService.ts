// Runs residents' conversations: decides what an event means (start a flow, answer, cancel),
// steps the flow engine, and keeps every answer and profile change, one transaction per turn.
import { randomBytes, randomUUID } from "node:crypto";
import { type PrismaClient, type Prisma } from "../generated/prisma/client.ts";
import { toLanguage, type TFlow, type TLanguage } from "../flows/flowSchema.ts";
import { type FlowCatalog } from "./FlowCatalog.ts";
import { ZConversationState, ZResidentProfile, type TEngineInput, type TEngineResult, type TOutMessage, type TResidentView } from "../flows/engineTypes.ts";
import { continueFlow, startFlow } from "../flows/runFlow.ts";
import { localize } from "../flows/localize.ts";
import { normalizeText } from "../flows/normalizeText.ts";
import { recordAudit } from "../domain/recordAudit.ts";
import { type DeliveryQueue } from "../domain/delivery/DeliveryQueue.ts";
import { asJson } from "../db/asJson.ts";
import { prismaExecutor, type TSqlExecutor } from "../db/sqlExecutor.ts";
import { sqlLiteral } from "../db/sqlLiteral.ts";
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
  /** Woken after a turn commits, so that pushes its actions recorded go out at once. */
  deliveries?: DeliveryQueue;
  /** Plain SQL for the common turn (see handleBatch); without it every turn goes through Prisma. */
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

/** One event for handleBatch: eventKey is its webhookEventId (a row of InboundEvent). */
export type TBatchItem = { eventKey: string; lineUserId: string; event: Exclude<TResidentEvent, { type: "follow" | "unfollow" }> };
export type TBatchOutcome = { kind: "handled"; messages: TOutMessage[] } | { kind: "alreadyHandled" } | { kind: "fallback" };
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
    const messages = await this.deps.prisma.$transaction(
      async (tx) => {
        const messages = event.type === "unfollow" ? await this.markUnfollowed(tx, lineUserId, now) : await this.turn(tx, lineUserId, event, now);
        await options.alsoInTransaction?.(prismaExecutor(tx));
        return messages;
      },
      { timeout: 20_000, maxWait: 20_000 },
    );
    // An action may have recorded pushes (someone moved up from a waiting list): now that they are
    // committed, the sender can send them at once instead of at its next poll.
    this.deps.deliveries?.notify();
    return messages;
  }

  /**
   * The common turn — a known resident answering the question in front of them — for many
   * residents at once, in one transaction of two round trips: socket writes, not SQL, are what a
   * turn costs most here (see bench/). Each item's event key (its webhookEventId) is claimed in the
   * same transaction, so an event has its effect once. Handled here: answers, やめる, and starting a
   * flow whose first step only asks. An item that needs more (a new resident, consent to ask for,
   * an action, a profile change, a jump, an expired conversation) is left for `handle`.
   */
  async handleBatch(items: TBatchItem[], now = new Date()): Promise<TBatchOutcome[]> {
    const outcomes: TBatchOutcome[] = items.map(() => ({ kind: "fallback" }));
    const pool = this.deps.sql;
    if (!pool || items.length === 0) return outcomes;
    const client = await pool.connect();
    const lit = (v: unknown) => sqlLiteral(client, v);
    // Set before the first statement: BEGIN is sent with it, and a failure there must roll back too.
    let open = true;
    try {
      const keys = items.map((i) => lit(i.eventKey)).join(", ");
      const users = items.map((i) => lit(i.lineUserId)).join(", ");
      // Locks the events (another process recovering them waits, then finds them done) and the residents (one turn at a time each).
      const [, pendingResult, residentResult] = (await client.query(
        `BEGIN;
         SELECT "webhookEventId" FROM "InboundEvent" WHERE "webhookEventId" IN (${keys}) AND "status" = 'pending' ORDER BY "webhookEventId" FOR UPDATE;
         SELECT r."id", r."lineUserId", r."language", r."profile", r."consentVersion", r."consentedAt",
                (SELECT json_build_object('id', c."id", 'flowId', c."flowId", 'flowRevision', c."flowRevision", 'state', c."state", 'expiresAt', c."expiresAt")
                   FROM "Conversation" c WHERE c."residentId" = r."id" AND c."status" = 'active') AS "conversation"
           FROM "Resident" r WHERE r."lineUserId" IN (${users}) ORDER BY r."lineUserId" FOR UPDATE OF r`,
      )) as unknown as pg.QueryResult[];
      const pending = new Set(pendingResult!.rows.map((r: { webhookEventId: string }) => r.webhookEventId));
      const residents = new Map(
        residentResult!.rows.map((r: TResidentRow & { conversation: (Omit<ConversationRow, "expiresAt"> & { expiresAt: string | null }) | null }) => [r.lineUserId, r]),
      );

      const answers: string[] = [];
      const conversations: string[] = [];
      const cancelled: string[] = [];
      const started: string[] = [];
      const done: string[] = [];
      items.forEach((item, i) => {
        if (!pending.has(item.eventKey)) {
          outcomes[i] = { kind: "alreadyHandled" };
          return;
        }
        const resident = residents.get(item.lineUserId);
        if (!resident) return;
        const found = resident.conversation;
        const active: ConversationRow | null = found ? { ...found, expiresAt: found.expiresAt ? new Date(found.expiresAt) : null } : null;
        if (active?.expiresAt && active.expiresAt <= now) return;
        const route = this.route(item.event, active);
        const language: TLanguage = toLanguage(resident.language);

        if (route.do === "cancel") {
          if (active) cancelled.push(lit(active.id));
          done.push(lit(item.eventKey));
          outcomes[i] = { kind: "handled", messages: [{ type: "text", text: localize(active ? systemTexts.cancelled : systemTexts.nothingToCancel, language) }] };
          return;
        }
        if (route.do === "start") {
          // A flow from the files that needs nothing more than its first question (no action, no consent to ask for).
          const flow = this.deps.flows.files.get(route.flowId);
          if (!flow || (flow.requires_consent && !resident.consentedAt) || Object.keys(route.params ?? {}).length > 0) return;
          const result = startFlow(flow, { resident: view(resident), now }, randomBytes(6).toString("base64url"));
          if (result.status === "action" || result.jump || Object.keys(result.profile).length > 0 || result.answers.length > 0) return;
          if (active) cancelled.push(lit(active.id));
          const ended = result.status === "ended";
          started.push(
            `(${lit(randomUUID())}::uuid, ${lit(resident.id)}::uuid, ${lit(flow.id)}, ${lit(flow.revision)}, ${lit(JSON.stringify(result.state))}::jsonb, ${lit(ended ? "completed" : "active")}, ${ended ? "NULL" : lit(expiry(flow, now))}::timestamptz, ${lit(now)}::timestamptz, ${lit(now)}::timestamptz, ${ended ? lit(now) : "NULL"}::timestamptz)`,
          );
          done.push(lit(item.eventKey));
          outcomes[i] = { kind: "handled", messages: result.messages };
          return;
        }
        if (route.do !== "continue" || !active) return;
        const flow = this.deps.revisions.cached(active.flowId, active.flowRevision);
        const state = ZConversationState.safeParse(active.state);
        if (!flow || !state.success) return;
        const result = continueFlow(flow, state.data, route.input, { resident: view(resident), now });
        if (result.status === "action" || result.jump || Object.keys(result.profile).length > 0) return;
        if (resident.consentedAt !== null && flow.keep_answers) {
          for (const a of result.answers) {
            answers.push(
              `(gen_random_uuid(), ${lit(resident.id)}::uuid, ${lit(active.id)}::uuid, ${lit(flow.id)}, ${lit(flow.revision)}, ${lit(a.stepId)}, ${lit(a.name)}, ${lit(JSON.stringify(a.value))}::jsonb, ${lit(now)}::timestamptz)`,
            );
          }
        }
        const ended = result.status === "ended";
        conversations.push(
          `(${lit(active.id)}::uuid, ${lit(JSON.stringify(result.state))}::jsonb, ${lit(ended ? "completed" : "active")}, ${ended ? "NULL" : lit(expiry(flow, now))}::timestamptz, ${ended ? lit(now) : "NULL"}::timestamptz)`,
        );
        done.push(lit(item.eventKey));
        outcomes[i] = { kind: "handled", messages: result.messages };
      });

      const writes = [
        // Cancelled first: a resident has at most one active conversation (partial unique index).
        cancelled.length > 0
          ? `UPDATE "Conversation" SET "status" = 'cancelled', "endedAt" = ${lit(now)}::timestamptz, "updatedAt" = ${lit(now)}::timestamptz WHERE "id" IN (${cancelled.map((c) => `${c}::uuid`).join(", ")});`
          : "",
        started.length > 0
          ? `INSERT INTO "Conversation" ("id", "residentId", "flowId", "flowRevision", "state", "status", "expiresAt", "startedAt", "updatedAt", "endedAt") VALUES ${started.join(", ")};`
          : "",
        answers.length > 0
          ? `INSERT INTO "Answer" ("id", "residentId", "conversationId", "flowId", "flowRevision", "stepId", "name", "value", "answeredAt") VALUES ${answers.join(", ")};`
          : "",
        conversations.length > 0
          ? `UPDATE "Conversation" AS c SET "state" = v.state, "status" = v.status, "expiresAt" = v.expires, "endedAt" = v.ended, "updatedAt" = ${lit(now)}::timestamptz
             FROM (VALUES ${conversations.join(", ")}) AS v(id, state, status, expires, ended) WHERE c."id" = v.id;`
          : "",
        // A handled event keeps only its type: the message text was needed to handle it, not afterwards.
        done.length > 0
          ? `UPDATE "InboundEvent" SET "status" = 'done', "processedAt" = ${lit(now)}::timestamptz, "attempts" = 1, "payload" = jsonb_build_object('type', "payload"->>'type')
             WHERE "webhookEventId" IN (${done.join(", ")});`
          : "",
        "COMMIT;",
      ];
      await client.query(writes.join("\n"));
      open = false;
      return outcomes;
    } catch (err) {
      this.deps.logger.warn("batch turn failed, handling one by one", { items: items.length, reason: err instanceof Error ? err.name : "unknown" });
      return items.map(() => ({ kind: "fallback" }));
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
    const language = (): TLanguage => (toLanguage(resident.language));

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
    const language: TLanguage = toLanguage(resident.language);
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
      if (consented && flow.keep_answers && result.answers.length > 0) {
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
    language: toLanguage(resident.language),
    consented: resident.consentedAt !== null,
    profile: ZResidentProfile.safeParse(resident.profile).data ?? {},
  };
}

function expiry(flow: TFlow, now: Date): Date {
  return new Date(now.getTime() + flow.expires_after_minutes * 60_000);
}

