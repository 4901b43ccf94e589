// What the flow engine reads and returns: plain data, no I/O, nothing of LINE or the database.
import { z } from "zod";
import { type TLanguage } from "./flowSchema.ts";

export const ZResidentProfile = z
  .object({
    ageBand: z.string().optional(),
    district: z.string().optional(),
    interests: z.array(z.string()).optional(),
  })
  .strict();
export type TResidentProfile = z.infer<typeof ZResidentProfile>;

/** The resident as a flow sees them. */
export type TResidentView = { language: TLanguage; consented: boolean; profile: TResidentProfile };

/**
 * A conversation's state, stored as JSON. Versioned: a state written by an older engine is
 * migrated here when read, so an upgrade never breaks a conversation in progress.
 */
const ZConversationStateV1 = z.object({
  v: z.literal(1),
  stepId: z.string(),
  /** "action": the step's action is running; "ask": waiting for the resident's answer. */
  phase: z.enum(["action", "ask"]),
  answers: z.record(z.string(), z.unknown()),
  /** Outcome of the last action, for `if: outcome` conditions. */
  outcome: z.string().optional(),
  /** Choices picked so far in a several-choices question. */
  picked: z.array(z.string()).optional(),
  /** Ties quick-reply taps to this conversation: an old button from another conversation is recognised as stale. */
  nonce: z.string(),
  retries: z.int().default(0),
});
export const ZConversationState = z.discriminatedUnion("v", [ZConversationStateV1]);
export type TConversationState = z.infer<typeof ZConversationState>;

export type TOutAction =
  | { type: "postback"; label: string; data: string; displayText: string }
  | { type: "uri"; label: string; uri: string }
  | { type: "message"; label: string; text: string }
  | { type: "datetimepicker"; label: string; data: string; mode: "date" | "datetime"; initial?: string; min?: string; max?: string };

type WithQuickReplies = { quickReplies?: TOutAction[] };
/** A message to a resident, channel-neutral; the LINE edge turns it into LINE's wire format. */
export type TOutMessage =
  | ({ type: "text"; text: string } & WithQuickReplies)
  | ({ type: "image"; url: string; previewUrl: string } & WithQuickReplies)
  | ({ type: "buttons"; altText: string; title?: string; text: string; imageUrl?: string; actions: TOutAction[] } & WithQuickReplies)
  | ({ type: "flex"; altText: string; contents: Record<string, unknown> } & WithQuickReplies);

/** What the resident did, as the engine understands it. */
export type TEngineInput =
  | { kind: "text"; text: string }
  /** A tapped choice (postback); nonce and stepId say which question it belonged to. */
  | { kind: "choice"; nonce: string; stepId: string; value: string }
  /** A date or date-time from the picker. */
  | { kind: "picked"; nonce: string; stepId: string; value: string }
  /** A sticker, image or anything else that is not an answer. */
  | { kind: "other" }
  | { kind: "actionResult"; outcome?: string; messages?: TOutMessage[] };

export type TAnswerRecord = { stepId: string; name: string; value: unknown };
export type TProfileUpdate = TResidentProfile & { language?: TLanguage };

export type TEngineResult = {
  state: TConversationState;
  /** waiting: for the resident; action: for the runner to do state.stepId's action; ended: done (see jump). */
  status: "waiting" | "action" | "ended";
  messages: TOutMessage[];
  answers: TAnswerRecord[];
  profile: TProfileUpdate;
  action?: { name: string; args: Record<string, unknown> };
  /** The flow to continue in, when the conversation ended by moving on. */
  jump?: string;
};
