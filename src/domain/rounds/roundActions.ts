// Flow actions of public comment rounds: to be filled in.
import { type TAction } from "../../conversation/residentActions.ts";

export const roundActions: Record<string, TAction> = {};
