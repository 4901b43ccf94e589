// LINE counts one message per recipient of each push or multicast; a city on a paid plan sets a
// monthly budget (null = unlimited). The month is the calendar month in Asia/Tokyo.
//
// Staff sends are checked in the transaction that records them (assertWithinBudget, every staff
// send: events, polls, rounds, volunteer invitations); scheduled system
// messages (reminders) are never held back by the budget, but they are recorded like every other
// delivery and so count towards it.
import { type PrismaClient, type Prisma } from "../../generated/prisma/client.ts";
import { AppError } from "../../errors.ts";
import { recordAudit } from "../recordAudit.ts";
import { readSettings } from "../settings/SettingsService.ts";
import { actorName, hasRole, type TStaffActor } from "../staff/staffTypes.ts";
import { startOfTokyoMonth, tokyoMonthKey } from "../../tokyoTime.ts";

type Db = PrismaClient | Prisma.TransactionClient;

export type { TBudgetCheck } from "./budgetTypes.ts";
import { type TBudgetCheck } from "./budgetTypes.ts";

/** Any fixed number: the key of the advisory lock that makes budget checks of concurrent sends take turns. */
const BUDGET_LOCK_KEY = 7_305_118;

/** Messages recorded this month (sent or waiting to be sent; not those that failed or expired unsent), pushes included. */
export async function messagesUsedThisMonth(db: Db, now = new Date()): Promise<number> {
  const since = startOfTokyoMonth(now);
  const [multicast] = await db.$queryRaw<{ n: bigint | null }[]>`
    SELECT COALESCE(SUM(cardinality("lineUserIds")), 0)::bigint AS n FROM "Delivery"
    WHERE "createdAt" >= ${since} AND "status" NOT IN ('failed', 'expired')`;
  // One-to-one messages: the pushes made, and one for each waiting to go without a reply token.
  // (Replies are free.)
  const [oneToOne] = await db.$queryRaw<{ n: bigint | null }[]>`
    SELECT COALESCE(SUM(CASE WHEN "status" = 'pending' AND "replyToken" IS NULL THEN 1 ELSE "pushes" END), 0)::bigint AS n
    FROM "OutboundMessage" WHERE "createdAt" >= ${since} AND "status" IN ('pending', 'sent')`;
  return Number(multicast?.n ?? 0) + Number(oneToOne?.n ?? 0);
}

/** What sending `cost` more messages would do to this month's budget. */
export async function checkBudget(db: Db, cost: number, now = new Date()): Promise<TBudgetCheck> {
  // Inside a transaction, checks take turns until it commits: two sends at once cannot both fit
  // the last of the budget. (On a plain client a transaction lock would end at once: no lock.)
  if (!("$transaction" in db)) await db.$executeRaw`SELECT pg_advisory_xact_lock(${BUDGET_LOCK_KEY}::bigint)`;
  const { budget } = await readSettings(db);
  const used = await messagesUsedThisMonth(db, now);
  const remaining = budget.monthlyLimit === null ? null : Math.max(0, budget.monthlyLimit - used);
  return { limit: budget.monthlyLimit, used, cost, remaining, exceeds: remaining !== null && cost > remaining };
}

/** "2026-12": the Tokyo calendar month the budget is counted in. */
export function budgetMonth(now = new Date()): string {
  return tokyoMonthKey(now);
}

/**
 * A staff send over the month's budget: refused (409) unless an administrator confirms. The admin
 * API answers it as 409 `{ error, budget }`: the console reads the budget from there to show the
 * cost and offer an administrator to confirm. The only over-budget error.
 */
export class OverBudgetError extends AppError {
  constructor(readonly budget: TBudgetCheck, isAdmin: boolean) {
    super(
      `今月の送信上限を超えるため送信できません（今月の上限 ${budget.limit ?? "なし"}通、使用済み ${budget.used}通、今回 ${budget.cost}通）。` +
        (isAdmin ? "上限を超えて送る場合は、確認のうえもう一度送信してください。" : "上限を超えて送るには管理者の確認が必要です。"),
      409,
    );
  }
}

export type TBudgetGuardOptions = {
  /** What is being sent ("poll.announce:<id>"), for the audit trail. */
  purpose?: string;
  now?: Date;
};

/**
 * Before a staff-triggered send of `cost` messages: passes within the budget; over it, passes only
 * for an administrator who confirmed (recorded as budget.exceeded_confirmed), else throws
 * OverBudgetError. Call it inside the transaction that records the send: concurrent sends then take
 * turns (advisory lock), so two sends that each fit cannot together overshoot the budget.
 */
export async function assertWithinBudget(db: Db, cost: number, staff: TStaffActor, confirmOverBudget = false, options: TBudgetGuardOptions = {}): Promise<TBudgetCheck> {
  const now = options.now ?? new Date();
  const check = await checkBudget(db, cost, now);
  if (!check.exceeds) return check;
  const isAdmin = hasRole(staff.role, "admin");
  if (!(isAdmin && confirmOverBudget)) throw new OverBudgetError(check, isAdmin);
  await recordAudit(db, {
    actor: actorName(staff),
    action: "budget.exceeded_confirmed",
    target: options.purpose ?? `budget:${budgetMonth(now)}`,
    detail: { month: budgetMonth(now), limit: check.limit, used: check.used, cost: check.cost },
  });
  return check;
}
