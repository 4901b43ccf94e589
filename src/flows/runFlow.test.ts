import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { actionNames } from "../domain/actions.ts";
import { type TConversationState, type TEngineInput, type TEngineResult, type TOutMessage, type TResidentView } from "./engineTypes.ts";
import { type TFlow, type TLanguage } from "./flowSchema.ts";
import { loadFlows, parseFlowFile } from "./loadFlows.ts";
import { DONE } from "./parseReply.ts";
import { canContinueAt, continueFlow, fitsOnScreen, hasProgress, resumeFlow, startFlow, whereAt, type TEngineContext } from "./runFlow.ts";

const flowsDir = fileURLToPath(new URL("../../flows", import.meta.url));
const now = new Date("2026-11-01T01:00:00Z");
const NONCE = "n0nce";

let poll: TFlow;
let onboarding: TFlow;
beforeAll(async () => {
  const set = await loadFlows(flowsDir, actionNames);
  poll = set.get("poll-community")!;
  onboarding = set.get("onboarding")!;
});

const ctx = (language: TLanguage = "ja", resident: Partial<TResidentView> = {}): TEngineContext => ({
  resident: { language, consented: true, profile: {}, ...resident },
  now,
});
// A question with many choices is a card listing them; its text is its altText.
const textOf = (m: TOutMessage | undefined) => (m && "text" in m ? m.text : m?.type === "flex" ? m.altText : undefined);
const texts = (r: TEngineResult) => r.messages.map(textOf);
const labels = (m: TOutMessage | undefined) => m?.quickReplies?.map((q) => q.label);
const lastMessage = (r: TEngineResult) => r.messages[r.messages.length - 1];
const tap = (state: TConversationState, value: string, stepId = state.stepId, nonce = state.nonce): TEngineInput => ({ kind: "choice", nonce, stepId, value });
const type = (text: string): TEngineInput => ({ kind: "text", text });

/** A flow from YAML text, for cases the real flows do not have. */
function inlineFlow(text: string): TFlow {
  const result = parseFlowFile("inline.yaml", text);
  if ("problems" in result) throw new Error(JSON.stringify(result.problems));
  return result.flow;
}

const AGE_JA = "年代を教えてください。\n年齢（例：72歳）を送っていただいても結構です。";
const Q1 = "問1. この1年間に、地域の活動に参加しましたか？";
const Q2 = "問2. 参加していない理由を選んでください。";
const Q3 = "問3. これから地域の活動に参加したいと思いますか？\n1（思わない）〜 5（とても思う）で選んでください。";

