import { describe, expect, it } from "vitest";
import { normalizeText } from "./normalizeText.ts";
import { formatPlanSubjects, parsePlanSubjects, planSubjectsOf } from "./planSubjects.ts";

describe("parsePlanSubjects", () => {
  it("When staff type a line per chapter with its words, in full- or half-width punctuation and with notes, then each line is one subject with its words", () => {
    const parsed = parsePlanSubjects("# 離島の総合計画\n定期航路: 船、フェリー、高速船\n\n医療：病院, 診療所　医者\n");
    expect(parsed).toEqual({
      ok: true,
      subjects: [
        { name: "定期航路", words: ["船", "フェリー", "高速船"] },
        { name: "医療", words: ["病院", "診療所", "医者"] },
      ],
    });
    if (parsed.ok) expect(parsePlanSubjects(formatPlanSubjects(parsed.subjects))).toEqual(parsed);
  });

  it("When a line has no colon, no words or a name given twice, then the line is named with what to change", () => {
    expect(parsePlanSubjects("定期航路: 船\n医療 病院 診療所")).toEqual({ ok: false, line: 2, message: expect.stringContaining("コロン") });
    expect(parsePlanSubjects("医療:")).toEqual({ ok: false, line: 1, message: "「医療」の言葉がありません" });
    expect(parsePlanSubjects("医療: 病院\n# メモ\n医療: 医者")).toEqual({ ok: false, line: 3, message: "「医療」が二度あります" });
  });
});

describe("planSubjectsOf", () => {
  it("When a comment uses a word of a chapter in another width or spelling case, then it gets that chapter, and a comment using none gets nothing", () => {
    const subjects = [
      { name: "定期航路", words: ["フェリー", "高速船"] },
      { name: "医療", words: ["診療所", "ＰＣＲ"] },
    ];
    const texts = ["ﾌｪﾘｰの最終便を遅くして", "診療所の先生が週に一度しか来ない", "pcr検査を島で受けたい", "ありがとうございました"].map(normalizeText);
    expect(planSubjectsOf(texts, subjects)).toEqual([["@plan/定期航路"], ["@plan/医療"], ["@plan/医療"], []]);
  });
});
