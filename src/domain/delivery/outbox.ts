// The outbox: every message the bot decided to send one resident is recorded in the same
// transaction as the decision (a turn, an expiry, a notice), then delivered by the sender — by the
// reply token while it is good, else by push with a retry key fixed here — until it is sent, refused
// by LINE, or no longer worth sending. A crash or a LINE outage between deciding and sending loses
// nothing and sends nothing twice.
import { randomUUID } from "node:crypto";
import { type TOutMessage } from "../../flows/engineTypes.ts";
import { type TLiteral } from "../../db/sqlLiteral.ts";

/** LINE documents "about one minute" for a reply token; don't rely on the limit. */
export const REPLY_TOKEN_SAFE_MS = 45_000;
/** How long a sender may hold a message it is delivering before another may take it over. */
export const OUTBOX_LEASE_MS = 10_000;

export type TOutboxRow = {
  id: string;
  seq?: string;
  lineUserId: string;
  retryKey: string;
  messages: TOutMessage[] | unknown[];
  /** messages are already in LINE's format (rows from before the outbox). */
  wire: boolean;
  replyToken: string | null;
  replyBefore: Date | null;
  callsDone: number;
  pushes: number;
  attempts: number;
  expiresAt: Date;
  /** Someone may have tried to send it already (a lease that ran out, or an attempt recorded). */
  maybeTried: boolean;
  /** A staff send to this one resident (see TOutboxSend); absent for a turn's answers. */
  send?: TOutboxSend;
};

/**
 * A staff member's message to one resident (a 1:1 reply) is a send like an announcement: its id and
 * purpose ("reply:<thread>") on the row let 配信の到達 count it (domain/reach/sendReports.ts).
 */
export type TOutboxSend = { id: string; purpose: string };

export type TNewOutboxMessage = {
  lineUserId: string;
  messages: TOutMessage[];
  /** The reply token of the event being answered and when the event was received. */
  reply?: { token: string; receivedAt: number };
  eventId?: string;
  send?: TOutboxSend;
};

export type TOutboxPolicy = { retryWindowMs: number };

export function newOutboxRow(m: TNewOutboxMessage, now: Date, policy: TOutboxPolicy): TOutboxRow {
  return {
    id: randomUUID(),
    lineUserId: m.lineUserId,
    retryKey: randomUUID(),
    messages: m.messages,
    wire: false,
    replyToken: m.reply?.token ?? null,
    replyBefore: m.reply ? new Date(m.reply.receivedAt + REPLY_TOKEN_SAFE_MS) : null,
    callsDone: 0,
    pushes: 0,
    attempts: 0,
    expiresAt: new Date(now.getTime() + policy.retryWindowMs),
    maybeTried: false,
    ...(m.send ? { send: m.send } : {}),
  };
}

/**
 * Records rows. claimed: the recording process delivers them itself right after the commit (it
 * holds them for a lease); otherwise the sender's sweep picks them up.
 */
export function outboxInsertStatement(rows: readonly (TOutboxRow & { eventId?: string })[], now: Date, lit: TLiteral, claimed: boolean): string {
  const lease = claimed ? `${lit(new Date(now.getTime() + OUTBOX_LEASE_MS))}::timestamptz` : "NULL::timestamptz";
  // A turn's answers keep the statement they always had; only staff sends name their send.
  const sends = rows.some((r) => r.send);
  const values = rows.map(
    (r) =>
      `(${lit(r.id)}::uuid, ${lit(r.lineUserId)}, ${lit(r.retryKey)}::uuid, ${lit(JSON.stringify(r.messages))}::jsonb, ${lit(r.eventId ?? null)}, ${lit(r.replyToken)}, ${lit(r.replyBefore)}::timestamptz, ${lit(r.expiresAt)}::timestamptz, ${lease}, ${lit(now)}::timestamptz, ${lit(now)}::timestamptz${sends ? `, ${lit(r.send?.id ?? null)}::uuid, ${lit(r.send?.purpose ?? null)}` : ""})`,
  );
  return `INSERT INTO "OutboundMessage" ("id", "lineUserId", "retryKey", "messages", "eventId", "replyToken", "replyBefore", "expiresAt", "claimedUntil", "createdAt", "nextAttemptAt"${sends ? `, "sendId", "purpose"` : ""}) VALUES ${values.join(", ")}`;
}
