import { describe, expect, it } from "vitest";
import { type TConversationState, type TEngineInput, type TEngineResult, type TOutMessage } from "../../flows/engineTypes.ts";
import { DONE } from "../../flows/parseReply.ts";
import { continueFlow, startFlow } from "../../flows/runFlow.ts";
import { buildRoundFlow, OPINION_MAX, type TRoundForFlow } from "./roundFlowSource.ts";

const ROUND_ID = "5b0c2c1e-3f0e-4a53-9d7e-0b1a2c3d4e5f";
const ctx = { resident: { language: "ja" as const, consented: false, profile: {} }, now: new Date("2026-12-01T00:00:00Z") };

const round = (overrides: Partial<TRoundForFlow> = {}): TRoundForFlow => ({
  id: ROUND_ID,
  number: 3,
  title: "第3次総合計画（素案）{{answers.x}}",
  summary: "市の10年間の計画です。",
  documentUrl: "https://www.city.example.jp/plan.pdf",
  sections: [
    { id: "s1", title: "第1章 子育て" },
    { id: "s2", title: "第2章 公園" },
  ],
  closesAt: new Date("2026-12-20T08:30:00Z"),
  identity: "anonymous",
  version: 1,
  ...overrides,
});

const tap = (s: TConversationState, value: string): TEngineInput => ({ kind: "choice", nonce: s.nonce, stepId: s.stepId, value });
const say = (text: string): TEngineInput => ({ kind: "text", text });
const last = (r: TEngineResult) => r.messages[r.messages.length - 1]!;
// A question whose choices run off the screen is a card listing them: its alt text is the question.
const textOf = (m: TOutMessage) => ("text" in m ? m.text : m.type === "flex" ? m.altText : "");
const labels = (r: TEngineResult) => last(r).quickReplies?.map((q) => q.label);

function opened(flow = buildRoundFlow(round())): TEngineResult {
  const started = startFlow(flow, ctx, "n1");
  expect(started.action).toEqual({ name: "checkRoundOpen", args: { roundId: ROUND_ID } });
  return continueFlow(flow, started.state, { kind: "actionResult", outcome: "open" }, ctx);
}

