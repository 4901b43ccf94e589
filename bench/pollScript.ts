// What each simulated resident types, and how many answers each message stores. Every message is a
// real answer to the question the resident is at, or the keyword that restarts the poll once it
// has ended, so that every acknowledged request must leave a known number of Answer rows.
//
// The cycle is checked against the flow file with the pure flow engine before any load is sent: if
// someone edits flows/poll-community.yaml so that a message no longer answers its question, the
// bench stops with the reason instead of measuring re-asked questions.
import { type TFlow } from "../src/flows/flowSchema.ts";
import { type TConversationState } from "../src/flows/engineTypes.ts";
import { continueFlow, startFlow } from "../src/flows/runFlow.ts";
import { loadFlows } from "../src/flows/loadFlows.ts";
import { actionNames } from "../src/domain/actions.ts";

export const POLL_FLOW_ID = "poll-community";
/** Sent once to every resident (idle, consented) before the load: they then wait at the first question. */
export const POLL_KEYWORD = "アンケート";

/**
 * Starting at the first question, two full runs of the poll through both branches, each ended and
 * restarted by the keyword: participation "often" (skips reasons) without a comment, then "past"
 * (asks reasons) with a comment.
 */
export const POLL_CYCLE: readonly string[] = [
  "1", //                 participation = often → willingness
  "4", //                 willingness = 4 → channel
  "1,3", //               channels = [line, web] (several typed at once = the whole answer) → wants_comment
  "いいえ", //            wantsComment = no → thanks, conversation completed
  POLL_KEYWORD, //        idle again: the keyword starts the poll anew → participation
  "3", //                 participation = past → reasons
  "1,2", //               reasons = [time, unknown] → willingness
  "2", //                 willingness = 2 → channel
  "2,5", //               channels = [bulletin, sns] → wants_comment
  "はい", //              wantsComment = yes → comment
  "集会所が遠くて行きにくいです", // comment → thanks, conversation completed
  POLL_KEYWORD, //        → participation: the cycle starts over
];

/** Answers stored by each message of POLL_CYCLE (the first question waits at index 0). */
export type TPollScript = { texts: readonly string[]; answersAt: readonly number[]; answersPerCycle: number };

/** Runs POLL_CYCLE through the engine with the flow as loaded from flowsDir; throws if any message is not an answer or restart. */
export async function checkPollScript(flowsDir: string): Promise<TPollScript> {
  const flows = await loadFlows(flowsDir, actionNames);
  const flow = flows.get(POLL_FLOW_ID);
  if (!flow) throw new Error(`flow ${POLL_FLOW_ID} not found in ${flowsDir}`);
  if (flows.byMessage(POLL_KEYWORD)?.id !== POLL_FLOW_ID) throw new Error(`"${POLL_KEYWORD}" does not start ${POLL_FLOW_ID}`);

  const ctx = { resident: { language: "ja" as const, consented: true, profile: {} }, now: new Date() };
  const begin = (): TConversationState => {
    const started = startFlow(flow, ctx, "bench");
    if (started.status !== "waiting") throw new Error(`${POLL_FLOW_ID} does not start by asking a question`);
    return started.state;
  };
  const firstStep = begin().stepId;

  let state: TConversationState | undefined = begin();
  const answersAt: number[] = [];
  for (const [i, text] of POLL_CYCLE.entries()) {
    const where = `message ${i + 1} "${text}"`;
    if (!state) {
      // The poll ended: only its keyword is a valid next message (it starts a new conversation).
      if (text !== POLL_KEYWORD) throw new Error(`${where}: the poll has ended, expected "${POLL_KEYWORD}"`);
      state = begin();
      answersAt.push(0);
      continue;
    }
    if (text === POLL_KEYWORD) throw new Error(`${where}: the poll is still at step ${state.stepId}; the keyword would not restart it`);
    const result = continueFlow(flow, state, { kind: "text", text }, ctx);
    if (result.answers.length === 0) throw new Error(`${where} is not an answer to step ${state.stepId}: ${describe(flow, result.messages)}`);
    if (result.status === "action") throw new Error(`${where}: step ${result.state.stepId} runs an action; the bench does not model actions`);
    answersAt.push(result.answers.length);
    state = result.status === "ended" ? undefined : result.state;
  }
  if (!state || state.stepId !== firstStep) throw new Error(`POLL_CYCLE does not return to step ${firstStep} (ends at ${state?.stepId ?? "the end of the poll"})`);
  return { texts: POLL_CYCLE, answersAt, answersPerCycle: answersAt.reduce((a, b) => a + b, 0) };
}

function describe(flow: TFlow, messages: { type: string }[]): string {
  const first = messages[0] as { text?: string } | undefined;
  return `${flow.id} answered "${first?.text ?? messages[0]?.type ?? "nothing"}"`;
}
