import { describe, expect, it } from "vitest";
import { answerPostback, menuTabPostback, parsePostback, restartPostback, resumePostback, startFlowPostback } from "./postback.ts";

describe("postback data", () => {
  it("When a button starts a flow, then its data names the flow and reads back as a flow start with its values", () => {
    expect(startFlowPostback("round-12")).toBe("flow=round-12");
    const withdraw = startFlowPostback("comment-withdraw", { receipt: "R1-000123" });
    expect(withdraw).toBe("flow=comment-withdraw&receipt=R1-000123");
    expect(parsePostback(withdraw)).toEqual({ kind: "startFlow", flowId: "comment-withdraw", params: { receipt: "R1-000123" } });
    expect(parsePostback(startFlowPostback("x", { note: "a&b=c 市" }))).toEqual({ kind: "startFlow", flowId: "x", params: { note: "a&b=c 市" } });
  });

  it("When a resident taps an answer, then nonce, step and value (any characters) read back unchanged", () => {
    const data = answerPostback("n0nce", "district", "北区 & 南区=1");
    expect(data).toBe(`c=n0nce&s=district&v=${encodeURIComponent("北区 & 南区=1")}`);
    expect(parsePostback(data)).toEqual({ kind: "answer", nonce: "n0nce", stepId: "district", value: "北区 & 南区=1" });
    expect(parsePostback(answerPostback("n", "s", ""))).toEqual({ kind: "answer", nonce: "n", stepId: "s", value: "" });
  });

  it("When a rich menu tab is switched, then it reads back as that tab; other data is unknown", () => {
    expect(parsePostback(menuTabPostback("events"))).toEqual({ kind: "menuTab", page: "events" });
    expect(parsePostback("hello")).toEqual({ kind: "unknown" });
    expect(parsePostback("c=n&s=step")).toEqual({ kind: "unknown" });
  });

  it("When a resident is offered 続きから/最初から, then 続きから names the paused conversation and 最初から starts the flow anew with its values", () => {
    const id = "0b6f3a52-8a1e-4c57-9d0e-1f2a3b4c5d6e";
    expect(parsePostback(resumePostback(id))).toEqual({ kind: "resume", conversationId: id });
    expect(parsePostback(restartPostback("comment-withdraw", { receipt: "R1-000123" }))).toEqual({ kind: "startFlow", flowId: "comment-withdraw", params: { receipt: "R1-000123" }, restart: true });
    expect(parsePostback(startFlowPostback("round-3"))).not.toHaveProperty("restart");
  });
});
