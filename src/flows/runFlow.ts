// The flow engine: one pure step from (flow, state, input) to (state, messages, answers, effects).
// It reads no database and knows nothing of LINE; the conversation runner does the I/O.
import { type TAsk, type TCondition, type TFlow, type TFlowMessage, type TStep, type TText, type TButtonAction, toLanguage } from "./flowSchema.ts";
import {
  type TAnswerRecord,
  type TConversationState,
  type TEngineInput,
  type TEngineResult,
  type TOutAction,
  type TOutMessage,
  type TProfileUpdate,
  type TResidentView,
} from "./engineTypes.ts";
import { localize } from "./localize.ts";
import { choicesOf, CONTINUE, DONE, parseReply, resolveDate, type TReply } from "./parseReply.ts";
import { answerPostback, startFlowPostback } from "./postback.ts";

export type TEngineContext = { resident: TResidentView; now: Date };

/** Guards against flows that loop without ever asking. */
const MAX_STEPS_PER_TURN = 50;

type Turn = {
  flow: TFlow;
  ctx: TEngineContext;
  state: TConversationState;
  messages: TOutMessage[];
  answers: TAnswerRecord[];
  profile: TProfileUpdate;
};

/** params: values handed in by a `flow=ID&NAME=VALUE` button; only names the flow declares are taken. */
export function startFlow(flow: TFlow, ctx: TEngineContext, nonce: string, params: Record<string, string> = {}): TEngineResult {
  const first = flow.start ?? flow.steps[0]!.id;
  const answers = Object.fromEntries(Object.entries(params).filter(([name]) => flow.params.includes(name)));
  const state: TConversationState = { v: 1, stepId: first, phase: "ask", answers, nonce, retries: 0 };
  return enterStep(newTurn(flow, ctx, state), first, 0);
}

export function continueFlow(flow: TFlow, state: TConversationState, input: TEngineInput, ctx: TEngineContext): TEngineResult {
  const turn = newTurn(flow, ctx, state);
  const step = stepById(flow, state.stepId);
  if (state.phase === "action") {
    if (input.kind !== "actionResult") return waiting(turn, "action");
    turn.state = { ...turn.state, outcome: input.outcome };
    turn.messages.push(...(input.messages ?? []));
    return afterAction(turn, step, 0);
  }
  if (!step.ask) return finish(turn);
  const reply = readReply(turn, step, step.ask, input);
  if (reply.ok === false) {
    turn.state = { ...turn.state, retries: turn.state.retries + 1 };
    turn.messages.push({ type: "text", text: t(turn, step.ask.retry ?? reply.reason) });
    turn.messages.push(...question(turn, step));
    return waiting(turn, "waiting");
  }
  if (reply.ok === "offerFinish") {
    // 「おわり」 while writing: not added to the text; finishing is one tap away, as is going on.
    const lang = turn.ctx.resident.language;
    const finish = localize({ ja: "入力を終える", en: "Finish", easy: "書き おわる" }, lang);
    const more = localize({ ja: "続けて書く", en: "Keep writing", easy: "まだ 書く" }, lang);
    const length = [...reply.picked.join("\n")].length;
    turn.messages.push({
      type: "text",
      text: localize({ ja: `ここまでの内容（${length}文字）で入力を終えますか？\n終えるときは「入力を終える」を押してください。`, en: `Finish with what you have written (${length} characters)?\nTap Finish to end, or keep writing.`, easy: `ここまで ${length}文字 書きました。 これで おわりますか？\nおわる ときは 「書き おわる」を おして ください。` }, lang),
      quickReplies: [
        { type: "postback", label: finish, data: choiceData(turn, step, DONE), displayText: finish },
        { type: "postback", label: more, data: choiceData(turn, step, CONTINUE), displayText: more },
      ],
    });
    return waiting(turn, "waiting");
  }
  if (reply.ok === "more") {
    turn.state = { ...turn.state, picked: reply.picked };
    // A long opinion in parts, or one more pick: acknowledge it, don't repeat the whole question.
    attachQuickReplies(turn, step);
    return waiting(turn, "waiting");
  }
  const name = step.ask.save;
  turn.state = { ...turn.state, answers: { ...turn.state.answers, [name]: reply.value }, picked: undefined, retries: 0 };
  turn.answers.push({ stepId: step.id, name, value: reply.value });
  if (step.ask.profile) setProfile(turn, step.ask.profile, reply.value);
  return leaveStep(turn, step, 0);
}