describe("runFlow: the community poll", () => {
  it("When a resident starts the poll, then they see the intro and question 1 with 4 quick replies tied to this conversation", () => {
    const r = startFlow(poll, ctx(), NONCE);
    expect(r.status).toBe("waiting");
    expect(texts(r)).toEqual([
      "地域活動（自治会、ボランティア、地域の行事など）への参加について、4つの質問にお答えください。1分ほどで終わります。\n途中でやめるときは「やめる」と送ってください。",
      Q1,
    ]);
    expect(r.messages[0]!.quickReplies).toBeUndefined();
    expect(r.messages[1]!.quickReplies).toEqual([
      { type: "postback", label: "よく参加した", data: "c=n0nce&s=participation&v=often", displayText: "よく参加した" },
      { type: "postback", label: "ときどき参加した", data: "c=n0nce&s=participation&v=sometimes", displayText: "ときどき参加した" },
      { type: "postback", label: "以前はしていた", data: "c=n0nce&s=participation&v=past", displayText: "以前はしていた" },
      { type: "postback", label: "参加したことがない", data: "c=n0nce&s=participation&v=never", displayText: "参加したことがない" },
    ]);
    expect(r.state).toMatchObject({ stepId: "participation", phase: "ask", nonce: NONCE, answers: {} });
    expect(r.answers).toEqual([]);
  });

  it('When a resident taps "never", then the answer is stored and the reasons question follows with 6 choices and no Done yet', () => {
    const start = startFlow(poll, ctx(), NONCE);
    const r = continueFlow(poll, start.state, tap(start.state, "never"), ctx());
    expect(r.answers).toEqual([{ stepId: "participation", name: "participation", value: "never" }]);
    expect(r.state.stepId).toBe("reasons");
    expect(texts(r)).toEqual([Q2, "あてはまるものをすべて選び、最後に「決定」を押してください。"]);
    expect(labels(lastMessage(r))).toEqual(["時間が合わない", "いつどこであるか不明", "きっかけがない", "興味がない", "体力・健康の不安", "その他"]);
  });

  it('When a resident types "参加したことがない", then it branches to the reasons question as the tap does', () => {
    const start = startFlow(poll, ctx(), NONCE);
    const r = continueFlow(poll, start.state, type("参加したことがない"), ctx());
    expect(r.answers[0]!.value).toBe("never");
    expect(r.state.stepId).toBe("reasons");
  });

  it('When a resident taps "often", then the reasons question is skipped and the 1–5 scale offers 5 quick replies', () => {
    const start = startFlow(poll, ctx(), NONCE);
    const r = continueFlow(poll, start.state, tap(start.state, "often"), ctx());
    expect(r.state.stepId).toBe("willingness");
    expect(texts(r)).toEqual([Q3]);
    expect(r.messages[0]!.quickReplies).toEqual(
      ["1 思わない", "2", "3", "4", "5 とても思う"].map((label) => ({ type: "postback", label, data: `c=n0nce&s=willingness&v=${label[0]}`, displayText: label })),
    );
  });

  it("When a resident picks reasons one by one, then the chosen ones are listed, leave the buttons, and Done appears", () => {
    const start = startFlow(poll, ctx(), NONCE);
    const reasons = continueFlow(poll, start.state, tap(start.state, "past"), ctx());
    const r = continueFlow(poll, reasons.state, tap(reasons.state, "time"), ctx());
    expect(r.status).toBe("waiting");
    expect(r.answers).toEqual([]);
    expect(r.state.picked).toEqual(["time"]);
    // One pick is acknowledged without repeating the question; Done comes first, where a phone shows it.
    expect(texts(r)).toEqual(["選択中：時間が合わない\n続けて選ぶか「決定」を押してください。✕の付いたものを押すと外せます。"]);
    expect(labels(lastMessage(r))).toEqual(["決定", "✕ 時間が合わない", "いつどこであるか不明", "きっかけがない", "興味がない", "体力・健康の不安", "その他"]);
    expect(lastMessage(r)!.quickReplies![0]).toMatchObject({ data: `c=n0nce&s=reasons&v=${DONE}` });

    const done = continueFlow(poll, r.state, tap(r.state, DONE), ctx());
    expect(done.answers).toEqual([{ stepId: "reasons", name: "reasons", value: ["time"] }]);
    expect(done.state).toMatchObject({ stepId: "willingness", answers: { participation: "past", reasons: ["time"] } });
    expect(done.state.picked).toBeUndefined();
  });

  it("When a resident types a number out of the scale, then the retry text and the same question with the same 5 quick replies are shown, and nothing is stored", () => {
    const start = startFlow(poll, ctx(), NONCE);
    const q3 = continueFlow(poll, start.state, tap(start.state, "often"), ctx());
    const r = continueFlow(poll, q3.state, type("7"), ctx());
    expect(r.status).toBe("waiting");
    expect(texts(r)).toEqual(["1から5までの数字で答えてください。", Q3]);
    expect(r.messages[0]!.quickReplies).toBeUndefined();
    expect(r.messages[1]!.quickReplies).toEqual(q3.messages[0]!.quickReplies);
    expect(r.answers).toEqual([]);
    expect(r.state).toMatchObject({ stepId: "willingness", retries: 1, answers: { participation: "often" } });
  });

  it("When a resident sends a sticker, then they are asked to answer with text or the buttons and the question is repeated", () => {
    const start = startFlow(poll, ctx(), NONCE);
    const r = continueFlow(poll, start.state, { kind: "other" }, ctx());
    expect(texts(r)).toEqual(["文字かボタンでお答えください。", Q1]);
    expect(labels(r.messages[1])).toHaveLength(4);
    expect(r.answers).toEqual([]);
  });

  it("When a tap carries another conversation's nonce, then it is refused as from an earlier question and nothing is stored", () => {
    const start = startFlow(poll, ctx(), NONCE);
    const r = continueFlow(poll, start.state, tap(start.state, "often", "participation", "old-nonce"), ctx());
    expect(texts(r)).toEqual(["そのボタンは前の質問のものです。いまの質問にお答えください。", Q1]);
    expect(r.answers).toEqual([]);
    expect(r.state.stepId).toBe("participation");
  });

  it("When a resident taps question 1's button again after moving on, then it is refused and question 3 is asked again", () => {
    const start = startFlow(poll, ctx(), NONCE);
    const q3 = continueFlow(poll, start.state, tap(start.state, "often"), ctx());
    const r = continueFlow(poll, q3.state, tap(q3.state, "never", "participation"), ctx());
    expect(texts(r)).toEqual(["そのボタンは前の質問のものです。いまの質問にお答えください。", Q3]);
    expect(r.answers).toEqual([]);
    expect(r.state.answers).toEqual({ participation: "often" });
  });

  it("When a resident answers every question, then each answer is stored once and the thanks message ends the poll", () => {
    const c = ctx();
    const steps: [TEngineInput | ((s: TConversationState) => TEngineInput)][] = [
      [(s) => tap(s, "never")],
      [type("1,2")],
      [(s) => tap(s, "4")],
      [type("LINE、回覧板")],
      [type("はい")],
      [type("  集会所の予定をLINEで知りたいです。  ")],
    ];
    let r = startFlow(poll, c, NONCE);
    const stored: unknown[] = [];
    for (const [input] of steps) {
      r = continueFlow(poll, r.state, typeof input === "function" ? input(r.state) : input, c);
      stored.push(...r.answers);
    }
    expect(stored).toEqual([
      { stepId: "participation", name: "participation", value: "never" },
      { stepId: "reasons", name: "reasons", value: ["time", "unknown"] },
      { stepId: "willingness", name: "willingness", value: 4 },
      { stepId: "channel", name: "channels", value: ["line", "circular"] },
      { stepId: "wants_comment", name: "wantsComment", value: "yes" },
      { stepId: "comment", name: "comment", value: "集会所の予定をLINEで知りたいです。" },
    ]);
    expect(r.status).toBe("ended");
    expect(r.jump).toBeUndefined();
    expect(texts(r)).toEqual(["ご回答ありがとうございました！\n結果は市の取り組みに活かし、このLINEでご報告します。"]);
    expect(r.profile).toEqual({});
  });

  it("When a resident declines to comment, then the poll goes straight to thanks", () => {
    const c = ctx();
    let r = startFlow(poll, c, NONCE);
    for (const input of [type("よく参加した"), type("5"), type("1"), type("決定"), type("いいえ")]) r = continueFlow(poll, r.state, input, c);
    expect(r.status).toBe("ended");
    expect(r.answers).toEqual([{ stepId: "wants_comment", name: "wantsComment", value: "no" }]);
    expect(r.state.answers).not.toHaveProperty("comment");
  });

  it("When a comment is over 500 characters, then the resident is told the limit and their length", () => {
    const c = ctx();
    let r = startFlow(poll, c, NONCE);
    for (const input of [type("1"), type("3"), type("2,3"), type("1")]) r = continueFlow(poll, r.state, input, c);
    expect(r.state.stepId).toBe("comment");
    r = continueFlow(poll, r.state, type("あ".repeat(501)), c);
    expect(texts(r)).toEqual(["500文字以内で入力してください（いまは501文字です）。", "ご意見をお書きください（500文字まで）。"]);
    expect(r.answers).toEqual([]);
  });

  it("When an English-speaking resident starts the poll, then they see English texts and English quick-reply labels", () => {
    const r = startFlow(poll, ctx("en"), NONCE);
    expect(texts(r)).toEqual([
      'Four questions about taking part in local activities (neighbourhood associations, volunteering, local events). It takes about a minute.\nSend "cancel" to stop at any time.',
      "Q1. In the past year, did you take part in local activities?",
    ]);
    expect(labels(r.messages[1])).toEqual(["Often", "Sometimes", "Used to, not now", "Never"]);
  });

  it('When an English-speaking resident types "Other social media", then that one channel is picked', () => {
    const c = ctx("en");
    let r = startFlow(poll, c, NONCE);
    for (const input of [type("Often"), type("3")]) r = continueFlow(poll, r.state, input, c);
    expect(r.state.stepId).toBe("channel");
    r = continueFlow(poll, r.state, type("Other social media"), c);
    expect(r.state.picked).toEqual(["sns"]);
    expect(texts(r)).toEqual(["Chosen: Other social media\nChoose more or tap Done. Tap one marked ✕ to remove it."]);
    expect(labels(lastMessage(r))).toEqual(["Done", "LINE", "City bulletin", "Website", "Circular board", "✕ Other social media", "Word of mouth"]);
  });
});

