import { describe, expect, it } from "vitest";
import { computePollResults, type TResponseRow } from "./pollResults.ts";
import { ZPollQuestion } from "./pollTypes.ts";
import { type TProfileLabels } from "./profileLabels.ts";

const labels = (pairs: [string, string][]): TProfileLabels => {
  const m = new Map(pairs);
  return { order: [...m.keys()], label: (v) => (v ? (m.get(v) ?? v) : "未登録") };
};
const ageBands = labels([["20s", "20代"], ["30s", "30代"]]);
const districts = labels([["nagato", "長門"], ["misumi", "三隅"]]);

const questions = [
  ZPollQuestion.parse({ id: "fav", kind: "single", text: "好きな季節", choices: [{ value: "spring", label: "春" }, { value: "autumn", label: "秋" }] }),
  ZPollQuestion.parse({ id: "do", kind: "multiple", text: "すること", choices: [{ value: "walk", label: "散歩" }, { value: "read", label: "読書" }] }),
  ZPollQuestion.parse({ id: "score", kind: "scale", text: "満足度" }),
  ZPollQuestion.parse({ id: "note", kind: "text", text: "ひとこと" }),
];

const at = (n: number) => new Date(Date.UTC(2026, 11, 1, 0, n));
function rows(): TResponseRow[] {
  const out: TResponseRow[] = [];
  // 6 in 長門 (20代), 3 in 三隅 (30代), one without a profile.
  for (let i = 0; i < 6; i++) out.push({ answers: { fav: i < 4 ? "spring" : "autumn", do: i < 3 ? ["walk", "read"] : ["walk"], score: 5, note: `長門${i}` }, ageBand: "20s", district: "nagato", answeredAt: at(i) });
  for (let i = 0; i < 3; i++) out.push({ answers: { fav: "autumn", do: ["read"], score: 2 }, ageBand: "30s", district: "misumi", answeredAt: at(10 + i) });
  out.push({ answers: { fav: "winter", score: 3 }, ageBand: null, district: null, answeredAt: at(20) });
  return out;
}

describe("computePollResults", () => {
  const results = computePollResults({ pollId: "p", questions, rows: rows(), audienceSize: 40, ageBands, districts, includeTexts: true });
  const q = (id: string) => results.questions.find((x) => x.id === id)!;

  it("When responses are counted, then each option has its count and percentage of those who answered, and participation is against the audience", () => {
    expect(results.responseCount).toBe(10);
    expect(results.participationRate).toBe(0.25);
    expect(q("fav").answered).toBe(10);
    expect(q("fav").options).toEqual([
      { value: "spring", label: "春", count: 4, percent: 40 },
      { value: "autumn", label: "秋", count: 5, percent: 50 },
      { value: "winter", label: "winter（旧版の選択肢）", count: 1, percent: 10 },
    ]);
    expect(q("do").answered).toBe(9);
    expect(q("do").options).toEqual([
      { value: "walk", label: "散歩", count: 6, percent: 66.7 },
      { value: "read", label: "読書", count: 6, percent: 66.7 },
    ]);
    expect(q("score").options.map((o) => [o.value, o.count])).toEqual([["1", 0], ["2", 3], ["3", 1], ["4", 0], ["5", 6]]);
  });

  it("When a group has fewer than 5 respondents, then it is not shown on its own", () => {
    // fav: 長門 6 shown; 三隅 3 + 未登録 1 = 4 is too few, so 長門 joins them.
    expect(q("fav").byDistrict.map((g) => [g.label, g.answered])).toEqual([["その他（少数のため非表示）", 10]]);
    expect(q("fav").suppressedGroups).toBe(6);
    // do: 長門 6, 三隅 3 → 3 alone is too few, so 長門 joins it.
    expect(q("do").byAgeBand.map((g) => g.label)).toEqual(["その他（少数のため非表示）"]);
    // note: only 長門 answered, 6 of them: shown.
    expect(q("note").byDistrict).toEqual([{ group: "nagato", label: "長門", answered: 6, options: {} }]);
    expect(q("note").suppressedGroups).toBe(0);
  });

  it("When groups are large enough, then they are shown in onboarding order with their counts", () => {
    const unregistered = rows()[9]!;
    const many = [...rows(), ...rows().slice(6, 9), unregistered, unregistered, unregistered, unregistered];
    const r = computePollResults({ pollId: "p", questions, rows: many, audienceSize: 0, ageBands, districts, includeTexts: false });
    const score = r.questions.find((x) => x.id === "score")!;
    expect(score.byDistrict).toEqual([
      { group: "nagato", label: "長門", answered: 6, options: { "5": 6 } },
      { group: "misumi", label: "三隅", answered: 6, options: { "2": 6 } },
      { group: "none", label: "未登録", answered: 5, options: { "3": 5 } },
    ]);
    expect(score.suppressedGroups).toBe(0);
    expect(r.participationRate).toBeNull();
  });

  it("When texts are included, then they are newest first; for viewers they are left out", () => {
    expect(q("note").texts).toEqual(["長門5", "長門4", "長門3", "長門2", "長門1", "長門0"]);
    const forViewer = computePollResults({ pollId: "p", questions, rows: rows(), audienceSize: 40, ageBands, districts, includeTexts: false });
    expect(forViewer.questions.find((x) => x.id === "note")!.texts).toBeUndefined();
  });
});