function newTurn(flow: TFlow, ctx: TEngineContext, state: TConversationState): Turn {
  return { flow, ctx: { ...ctx, resident: { ...ctx.resident, profile: { ...ctx.resident.profile } } }, state, messages: [], answers: [], profile: {} };
}

function stepById(flow: TFlow, id: string): TStep {
  const step = flow.steps.find((s) => s.id === id);
  // The loader checks every reference, so this means a state from another revision.
  if (!step) throw new Error(`flow ${flow.id}@${flow.revision} has no step ${id}`);
  return step;
}

function readReply(turn: Turn, step: TStep, ask: TAsk, input: TEngineInput): TReply {
  const picked = turn.state.picked ?? [];
  switch (input.kind) {
    case "text":
      return parseReply(ask, { typed: input.text }, picked, turn.ctx.now);
    case "choice":
    case "picked":
      if (input.nonce !== turn.state.nonce || input.stepId !== step.id) {
        return { ok: false, reason: { ja: "そのボタンは前の質問のものです。いまの質問にお答えください。", en: "That button belongs to an earlier question. Please answer this one.", easy: "その ボタンは 前の しつもんの ものです。 いまの しつもんに 答えて ください。" } };
      }
      return parseReply(ask, input.kind === "choice" ? { tapped: input.value } : { picked: input.value }, picked, turn.ctx.now);
    case "other":
    case "actionResult":
      return { ok: false, reason: { ja: "文字かボタンでお答えください。", en: "Please answer with text or the buttons.", easy: "ことばか ボタンで 答えて ください。" } };
  }
}

function enterStep(turn: Turn, id: string, depth: number): TEngineResult {
  if (depth > MAX_STEPS_PER_TURN) throw new Error(`flow ${turn.flow.id} loops without asking (at step ${id})`);
  const step = stepById(turn.flow, id);
  turn.state = { ...turn.state, stepId: id, picked: undefined, retries: 0 };
  if (step.action) {
    turn.state = { ...turn.state, phase: "action" };
    return { ...waiting(turn, "action"), action: { name: step.action.name, args: step.action.args ?? {} } };
  }
  return afterAction(turn, step, depth);
}

function afterAction(turn: Turn, step: TStep, depth: number): TEngineResult {
  for (const [field, value] of Object.entries(step.set ?? {})) setProfile(turn, field as keyof TProfileUpdate, value);
  turn.messages.push(...(step.say ?? []).map((m) => renderMessage(turn, m)));
  if (step.ask) {
    turn.state = { ...turn.state, phase: "ask" };
    listChoices(turn, step);
    attachQuickReplies(turn, step);
    return waiting(turn, "waiting");
  }
  return leaveStep(turn, step, depth);
}

function leaveStep(turn: Turn, step: TStep, depth: number): TEngineResult {
  if (step.flow) return { ...finish(turn), jump: step.flow };
  if (step.end || step.next === undefined) {
    // A step without a continuation ends the flow; steps are not implicitly chained.
    return finish(turn);
  }
  const target = typeof step.next === "string" ? step.next : step.next.find((b) => !b.when || holds(turn, b.when))?.goto;
  if (!target) return finish(turn);
  return enterStep(turn, target, depth + 1);
}

function waiting(turn: Turn, status: "waiting" | "action"): TEngineResult {
  return { state: turn.state, status, messages: turn.messages, answers: turn.answers, profile: turn.profile };
}

function finish(turn: Turn): TEngineResult {
  return { ...waiting(turn, "waiting"), status: "ended" };
}

function setProfile(turn: Turn, field: keyof TProfileUpdate, value: unknown): void {
  if (field === "interests") {
    const list = Array.isArray(value) ? value.map(String) : [String(value)];
    turn.profile.interests = list;
    turn.ctx.resident.profile.interests = list;
  } else if (field === "language") {
    const language = toLanguage(value);
    turn.profile.language = language;
    turn.ctx.resident = { ...turn.ctx.resident, language };
  } else {
    turn.profile[field] = String(value);
    turn.ctx.resident.profile[field] = String(value);
  }
}

