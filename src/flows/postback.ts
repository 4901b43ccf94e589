// The postback data the bot writes on its buttons and reads back when a resident taps one: the one
// place its format is spelled (scripts/checkLayering.ts keeps it so).
//   flow=ID[&NAME=VALUE…]   start a flow (menu buttons, rich menu taps, message buttons), handing it values
//   c=NONCE&s=STEP&v=VALUE  an answer to a question of the conversation whose nonce is NONCE
//   tab=PAGE                a rich menu tab the resident switched to
export type TPostback =
  /** params: the other NAME=VALUE pairs, handed to the flow (e.g. flow=comment-withdraw&receipt=R1-000123). */
  | { kind: "startFlow"; flowId: string; params: Record<string, string> }
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

/** The data of a rich menu tab switch to `page`. */
export function menuTabPostback(page: string): string {
  return `tab=${page}`;
}

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