describe("runFlow: onboarding", () => {
  const newcomer = (language: TLanguage = "ja") => ctx(language, { consented: false });

  /** Onboarding up to the consent action, answered in the given language. */
  function toConsent(language: TLanguage): TEngineResult {
    const start = startFlow(onboarding, newcomer(), NONCE);
    const privacy = continueFlow(onboarding, start.state, tap(start.state, language), newcomer());
    return continueFlow(onboarding, privacy.state, type(language === "en" ? "Yes" : "はい"), newcomer(language));
  }

  it("When a new resident starts onboarding, then they see the welcome and the language question with 3 quick replies (やさしい にほんご too)", () => {
    const r = startFlow(onboarding, newcomer(), NONCE);
    expect(r.status).toBe("waiting");
    expect(texts(r)[0]).toMatch(/^友だち追加ありがとうございます！/);
    expect(texts(r)[1]).toBe("ご希望の言語を選んでください。\nことばを えらんで ください。\nPlease choose your language.");
    expect(labels(r.messages[1])).toEqual(["日本語", "English", "やさしい にほんご"]);
  });

  it('When a resident chooses やさしい にほんご, then profile.language becomes "easy" and the privacy notice is shown in plain Japanese', () => {
    const start = startFlow(onboarding, newcomer(), NONCE);
    const r = continueFlow(onboarding, start.state, tap(start.state, "easy"), newcomer());
    expect(r.profile).toEqual({ language: "easy" });
    expect(texts(r)[0]).toMatch(/^【あなたの じょうほうの 使いかた】/);
  });

  it('When a resident chooses English, then profile.language becomes "en" and the privacy notice is shown in English', () => {
    const start = startFlow(onboarding, newcomer(), NONCE);
    const r = continueFlow(onboarding, start.state, tap(start.state, "en"), newcomer());
    expect(r.profile).toEqual({ language: "en" });
    expect(r.answers).toEqual([{ stepId: "language", name: "language", value: "en" }]);
    expect(texts(r)[0]).toMatch(/^\[Your personal data\]/);
    expect(texts(r)[1]).toBe("Do you agree to this?");
    expect(labels(r.messages[1])).toEqual(["Yes", "No"]);
  });

  it('When a resident types "英語", then English is chosen by its synonym', () => {
    const start = startFlow(onboarding, newcomer(), NONCE);
    const r = continueFlow(onboarding, start.state, type("英語"), newcomer());
    expect(r.profile).toEqual({ language: "en" });
  });

  it('When a resident agrees to the privacy notice, then the engine asks the runner to run "recordConsent" and says nothing yet', () => {
    const r = toConsent("ja");
    expect(r.status).toBe("action");
    expect(r.action).toEqual({ name: "recordConsent", args: {} });
    expect(r.state).toMatchObject({ stepId: "consent_given", phase: "action", answers: { language: "ja", consent: "yes" } });
    expect(r.messages).toEqual([]);
    expect(r.answers).toEqual([{ stepId: "privacy", name: "consent", value: "yes" }]);
  });

  it("When the consent has been recorded, then the age question follows with its 8 choices", () => {
    const consent = toConsent("ja");
    const r = continueFlow(onboarding, consent.state, { kind: "actionResult", outcome: "consented" }, ctx("ja"));
    expect(r.status).toBe("waiting");
    expect(r.state).toMatchObject({ stepId: "age", phase: "ask", outcome: "consented" });
    expect(texts(r)).toEqual([AGE_JA]);
    expect(labels(r.messages[0])).toEqual(["17歳以下", "18〜29歳", "30代", "40代", "50代", "60代", "70歳以上", "答えない"]);
    // Eight choices do not fit a phone's row of quick replies: the question is a card listing them all.
    const card = r.messages[0] as Extract<TOutMessage, { type: "flex" }>;
    expect(JSON.stringify(card.contents)).toContain('"label":"70歳以上"');
  });

  it("When a message arrives while the consent action is still pending, then the engine still waits for the action and stores nothing", () => {
    const consent = toConsent("ja");
    const r = continueFlow(onboarding, consent.state, type("30代"), ctx("ja"));
    expect(r.status).toBe("action");
    expect(r.state).toEqual(consent.state);
    expect(r.answers).toEqual([]);
  });

  it("When a resident declines consent, then declineConsent runs and afterwards they are told nothing personal is kept, and it ends", () => {
    const start = startFlow(onboarding, newcomer(), NONCE);
    const privacy = continueFlow(onboarding, start.state, tap(start.state, "ja"), newcomer());
    const decline = continueFlow(onboarding, privacy.state, tap(privacy.state, "no"), newcomer());
    expect(decline.status).toBe("action");
    expect(decline.action).toEqual({ name: "declineConsent", args: {} });
    const r = continueFlow(onboarding, decline.state, { kind: "actionResult", outcome: "declined" }, newcomer());
    expect(r.status).toBe("ended");
    expect(r.jump).toBeUndefined();
    expect(texts(r)).toEqual([
      "わかりました。個人的な情報はお預かりしません。市からのお知らせはこのまま届きます。\n気が変わったら「登録」と送ってください。",
    ]);
  });

  it("When messages come back with an action's result, then the resident sees them before the next question", () => {
    const consent = toConsent("ja");
    const r = continueFlow(onboarding, consent.state, { kind: "actionResult", outcome: "consented", messages: [{ type: "text", text: "同意を記録しました。" }] }, ctx());
    expect(texts(r)).toEqual(["同意を記録しました。", AGE_JA]);
  });

  it("When a resident finishes onboarding, then the profile is filled, the summary shows the choice labels, and it jumps to the menu", () => {
    const c = ctx("ja");
    let r = continueFlow(onboarding, toConsent("ja").state, { kind: "actionResult", outcome: "consented" }, c);
    r = continueFlow(onboarding, r.state, tap(r.state, "30s"), c);
    expect(r.profile).toEqual({ ageBand: "30s" });
    r = continueFlow(onboarding, r.state, type("ながと"), c);
    expect(r.profile).toEqual({ district: "nagato" });
    expect(texts(r)).toEqual(["関心のある分野を選んでください（いくつでも）。", "あてはまるものをすべて選び、最後に「決定」を押してください。"]);
    expect(labels(lastMessage(r))).toHaveLength(9);
    expect(labels(lastMessage(r))![0]).toBe("決定");
    r = continueFlow(onboarding, r.state, tap(r.state, "childcare"), c);
    r = continueFlow(onboarding, r.state, tap(r.state, "safety"), c);
    r = continueFlow(onboarding, r.state, tap(r.state, DONE), c);
    expect(r.profile).toEqual({ interests: ["childcare", "safety"] });
    expect(r.answers).toEqual([{ stepId: "interests", name: "interests", value: ["childcare", "safety"] }]);
    expect(r.status).toBe("ended");
    expect(r.jump).toBe("menu");
    expect(texts(r)).toEqual([
      "登録ありがとうございました！\n年代：30代\n地区：長門\n関心：子育て・教育、防災・防犯\n変更は「登録」、確認・削除は「マイデータ」と送ってください。",
    ]);
  });

  it("When an English-speaking resident finishes onboarding choosing no interests, then the summary is in English with the interests left blank", () => {
    const c = ctx("en");
    let r = continueFlow(onboarding, toConsent("en").state, { kind: "actionResult", outcome: "consented" }, c);
    expect(texts(r)).toEqual(["What is your age band?\nYou can also type your age (e.g. 34)."]);
    for (const input of [type("70 or over"), type("Outside the city"), type("done")]) r = continueFlow(onboarding, r.state, input, c);
    expect(r.profile).toEqual({ interests: [] });
    expect(r.jump).toBe("menu");
    expect(texts(r)[0]).toBe(
      'Thank you for registering!\nAge: 70 or over\nDistrict: Outside the city\nInterests: \nSend "register" to change, "my data" to see or delete.',
    );
  });
});

