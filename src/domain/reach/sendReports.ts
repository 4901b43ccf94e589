// Reach of each send, counted from the rows the senders keep anyway (Delivery for sends to many,
// OutboundMessage for a staff member's message to one resident) grouped by their send id: no second
// bookkeeping, nothing more on the senders' hot path. Targeted = everyone the send was recorded
// for; sent = LINE accepted it; skipped = left out (blocked or no longer a friend when it went out,
// or held by quiet hours and not sent yet); failed/expired with LINE's reason. The day after, LINE's
// opens and clicks (SendStatistics); and how many of its recipients blocked the account within 24 h.
import { z } from "zod";
import { Prisma, type PrismaClient } from "../../generated/prisma/client.ts";

type Db = PrismaClient | Prisma.TransactionClient;

/** LINE gives no statistics for a send to fewer people than this. */
export const STATISTICS_MIN_RECIPIENTS = 20;
/** An unfollow this soon after a send is counted against it. */
export const UNFOLLOW_WINDOW_HOURS = 24;

export const ZSendStatistics = z.object({
  /**
   * waiting: fetched the day after it went out; ok: LINE's figures; below_threshold: fewer than 20
   * recipients, LINE gives none; unavailable: LINE refused (error); off: the channel does not use
   * LINE's statistics per send (no aggregation unit).
   */
  status: z.enum(["waiting", "ok", "below_threshold", "unavailable", "off"]),
  opened: z.number().nullable(),
  clicked: z.number().nullable(),
  fetchedAt: z.string().nullable(),
  error: z.string().nullable(),
});
export type TSendStatistics = z.infer<typeof ZSendStatistics>;

export const ZSendReport = z.object({
  sendId: z.string(),
  purpose: z.string(),
  /** The purpose's first part ("event.reminder"). */
  kind: z.string(),
  /** The round, poll, event, opportunity or shift it concerns (the purpose's second part). */
  about: z.string(),
  /** multicast: to many (Delivery); direct: a staff member's message to one resident (outbox). */
  channel: z.enum(["multicast", "direct"]),
  createdAt: z.string(),
  sentAt: z.string().nullable(),
  targeted: z.number(),
  sent: z.number(),
  skipped: z.object({
    /** Blocked the account or no longer a friend when it went out. */
    blocked: z.number(),
    /** Waiting for the end of quiet hours. */
    quietHours: z.number(),
  }),
  /** Recorded, not yet sent (for another reason than quiet hours: due later, being sent, retried). */
  pending: z.number(),
  failed: z.number(),
  expired: z.number(),
  problems: z.array(z.object({ status: z.enum(["failed", "expired", "retrying"]), reason: z.string(), recipients: z.number() })),
  /** Recipients who blocked the account within 24 h after it went out. */
  blockedWithin24h: z.number(),
  statistics: ZSendStatistics,
});
export type TSendReport = z.infer<typeof ZSendReport>;

type Row = {
  sendId: string;
  purpose: string;
  status: string;
  held: boolean;
  tried: boolean;
  recipients: number;
  skipped: number;
  lastError: string | null;
  createdAt: Date;
  sentAt: Date | null;
  unit: string | null;
};

export type TSendFilter = { abouts?: string[]; sendIds?: string[]; since?: Date; limit?: number };

