import { describe, expect, it } from "vitest";
import { normalizeText } from "./normalizeText.ts";
import { policySubjectsOf, roundSubjectsOf } from "./policySubjects.ts";

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

  it("When comments on a plan about one group of residents or one kind of property ask about different things, then they get different subjects", () => {
    expect(subjectsOf("隣の空き家の瓦が落ちそうで、台風のたびに怖いです")).toContain("@空き家/倒壊危険");
    expect(subjectsOf("親が亡くなって実家を相続したが、遠方に住んでいて管理できない")).toEqual(expect.arrayContaining(["@空き家/所有者相続", "@空き家/予防終活"]));
    expect(subjectsOf("病院で言葉が通じなくて困りました。通訳がほしいです")).toContain("@多文化共生/多言語情報");
    expect(subjectsOf("外国人というだけでアパートの入居を断られました")).toEqual(expect.arrayContaining(["@多文化共生/住まい", "@多文化共生/差別偏見"]));
    expect(subjectsOf("共働きなのに家事はほとんど妻がやっています")).toContain("@男女共同参画/家事育児");
    expect(subjectsOf("自治会長も役員もおじさんばかりで、女性の視点がない")).toContain("@男女共同参画/意思決定");
  });

  it("When a comment mentions no subject of any plan, then it gets none", () => {
    expect(subjectsOf("ありがとうございました")).toEqual([]);
  });

  it("When most of a round is about one plan's area, then its subjects count and another area's, mentioned by one comment, do not", () => {
    const round = ["防災無線が聞こえない", "避難所が遠い", "非常食の備蓄を", "堤防が低い", "防災訓練に若い人が来ない", "ＪＲとバスの乗り継ぎが悪い"].map(normalizeText);
    const subjects = roundSubjectsOf(round, 0.3);
    expect(subjects[0]).toContain("@防災/情報伝達");
    expect(subjects[1]).toContain("@防災/避難所");
    expect(subjects[5]).toEqual([]);
  });

  it("When a round is on the whole plan and no area's subjects reach the share, then no subject counts", () => {
    const round = ["防災無線が聞こえない", "ＪＲとバスの乗り継ぎが悪い", "保育園に入れない", "ごみの分別の表を配って", "図書館の本を増やして"].map(normalizeText);
    expect(roundSubjectsOf(round, 0.3)).toEqual([[], [], [], [], []]);
  });
});
