// The postback data the bot writes on its buttons and reads back when a resident taps one: the one
// place its format is spelled (scripts/checkLayering.ts keeps it so).
//   flow=ID[&NAME=VALUE…]   start a flow (menu buttons, rich menu taps, message buttons), handing it values
//   c=NONCE&s=STEP&v=VALUE  an answer to a question of the conversation whose nonce is NONCE
//   tab=PAGE                a rich menu tab the resident switched to
//   resume=ID               「続きから」: take paused conversation ID up again
//   flow=ID&…&restart=1     「最初から」: start flow ID anew, dropping its paused conversation
export type TPostback =
  /** params: the other NAME=VALUE pairs, handed to the flow (e.g. flow=comment-withdraw&receipt=R1-000123). */
  /** restart: 「最初から」 — a paused conversation of the flow is dropped, not offered again. */
  | { kind: "startFlow"; flowId: string; params: Record<string, string>; restart?: boolean }
  | { kind: "resume"; conversationId: string }
  | { kind: "answer"; nonce: string; stepId: string; value: string }
  /** "tab=PAGE": a rich menu tab the resident switched to (LINE switched it already; nothing to answer). */
  | { kind: "menuTab"; page: string }
  | { kind: "unknown" };

/** A button that starts flow `flowId`, handing it `params` (names the flow declares in `params:`). */
export function startFlowPostback(flowId: string, params: Record<string, string> = {}): string {
  return [`flow=${flowId}`, ...Object.entries(params).map(([name, value]) => `${name}=${encodeURIComponent(value)}`)].join("&");
}

/** A button that answers step `stepId` of the conversation with nonce `nonce`. */
export function answerPostback(nonce: string, stepId: string, value: string): string {
  return `c=${nonce}&s=${stepId}&v=${encodeURIComponent(value)}`;
}

/** 「続きから」: takes paused conversation `conversationId` up again. */
export function resumePostback(conversationId: string): string {
  return `resume=${conversationId}`;
}

/** 「最初から」: starts flow `flowId` anew (with the values its button handed in), dropping its paused conversation. */
export function restartPostback(flowId: string, params: Record<string, string> = {}): string {
  return `${startFlowPostback(flowId, params)}&restart=1`;
}

/** The data of a rich menu tab switch to `page`. */
export function menuTabPostback(page: string): string {
  return `tab=${page}`;
}

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
