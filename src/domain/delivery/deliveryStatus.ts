// What staff see of a send: planned (and why it waits), sending, done, failed or expired, with
// recipients counted; and what an administrator and a change of quiet hours do to held messages.
import { z } from "zod";
import { type PrismaClient, type Prisma } from "../../generated/prisma/client.ts";
import { recordAudit } from "../recordAudit.ts";
import { type TSettings } from "../settings/settingsTypes.ts";
import { actorName, type TStaffActor } from "../staff/staffTypes.ts";
import { outsideQuietHours } from "./quietHours.ts";

type Db = PrismaClient | Prisma.TransactionClient;

// A delivery's purpose is "kind:about[:more]"; `about` is the round, poll, event, opportunity or
// shift it concerns (split_part("purpose", ':', 2) below).

export const ZDeliveryState = z.enum(["planned", "sending", "done", "failed", "expired"]);
export const ZDeliveryGroup = z.object({
  purpose: z.string(),
  /** The purpose's first part ("event.reminder"): what kind of message it is. */
  kind: z.string(),
  /** planned: nothing sent yet; sending: under way (or being retried); done: all sent; failed / expired: some could not be. */
  state: ZDeliveryState,
  recipients: z.object({ planned: z.number(), sending: z.number(), sent: z.number(), failed: z.number(), expired: z.number() }),
  /** When what is still pending goes out (ISO), null when nothing is pending. */
  nextAt: z.string().nullable(),
  /** The pending part waits for the end of quiet hours. */
  heldByQuietHours: z.boolean(),
  /** The pending part was refused by LINE for now (429, 5xx, timeout) and is being tried again. */
  retrying: z.boolean(),
  urgent: z.boolean(),
  expiresAt: z.string().nullable(),
  createdAt: z.string(),
  sentAt: z.string().nullable(),
  /** Why recipients got nothing: LINE's error or the expiry, with how many recipients each. */
  problems: z.array(z.object({ status: z.enum(["failed", "expired", "retrying"]), reason: z.string(), recipients: z.number() })),
});
export type TDeliveryGroup = z.infer<typeof ZDeliveryGroup>;

type Row = {
  purpose: string;
  status: string;
  urgent: boolean;
  tried: boolean;
  held: boolean;
  recipients: number;
  nextAt: Date | null;
  expiresAt: Date | null;
  createdAt: Date;
  sentAt: Date | null;
  lastError: string | null;
};

/** The sends about these things (ids, or a flow id such as "round-3" for its closing reminders), newest first. */
export async function deliveryStatusAbout(db: Db, abouts: string[], now = new Date()): Promise<TDeliveryGroup[]> {
  if (abouts.length === 0) return [];
  const rows = await db.$queryRaw<Row[]>`
    SELECT "purpose", "status", "urgent", ("attempts" > 0) AS "tried",
      ("status" = 'pending' AND NOT "urgent" AND "attempts" = 0 AND "nextAttemptAt" > GREATEST("dueAt", ${now}::timestamptz)) AS "held",
      SUM(cardinality("lineUserIds"))::int AS "recipients", MIN("nextAttemptAt") AS "nextAt", MIN("expiresAt") AS "expiresAt",
      MIN("createdAt") AS "createdAt", MAX("sentAt") AS "sentAt", "lastError"
    FROM "Delivery" WHERE split_part("purpose", ':', 2) = ANY(${abouts}::text[])
    GROUP BY 1, 2, 3, 4, 5, "lastError"`;
  const groups = new Map<string, TDeliveryGroup>();
  for (const r of rows) {
    let g = groups.get(r.purpose);
    if (!g) {
      g = {
        purpose: r.purpose,
        kind: r.purpose.split(":")[0] ?? r.purpose,
        state: "planned",
        recipients: { planned: 0, sending: 0, sent: 0, failed: 0, expired: 0 },
        nextAt: null,
        heldByQuietHours: false,
        retrying: false,
        urgent: false,
        expiresAt: r.expiresAt?.toISOString() ?? null,
        createdAt: r.createdAt.toISOString(),
        sentAt: null,
        problems: [],
      };
      groups.set(r.purpose, g);
    }
    if (r.createdAt.toISOString() < g.createdAt) g.createdAt = r.createdAt.toISOString();
    if (r.urgent) g.urgent = true;
    if (r.status === "pending") {
      g.recipients.planned += r.recipients;
      const at = r.nextAt!.toISOString();
      if (!g.nextAt || at < g.nextAt) g.nextAt = at;
      if (r.held) g.heldByQuietHours = true;
      if (r.tried) {
        g.retrying = true;
        add(g, "retrying", r.lastError ?? "", r.recipients);
      }
    } else if (r.status === "sending") g.recipients.sending += r.recipients;
    else if (r.status === "sent") {
      g.recipients.sent += r.recipients;
      const at = r.sentAt?.toISOString() ?? null;
      if (at && (!g.sentAt || at > g.sentAt)) g.sentAt = at;
    } else if (r.status === "failed" || r.status === "expired") {
      g.recipients[r.status] += r.recipients;
      add(g, r.status, r.lastError ?? "", r.recipients);
    }
  }
  for (const g of groups.values()) g.state = stateOf(g);
  return [...groups.values()].sort((a, b) => (a.createdAt < b.createdAt ? 1 : -1));
}