function refValue(turn: Turn, ref: string): unknown {
  if (ref === "outcome") return turn.state.outcome;
  if (ref === "resident.consented") return turn.ctx.resident.consented;
  if (ref === "resident.language" || ref === "profile.language") return turn.ctx.resident.language;
  if (ref.startsWith("answers.")) return turn.state.answers[ref.slice("answers.".length)];
  if (ref.startsWith("profile.")) return turn.ctx.resident.profile[ref.slice("profile.".length) as "ageBand"];
  return undefined;
}

function holds(turn: Turn, c: TCondition): boolean {
  const v = refValue(turn, c.if);
  if (c.exists !== undefined) return (v !== undefined && v !== null && !(Array.isArray(v) && v.length === 0)) === c.exists;
  if (c.equals !== undefined) return v === c.equals;
  if (c.in !== undefined) return c.in.some((x) => x === v);
  if (c.has !== undefined) return Array.isArray(v) && v.includes(c.has);
  return false;
}

function t(turn: Turn, text: TText): string {
  return interpolate(turn, localize(text, turn.ctx.resident.language));
}

/** {{answers.NAME}} and {{profile.FIELD}} in text; a choice shows its label, not its value. */
function interpolate(turn: Turn, text: string): string {
  return text.replace(/\{\{\s*([a-zA-Z.]+[a-zA-Z0-9_]*)\s*\}\}/g, (_, ref: string) => {
    const value = refValue(turn, ref);
    const name = ref.startsWith("answers.") ? ref.slice(8) : undefined;
    const ask = name ? turn.flow.steps.find((s) => s.ask?.save === name)?.ask : undefined;
    const label = (v: unknown) => {
      const choice = ask ? choicesOf(ask).find((c) => c.value === v) : undefined;
      return choice ? localize(choice.label, turn.ctx.resident.language) : String(v);
    };
    if (value === undefined || value === null) return "";
    return Array.isArray(value) ? value.map(label).join("、") : label(value);
  });
}

function buttonAction(turn: Turn, a: TButtonAction): TOutAction {
  const label = t(turn, a.label);
  if (a.flow) return { type: "postback", label, data: startFlowPostback(a.flow), displayText: label };
  if (a.url) return { type: "uri", label, uri: a.url };
  return { type: "message", label, text: t(turn, a.reply!) };
}

function renderMessage(turn: Turn, m: TFlowMessage): TOutMessage {
  if ("text" in m) return { type: "text", text: t(turn, m.text) };
  if ("image" in m) return { type: "image", url: m.image.url, previewUrl: m.image.preview ?? m.image.url };
  if ("buttons" in m) {
    const text = t(turn, m.buttons.text);
    const title = m.buttons.title ? t(turn, m.buttons.title) : undefined;
    return {
      type: "buttons",
      altText: title ? `${title}\n${text}` : text,
      title,
      text,
      imageUrl: m.buttons.image,
      actions: m.buttons.actions.map((a) => buttonAction(turn, a)),
    };
  }
  return { type: "flex", altText: t(turn, m.flex.altText), contents: m.flex.contents };
}

/** LINE's 20 characters for a quick reply or button label. */
const clipLabel = (label: string) => ([...label].length > 20 ? `${[...label].slice(0, 19).join("")}…` : label);

const choiceData = (turn: Turn, step: TStep, value: string) => answerPostback(turn.state.nonce, step.id, value);

