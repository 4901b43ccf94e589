// The rules of one turn — what an event means for a resident and what it changes, says and
// stores — as plain data: no I/O. Both ways a turn is run (many residents in one plain-SQL
// transaction, or one resident in a Prisma transaction when an action or the database is needed)
// step this same object and write what it decided with the same statements (turnStatements.ts),
// so the rules exist once.
import { toLanguage, type TFlow, type TLanguage } from "../flows/flowSchema.ts";
import {
  ZConversationState,
  ZResidentProfile,
  type TAnswerRecord,
  type TConversationState,
  type TEngineInput,
  type TEngineResult,
  type TOutMessage,
  type TResidentProfile,
  type TResidentView,
} from "../flows/engineTypes.ts";
import { canContinueAt, continueFlow, hasProgress, resumeFlow, startFlow, whereAt } from "../flows/runFlow.ts";
import { localize } from "../flows/localize.ts";
import { normalizeText } from "../flows/normalizeText.ts";
import { parsePostback, restartPostback, resumePostback, startFlowPostback } from "../flows/postback.ts";
import { type TResidentEvent } from "./residentEvent.ts";
import { cancelWords, pauseTexts, systemTexts } from "./systemTexts.ts";
import { storedJson } from "../db/storedJson.ts";

const MAX_FLOW_JUMPS = 5;
const cancelSet = new Set(cancelWords.map(normalizeText));

/** The resident as a turn starts: a stored row, or a new one (isNew) the turn will create. */
export type TTurnResident = {
  id: string;
  lineUserId: string;
  language: string;
  profile: unknown;
  consentedAt: Date | null;
  isNew: boolean;
};
export type TTurnConversation = { id: string; flowId: string; flowRevision: string; state: unknown; expiresAt: Date | null };

/** Marks what only the database can tell (a flow built from what staff made, an old revision). */
export const NEEDS_DATABASE = Symbol("needs the database");
export type TLookup<T> = T | undefined | typeof NEEDS_DATABASE;

export type TFlowLookup = {
  /** The current version of a flow, to start it. */
  current(flowId: string): TLookup<TFlow>;
  /** The revision a conversation runs on. */
  revision(flowId: string, revision: string): TLookup<TFlow>;
  onFollow(): TFlow | undefined;
  fallback(): TFlow | undefined;
  byMessage(text: string): TFlow | undefined;
  onboarding(): TFlow | undefined;
};

/** What a turn changes, in the order it decided it. */
export type TTurnWrite =
  | { kind: "residentCreated"; residentId: string; lineUserId: string }
  | { kind: "residentFollowed"; residentId: string }
  /** Also ends the resident's active conversation. */
  | { kind: "residentUnfollowed"; residentId: string }
  | { kind: "residentChanged"; residentId: string; language: string; profile: TResidentProfile }
  | { kind: "conversationEnded"; conversationId: string; status: "cancelled" | "expired" }
  /** Left with something of the resident's in it: kept as it stands, to be taken up again until it expires. */
  | { kind: "conversationPaused"; conversationId: string }
  /** A paused conversation taken up again, on the flow's revision now (its steps come next). */
  | { kind: "conversationResumed"; conversationId: string; flowRevision: string }
  | { kind: "conversationStarted"; conversationId: string; residentId: string; flowId: string; flowRevision: string; state: TConversationState; expiresAt: Date }
  | { kind: "conversationStepped"; conversationId: string; state: TConversationState; ended: boolean; expiresAt: Date | null }
  | { kind: "answersGiven"; residentId: string; conversationId: string; flowId: string; flowRevision: string; answers: TAnswerRecord[] }
  | { kind: "audited"; action: string; detail?: Record<string, string> };

/** What the turn waits for before it can go on. */
export type TTurnNeed =
  | { kind: "done" }
  | { kind: "flow"; flowId: string }
  | { kind: "revision"; flowId: string; revision: string }
  /** Run the action (after writing what was decided so far), then call resumeAfterAction. */
  | { kind: "action"; name: string; args: Record<string, unknown>; answers: Record<string, unknown> };

export type TActionDone = { outcome?: string; messages?: TOutMessage[]; residentDeleted?: boolean };

export type TTurnIds = { uuid(): string; nonce(): string };

