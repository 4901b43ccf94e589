// Flow actions of volunteers: to be filled in.
import { type TAction } from "../../conversation/residentActions.ts";

export const volunteerActions: Record<string, TAction> = {};