/** Reports of the sends matching the filter (about: round/poll/event/… ids; since: recorded after), newest first. */
export async function sendReports(db: Db, filter: TSendFilter, now = new Date()): Promise<TSendReport[]> {
  const abouts = filter.abouts ?? null;
  const ids = filter.sendIds ?? null;
  const since = filter.since ?? null;
  const limit = filter.limit ?? 200;
  // The newest sends first, cut at the limit before any counting.
  // Filtered before grouping: the item panels ask every few seconds.
  const chosen = await db.$queryRaw<{ sendId: string }[]>`
    SELECT "sendId"::text AS "sendId" FROM (
      SELECT "sendId", MIN("createdAt") AS at FROM "Delivery"
      WHERE "sendId" IS NOT NULL AND (${abouts}::text[] IS NULL OR split_part("purpose", ':', 2) = ANY(${abouts}::text[]))
        AND (${ids}::uuid[] IS NULL OR "sendId" = ANY(${ids}::uuid[])) AND (${since}::timestamptz IS NULL OR "createdAt" >= ${since}::timestamptz)
      GROUP BY "sendId"
      UNION ALL
      SELECT "sendId", MIN("createdAt") FROM "OutboundMessage"
      WHERE "sendId" IS NOT NULL AND (${abouts}::text[] IS NULL OR split_part("purpose", ':', 2) = ANY(${abouts}::text[]))
        AND (${ids}::uuid[] IS NULL OR "sendId" = ANY(${ids}::uuid[])) AND (${since}::timestamptz IS NULL OR "createdAt" >= ${since}::timestamptz)
      GROUP BY "sendId"
    ) s
    ORDER BY s.at DESC LIMIT ${limit}`;
  const sendIds = chosen.map((c) => c.sendId);
  if (sendIds.length === 0) return [];
  const rows = await db.$queryRaw<Row[]>`
    SELECT "sendId"::text AS "sendId", "purpose", "status",
      ("status" = 'pending' AND NOT "urgent" AND "attempts" = 0 AND "nextAttemptAt" > GREATEST("dueAt", ${now}::timestamptz)) AS "held",
      ("attempts" > 0) AS "tried",
      SUM(cardinality("lineUserIds"))::int AS "recipients", SUM("skipped")::int AS "skipped", "lastError",
      MIN("createdAt") AS "createdAt", MAX("sentAt") AS "sentAt", MAX("aggregationUnit") AS "unit"
    FROM "Delivery" WHERE "sendId" = ANY(${sendIds}::uuid[])
    GROUP BY 1, 2, 3, 4, 5, "lastError"`;
  const direct = await db.$queryRaw<Row[]>`
    SELECT "sendId"::text AS "sendId", "purpose", "status", false AS "held", ("attempts" > 0) AS "tried",
      count(*)::int AS "recipients", 0 AS "skipped", "lastError", MIN("createdAt") AS "createdAt", MAX("sentAt") AS "sentAt", NULL AS "unit"
    FROM "OutboundMessage" WHERE "sendId" = ANY(${sendIds}::uuid[])
    GROUP BY 1, 2, 3, 5, "lastError"`;
  const blocked = await db.$queryRaw<{ sendId: string; n: number }[]>`
    SELECT s."sendId"::text AS "sendId", count(DISTINCT r."id")::int AS n FROM (
      SELECT "sendId", "sentAt", u.id AS "lineUserId" FROM "Delivery" d CROSS JOIN LATERAL unnest(d."lineUserIds") AS u(id)
      WHERE d."sendId" = ANY(${sendIds}::uuid[]) AND d."status" = 'sent'
      UNION ALL
      SELECT "sendId", "sentAt", "lineUserId" FROM "OutboundMessage" WHERE "sendId" = ANY(${sendIds}::uuid[]) AND "status" = 'sent'
    ) s JOIN "Resident" r ON r."lineUserId" = s."lineUserId"
    WHERE r."unfollowedAt" >= s."sentAt" AND r."unfollowedAt" < s."sentAt" + make_interval(hours => ${UNFOLLOW_WINDOW_HOURS})
    GROUP BY s."sendId"`;
  const stats = await db.sendStatistics.findMany({ where: { sendId: { in: sendIds } } });
  const statsOf = new Map(stats.map((s) => [s.sendId, s]));
  const blockedOf = new Map(blocked.map((b) => [b.sendId, b.n]));

  const reports = new Map<string, TSendReport & { unit: string | null }>();
  for (const [channel, list] of [["multicast", rows], ["direct", direct]] as const) {
    for (const r of list) {
      let g = reports.get(r.sendId);
      if (!g) {
        const [kind = r.purpose, about = ""] = r.purpose.split(":");
        g = {
          sendId: r.sendId, purpose: r.purpose, kind, about, channel,
          createdAt: r.createdAt.toISOString(), sentAt: null,
          targeted: 0, sent: 0, skipped: { blocked: 0, quietHours: 0 }, pending: 0, failed: 0, expired: 0, problems: [],
          blockedWithin24h: blockedOf.get(r.sendId) ?? 0,
          statistics: { status: "off", opened: null, clicked: null, fetchedAt: null, error: null },
          unit: null,
        };
        reports.set(r.sendId, g);
      }
      if (r.createdAt.toISOString() < g.createdAt) g.createdAt = r.createdAt.toISOString();
      if (r.unit) g.unit = r.unit;
      g.targeted += r.recipients + r.skipped;
      g.skipped.blocked += r.skipped;
      if (r.status === "sent") {
        g.sent += r.recipients;
        const at = r.sentAt?.toISOString() ?? null;
        if (at && (!g.sentAt || at > g.sentAt)) g.sentAt = at;
      } else if (r.status === "pending" && r.held) g.skipped.quietHours += r.recipients;
      else if (r.status === "pending" || r.status === "sending") {
        g.pending += r.recipients;
        if (r.tried && r.lastError) addProblem(g, "retrying", r.lastError, r.recipients);
      } else if (r.status === "skipped") {
        // The outbox leaves out a resident who blocked the account.
        g.skipped.blocked += r.recipients;
      } else if (r.status === "failed" || r.status === "expired") {
        g[r.status] += r.recipients;
        addProblem(g, r.status, r.lastError ?? "", r.recipients);
      }
    }
  }
  const out: TSendReport[] = [];
  for (const { unit, ...g } of reports.values()) {
    const s = statsOf.get(g.sendId);
    if (s) {
      g.statistics = {
        status: s.status === "ok" || s.status === "below_threshold" ? s.status : "unavailable",
        opened: s.uniqueImpression,
        clicked: s.uniqueClick,
        fetchedAt: s.fetchedAt.toISOString(),
        error: s.error,
      };
    } else if (unit) g.statistics = { status: g.sent < STATISTICS_MIN_RECIPIENTS && g.pending === 0 && g.skipped.quietHours === 0 ? "below_threshold" : "waiting", opened: null, clicked: null, fetchedAt: null, error: null };
    // A message to one resident, or any send to fewer than 20: LINE would give nothing.
    else if (g.channel === "direct" || (g.sent > 0 && g.sent < STATISTICS_MIN_RECIPIENTS)) g.statistics = { ...g.statistics, status: "below_threshold" };
    out.push(g);
  }
  return out.sort((a, b) => (a.createdAt < b.createdAt ? 1 : -1));
}