type Route =
  | { do: "cancel" }
  | { do: "start"; flowId: string; params?: Record<string, string>; restart?: boolean }
  | { do: "resume"; conversationId: string }
  | { do: "continue"; input: TEngineInput }
  | { do: "stale" }
  /** Nothing to say: the resident switched a rich menu tab. */
  | { do: "nothing" }
  | { do: "fallback" };

type Running = { flow: TFlow; conversationId: string; result: TEngineResult };

export function languageOf(resident: Pick<TTurnResident, "language">): TLanguage {
  return toLanguage(resident.language);
}

export function residentView(resident: Pick<TTurnResident, "id" | "language" | "profile" | "consentedAt">): TResidentView {
  return { language: languageOf(resident), consented: resident.consentedAt !== null, profile: storedJson(ZResidentProfile, resident.profile, "Resident", "profile", resident.id) };
}

export function expiryOf(flow: TFlow, now: Date): Date {
  return new Date(now.getTime() + flow.expires_after_minutes * 60_000);
}

export class Turn {
  readonly writes: TTurnWrite[] = [];
  readonly messages: TOutMessage[] = [];
  /** True once the resident's data was deleted by an action: nothing more is stored. */
  residentDeleted = false;
  private phase: "begin" | "apply" | "jump" | "done" = "begin";
  private running?: Running;
  private pendingJump?: string;
  private jumps = 0;
  /** The resident's paused conversations, as this turn leaves them. */
  private readonly paused: TTurnConversation[];

  constructor(
    private resident: TTurnResident,
    private readonly active: TTurnConversation | null,
    private readonly event: TResidentEvent,
    private readonly now: Date,
    private readonly flows: TFlowLookup,
    private readonly ids: TTurnIds,
    paused: readonly TTurnConversation[] = [],
  ) {
    this.paused = [...paused];
  }

  get residentId(): string {
    return this.resident.id;
  }

  /**
   * Goes as far as it can. Asking again after a flow or revision was made available picks up where
   * it stopped: nothing is decided twice, because a step checks what it needs before deciding.
   */
  advance(): TTurnNeed {
    for (;;) {
      switch (this.phase) {
        case "begin": {
          const need = this.begin();
          if (need) return need;
          break;
        }
        case "apply": {
          const need = this.apply();
          if (need) return need;
          break;
        }
        case "jump": {
          const flowId = this.pendingJump!;
          const next = this.flows.current(flowId);
          if (next === NEEDS_DATABASE) return { kind: "flow", flowId };
          const need = this.needToOffer(flowId);
          if (need) return need;
          this.pendingJump = undefined;
          if (!next || !this.start(next)) this.phase = "done";
          else this.phase = "apply";
          break;
        }
        case "done":
          return { kind: "done" };
      }
    }
  }

  /** The action asked for is done: its outcome goes back into the flow. resident: as stored after it. */
  resumeAfterAction(done: TActionDone, resident: Omit<TTurnResident, "isNew">): void {
    const running = this.running!;
    if (done.residentDeleted) {
      // The resident's data is gone: the flow may still have words to say; nothing more is stored.
      const rest = continueFlow(running.flow, running.result.state, { kind: "actionResult", outcome: "deleted" }, {
        resident: { language: "ja", consented: false, profile: {} },
        now: this.now,
      });
      this.messages.push(...(done.messages ?? []), ...rest.messages);
      this.residentDeleted = true;
      this.phase = "done";
      return;
    }
    this.resident = { ...resident, isNew: false };
    running.result = continueFlow(
      running.flow,
      running.result.state,
      { kind: "actionResult", outcome: done.outcome, messages: done.messages },
      { resident: residentView(this.resident), now: this.now },
    );
    this.phase = "apply";
  }

  private say(text: Parameters<typeof localize>[0]): void {
    this.messages.push({ type: "text", text: localize(text, languageOf(this.resident)) });
  }

  private audit(action: string, detail?: Record<string, string>): void {
    this.writes.push({ kind: "audited", action, ...(detail ? { detail } : {}) });
  }

