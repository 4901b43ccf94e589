import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { auditActionLabels, auditDetailLabels, auditDetails, auditActorLabel, auditTargetLabel } from "./auditLabels.ts";

/** Every .ts file under src, but tests and the generated client. */
function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === "generated" ? [] : sources(p);
    return e.name.endsWith(".ts") && !e.name.endsWith(".test.ts") ? [p] : [];
  });
}

const recorded = sources("src").map((f) => readFileSync(f, "utf8")).join("\n");

describe("The audit trail in Japanese", () => {
  it("When any action the code records is shown, then it has a Japanese label", () => {
    // `action: "x.y"`, also in `action: cond ? "a.b" : "c.d"`.
    const actions = new Set([...recorded.matchAll(/action: ([^,}\n]+)/g)].flatMap((m) => [...m[1]!.matchAll(/"([a-zA-Z]+\.[a-z_]+)"/g)].map((a) => a[1]!)));
    expect(actions.size).toBeGreaterThan(40);
    expect([...actions].filter((a) => !auditActionLabels[a])).toEqual([]);
  });

  it("When any detail the code records is shown, then its key has a Japanese label", () => {
    const keys = new Set<string>();
    for (const m of recorded.matchAll(/recordAudit\([^]*?detail: \{([^}]*)\}/g)) {
      for (const k of m[1]!.matchAll(/(?:^|,)\s*([a-zA-Z]+)(?=[:,]|\s*$)/g)) keys.add(k[1]!);
    }
    expect(keys.size).toBeGreaterThan(30);
    expect([...keys].filter((k) => !auditDetailLabels[k])).toEqual([]);
  });

  it("When details hold flags, times, roles and changed fields, then staff read words, not keys", () => {
    expect(auditDetails({ overBudget: false, manual: true, role: "viewer", changed: "title,closesAt", closesAt: "2026-12-05T09:00:00.000Z", resultsUrl: null })).toEqual([
      { key: "overBudget", label: "送信上限を超えた送信", value: "いいえ" },
      { key: "manual", label: "手動", value: "はい" },
      { key: "role", label: "権限", value: "閲覧のみ" },
      { key: "changed", label: "変更した項目", value: "タイトル、締切" },
      { key: "closesAt", label: "締切", value: "12月5日(土) 18:00" },
      { key: "resultsUrl", label: "結果のページ", value: "なし" },
    ]);
    expect(auditActorLabel("staff:tanaka")).toBe("職員 tanaka");
    expect(auditActorLabel("resident:ab12")).toBe("住民");
    expect(auditTargetLabel("round:7f0c")).toBe("意見募集");
    expect(auditTargetLabel("staff:suzuki")).toBe("職員 suzuki");
  });
});
