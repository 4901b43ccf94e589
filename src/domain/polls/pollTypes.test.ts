import { describe, expect, it } from "vitest";
import { ZPollExportQuery, ZPollInput } from "./pollTypes.ts";

const base = {
  title: "テスト",
  opensAt: "2026-12-01T00:00:00Z",
  closesAt: "2026-12-10T00:00:00Z",
  questions: [{ id: "q1", kind: "scale", text: "満足度" }],
};

describe("ZPollInput", () => {
  it("When a poll has no question, then it is refused with a Japanese message", () => {
    const r = ZPollInput.safeParse({ ...base, questions: [] });
    expect(r.success).toBe(false);
    expect(r.error!.issues.map((i) => i.message)).toContain("質問を1つ以上入れてください");
  });

  it("When the poll closes before it opens, then it is refused", () => {
    const r = ZPollInput.safeParse({ ...base, closesAt: "2026-11-30T00:00:00Z" });
    expect(r.error!.issues.map((i) => i.message)).toContain("締切は開始より後にしてください");
  });

  it("When a condition points at a later or a free-text question, or a choice value would clash with the done button, then it is refused", () => {
    const later = ZPollInput.safeParse({
      ...base,
      questions: [
        { id: "a", kind: "text", text: "a", when: { questionId: "b", in: ["x"] } },
        { id: "b", kind: "single", text: "b", choices: [{ value: "x", label: "X" }, { value: "y", label: "Y" }] },
      ],
    });
    expect(later.success).toBe(false);
    const typo = ZPollInput.safeParse({
      ...base,
      questions: [
        { id: "b", kind: "single", text: "b", choices: [{ value: "x", label: "X" }, { value: "y", label: "Y" }] },
        { id: "a", kind: "text", text: "a", when: { questionId: "b", in: ["z"] } },
      ],
    });
    expect(typo.error!.issues.map((i) => i.message)).toContain("条件の値は、その質問の選択肢から選んでください");
    const done = ZPollInput.safeParse({ ...base, questions: [{ id: "a", kind: "multiple", text: "a", choices: [{ value: "__done", label: "X" }, { value: "y", label: "Y" }] }] });
    expect(done.success).toBe(false);
  });
});

describe("ZPollExportQuery", () => {
  it("When the window is given as plain days, then they are Tokyo days and `to` includes its whole day", () => {
    const q = ZPollExportQuery.parse({ from: "2026-12-01", to: "2026-12-03" });
    expect(q.from!.toISOString()).toBe("2026-11-30T15:00:00.000Z");
    expect(q.to!.toISOString()).toBe("2026-12-03T15:00:00.000Z");
    expect(ZPollExportQuery.parse({ from: "2026-12-01T09:30:00+09:00" }).from!.toISOString()).toBe("2026-12-01T00:30:00.000Z");
    expect(ZPollExportQuery.safeParse({ from: "きのう" }).success).toBe(false);
    expect(ZPollExportQuery.safeParse({ from: "2026-12-03", to: "2026-12-01" }).success).toBe(false);
  });
});