  /** Decides what the event means. Returns a need without having decided anything. */
  private begin(): TTurnNeed | undefined {
    const { event, resident } = this;
    if (event.type === "unfollow") {
      // Someone the bot never knew has nothing to forget.
      if (!resident.isNew) {
        this.writes.push({ kind: "residentUnfollowed", residentId: resident.id });
        this.audit("resident.unfollowed");
      }
      this.phase = "done";
      return undefined;
    }
    const expired = this.active?.expiresAt ? this.active.expiresAt <= this.now : false;
    const active = expired ? null : this.active;
    const route = this.route(event, active);

    // What this route needs from the database, asked for before anything is decided.
    let flow: TFlow | undefined;
    let state: TConversationState | undefined;
    // The flow the active conversation runs on, to tell whether leaving it loses anything.
    let activeFlow: TFlow | undefined;
    if (active && route.do !== "continue" && route.do !== "stale" && route.do !== "nothing") {
      const found = this.flows.revision(active.flowId, active.flowRevision);
      if (found === NEEDS_DATABASE) return { kind: "revision", flowId: active.flowId, revision: active.flowRevision };
      activeFlow = found;
    }
    const resuming = route.do === "resume" ? this.livePaused().find((p) => p.id === route.conversationId) : undefined;
    let pausedFlow: TFlow | undefined;
    if (resuming) {
      const current = this.flows.current(resuming.flowId);
      if (current === NEEDS_DATABASE) return { kind: "flow", flowId: resuming.flowId };
      const asked = this.flows.revision(resuming.flowId, resuming.flowRevision);
      if (asked === NEEDS_DATABASE) return { kind: "revision", flowId: resuming.flowId, revision: resuming.flowRevision };
      flow = current;
      pausedFlow = asked;
    }
    if (route.do === "continue" && active) {
      const found = this.flows.revision(active.flowId, active.flowRevision);
      if (found === NEEDS_DATABASE) return { kind: "revision", flowId: active.flowId, revision: active.flowRevision };
      flow = found;
      state = ZConversationState.safeParse(active.state).data;
    } else if (route.do === "start" || route.do === "fallback") {
      const flowId = route.do === "start" ? route.flowId : this.flows.fallback()?.id;
      const found = flowId ? this.flows.current(flowId) : undefined;
      if (found === NEEDS_DATABASE) return { kind: "flow", flowId: flowId! };
      flow = found;
      if (flowId && !(route.do === "start" && route.restart)) {
        const need = this.needToOffer(flowId, active && activeFlow && hasProgressIn(activeFlow, active) ? active : undefined);
        if (need) return need;
      }
    }

    if (resident.isNew) this.writes.push({ kind: "residentCreated", residentId: resident.id, lineUserId: resident.lineUserId });
    else if (event.type === "follow") this.writes.push({ kind: "residentFollowed", residentId: resident.id });
    if (event.type === "follow") this.audit("resident.followed", { at: this.now.toISOString() });
    if (expired) {
      this.writes.push({ kind: "conversationEnded", conversationId: this.active!.id, status: "expired" });
      this.say(systemTexts.expired);
    }
    this.phase = "done";

    switch (route.do) {
      case "cancel":
        if (!active) this.say(systemTexts.nothingToCancel);
        else if (!this.leave(active, activeFlow, true)) this.say(systemTexts.cancelled);
        return undefined;
      case "resume": {
        // An old 「続きから」 leaves the conversation in progress as it is.
        if (!resuming) {
          this.say(pauseTexts.gone);
          return undefined;
        }
        if (active) this.leave(active, activeFlow, true);
        const pausedState = ZConversationState.safeParse(resuming.state).data;
        if (!flow || !pausedState || !canContinueAt(flow, pausedState, pausedFlow)) {
          this.dropPaused(resuming.flowId);
          if (!flow) {
            this.say(systemTexts.unknownFlow);
            return undefined;
          }
          // The question it stopped at is gone (or changed kind): going on could not mean what it did.
          this.say(pauseTexts.changed);
          if (this.start(flow, undefined, true)) this.phase = "apply";
          return undefined;
        }
        this.dropPaused(resuming.flowId, resuming.id);
        this.writes.push({ kind: "conversationResumed", conversationId: resuming.id, flowRevision: flow.revision });
        this.say(pauseTexts.resumed);
        this.running = { flow, conversationId: resuming.id, result: resumeFlow(flow, pausedState, { resident: residentView(resident), now: this.now }) };
        this.phase = "apply";
        return undefined;
      }
      case "stale":
        this.say(systemTexts.staleButton);
        return undefined;
      case "nothing":
        return undefined;
      case "continue": {
        if (!flow || !state) {
          // Cannot happen with stored revisions; end kindly rather than loop on a broken state.
          this.writes.push({ kind: "conversationEnded", conversationId: active!.id, status: "cancelled" });
          this.say(systemTexts.failed);
          return undefined;
        }
        this.running = { flow, conversationId: active!.id, result: continueFlow(flow, state, route.input, { resident: residentView(resident), now: this.now }) };
        this.phase = "apply";
        return undefined;
      }
      case "start":
      case "fallback":
        // Another flow (or the same one again) over a conversation in progress: that one is paused
        // if it holds anything of the resident's, and said so unless it is offered right away.
        if (route.do === "start" && active) this.leave(active, activeFlow, active.flowId !== flow?.id);
        if (!flow) {
          this.say(systemTexts.unknownFlow);
          return undefined;
        }
        if (route.do === "start" && route.restart) this.say(pauseTexts.restarted);
        if (this.start(flow, route.do === "start" ? route.params : undefined, route.do === "start" && route.restart)) this.phase = "apply";
        return undefined;
    }
  }