describe("runFlow: languages, interpolation and loops", () => {
  const header = "format: 1\nid: t\ntitle: T\nsteps:\n";

  it("When a text has no English, then an English-speaking resident sees the Japanese", () => {
    const flow = inlineFlow(`${header}  - id: a
    say:
      - text: { ja: 日本語だけのお知らせ }
      - text: { ja: 両方あるお知らせ, en: A notice in both }
    end: true
`);
    const r = startFlow(flow, ctx("en"), NONCE);
    expect(texts(r)).toEqual(["日本語だけのお知らせ", "A notice in both"]);
    expect(r.status).toBe("ended");
  });

  it("When a text quotes an earlier answer, then the resident sees the choice's label in their language", () => {
    const flow = inlineFlow(`${header}  - id: pick
    say: [ { text: { ja: 好きな季節は？, en: Favourite season? } } ]
    ask:
      kind: choice
      save: season
      choices:
        - { value: spring, label: { ja: 春, en: Spring } }
        - { value: autumn, label: { ja: 秋, en: Autumn } }
    next: echo
  - id: echo
    say: [ { text: { ja: "「{{answers.season}}」ですね。{{answers.missing}}", en: "{{ answers.season }}, then." } } ]
    end: true
`);
    const ja = startFlow(flow, ctx("ja"), NONCE);
    expect(texts(continueFlow(flow, ja.state, tap(ja.state, "autumn"), ctx("ja")))).toEqual(["「秋」ですね。"]);
    const en = startFlow(flow, ctx("en"), NONCE);
    expect(texts(continueFlow(flow, en.state, type("spring"), ctx("en")))).toEqual(["Spring, then."]);
  });

  it("When a step sets a profile field, then the profile update carries it and later conditions see it", () => {
    const flow = inlineFlow(`${header}  - id: a
    set: { district: misumi }
    next:
      - { when: { if: profile.district, equals: misumi }, goto: yes }
      - { goto: no }
  - id: yes
    say: [ { text: 三隅の方へ } ]
    end: true
  - id: no
    say: [ { text: その他の方へ } ]
    end: true
`);
    const r = startFlow(flow, ctx(), NONCE);
    expect(r.profile).toEqual({ district: "misumi" });
    expect(texts(r)).toEqual(["三隅の方へ"]);
  });

  it("When a flow loops without asking (a → b → a), then starting it throws instead of hanging", () => {
    const flow = inlineFlow(`${header}  - id: a
    say: [ { text: A } ]
    next: b
  - id: b
    next: a
`);
    expect(() => startFlow(flow, ctx(), NONCE)).toThrow("flow t loops without asking");
  });

  it("When a stored conversation points at a step the flow no longer has, then continuing throws naming the flow and step", () => {
    const start = startFlow(poll, ctx(), NONCE);
    expect(() => continueFlow(poll, { ...start.state, stepId: "removed" }, type("1"), ctx())).toThrow(`flow poll-community@${poll.revision} has no step removed`);
  });
});

