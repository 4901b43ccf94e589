import { describe, expect, it } from "vitest";
import { openDataCsv, publicationCsv } from "./publicationFiles.ts";

describe("publication files", () => {
  it("When the results table is built, then it starts with the round's facts and has a row per theme with summary, count, response and 修正の有無", () => {
    const csv = publicationCsv({ title: "総合計画（案）", period: "2026/11/01 〜 2026/11/30", publishedOn: "2026/12/10", submitters: 12, opinions: 20, groups: [{ title: "公共交通", summary: "増便を求める", response: "検討します", revised: true, count: 15 }], ungrouped: 5 });
    expect(csv.startsWith("\uFEFF")).toBe(true);
    expect(csv).toContain('"意見提出者数","12人"');
    expect(csv).toContain('"1","公共交通","増便を求める","15","検討します","有"');
    expect(csv).toContain('"（まとまりに入っていない意見）","","5"');
  });

  it("When open data is written, then an attribute value fewer than five commenters share is blank", () => {
    const rows = Array.from({ length: 7 }, (_, i) => ({ id: `R${i}`, body: i === 0 ? "=SUM(A1)" : `意見${i}`, attributes: { district: i < 5 ? "長門" : "油谷" } }));
    const csv = openDataCsv(rows, ["district"]);
    expect(csv.startsWith("\uFEFF")).toBe(true);
    const lines = csv.slice(1).split("\r\n");
    expect(lines[0]).toBe('"comment-id","comment-body","district"');
    expect(lines[1]).toBe(`"R0","'=SUM(A1)","長門"`);
    expect(lines[6]).toBe('"R5","意見5",""');
  });
});
