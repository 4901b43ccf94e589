// A poll's status follows from its times alone: no job closes a poll, every check compares with
// closesAt, so a poll is closed at exactly its closing moment whatever the scheduler does.
import { type TPollStatus } from "./pollTypes.ts";

export function pollStatus(poll: { opensAt: Date; closesAt: Date }, now: Date): TPollStatus {
  if (now < poll.opensAt) return "scheduled";
  return now < poll.closesAt ? "open" : "closed";
}

/** The conversation that answers poll number N (flow ids are at most 40 characters: a uuid does not fit). */
export function pollFlowId(pollNumber: number): string {
  return `poll-${pollNumber}`;
}