function add(g: TDeliveryGroup, status: "failed" | "expired" | "retrying", reason: string, recipients: number) {
  const same = g.problems.find((p) => p.status === status && p.reason === reason);
  if (same) same.recipients += recipients;
  else g.problems.push({ status, reason, recipients });
}

function stateOf(g: TDeliveryGroup): TDeliveryGroup["state"] {
  const r = g.recipients;
  if (r.sending > 0 || (r.planned > 0 && (r.sent > 0 || g.retrying))) return "sending";
  if (r.planned > 0) return "planned";
  if (r.failed > 0) return "failed";
  if (r.expired > 0 && r.sent === 0) return "expired";
  return r.expired > 0 ? "failed" : "done";
}

/** Past their point (the event started, the round closed): marked expired instead of sent late. */
export async function expireOverdueDeliveries(db: Db, now: Date): Promise<number> {
  const { count } = await db.delivery.updateMany({
    where: { status: "pending", expiresAt: { lte: now } },
    data: { status: "expired" },
  });
  return count;
}

/**
 * Quiet hours changed: every message held and not tried yet is planned again from the moment it
 * was meant for (turning quiet hours off releases what they held; a new window holds what falls in it).
 */
export async function replanHeldDeliveries(db: Db, quiet: TSettings["quietHours"], now = new Date()): Promise<number> {
  const dues = await db.$queryRaw<{ due: Date }[]>`
    SELECT DISTINCT GREATEST("dueAt", ${now}::timestamptz) AS "due" FROM "Delivery"
    WHERE "status" = 'pending' AND "attempts" = 0 AND NOT "urgent"`;
  let changed = 0;
  for (const { due } of dues) {
    changed += await db.$executeRaw`
      UPDATE "Delivery" SET "nextAttemptAt" = ${outsideQuietHours(due, quiet)}
      WHERE "status" = 'pending' AND "attempts" = 0 AND NOT "urgent" AND GREATEST("dueAt", ${now}::timestamptz) = ${due}::timestamptz`;
  }
  return changed;
}

/** An administrator sends what is held of this send now, quiet hours or not (urgent); audited. */
export async function sendHeldNow(prisma: PrismaClient, purpose: string, staff: TStaffActor, now = new Date()): Promise<{ recipients: number }> {
  return prisma.$transaction(async (tx) => {
    const rows = await tx.$queryRaw<{ n: number | null }[]>`
      WITH moved AS (
        UPDATE "Delivery" SET "urgent" = true, "nextAttemptAt" = ${now}
        WHERE "status" = 'pending' AND "nextAttemptAt" > ${now} AND "purpose" = ${purpose}
        RETURNING cardinality("lineUserIds") AS n)
      SELECT SUM(n)::int AS n FROM moved`;
    const recipients = rows[0]?.n ?? 0;
    if (recipients > 0) await recordAudit(tx, { actor: actorName(staff), action: "delivery.sent_now", target: `delivery:${purpose}`, detail: { recipients } });
    return { recipients };
  });
}
