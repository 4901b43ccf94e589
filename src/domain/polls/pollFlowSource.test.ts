import { describe, expect, it } from "vitest";
import { type TConversationState, type TEngineInput, type TEngineResult } from "../../flows/engineTypes.ts";
import { DONE } from "../../flows/parseReply.ts";
import { continueFlow, startFlow } from "../../flows/runFlow.ts";
import { answersByQuestion, buildPollFlow } from "./pollFlowSource.ts";
import { ZPollInput } from "./pollTypes.ts";

const POLL_ID = "5b0c2c1e-3f0e-4a53-9d7e-0b1a2c3d4e5f";
const ctx = { resident: { language: "ja" as const, consented: true, profile: {} }, now: new Date("2026-12-01T00:00:00Z") };

const input = ZPollInput.parse({
  title: "公園の使い方アンケート",
  opensAt: "2026-11-30T00:00:00Z",
  closesAt: "2026-12-31T00:00:00Z",
  questions: [
    { id: "visit", kind: "single", text: "公園に行きますか？", choices: [{ value: "yes", label: "行く" }, { value: "no", label: "行かない" }] },
    { id: "why_not", kind: "text", text: "行かない理由は？", maxLength: 100, when: { questionId: "visit", in: ["no"] } },
    { id: "uses", kind: "multiple", text: "何をしますか？", choices: [{ value: "walk", label: "散歩" }, { value: "play", label: "遊び" }, { value: "sport", label: "運動" }], when: { questionId: "visit", in: ["yes"] } },
    { id: "kit", kind: "single", text: "ほしい遊具は？", choices: [{ value: "swing", label: "ブランコ" }, { value: "slide", label: "すべり台" }], when: { questionId: "uses", in: ["play", "sport"] } },
    { id: "rating", kind: "scale", text: "満足度は？" },
  ],
});
const flow = buildPollFlow({ id: POLL_ID, number: 7, title: input.title, version: 2, questions: input.questions as never });

const tap = (s: TConversationState, value: string): TEngineInput => ({ kind: "choice", nonce: s.nonce, stepId: s.stepId, value });
const last = (r: TEngineResult) => r.messages[r.messages.length - 1]!;
const labels = (r: TEngineResult) => last(r).quickReplies?.map((q) => q.label);

function opened(): TEngineResult {
  const started = startFlow(flow, ctx, "n1");
  expect(started.action).toEqual({ name: "checkPollOpen", args: { pollId: POLL_ID } });
  return continueFlow(flow, started.state, { kind: "actionResult", outcome: "open", messages: [{ type: "text", text: "intro" }] }, ctx);
}

describe("buildPollFlow", () => {
  it("When a poll is built, then it is flow poll-<number>, needs consent, and checks the poll is open first", () => {
    expect(flow.id).toBe("poll-7");
    expect(flow.requires_consent).toBe(true);
    const started = startFlow(flow, ctx, "n1");
    const stopped = continueFlow(flow, started.state, { kind: "actionResult", outcome: "closed", messages: [{ type: "text", text: "このアンケートは締め切りました" }] }, ctx);
    expect(stopped.status).toBe("ended");
    expect(stopped.messages.map((m) => ("text" in m ? m.text : ""))).toEqual(["このアンケートは締め切りました"]);
  });

  it("When a resident taps through the 'yes' branch with play, then the text question is skipped, the follow-up is asked and the answers are saved by question id", () => {
    let r = opened();
    expect(r.messages[0]).toMatchObject({ text: "intro" });
    expect(last(r)).toMatchObject({ text: "問1. 公園に行きますか？" });
    expect(labels(r)).toEqual(["行く", "行かない"]);
    r = continueFlow(flow, r.state, tap(r.state, "yes"), ctx);
    expect(r.state.stepId).toBe("q-uses");
    r = continueFlow(flow, r.state, tap(r.state, "play"), ctx);
    r = continueFlow(flow, r.state, tap(r.state, "walk"), ctx);
    r = continueFlow(flow, r.state, tap(r.state, DONE), ctx);
    expect(r.state.stepId).toBe("q-kit");
    r = continueFlow(flow, r.state, tap(r.state, "slide"), ctx);
    expect(r.state.stepId).toBe("q-rating");
    expect(labels(r)).toEqual(["1", "2", "3", "4", "5"]);
    r = continueFlow(flow, r.state, { kind: "text", text: "４" }, ctx);
    expect(r.status).toBe("action");
    expect(r.action).toEqual({ name: "savePollResponse", args: { pollId: POLL_ID, version: 2 } });
    expect(answersByQuestion(r.state.answers)).toEqual({ visit: "yes", uses: ["play", "walk"], kit: "slide", rating: 4 });
  });

  it("When a resident answers 'no', then the text question is asked (max length) and the several-choice branch is skipped", () => {
    let r = opened();
    r = continueFlow(flow, r.state, tap(r.state, "no"), ctx);
    expect(r.state.stepId).toBe("q-why_not");
    expect(flow.steps.find((s) => s.id === "q-why_not")!.ask).toMatchObject({ kind: "text", max: 100 });
    r = continueFlow(flow, r.state, { kind: "text", text: "遠いから" }, ctx);
    expect(r.state.stepId).toBe("q-rating");
    r = continueFlow(flow, r.state, tap(r.state, "2"), ctx);
    expect(answersByQuestion(r.state.answers)).toEqual({ visit: "no", why_not: "遠いから", rating: 2 });
  });

  it("When several choices condition a question, then each listed value is a `has` branch; a single choice uses `in`", () => {
    const uses = flow.steps.find((s) => s.id === "q-uses")!;
    expect(uses.next).toEqual([
      { when: { if: "answers.q_uses", has: "play" }, goto: "q-kit" },
      { when: { if: "answers.q_uses", has: "sport" }, goto: "q-kit" },
      { goto: "q-rating" },
    ]);
    const visit = flow.steps.find((s) => s.id === "q-visit")!;
    expect(visit.next).toEqual([
      { when: { if: "answers.q_visit", in: ["no"] }, goto: "q-why_not" },
      { when: { if: "answers.q_visit", in: ["yes"] }, goto: "q-uses" },
      { when: { if: "answers.q_uses", has: "play" }, goto: "q-kit" },
      { when: { if: "answers.q_uses", has: "sport" }, goto: "q-kit" },
      { goto: "q-rating" },
    ]);
  });

  it("When the poll's version changes, then the revision changes; staff text with {{ }} stays literal", () => {
    const again = buildPollFlow({ id: POLL_ID, number: 7, title: input.title, version: 2, questions: input.questions as never });
    expect(again.revision).toBe(flow.revision);
    expect(buildPollFlow({ id: POLL_ID, number: 7, title: input.title, version: 3, questions: input.questions as never }).revision).not.toBe(flow.revision);
    const odd = buildPollFlow({ id: POLL_ID, number: 8, title: "{{answers.x}}", version: 1, questions: [{ id: "a", kind: "text", text: "{{profile.district}}?", choices: [], maxLength: 10 }] as never });
    expect(JSON.stringify(odd.steps)).toContain("{ {profile.district}}?");
  });
});
