import { describe, expect, it } from "vitest";
import { budgetMonth, OverBudgetError } from "./messageBudget.ts";

describe("message budget", () => {
  it("When it is Dec 1 00:30 in Tokyo (still Nov 30 in UTC), then the budget month is December", () => {
    expect(budgetMonth(new Date("2026-11-30T15:30:00Z"))).toBe("2026-12");
  });
  it("When a send is refused, then staff read the limit, what is used and what this send costs", () => {
    const err = new OverBudgetError({ limit: 5000, used: 4990, cost: 20, remaining: 10, exceeds: true }, false);
    expect(err.status).toBe(409);
    expect(err.message).toContain("今月の上限 5000通");
    expect(err.message).toContain("使用済み 4990通");
    expect(err.message).toContain("今回 20通");
    expect(err.message).toContain("管理者の確認が必要です");
  });
});
