// Every action a flow can call by name, from each domain. Flow files are checked against these names.
import { type TAction, type TActionContext, type TActionResult } from "./actionContract.ts";
import { residentActions } from "./residents/residentActions.ts";
import { roundActions } from "./rounds/roundActions.ts";
import { pollActions } from "./polls/pollActions.ts";
import { eventActions } from "./events/eventActions.ts";
import { volunteerActions } from "./volunteers/volunteerActions.ts";
import { inboxActions } from "./inbox/inboxActions.ts";

const actions: Record<string, TAction> = { ...residentActions, ...roundActions, ...pollActions, ...eventActions, ...volunteerActions, ...inboxActions };

export const actionNames = Object.keys(actions);

export function runAction(name: string, ctx: TActionContext): Promise<TActionResult> {
  const action = actions[name];
  if (!action) throw new Error(`unknown action ${name}`);
  return action(ctx);
}
