// Flow actions of polls: to be filled in.
import { type TAction } from "../../conversation/residentActions.ts";

export const pollActions: Record<string, TAction> = {};
