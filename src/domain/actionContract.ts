// The contract between a flow's `action: { name }` step and the domain that runs it. The
// conversation runner calls an action inside the turn's transaction and uses what it returns;
// the domains (residents, rounds, polls, events, volunteers) write them against this.
import { type Prisma } from "../generated/prisma/client.ts";
import { type TOutMessage } from "../flows/engineTypes.ts";
import { type FlowSet } from "../flows/FlowSet.ts";

export type TResidentRow = { id: string; lineUserId: string; language: string; profile: unknown; consentVersion: string | null; consentedAt: Date | null };

export type TActionContext = {
  tx: Prisma.TransactionClient;
  resident: TResidentRow;
  args: Record<string, unknown>;
  /** The conversation's answers so far (and values handed in by the button that started it). */
  answers: Record<string, unknown>;
  now: Date;
  flows: FlowSet;
  privacyNoticeVersion: string;
  /** Names the resident in the audit trail without their LINE id. */
  actor: string;
  /** The resident's message this turn answers (its text, and its reply token while the bot has not used it). */
  message?: { text?: string; reply?: { token: string; receivedAt: number } };
};

export type TActionResult = { outcome?: string; messages?: TOutMessage[]; residentDeleted?: boolean };

export type TAction = (ctx: TActionContext) => Promise<TActionResult>;
