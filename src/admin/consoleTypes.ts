// The admin API's types as the console (plain JavaScript, checked with tsconfig.console.json) imports
// them in JSDoc: `@typedef {import("../consoleTypes.ts").TRoundView} TRoundView`. All are inferred
// from the route schemas, so a change of an answer's shape shows up in the console's type check.
import { type z } from "zod";
import { type ZPollQuestion } from "../domain/polls/pollTypes.ts";
import { type ZConflict, type ZErrorAnswer, type ZOverBudget } from "./defineRoute.ts";

export type { TRoundView, TCommentView, TCommentGroupView } from "../domain/rounds/roundTypes.ts";
export type { TPollView, TPollResults } from "../domain/polls/pollTypes.ts";
export type { TEventView, TRegistrationView, TEventSendResult } from "../domain/events/eventTypes.ts";
export type { TOpportunityView, TShiftView, TShiftSignupView, TInviteResult } from "../domain/volunteers/volunteerTypes.ts";
export type { TBudgetCheck } from "../domain/delivery/budgetTypes.ts";
export type { TStaffActor } from "../domain/staff/staffTypes.ts";
/** Every error answer's body; a 409's is one of the two below (the route's `conflict` schema). */
export type TErrorAnswer = z.infer<typeof ZErrorAnswer>;
export type TConflictAnswer = z.infer<typeof ZConflict>;
export type TOverBudgetAnswer = z.infer<typeof ZOverBudget>;
/** A poll question as the form sends it (defaults not yet applied). */
export type TPollQuestionInput = z.input<typeof ZPollQuestion>;
