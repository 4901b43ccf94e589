import { beforeAll, describe, expect, it } from "vitest";
import { loadJapaneseTokenizer, type TTokenize } from "../japaneseTokenizer.ts";
import { addReadings } from "./addReadings.ts";
import { checkPlainJapanese } from "./checkPlainJapanese.ts";
import { plainnessFigures } from "./plainnessFigures.ts";
import { plainRuleIds, type TPlainRule } from "./plainRules.ts";

let tokenize: TTokenize;
beforeAll(async () => {
  tokenize = await loadJapaneseTokenizer();
});

const rulesOf = (text: string) => checkPlainJapanese(text, tokenize).map((f) => f.rule);

// Each sentence breaks one rule; the test asserts that rule is among the flags.
const breaking: [TPlainRule, string, string][] = [
  ["sentence-length", "このたび市では地域の公園の使い方について広く皆さんからご意見をお聞きするためにアンケートを行うことになりました。", "このたび市では"],
  ["kanji-run", "個人情報保護方針をお読みください。", "個人情報保護方針"],
  ["kanji-share", "市民活動推進課主催、地域防災訓練実施予定日程一覧表配布中です。", "市民活動推進課"],
  ["katakana-loanword", "ワークショップに来てください。", "ワークショップ"],
  ["double-negative", "参加できないわけではありません。", "ないわけではありません"],
  ["double-negative", "名前を書かなければなりません。", "なければなりません"],
  ["passive", "式は市長によって行われます。", "行われ"],
  ["passive", "説明会が開催されます。", "開催され"],
  ["causative", "子どもに参加させてください。", "参加させ"],
  ["over-polite", "ご案内申し上げます。", "申し上げ"],
  ["over-polite", "お待ちしております。", "おり"],
  ["over-polite", "ご覧くださいませ。", "くださいませ"],
  ["hard-word", "書類を至急提出してください。", "提出"],
  ["hard-word", "本日は休みです。", "本日"],
  ["ambiguous-date", "12/9に来てください。", "12/9"],
  ["ambiguous-date", "12月9日に来てください。", "12月9日"],
  ["ambiguous-date", "ごご 18:00に来てください。", "18:00"],
  ["ambiguous-date", "6時に来てください。", "6時"],
  ["ambiguous-date", "令和8年に始まります。", "令和8年"],
  ["ambiguous-number", "数名を選びます。", "数名"],
  ["ambiguous-number", "18歳以上の人が来られます。", "以上"],
];

// Plain sentences in やさしい日本語 that break nothing.
const clean = [
  "あした、 こうえんで おまつりが あります。",
  "12月9日（水） ごご 6じに 来て ください。",
  "わからない ときは 「メニュー」と 送って ください。",
  "ボランティア（てつだう 人）を さがして います。 ボランティアは だれでも できます。",
  "あなたの 名前を 書いて ください。",
  "ありがとう ございました。",
  "市役所に 行きます。",
  "行けない ときは、 やめても いいです。",
  "https://example.jp/a/b/c/d/e/f/g/h/i/j/k/l/m/n/o/p/q/r/s/t/u/v/w/x/y/z に くわしく 書いて あります。",
];

describe("checkPlainJapanese", () => {
  it.each(breaking)("When a sentence breaks %s, then it is flagged with an explanation and a suggestion", (rule, sentence, excerpt) => {
    const all = checkPlainJapanese(sentence, tokenize);
    const flag = all.find((f) => f.rule === rule && sentence.slice(f.start, f.end).includes(excerpt));
    expect(flag, JSON.stringify(all)).toBeDefined();
    expect(flag!.excerpt).toContain(excerpt.slice(0, 6));
    expect(flag!.explanation.length).toBeGreaterThan(5);
    expect(flag!.suggestion.length).toBeGreaterThan(5);
  });

  it("When every rule has a breaking sentence, then no rule goes untested", () => {
    expect(new Set(breaking.map(([rule]) => rule))).toEqual(new Set(plainRuleIds));
  });

  it.each(clean)("When a sentence is plain (%s), then nothing is flagged", (sentence) => {
    expect(checkPlainJapanese(sentence, tokenize)).toEqual([]);
  });

  it("When a single negative or かもしれません is used, then it is not a double negative", () => {
    expect(rulesOf("行けないかもしれません。")).not.toContain("double-negative");
    expect(rulesOf("できなくて、すみません。")).not.toContain("double-negative");
    expect(rulesOf("ありません。")).not.toContain("double-negative");
  });

  it("When a kanji run carries its reading, then it is not flagged as a run", () => {
    expect(rulesOf("個人情報（こじんじょうほう）を まもります。")).not.toContain("kanji-run");
  });

  it("When a placeholder or a URL is in the text, then it is not read as prose", () => {
    expect(checkPlainJapanese("{{answers.veryLongAnswerNameThatWouldBeLong}} を 送りました。", tokenize)).toEqual([]);
  });
});

describe("addReadings", () => {
  it("When kanji have no reading, then a reading in hiragana follows each kanji word", () => {
    expect(addReadings("市役所に行きます", tokenize)).toBe("市役所（しやくしょ）に行（い）きます");
    expect(addReadings("取り扱い", tokenize)).toBe("取（と）り扱（あつか）い");
    expect(addReadings("12月9日に2人", tokenize)).toBe("12月（がつ）9日（ここのか）に2人（ふたり）");
  });

  it("When a word already has its reading or is inside brackets, then it is left as written", () => {
    expect(addReadings("漢字（かんじ）と 12月9日（水）", tokenize)).toBe("漢字（かんじ）と 12月（がつ）9日（水）");
  });
});

describe("plainnessFigures", () => {
  it("When texts are measured, then sentences are counted without spaces and kanji share is of Japanese letters", () => {
    const f = plainnessFigures(["市役所に行く。", "あした 行く。"]);
    expect(f.sentences).toBe(2);
    expect(f.meanSentenceLength).toBeCloseTo((7 + 6) / 2);
    expect(f.kanjiShare).toBeCloseTo(5 / 11);
  });
});
