// Postback data the bot itself wrote: "flow=ID" (start a flow: menu buttons, rich menu taps) or
// "c=NONCE&s=STEP&v=VALUE" (an answer to a question).
export type TPostback =
  | { kind: "startFlow"; flowId: string }
  | { kind: "answer"; nonce: string; stepId: string; value: string }
  | { kind: "unknown" };

export function parsePostback(data: string): TPostback {
  const params = new URLSearchParams(data);
  const flowId = params.get("flow");
  if (flowId) return { kind: "startFlow", flowId };
  const [nonce, stepId, value] = [params.get("c"), params.get("s"), params.get("v")];
  if (nonce && stepId && value !== null) return { kind: "answer", nonce, stepId, value };
  return { kind: "unknown" };
}
