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

  it("When a campaign's senders each reword a part of the template, then the campaign is still one group, and comments merely on the same subject stay apart", () => {
    // Each sender rewords one part of what an earlier one sent: the first and the last share little.
    const texts = [
      "学校統合で閉校になる南小学校を、指定避難所として残してください。地区の避難所がなくなると、高齢者は隣の地区の中学校まで３キロ歩かなければなりません。",
      "南地区に住む者です。学校統合で閉校になる南小学校を、指定避難所として残してください。ここがなくなれば、高齢者は隣の地区の中学校まで３キロ歩かなければなりません。",
      "南地区に住む者です。統合により廃校となる南小学校を、指定避難所として残してください。ここがなくなれば、高齢者は隣の地区の中学校まで３キロ歩かなければなりません。",
      "南地区に住む者です。統合により廃校となる南小学校を引き続き指定避難所にしてください。ここがなくなれば、お年寄りは３キロ先の中学校まで歩くことになります。",
      "避難所になっている体育館に冷房がありません。夏の災害のときに高齢者が熱中症になるのが心配です。",
      "指定避難所の場所を知らない人が多いと思います。地区ごとに案内の看板を増やしてください。",
      "小学校の体育館が避難所ですが、地区の高齢者には遠すぎます。近くの集会所も避難所にしてください。",
    ];
    expect(findDuplicates(texts)).toEqual([[0, 1, 2, 3]]);
  });

  it("When each sender rewrites half of what an earlier one sent, then the campaign is still one group, and other comments on the same facility stay apart", () => {
    // The last shares a third of its 3-grams with the one before it and almost nothing with the first.
    const texts = [
      "東小学校の跡地に図書館の分館を作ってください。放課後に子どもが歩いて行ける場所が地区にありません。",
      "閉校する東小学校の跡地に図書館の分館を作ってください。放課後の子どもの居場所が東地区にはないのです。",
      "閉校する東小の跡地を図書館の分館にしてほしい。放課後の子どもの居場所が東地区にはないのです。",
      "閉校する東小の跡地を図書館の分館にしてほしい。本を借りるのにバスで40分かかります。",
      "図書館の開館時間を夜まで延ばしてください。仕事帰りに寄れません。",
      "東地区の公民館が古くて雨漏りしています。早く直してください。",
    ];
    expect(findDuplicates(texts)).toEqual([[0, 1, 2, 3]]);
  });

  it("When a campaign's senders each pick one version of every part of the template, then one who shares only one part with each other sender is in the campaign, and a resident quoting one part in a comment of their own is not", () => {
    // Four parts (who I am, why, what to do, a closing line), each in up to three versions.
    const who = ["東町で三十年暮らしている者です。", "小学生と保育園の子どもを育てています。", "毎週水泳教室に通う孫の祖父です。"];
    const why = ["市民プールは夏休みの子どもたちが安心して泳げる市内でただ一つの場所です。", "", "プールがなくなれば川で泳ぐ子が出て危ないです。"];
    const ask = ["市民プールの廃止を計画から外してください。", "", "修繕の費用を予算に盛り込み、来年も開けてください。"];
    const close = ["夏の楽しみを奪わないでください。", "同じ考えの親はたくさんいます。", "署名も集めています。"];
    const sent = (a: number, b: number, c: number, d: number) => who[a]! + why[b]! + ask[c]! + close[d]!;
    const texts = [
      sent(0, 0, 0, 0), sent(1, 0, 0, 0), sent(1, 0, 0, 2), sent(0, 2, 0, 0), sent(0, 2, 0, 2), sent(0, 0, 2, 0), sent(0, 0, 2, 2), sent(0, 0, 0, 1), sent(2, 0, 0, 1),
      // Every part of this one is sent by others, but never two of them together: no pair is near enough.
      sent(1, 2, 2, 1),
      "プールがなくなれば川で泳ぐ子が出て危ないです。それとは別に、東町の通学路は歩道が狭く、朝はトラックが多いので、信号と歩道の整備を急いでほしいと思います。",
      "市民プールの更衣室が古くて床がぬるぬるしています。掃除の回数を増やしてください。",
    ];
    expect(findDuplicates(texts)).toEqual([[0, 1, 2, 3, 4, 5, 6, 7, 8, 9]]);
  });

  it("When short comments on different things open and close with the same courtesy formulas, then they are not taken for one template", () => {
    const texts = [
      "いつもお世話になっております。バスの本数を増やしてください。よろしくお願いいたします。",
      "いつもお世話になっております。図書館の開館時間を延ばしてください。よろしくお願いいたします。",
      "日頃より大変お世話になっております。公園のトイレを洋式にしてください。ご検討のほどよろしくお願い申し上げます。",
      "日頃より大変お世話になっております。通学路に街灯をつけてください。ご検討のほどよろしくお願い申し上げます。",
    ];
    expect(findDuplicates(texts)).toEqual([]);
  });
});
