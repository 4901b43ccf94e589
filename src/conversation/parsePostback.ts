// Postback data the bot itself wrote: "flow=ID" (start a flow: menu buttons, rich menu taps),
// "c=NONCE&s=STEP&v=VALUE" (an answer to a question) or "resume=ID" (「続きから」 a paused conversation).
export type TPostback =
  /** params: the other NAME=VALUE pairs, handed to the flow (e.g. flow=comment-withdraw&receipt=R1-000123). */
  /** restart: 「最初から」 — a paused conversation of the flow is dropped, not offered again. */
  | { kind: "startFlow"; flowId: string; params: Record<string, string>; restart?: boolean }
  | { kind: "resume"; conversationId: string }
  | { kind: "answer"; nonce: string; stepId: string; value: string }
  /** "tab=PAGE": a rich menu tab the resident switched to (LINE switched it already; nothing to answer). */
  | { kind: "menuTab"; page: string }
  | { kind: "unknown" };

export function parsePostback(data: string): TPostback {
  const params = new URLSearchParams(data);
  const tab = params.get("tab");
  if (tab) return { kind: "menuTab", page: tab };
  const resume = params.get("resume");
  if (resume) return { kind: "resume", conversationId: resume };
  const flowId = params.get("flow");
  if (flowId) {
    const restart = params.get("restart") === "1";
    params.delete("flow");
    params.delete("restart");
    return { kind: "startFlow", flowId, params: Object.fromEntries(params), ...(restart ? { restart } : {}) };
  }
  const [nonce, stepId, value] = [params.get("c"), params.get("s"), params.get("v")];
  if (nonce && stepId && value !== null) return { kind: "answer", nonce, stepId, value };
  return { kind: "unknown" };
}

/** 「続きから」: takes the paused conversation up again. */
export const resumeData = (conversationId: string) => `resume=${conversationId}`;
/** 「最初から」: starts the flow anew (with the values its button handed in), dropping the paused one. */
export function restartData(flowId: string, params: Record<string, string> = {}): string {
  return new URLSearchParams({ flow: flowId, ...params, restart: "1" }).toString();
}
