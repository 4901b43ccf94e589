import { describe, expect, it } from "vitest";
import { redactPersonalDetails } from "./redactPersonalDetails.ts";

describe("redactPersonalDetails", () => {
  it("When a comment carries a name, phone, e-mail, postal code and address, then none of them is left and the opinion is", () => {
    const text = "私は山田太郎です。〒759-4101 長門市東深川１２３４番地に住んでいます。電話０９０－１２３４－５６７８、mail: taro.yamada@example.jp。鈴木さんも同じ意見です。バスの本数を増やしてください。";
    const out = redactPersonalDetails(text);
    for (const gone of ["山田", "太郎", "759", "1234", "090", "5678", "yamada", "example.jp", "鈴木"]) expect(out).not.toContain(gone);
    expect(out).toContain("バスの本数を増やしてください。");
  });
});
