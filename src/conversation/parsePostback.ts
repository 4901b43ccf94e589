// Postback data the bot itself wrote: "flow=ID" (start a flow: menu buttons, rich menu taps) or
// "c=NONCE&s=STEP&v=VALUE" (an answer to a question).
export type TPostback =
  /** params: the other NAME=VALUE pairs, handed to the flow (e.g. flow=comment-withdraw&receipt=R1-000123). */
  | { kind: "startFlow"; flowId: string; params: Record<string, string> }
  | { kind: "answer"; nonce: string; stepId: string; value: string }
  /** "tab=PAGE": a rich menu tab the resident switched to (LINE switched it already; nothing to answer). */
  | { kind: "menuTab"; page: string }
  | { kind: "unknown" };

export function parsePostback(data: string): TPostback {
  const params = new URLSearchParams(data);
  const tab = params.get("tab");
  if (tab) return { kind: "menuTab", page: tab };
  const flowId = params.get("flow");
  if (flowId) {
    params.delete("flow");
    return { kind: "startFlow", flowId, params: Object.fromEntries(params) };
  }
  const [nonce, stepId, value] = [params.get("c"), params.get("s"), params.get("v")];
  if (nonce && stepId && value !== null) return { kind: "answer", nonce, stepId, value };
  return { kind: "unknown" };
}