  private route(event: Exclude<TResidentEvent, { type: "unfollow" }>, active: TTurnConversation | null): Route {
    switch (event.type) {
      case "follow": {
        const flow = this.flows.onFollow();
        return flow ? { do: "start", flowId: flow.id } : { do: "fallback" };
      }
      case "text": {
        if (cancelSet.has(normalizeText(event.text))) return { do: "cancel" };
        const keyword = this.flows.byMessage(event.text);
        if (keyword && (!active || keyword.triggers.interrupts)) return { do: "start", flowId: keyword.id };
        return active ? { do: "continue", input: { kind: "text", text: event.text } } : { do: "fallback" };
      }
      case "postback": {
        const postback = parsePostback(event.data);
        if (postback.kind === "menuTab") return { do: "nothing" };
        if (postback.kind === "startFlow") return { do: "start", flowId: postback.flowId, params: postback.params, restart: postback.restart };
        if (postback.kind === "resume") return { do: "resume", conversationId: postback.conversationId };
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

  /**
   * Starts a flow, unless it needs a consent the resident has not given (then says so), or a paused
   * conversation of it can be taken up (then offers 「続きから」/「最初から」; restart: start anew).
   */
  private start(flow: TFlow, params?: Record<string, string>, restart = false): boolean {
    const language = languageOf(this.resident);
    if (flow.requires_consent && !this.resident.consentedAt) {
      const onboarding = this.flows.onboarding() ?? this.flows.onFollow();
      const text = localize(systemTexts.consentNeeded, language);
      const label = localize(systemTexts.consentButton, language);
      this.messages.push(
        onboarding
          ? { type: "buttons", altText: text, text, actions: [{ type: "postback", label, data: startFlowPostback(onboarding.id), displayText: label }] }
          : { type: "text", text },
      );
      return false;
    }
    const paused = this.livePaused().find((p) => p.flowId === flow.id);
    if (paused && !restart) {
      this.offer(flow, paused, params);
      return false;
    }
    this.dropPaused(flow.id);
    const result = startFlow(flow, { resident: residentView(this.resident), now: this.now }, this.ids.nonce(), params);
    const conversationId = this.ids.uuid();
    this.writes.push({
      kind: "conversationStarted",
      conversationId,
      residentId: this.resident.id,
      flowId: flow.id,
      flowRevision: flow.revision,
      state: result.state,
      expiresAt: expiryOf(flow, this.now),
    });
    this.running = { flow, conversationId, result };
    return true;
  }

  /** Paused conversations that can still be taken up. */
  private livePaused(): TTurnConversation[] {
    return this.paused.filter((p) => !p.expiresAt || p.expiresAt > this.now);
  }

  /** What offering a paused conversation of flowId needs first: the revision it stopped on. */
  private needToOffer(flowId: string, leaving?: TTurnConversation): TTurnNeed | undefined {
    const paused = leaving?.flowId === flowId ? leaving : this.livePaused().find((p) => p.flowId === flowId);
    if (!paused) return undefined;
    return this.flows.revision(paused.flowId, paused.flowRevision) === NEEDS_DATABASE ? { kind: "revision", flowId: paused.flowId, revision: paused.flowRevision } : undefined;
  }

  /**
   * Leaves the active conversation: paused when it holds an answer or a draft of the resident's,
   * else ended. tell: say that it was paused and until when. Returns whether it was paused.
   */
  private leave(active: TTurnConversation, flow: TFlow | undefined, tell: boolean): boolean {
    if (!flow || !hasProgressIn(flow, active)) {
      this.writes.push({ kind: "conversationEnded", conversationId: active.id, status: "cancelled" });
      return false;
    }
    // At most one paused conversation per flow: this one replaces an older one.
    this.dropPaused(active.flowId);
    this.writes.push({ kind: "conversationPaused", conversationId: active.id });
    this.paused.push(active);
    if (tell) this.say(pauseTexts.paused(localize(flow.title, languageOf(this.resident)), active.expiresAt));
    return true;
  }

  /** Ends the paused conversations of a flow (the expired ones as expired); taken: the one taken up again, left as it is. */
  private dropPaused(flowId: string, taken?: string): void {
    for (let i = this.paused.length - 1; i >= 0; i--) {
      const p = this.paused[i]!;
      if (p.flowId !== flowId) continue;
      this.paused.splice(i, 1);
      if (p.id === taken) continue;
      const expired = p.expiresAt !== null && p.expiresAt <= this.now;
      this.writes.push({ kind: "conversationEnded", conversationId: p.id, status: expired ? "expired" : "cancelled" });
    }
  }

  /** 「続きから」/「最初から」, with where the paused conversation stood. */
  private offer(flow: TFlow, paused: TTurnConversation, params?: Record<string, string>): void {
    const language = languageOf(this.resident);
    const asked = this.flows.revision(paused.flowId, paused.flowRevision);
    const state = ZConversationState.safeParse(paused.state).data;
    const where = asked && asked !== NEEDS_DATABASE && state ? whereAt(asked, state, { resident: residentView(this.resident), now: this.now }) : {};
    const text = localize(pauseTexts.offer(localize(flow.title, language), paused.expiresAt, where), language);
    const go = localize(pauseTexts.continueButton, language);
    const anew = localize(pauseTexts.restartButton, language);
    this.messages.push({
      type: "text",
      text,
      quickReplies: [
        { type: "postback", label: go, data: resumePostback(paused.id), displayText: go },
        { type: "postback", label: anew, data: restartPostback(flow.id, params), displayText: anew },
      ],
    });
  }

  /** Keeps what one engine result produced; stops at an action, else records the step and maybe jumps. */
  private apply(): TTurnNeed | undefined {
    const running = this.running!;
    const { flow, conversationId, result } = running;
    const consented = this.resident.consentedAt !== null;
    // Without consent nothing personal is kept: only the language setting, which the bot needs to talk.
    if (consented && flow.keep_answers && result.answers.length > 0) {
      this.writes.push({ kind: "answersGiven", residentId: this.resident.id, conversationId, flowId: flow.id, flowRevision: flow.revision, answers: result.answers });
    }
    const { language, ...profileFields } = result.profile;
    if (language || (consented && Object.keys(profileFields).length > 0)) {
      const profile = { ...(storedJson(ZResidentProfile, this.resident.profile, "Resident", "profile", this.resident.id)), ...(consented ? profileFields : {}) };
      this.resident = { ...this.resident, language: language ?? this.resident.language, profile };
      this.writes.push({ kind: "residentChanged", residentId: this.resident.id, language: this.resident.language, profile });
    }
    this.messages.push(...result.messages);
    if (result.status === "action" && result.action) {
      this.phase = "done"; // until resumeAfterAction
      return { kind: "action", name: result.action.name, args: result.action.args, answers: result.state.answers };
    }
    const ended = result.status === "ended";
    this.writes.push({ kind: "conversationStepped", conversationId, state: result.state, ended, expiresAt: ended ? null : expiryOf(flow, this.now) });
    if (!result.jump || this.jumps >= MAX_FLOW_JUMPS) {
      this.phase = "done";
      return undefined;
    }
    this.jumps++;
    this.pendingJump = result.jump;
    this.phase = "jump";
    return undefined;
  }
}

function hasProgressIn(flow: TFlow, conversation: TTurnConversation): boolean {
  const state = ZConversationState.safeParse(conversation.state).data;
  return state !== undefined && hasProgress(flow, state);
}