function quickRepliesFor(turn: Turn, step: TStep, ask: TAsk): { actions: TOutAction[]; note?: string } {
  const lang = turn.ctx.resident.language;
  switch (ask.kind) {
    case "choice":
    case "yesno":
      return {
        actions: choicesOf(ask).map((c) => {
          const label = localize(c.label, lang);
          return { type: "postback", label, data: choiceData(turn, step, c.value), displayText: label };
        }),
      };
    case "multi": {
      const picked = turn.state.picked ?? [];
      const done = localize({ ja: "決定", en: "Done", easy: "これで いい" }, lang);
      // Picked ones stay in the row, marked ✕: a second tap takes the pick back.
      const actions: TOutAction[] = ask.choices.map((c) => {
        const label = localize(c.label, lang);
        if (!picked.includes(c.value)) return { type: "postback", label, data: choiceData(turn, step, c.value), displayText: label };
        const remove = localize({ ja: `外す：${label}`, en: `Remove: ${label}`, easy: `はずす：${label}` }, lang);
        return { type: "postback", label: clipLabel(`✕ ${label}`), data: choiceData(turn, step, c.value), displayText: remove };
      });
      // "Done" first: at the end of a long row it is off screen on a phone.
      if (picked.length >= ask.min) actions.unshift({ type: "postback", label: done, data: choiceData(turn, step, DONE), displayText: done });
      const names = picked.map((v) => localize(ask.choices.find((c) => c.value === v)!.label, lang));
      const note =
        picked.length > 0
          ? localize(
              { ja: `選択中：${names.join("、")}\n続けて選ぶか「決定」を押してください。✕の付いたものを押すと外せます。`, en: `Chosen: ${names.join(", ")}\nChoose more or tap Done. Tap one marked ✕ to remove it.`, easy: `えらんだ もの：${names.join("、")}\nもっと えらぶか 「これで いい」を おして ください。\n✕の ものを おすと はずせます。` },
              lang,
            )
          : localize({ ja: "あてはまるものをすべて選び、最後に「決定」を押してください。", en: "Choose all that apply, then tap Done.", easy: "あう ものを ぜんぶ えらんで ください。\nさいごに 「これで いい」を おして ください。" }, lang);
      return { actions, note };
    }
    case "number": {
      // A short scale (1–5 and the like) is easier to tap than to type.
      const count = ask.max - ask.min + 1;
      if (!ask.integer || count > 11 || count < 1) return { actions: [] };
      return {
        actions: Array.from({ length: count }, (_, i) => {
          const value = String(ask.min + i);
          // The ends say what they mean: "1 不満" … "5 満足".
          const end = i === 0 ? ask.ends?.low : i === count - 1 ? ask.ends?.high : undefined;
          const label = end ? clipLabel(`${value} ${localize(end, lang)}`) : value;
          return { type: "postback" as const, label, data: choiceData(turn, step, value), displayText: label };
        }),
      };
    }
    case "date":
    case "datetime": {
      const min = ask.min ? resolveDate(ask.min, turn.ctx.now) : undefined;
      const max = ask.max ? resolveDate(ask.max, turn.ctx.now) : undefined;
      const withTime = (d?: string) => (d && ask.kind === "datetime" ? `${d}T${d === max ? "23:59" : "00:00"}` : d);
      return {
        actions: [
          {
            type: "datetimepicker",
            label: localize(ask.kind === "date" ? { ja: "日付を選ぶ", en: "Pick a date", easy: "日を えらぶ" } : { ja: "日時を選ぶ", en: "Pick date & time", easy: "日と 時間を えらぶ" }, lang),
            data: choiceData(turn, step, "pick"),
            mode: ask.kind,
            min: withTime(min),
            max: withTime(max),
          },
        ],
      };
    }
    case "text": {
      if (!ask.join) return { actions: [] };
      const parts = turn.state.picked ?? [];
      const finish = localize({ ja: "入力を終える", en: "Finish", easy: "書き おわる" }, lang);
      if (parts.length === 0) return { actions: [] };
      return {
        actions: [{ type: "postback", label: finish, data: choiceData(turn, step, DONE), displayText: finish }],
        note: localize(
          { ja: `受け付けました（合わせて${[...parts.join("\n")].length}文字）。続けて送るか、「入力を終える」を押してください。`, en: `Got it (${[...parts.join("\n")].length} characters so far). Send more, or tap Finish.`, easy: `もらいました（ぜんぶで ${[...parts.join("\n")].length}文字）。\nもっと 送るか、 「書き おわる」を おして ください。` },
          lang,
        ),
      };
    }
  }
}

/** The question again: the step's last message, with its buttons. */
function question(turn: Turn, step: TStep): TOutMessage[] {
  const say = step.say ?? [];
  const last = say[say.length - 1];
  const messages = last ? [renderMessage(turn, last)] : [];
  const sub: Turn = { ...turn, messages };
  listChoices(sub, step);
  attachQuickReplies(sub, step);
  return sub.messages;
}

/** What a phone's row of quick replies shows without swiping (a 390 px screen, less its margins). */
const QUICK_REPLY_ROW_PX = 350;
/** A quick reply's width on a phone: about 15 px a full-width character, 9 px a narrow one, plus padding and gap. */
function quickReplyWidth(label: string): number {
  return [...label].reduce((w, ch) => w + (ch.charCodeAt(0) < 0x2000 ? 9 : 15), 0) + 48;
}
/** Whether these quick replies fit the row without swiping. */
export function fitsOnScreen(labels: string[]): boolean {
  return labels.reduce((w, l) => w + quickReplyWidth(l), 0) <= QUICK_REPLY_ROW_PX;
}