function addProblem(g: TSendReport, status: TSendReport["problems"][number]["status"], reason: string, recipients: number) {
  const same = g.problems.find((p) => p.status === status && p.reason === reason);
  if (same) same.recipients += recipients;
  else g.problems.push({ status, reason, recipients });
}

export const ZWeeklyBlocks = z.object({
  /** Monday of the week (Asia/Tokyo), YYYY-MM-DD. */
  week: z.string(),
  /** Residents who blocked the account that week (and have not come back). */
  blocked: z.number(),
  /** Of them, within 24 h after a message from the city. */
  afterSend: z.number(),
});
export type TWeeklyBlocks = z.infer<typeof ZWeeklyBlocks>;

/**
 * Blocks per week over the last `weeks` weeks, and how many followed a send within 24 h. Only
 * residents who still block the account are counted: one who came back has no block on record.
 */
export async function weeklyBlocks(db: Db, weeks = 12, now = new Date()): Promise<TWeeklyBlocks[]> {
  const rows = await db.$queryRaw<{ week: string; blocked: number; afterSend: number }[]>`
    WITH weeks AS (
      SELECT generate_series(date_trunc('week', (${now}::timestamptz AT TIME ZONE 'Asia/Tokyo')) - make_interval(weeks => ${weeks - 1}),
                             date_trunc('week', (${now}::timestamptz AT TIME ZONE 'Asia/Tokyo')), interval '1 week') AS week
    ), blocks AS (
      SELECT r."id", date_trunc('week', r."unfollowedAt" AT TIME ZONE 'Asia/Tokyo') AS week,
        EXISTS (
          SELECT 1 FROM "Delivery" d WHERE d."status" = 'sent' AND d."sentAt" <= r."unfollowedAt"
            AND d."sentAt" > r."unfollowedAt" - make_interval(hours => ${UNFOLLOW_WINDOW_HOURS}) AND r."lineUserId" = ANY(d."lineUserIds")
        ) OR EXISTS (
          SELECT 1 FROM "OutboundMessage" o WHERE o."sendId" IS NOT NULL AND o."status" = 'sent' AND o."lineUserId" = r."lineUserId"
            AND o."sentAt" <= r."unfollowedAt" AND o."sentAt" > r."unfollowedAt" - make_interval(hours => ${UNFOLLOW_WINDOW_HOURS})
        ) AS "afterSend"
      FROM "Resident" r WHERE NOT r."reachable" AND r."unfollowedAt" IS NOT NULL
        AND r."unfollowedAt" >= (SELECT MIN(week) FROM weeks) AT TIME ZONE 'Asia/Tokyo'
    )
    SELECT to_char(w.week, 'YYYY-MM-DD') AS week, count(b."id")::int AS blocked, count(b."id") FILTER (WHERE b."afterSend")::int AS "afterSend"
    FROM weeks w LEFT JOIN blocks b ON b.week = w.week GROUP BY w.week ORDER BY w.week`;
  return rows;
}
