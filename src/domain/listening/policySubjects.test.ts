import { describe, expect, it } from "vitest";
import { normalizeText } from "./normalizeText.ts";
import { policySubjectsOf } from "./policySubjects.ts";

const subjectsOf = (text: string) => policySubjectsOf(normalizeText(text));

describe("policySubjectsOf", () => {
  it("When two comments on one sectoral plan ask about the same thing in different words, then they share its subject; when they ask about different things, they do not", () => {
    // No word in common between the first two, yet both are about how warnings reach residents.
    expect(subjectsOf("防災無線が雨の日は聞こえません")).toContain("@防災/情報伝達");
    expect(subjectsOf("エリアメールの避難指示が遅かった")).toContain("@防災/情報伝達");
    expect(subjectsOf("非常食と水を３日分は用意しておきたい")).toEqual(["@防災/家庭の備え"]);
    expect(subjectsOf("ＪＲとバスの乗り継ぎが悪い")).toContain("@交通/鉄道駅");
    expect(subjectsOf("ＪＲとバスの乗り継ぎが悪い")).not.toContain("@交通/運賃");
  });

  it("When a comment mentions no subject of any plan, then it gets none", () => {
    expect(subjectsOf("ありがとうございました")).toEqual([]);
  });
});