describe("buildRoundFlow", () => {
  it("When a round is built, then it is flow round-<number>, asks no profiling consent, and checks the round is open first", () => {
    const flow = buildRoundFlow(round());
    expect(flow.id).toBe("round-3");
    expect(flow.requires_consent).toBe(false);
    const started = startFlow(flow, ctx, "n1");
    const stopped = continueFlow(flow, started.state, { kind: "actionResult", outcome: "closed", messages: [{ type: "text", text: "受付は終了しました" }] }, ctx);
    expect(stopped.status).toBe("ended");
    expect(stopped.messages.map(textOf)).toEqual(["受付は終了しました"]);
  });

  it("When the round is open, then the intro shows title, summary and deadline in Tokyo time with a link to the document, and asks for the section", () => {
    const r = opened();
    expect(textOf(r.messages[0]!)).toContain("第3次総合計画（素案）{ {answers.x}}");
    expect(textOf(r.messages[0]!)).toContain("市の10年間の計画です。");
    expect(textOf(r.messages[0]!)).toContain("12月20日(日) 17:30");
    expect(r.messages[1]).toMatchObject({ type: "buttons", actions: [{ type: "uri", label: "資料を見る", uri: "https://www.city.example.jp/plan.pdf" }] });
    expect(textOf(last(r))).toContain("どの章");
    expect(labels(r)).toEqual(["第1章 子育て", "第2章 公園", "全体について"]);
  });

  it("When the opinion comes in several messages, then they are joined before the confirmation, which shows the section and the notice", () => {
    const flow = buildRoundFlow(round());
    let r = opened(flow);
    r = continueFlow(flow, r.state, tap(r.state, "s2"), ctx);
    expect(r.state.stepId).toBe("opinion");
    r = continueFlow(flow, r.state, say("公園にベンチを増やしてほしいです。"), ctx);
    expect(labels(r)).toEqual(["入力を終える"]);
    r = continueFlow(flow, r.state, say("日陰もほしいです。"), ctx);
    r = continueFlow(flow, r.state, tap(r.state, DONE), ctx);
    expect(r.state.stepId).toBe("confirm");
    expect(r.state.answers.opinion).toBe("公園にベンチを増やしてほしいです。\n日陰もほしいです。");
    const [notice, confirmation] = r.messages.map(textOf);
    expect(notice).toContain("個人が特定できる部分は市が伏せます");
    expect(confirmation).toContain("【章】第2章 公園");
    expect(confirmation).toContain("公園にベンチを増やしてほしいです。\n日陰もほしいです。");
    expect(labels(r)).toEqual(["はい", "いいえ"]);
    r = continueFlow(flow, r.state, tap(r.state, "yes"), ctx);
    expect(r.action).toEqual({ name: "submitComment", args: { roundId: ROUND_ID, version: 1 } });
  });

  it("When an opinion part would go over the limit, then it is refused and the parts so far are kept", () => {
    const flow = buildRoundFlow(round({ sections: [] }));
    let r = opened(flow);
    expect(r.state.stepId).toBe("opinion");
    r = continueFlow(flow, r.state, say("あ".repeat(OPINION_MAX - 10)), ctx);
    r = continueFlow(flow, r.state, say("い".repeat(20)), ctx);
    expect(r.messages.map(textOf).join("\n")).toContain(`合わせて${OPINION_MAX}文字以内`);
    expect(r.state.stepId).toBe("opinion");
    r = continueFlow(flow, r.state, tap(r.state, DONE), ctx);
    expect(r.state.answers.opinion).toBe("あ".repeat(OPINION_MAX - 10));
    expect(r.messages.map(textOf).join("\n")).toContain("【章】全体について");
  });

  it("When the round requires name and address, then both are asked after the opinion and shown in the confirmation", () => {
    const flow = buildRoundFlow(round({ identity: "name_address" }));
    let r = opened(flow);
    r = continueFlow(flow, r.state, tap(r.state, "general"), ctx);
    r = continueFlow(flow, r.state, say("全体として賛成です。"), ctx);
    r = continueFlow(flow, r.state, tap(r.state, DONE), ctx);
    expect(r.state.stepId).toBe("name");
    r = continueFlow(flow, r.state, say("長門 花子"), ctx);
    expect(r.state.stepId).toBe("address");
    r = continueFlow(flow, r.state, say("長門市東深川1-1"), ctx);
    expect(r.state.stepId).toBe("confirm");
    const all = r.messages.map(textOf).join("\n");
    expect(all).toContain("【お名前】長門 花子");
    expect(all).toContain("【ご住所】長門市東深川1-1");
    expect(all).toContain("公表しません");
  });

  it("When the resident answers no at the confirmation, then nothing is submitted and a button starts the flow again", () => {
    const flow = buildRoundFlow(round({ sections: [] }));
    let r = opened(flow);
    r = continueFlow(flow, r.state, say("意見です"), ctx);
    r = continueFlow(flow, r.state, tap(r.state, DONE), ctx);
    r = continueFlow(flow, r.state, tap(r.state, "no"), ctx);
    expect(r.status).toBe("ended");
    expect(r.action).toBeUndefined();
    expect(last(r)).toMatchObject({ type: "buttons", actions: [{ type: "postback", label: "書き直す", data: "flow=round-3" }] });
  });

  it("When the round is edited, then the flow's revision changes; built twice unchanged, it stays the same", () => {
    expect(buildRoundFlow(round()).revision).toBe(buildRoundFlow(round()).revision);
    expect(buildRoundFlow(round({ version: 2 })).revision).not.toBe(buildRoundFlow(round()).revision);
  });
});
