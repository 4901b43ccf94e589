import { describe, expect, it } from "vitest";
import { toCsv } from "./toCsv.ts";

describe("toCsv", () => {
  it("When rows are written, then the file starts with a BOM, every cell is quoted and lines end with CRLF", () => {
    const csv = toCsv(["受付番号", "地区"], [["E1-ABC", "長門"], ["E1-DEF", null]]);
    expect(csv).toBe('\uFEFF"受付番号","地区"\r\n"E1-ABC","長門"\r\n"E1-DEF",""\r\n');
  });

  it("When a cell starts like a formula (= + - @ tab CR), then it gets a leading ' and stays text", () => {
    const csv = toCsv(["a"], [["=HYPERLINK(\"x\")"], ["+1"], ["-2"], ["@SUM(A1)"], ["\tx"], ["\rx"], ["a=b"]]);
    const cells = csv.slice(1).split("\r\n").slice(1, -1);
    expect(cells).toEqual(['"\'=HYPERLINK(""x"")"', '"\'+1"', '"\'-2"', '"\'@SUM(A1)"', '"\'\tx"', '"\'\rx"', '"a=b"']);
  });

  it("When a cell holds quotes, commas and line breaks, then it is escaped inside its quotes", () => {
    expect(toCsv(["a"], [['say "hi", then\nbye']])).toBe('\uFEFF"a"\r\n"say ""hi"", then\nbye"\r\n');
  });
});
