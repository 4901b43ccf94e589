// Every action a flow can call by name, from each domain. Flow files are checked against these names.
import { residentActions, type TAction, type TActionContext, type TActionResult } from "./residentActions.ts";
import { roundActions } from "../domain/rounds/roundActions.ts";
import { pollActions } from "../domain/polls/pollActions.ts";
import { eventActions } from "../domain/events/eventActions.ts";
import { volunteerActions } from "../domain/volunteers/volunteerActions.ts";
import { inboxActions } from "../domain/inbox/inboxActions.ts";

const actions: Record<string, TAction> = { ...residentActions, ...roundActions, ...pollActions, ...eventActions, ...volunteerActions, ...inboxActions };

export const actionNames = Object.keys(actions);

export function runAction(name: string, ctx: TActionContext): Promise<TActionResult> {
  const action = actions[name];
  if (!action) throw new Error(`unknown action ${name}`);
  return action(ctx);
}
