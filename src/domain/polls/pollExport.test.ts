import { describe, expect, it } from "vitest";
import { csvHeaders, csvRow, jsonRow } from "./pollExport.ts";
import { ZPollQuestion } from "./pollTypes.ts";
import { type TProfileLabels } from "./profileLabels.ts";

const lbl = (pairs: [string, string][]): TProfileLabels => ({ order: pairs.map((p) => p[0]), label: (v) => (v ? (new Map(pairs).get(v) ?? v) : "未登録") });
const labels = { ageBands: lbl([["20s", "20代"]]), districts: lbl([["nagato", "長門"]]) };
const questions = [
  ZPollQuestion.parse({ id: "do", kind: "multiple", text: "すること\n（複数）", choices: [{ value: "walk", label: "散歩" }, { value: "read", label: "読書" }] }),
  ZPollQuestion.parse({ id: "note", kind: "text", text: "ひとこと" }),
];

describe("poll export rows", () => {
  it("When a response is a row, then several choices are labels joined by 、, times are Tokyo, and removed questions get their own column", () => {
    const columns = { questions, removedIds: ["old"] };
    expect(csvHeaders(columns)).toEqual(["回答ID", "回答日時", "初回回答日時", "アンケートの版", "年代", "地区", "問1 すること （複数）", "問2 ひとこと", "削除された質問（old）"]);
    const row = { id: "r1", answeredAt: new Date("2026-12-01T15:30:00Z"), firstAnsweredAt: new Date("2026-12-01T01:00:00Z"), pollVersion: 2, ageBand: "20s", district: null, answers: { do: ["read", "walk"], note: "-1点", old: "x" } };
    expect(csvRow(row, columns, labels)).toBe('"r1","2026-12-02 00:30","2026-12-01 10:00","2","20代","","読書、散歩","\'-1点","x"\r\n');
    expect(jsonRow(row, columns, labels)).toMatchObject({ ageBandLabel: "20代", district: null, districtLabel: null, answers: { do: ["read", "walk"] }, answerLabels: { do: "読書、散歩", note: "-1点" } });
  });
});