describe("runFlow: every choice on screen", () => {
  it("When a question's quick replies would run off a phone's screen, then the question is a card listing every choice; yes/no stays a plain question", () => {
    expect(fitsOnScreen(["はい", "いいえ"])).toBe(true);
    expect(fitsOnScreen(["よく参加した", "ときどき参加した", "以前はしていた", "参加したことがない"])).toBe(false);
    const r = startFlow(poll, ctx(), NONCE);
    const q1 = r.messages[1]!;
    expect(q1.type).toBe("flex");
    const buttons = JSON.stringify(q1.type === "flex" ? q1.contents : {});
    for (const label of ["よく参加した", "ときどき参加した", "以前はしていた", "参加したことがない"]) expect(buttons).toContain(`"label":"${label}"`);
    expect(buttons).toContain('"data":"c=n0nce&s=participation&v=never"');
    const yesNo = inlineFlow("format: 1\nid: yn\ntitle: x\nsteps:\n  - id: q\n    say: [{ text: 参加しますか？ }]\n    ask: { kind: yesno, save: go }\n");
    expect(startFlow(yesNo, ctx(), NONCE).messages[0]!.type).toBe("text");
  });
});

describe("Pausing and taking up again", () => {
  it("When nothing was answered yet, then there is no progress to keep; after an answer or a pick there is", () => {
    const first = startFlow(poll, ctx(), NONCE);
    expect(hasProgress(poll, first.state)).toBe(false);
    const never = continueFlow(poll, first.state, tap(first.state, "never"), ctx());
    expect(hasProgress(poll, never.state)).toBe(true);
    const picked = continueFlow(poll, { ...first.state, stepId: "reasons", answers: {} }, tap({ ...first.state, stepId: "reasons" }, "time"), ctx());
    expect(picked.state.picked).toEqual(["time"]);
    expect(hasProgress(poll, picked.state)).toBe(true);
  });

  it("When a paused state is looked at, then it says its question and the picks so far, and resuming asks that question again with them", () => {
    const first = startFlow(poll, ctx(), NONCE);
    const never = continueFlow(poll, first.state, tap(first.state, "never"), ctx());
    const picked = continueFlow(poll, never.state, tap(never.state, "time"), ctx());
    expect(whereAt(poll, picked.state, ctx())).toEqual({ question: "問2. 参加していない理由を選んでください。", draft: "時間が合わない" });
    expect(whereAt(poll, picked.state, ctx("en"))).toEqual({ question: "Q2. Why haven't you taken part?", draft: "Timing doesn't fit" });
    const resumed = resumeFlow(poll, picked.state, ctx());
    expect(resumed.status).toBe("waiting");
    expect(resumed.state).toEqual({ ...picked.state, retries: 0 });
    expect(texts(resumed)[0]).toContain("問2. 参加していない理由を選んでください。");
    expect(texts(resumed).at(-1)).toContain("選択中：時間が合わない");
  });

  it("When the flow changed, then a state goes on only where the same question (kind and name) still is", () => {
    const state: TConversationState = { v: 1, stepId: "willingness", phase: "ask", answers: { participation: "often" }, nonce: NONCE, retries: 0 };
    expect(canContinueAt(poll, state, poll)).toBe(true);
    const renamed = { ...poll, revision: "other", steps: poll.steps.map((s) => (s.id === "willingness" ? { ...s, id: "willing2" } : s)) };
    expect(canContinueAt(renamed, state, poll)).toBe(false);
    const otherKind = { ...poll, revision: "other", steps: poll.steps.map((s) => (s.id === "willingness" ? { ...s, ask: { kind: "text" as const, save: "willingness", max: 100 } } : s)) } as TFlow;
    expect(canContinueAt(otherKind, state, poll)).toBe(false);
    expect(canContinueAt(poll, { ...state, stepId: "thanks" }, poll)).toBe(false);
  });
});
