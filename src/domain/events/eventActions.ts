// Flow actions of events: to be filled in.
import { type TAction } from "../../conversation/residentActions.ts";

export const eventActions: Record<string, TAction> = {};
