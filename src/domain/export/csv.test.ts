import { describe, expect, it } from "vitest";
import { CSV_BOM, csvCell, csvLine, toCsv } from "./csv.ts";

describe("csv", () => {
  it("When rows are written, then the file starts with a BOM, every cell is quoted and lines end with CRLF", () => {
    const csv = toCsv(["受付番号", "地区"], [["E1-ABC", "長門"], ["E1-DEF", null]]);
    expect(csv).toBe('\uFEFF"受付番号","地区"\r\n"E1-ABC","長門"\r\n"E1-DEF",""\r\n');
    expect(CSV_BOM).toBe("\uFEFF");
    expect(csvLine(["a", 1, undefined])).toBe('"a","1",""\r\n');
  });

  it("When there are no rows, then the file is the BOM and the header line", () => {
    expect(toCsv(["a", "b"], [])).toBe('\uFEFF"a","b"\r\n');
  });

  it("When a cell starts like a formula (= + - @ tab CR), then it gets a leading ' and stays text", () => {
    const csv = toCsv(["a"], [["=HYPERLINK(\"x\")"], ["+1"], ["-2"], ["@SUM(A1)"], ["\tx"], ["\rx"], ["a=b"]]);
    const cells = csv.slice(1).split("\r\n").slice(1, -1);
    expect(cells).toEqual(['"\'=HYPERLINK(""x"")"', '"\'+1"', '"\'-2"', '"\'@SUM(A1)"', '"\'\tx"', '"\'\rx"', '"a=b"']);
    expect(csvCell("=cmd|' /C calc'!A0")).toBe(`"'=cmd|' /C calc'!A0"`);
    expect(csvCell('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    for (const start of ["+", "-", "@", "\t", "\r"]) expect(csvCell(`${start}1`)).toBe(`"'${start}1"`);
    expect(csvCell("ふつうの意見")).toBe(`"ふつうの意見"`);
    expect(csvCell(-1)).toBe(`"'-1"`);
  });

  it("When a cell holds quotes, commas and line breaks, then it is escaped inside its quotes", () => {
    expect(toCsv(["a"], [['say "hi", then\nbye']])).toBe('\uFEFF"a"\r\n"say ""hi"", then\nbye"\r\n');
    expect(csvCell('ベンチを"3台",\n増やして')).toBe('"ベンチを""3台"",\n増やして"');
  });

  it("When a cell is empty, null or undefined, then it is an empty quoted cell; a number is written as text", () => {
    expect(csvCell(null)).toBe('""');
    expect(csvCell(undefined)).toBe('""');
    expect(csvCell("")).toBe('""');
    expect(csvCell(2)).toBe('"2"');
  });
});
