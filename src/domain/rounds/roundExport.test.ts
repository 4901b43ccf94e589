import { describe, expect, it } from "vitest";
import { commentCsvHeaders, resultCsvRow } from "./roundExport.ts";

describe("round CSV", () => {
  it("When a viewer exports, then the headers have no name or address columns", () => {
    expect(commentCsvHeaders(true)).toContain("氏名");
    expect(commentCsvHeaders(false)).not.toContain("氏名");
    expect(commentCsvHeaders(false)).not.toContain("住所");
    expect(commentCsvHeaders(true).slice(0, 3)).toEqual(["受付番号", "章", "意見"]);
  });

  it("When a result row is written, then it holds the public text only", () => {
    expect(resultCsvRow({ receiptNumber: "R1-000001", sectionId: "s1", sectionTitle: "第1章", text: "公表文", groupId: null, groupTitle: null, response: "市の考え方" })).toBe(
      '"R1-000001","第1章","公表文","","市の考え方"\r\n',
    );
  });
});
