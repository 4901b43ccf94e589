// What the conversation runner needs of the stored webhook events, without knowing LINE's wire
// format or owning their table: the LINE edge (line/InboundEventStore.ts) provides it.
import { type TLiteral } from "../db/sqlLiteral.ts";
import { type TResidentEvent } from "./residentEvent.ts";

/** A stored event as the runner reads it: columns of the query nextPendingQuery returns. */
export type TInboxRow = { webhookEventId: string; sourceKey: string; payload: unknown; receivedAtMs: number; lineUserId: string | null };

/** What a stored event asks of the bot. */
export type TInboxEvent = { lineUserId: string; event: TResidentEvent; replyToken?: string };

export type TInbox = {
  /** A query of the earliest pending event of each resident key, in the order they happened. */
  nextPendingQuery(keys: readonly string[], lit: TLiteral): string;
  /** undefined: nothing for the bot to act on (another kind of source or event, a standby event). */
  read(row: TInboxRow): TInboxEvent | undefined;
  /** Marks events handled with the turn that handled them; the message text is not kept. */
  doneStatement(eventIds: readonly string[], now: Date, lit: TLiteral): string;
  /** Marks an event that could not be handled; it keeps its payload so that it can be looked into. */
  failedStatement(eventId: string, reason: string, now: Date, lit: TLiteral): string;
};
