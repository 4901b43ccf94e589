import { describe, expect, it } from "vitest";
import { ZCommentQuery, ZRoundInput } from "./roundTypes.ts";
import { roundStatus } from "./roundStatus.ts";
import { parseReceipt, receiptNumber } from "./receiptNumber.ts";

const base = { title: "素案", summary: "概要", documentUrl: "https://example.jp/a.pdf", opensAt: "2026-12-01T00:00:00Z", closesAt: "2026-12-20T00:00:00Z" };

describe("round inputs", () => {
  it("When the closing is before the opening, then the input is refused with the Japanese message on closesAt", () => {
    const r = ZRoundInput.safeParse({ ...base, closesAt: "2026-11-30T00:00:00Z" });
    expect(r.success).toBe(false);
    expect(r.error!.issues).toContainEqual(expect.objectContaining({ path: ["closesAt"], message: "締切は開始より後にしてください" }));
  });

  it("When a section uses the id of 「全体について」, then the input is refused", () => {
    expect(ZRoundInput.safeParse({ ...base, sections: [{ id: "general", title: "全体" }] }).success).toBe(false);
    expect(ZRoundInput.parse({ ...base, sections: [{ id: "s1", title: "第1章" }] }).identity).toBe("anonymous");
  });

  it("When a comment query says includeWithdrawn=false, then it is false (not a truthy string); a plain date is a Tokyo day", () => {
    expect(ZCommentQuery.parse({ includeWithdrawn: "false" }).includeWithdrawn).toBe(false);
    expect(ZCommentQuery.parse({ includeWithdrawn: "true" }).includeWithdrawn).toBe(true);
    expect(ZCommentQuery.parse({}).includeWithdrawn).toBe(false);
    const q = ZCommentQuery.parse({ from: "2026-12-01", to: "2026-12-01" });
    expect(q.from!.toISOString()).toBe("2026-11-30T15:00:00.000Z");
    expect(q.to!.toISOString()).toBe("2026-12-01T15:00:00.000Z");
    expect(ZCommentQuery.safeParse({ from: "2026-12-02", to: "2026-12-01" }).success).toBe(false);
    expect(ZCommentQuery.safeParse({ from: "someday" }).success).toBe(false);
  });
});

describe("roundStatus", () => {
  const times = { opensAt: new Date("2026-12-01T00:00:00Z"), closesAt: new Date("2026-12-20T00:00:00Z"), closedAt: null, publishedAt: null };
  it("When the closing moment has passed by a second, then the round is closed even before the closing job ran", () => {
    expect(roundStatus(times, new Date("2026-11-30T23:59:59Z"))).toBe("scheduled");
    expect(roundStatus(times, new Date("2026-12-01T00:00:00Z"))).toBe("open");
    expect(roundStatus(times, new Date("2026-12-19T23:59:59Z"))).toBe("open");
    expect(roundStatus(times, new Date("2026-12-20T00:00:01Z"))).toBe("closed");
    expect(roundStatus({ ...times, closedAt: new Date("2026-12-10T00:00:00Z") }, new Date("2026-12-10T00:00:01Z"))).toBe("closed");
    expect(roundStatus({ ...times, publishedAt: new Date("2026-12-25T00:00:00Z") }, new Date("2026-12-26T00:00:00Z"))).toBe("published");
  });
});

describe("receipt numbers", () => {
  it("When a receipt is picked, then it is R<round>-<6 digits> and not one already taken", async () => {
    const taken = new Set<string>();
    for (let i = 0; i < 50; i++) {
      const r = await receiptNumber(3, async (x) => taken.has(x));
      expect(r).toMatch(/^R3-\d{6}$/);
      expect(taken.has(r)).toBe(false);
      taken.add(r);
    }
  });

  it("When a receipt comes typed in another width or case, then it is normalised; anything else is refused", () => {
    expect(parseReceipt("ｒ３－０００１２３")).toBe("R3-000123");
    expect(parseReceipt("r3-000123")).toBe("R3-000123");
    expect(parseReceipt("Ｒ３-０００１２３")).toBe("R3-000123");
    expect(parseReceipt("R3-123")).toBeUndefined();
    expect(parseReceipt(undefined)).toBeUndefined();
  });
});
