import { describe, expect, it } from "vitest";
import { toCsv } from "./csv.ts";

describe("toCsv", () => {
  it("When rows are written, then the file has a BOM, CRLF line ends and every cell quoted", () => {
    const csv = toCsv(["名前", "数"], [["海岸清掃", 3], [null, true]]);
    expect(csv).toBe('\uFEFF"名前","数"\r\n"海岸清掃","3"\r\n"","true"\r\n');
  });

  it("When a cell starts like a formula or holds quotes and line breaks, then it stays text", () => {
    const csv = toCsv(["x"], [["=HYPERLINK(\"http://x\")"], ["+1"], ["-2"], ["@a"], ["a,\"b\"\r\nc"]]);
    expect(csv.split("\r\n").slice(1, 5)).toEqual(['"\'=HYPERLINK(""http://x"")"', '"\'+1"', '"\'-2"', '"\'@a"']);
    expect(csv).toContain('"a,""b""\r\nc"');
  });
});
