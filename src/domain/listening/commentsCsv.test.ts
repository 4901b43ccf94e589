import { describe, expect, it } from "vitest";
import { CommentsCsvError, parseCommentsCsv } from "./commentsCsv.ts";

describe("parseCommentsCsv", () => {
  it("When the file has a BOM, quoted cells and attribute columns, then each comment keeps its id, body and attributes", () => {
    const csv = '\uFEFFcomment-id,age_band,comment-body,district\r\n1,30s,"バスを, 増やして\n""ほしい""",nagato\n2,,短い,\n';
    expect(parseCommentsCsv(csv)).toEqual([
      { id: "1", body: 'バスを, 増やして\n"ほしい"', attributes: { age_band: "30s", district: "nagato" } },
      { id: "2", body: "短い", attributes: { age_band: "", district: "" } },
    ]);
  });

  it.each([
    ["comment-id,text\n1,a\n", 1, "comment-body"],
    ["comment-id,comment-body\n1,a\n2,b,c\n", 3, "列の数"],
    ['comment-id,comment-body\n1,a\n2,"b\n3,c\n', 3, "閉じられていません"],
    ["comment-id,comment-body\n1,a\n1,b\n", 3, "2行目と同じ"],
    ["comment-id,comment-body\n1,a\n,b\n", 3, "comment-id が空"],
  ])("When the file is wrong (%j), then the error names line %i", (csv, line, reason) => {
    try {
      parseCommentsCsv(csv);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(CommentsCsvError);
      expect((e as CommentsCsvError).line).toBe(line);
      expect((e as Error).message).toContain(reason);
    }
  });

  it("When a byte is not UTF-8, then the error names its line", () => {
    const bytes = Buffer.concat([Buffer.from("comment-id,comment-body\n1,ok\n2,"), Buffer.from([0x82, 0xa0]), Buffer.from("\n")]);
    expect(() => parseCommentsCsv(bytes)).toThrow(/^3行目: UTF-8/);
  });
});
