import { describe, expect, it } from "vitest";
import { findDuplicates } from "./findDuplicates.ts";

describe("findDuplicates", () => {
  it("When comments are a template with small edits, the same text in other widths, or merely on the same subject, then only the first two kinds are grouped", () => {
    const texts = [
      "中央公園の再整備計画で、樹齢五十年を超える桜を伐採する案に反対します。一度切った木は元に戻りません。",
      "長門地区に住む者です。中央公園の再整備計画で、樹齢50年以上の桜を伐採する案に強く反対します。一度切った木は元に戻りません。",
      "中央公園の桜の木は残してほしいです。子どもの頃から見てきた大切な景色です。",
      "ＪＲの駅にエレベーターがなく、足の悪い母を連れて乗るのが大変です。",
      "JRの駅にエレベーターがなく、足の悪い母を連れて乗るのが大変です",
      "賛成です",
      "反対です",
    ];
    expect(findDuplicates(texts).sort()).toEqual([
      [0, 1],
      [3, 4],
    ]);
  });
});
