// LINE counts one message per recipient of each push or multicast; a city on a paid plan sets a
// monthly budget (null = unlimited). The month is the calendar month in Asia/Tokyo.
import { type PrismaClient, type Prisma } from "../../generated/prisma/client.ts";
import { readSettings } from "../settings/SettingsService.ts";
import { startOfTokyoMonth } from "../tokyoTime.ts";

type Db = PrismaClient | Prisma.TransactionClient;

export type TBudgetCheck = { limit: number | null; used: number; cost: number; remaining: number | null; exceeds: boolean };


/** Messages recorded this month (sent or waiting to be sent), pushes included. */
export async function messagesUsedThisMonth(db: Db, now = new Date()): Promise<number> {
  const since = startOfTokyoMonth(now);
  const [multicast] = await db.$queryRaw<{ n: bigint | null }[]>`
    SELECT COALESCE(SUM(cardinality("lineUserIds")), 0)::bigint AS n FROM "Delivery"
    WHERE "createdAt" >= ${since} AND "status" <> 'failed'`;
  const pushes = await db.outboundMessage.count({ where: { createdAt: { gte: since }, status: { not: "failed" } } });
  return Number(multicast?.n ?? 0) + pushes;
}

/** What sending `cost` more messages would do to this month's budget. */
export async function checkBudget(db: Db, cost: number, now = new Date()): Promise<TBudgetCheck> {
  const { budget } = await readSettings(db);
  const used = await messagesUsedThisMonth(db, now);
  const remaining = budget.monthlyLimit === null ? null : Math.max(0, budget.monthlyLimit - used);
  return { limit: budget.monthlyLimit, used, cost, remaining, exceeds: remaining !== null && cost > remaining };
}