/** A question whose choices would run off the screen becomes a card listing every choice as a button. */
function listChoices(turn: Turn, step: TStep): void {
  const ask = step.ask;
  if (!ask || !["choice", "multi", "number", "yesno"].includes(ask.kind)) return;
  const actions = quickRepliesFor(turn, step, ask).actions.filter((a): a is Extract<TOutAction, { type: "postback" }> => a.type === "postback");
  if (actions.length === 0 || fitsOnScreen(actions.map((a) => a.label))) return;
  const last = turn.messages[turn.messages.length - 1];
  if (!last || last.type !== "text") return;
  const buttons = actions.map((action) => ({ type: "button", style: "secondary", height: "sm", action }));
  turn.messages[turn.messages.length - 1] = {
    type: "flex",
    altText: [...last.text].length > 400 ? `${[...last.text].slice(0, 399).join("")}…` : last.text,
    contents: { type: "bubble", body: { type: "box", layout: "vertical", spacing: "sm", contents: [{ type: "text", text: last.text, wrap: true }, ...buttons] } },
  };
}

function attachQuickReplies(turn: Turn, step: TStep): void {
  if (!step.ask) return;
  const { actions, note } = quickRepliesFor(turn, step, step.ask);
  if (note) turn.messages.push({ type: "text", text: note });
  const last = turn.messages[turn.messages.length - 1];
  if (last && actions.length > 0) turn.messages[turn.messages.length - 1] = { ...last, quickReplies: actions };
}

/**
 * Whether a conversation holds something of the resident's that starting over would lose: an
 * answer they gave (not a value handed in by the button that started it) or a draft not yet finished.
 */
export function hasProgress(flow: TFlow, state: TConversationState): boolean {
  if (state.phase !== "ask") return false;
  if ((state.picked ?? []).length > 0) return true;
  return Object.keys(state.answers).some((name) => !flow.params.includes(name));
}

/** Whether the step a state waits at is, in this flow, the same question (so the state can go on in it). */
export function canContinueAt(flow: TFlow, state: TConversationState, asked?: TFlow): boolean {
  const step = flow.steps.find((s) => s.id === state.stepId);
  if (state.phase !== "ask" || !step?.ask) return false;
  if (!asked || asked.revision === flow.revision) return true;
  const before = asked.steps.find((s) => s.id === state.stepId)?.ask;
  return before !== undefined && before.kind === step.ask.kind && before.save === step.ask.save;
}

const clipText = (text: string, max: number) => ([...text].length > max ? `${[...text].slice(0, max - 1).join("")}…` : text);

/** Where a paused conversation stands, briefly: its question's first line, and the draft's start or the picks so far. */
export function whereAt(flow: TFlow, state: TConversationState, ctx: TEngineContext): { question?: string; draft?: string } {
  const step = flow.steps.find((s) => s.id === state.stepId);
  if (!step?.ask) return {};
  const turn = newTurn(flow, ctx, state);
  const texts = (step.say ?? []).flatMap((m) => ("text" in m ? [t(turn, m.text)] : "buttons" in m ? [t(turn, m.buttons.text)] : []));
  const last = texts[texts.length - 1];
  // Words are longer in English: the same glance holds more letters.
  const question = last ? clipText(last.split("\n")[0]!, ctx.resident.language === "en" ? 80 : 40) : undefined;
  const picked = state.picked ?? [];
  if (picked.length === 0) return { question };
  const lang = ctx.resident.language;
  const ask = step.ask;
  const draft =
    ask.kind === "multi"
      ? picked.map((v) => localize(ask.choices.find((c) => c.value === v)?.label ?? v, lang)).join(lang === "en" ? ", " : "、")
      : picked.join(" ").replace(/\s+/g, " ");
  return { question, draft: clipText(draft, ctx.resident.language === "en" ? 60 : 30) };
}

/** Takes a paused conversation up again where it stood: its question asked again, with the draft or picks kept. */
export function resumeFlow(flow: TFlow, state: TConversationState, ctx: TEngineContext): TEngineResult {
  const turn = newTurn(flow, ctx, { ...state, retries: 0 });
  const step = stepById(flow, state.stepId);
  turn.messages.push(...question(turn, step));
  return waiting(turn, "waiting");
}
