// A round's status follows from its times and what happened to it. A round is closed from its
// closing moment on, whether or not the closing job has run yet: every check compares with
// closesAt, so a comment one second late is refused whatever the scheduler does.
import { type TRoundStatus } from "./roundTypes.ts";

export type TRoundTimes = { opensAt: Date; closesAt: Date; closedAt: Date | null; publishedAt: Date | null };

export function roundStatus(round: TRoundTimes, now: Date): TRoundStatus {
  if (round.publishedAt) return "published";
  if (round.closedAt || now >= round.closesAt) return "closed";
  return now < round.opensAt ? "scheduled" : "open";
}

/** Comments are taken only while open. */
export function isOpen(round: TRoundTimes, now: Date): boolean {
  return roundStatus(round, now) === "open";
}

/** The conversation that takes comments on round number N (flow ids are at most 40 characters: a uuid does not fit). */
export function roundFlowId(roundNumber: number): string {
  return `round-${roundNumber}`;
}
