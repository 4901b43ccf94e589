import { describe, expect, it } from "vitest";
import { ZAsk, type TAsk } from "./flowSchema.ts";
import { CONTINUE, DONE, matchChoice, parseReply, resolveDate } from "./parseReply.ts";

// 2026-11-30 15:30 UTC is already 2026-12-01 00:30 in Tokyo.
const now = new Date("2026-11-30T15:30:00Z");
const ask = (a: unknown): TAsk => ZAsk.parse(a);
const typed = (a: TAsk, text: string, picked: string[] = []) => parseReply(a, { typed: text }, picked, now);
const tapped = (a: TAsk, value: string, picked: string[] = []) => parseReply(a, { tapped: value }, picked, now);

const transport = ask({
  kind: "choice",
  save: "transport",
  choices: [
    { value: "bus", label: { ja: "バス", en: "Bus" }, synonyms: { ja: ["路線バス"], en: ["coach"] } },
    { value: "train", label: { ja: "電車", en: "Train" } },
    { value: "car", label: { ja: "自家用車", en: "Own car" } },
  ],
});

describe("parseReply: one choice", () => {
  it("When a resident taps a choice, then its value is the answer", () => {
    expect(tapped(transport, "train")).toEqual({ ok: true, value: "train" });
  });

  it("When a resident types the Japanese label, then that choice is the answer", () => {
    expect(typed(transport, "電車")).toEqual({ ok: true, value: "train" });
  });

  it("When a resident types the English label in another case with spaces, then that choice is the answer", () => {
    expect(typed(transport, "  own CAR ")).toEqual({ ok: true, value: "car" });
  });

  it('When a resident types the number "2", then the second choice is the answer', () => {
    expect(typed(transport, "2")).toEqual({ ok: true, value: "train" });
  });

  it('When a resident types a full-width "２", then the second choice is the answer', () => {
    expect(typed(transport, "２")).toEqual({ ok: true, value: "train" });
  });

  it("When a resident types a synonym in Japanese or English, then that choice is the answer", () => {
    expect(typed(transport, "路線バス")).toEqual({ ok: true, value: "bus" });
    expect(typed(transport, "Coach")).toEqual({ ok: true, value: "bus" });
  });

  it("When a resident types a label with a trailing full stop, then it still matches", () => {
    expect(typed(transport, "バス。")).toEqual({ ok: true, value: "bus" });
  });

  it("When a resident types something that is no choice, then they are asked to use the buttons", () => {
    expect(typed(transport, "飛行機")).toEqual({ ok: false, reason: { ja: "下のボタンから選んでください。", en: "Please choose one of the buttons below.", easy: "下の ボタンから えらんで ください。" } });
  });

  it('When a resident types a number past the last choice ("4") or "0", then it is refused', () => {
    expect(typed(transport, "4").ok).toBe(false);
    expect(typed(transport, "0").ok).toBe(false);
  });

  it("When a tap carries a value that is no choice, then it is refused", () => {
    expect(tapped(transport, "plane").ok).toBe(false);
  });

  it("When matchChoice is given a number, then it counts from 1", () => {
    const choices = transport.kind === "choice" ? transport.choices : [];
    expect(matchChoice(choices, "1")?.value).toBe("bus");
    expect(matchChoice(choices, "3")?.value).toBe("car");
  });
});

describe("parseReply: yes/no", () => {
  const yesno = ask({ kind: "yesno", save: "agree" });
  it('When a resident types "はい", "うん", "Yes" or "agree", then the answer is "yes"', () => {
    for (const t of ["はい", "うん", "Yes", "agree", "1"]) expect(typed(yesno, t)).toEqual({ ok: true, value: "yes" });
  });
  it('When a resident types "いいえ", "No" or "同意しない", then the answer is "no"', () => {
    for (const t of ["いいえ", "No", "同意しない", "2"]) expect(typed(yesno, t)).toEqual({ ok: true, value: "no" });
  });
  it('When a resident types "maybe", then it is refused', () => {
    expect(typed(yesno, "maybe").ok).toBe(false);
  });
});

describe("parseReply: number", () => {
  const scale = ask({ kind: "number", save: "score", min: 1, max: 5 });
  const amount = ask({ kind: "number", save: "amount", min: 0, max: 10000, integer: false });

  it("When a resident types 3 on a 1–5 scale, then 3 is stored as a number", () => {
    expect(typed(scale, "3")).toEqual({ ok: true, value: 3 });
  });

  it("When a resident taps the scale button 5, then 5 is stored", () => {
    expect(tapped(scale, "5")).toEqual({ ok: true, value: 5 });
  });

  it("When a resident types full-width digits, then they are read as numbers", () => {
    expect(typed(scale, "４")).toEqual({ ok: true, value: 4 });
    expect(typed(amount, "１，２００")).toEqual({ ok: true, value: 1200 });
  });

  it("When a resident types 6 on a 1–5 scale, then it is refused naming the range", () => {
    expect(typed(scale, "6")).toEqual({ ok: false, reason: { ja: "1から5までの数字で答えてください。", en: "Please answer with a whole number from 1 to 5.", easy: "1から 5までの 数で 答えて ください。" } });
  });

  it("When a resident types 2.5 where a whole number is asked, then it is refused", () => {
    expect(typed(scale, "2.5").ok).toBe(false);
  });

  it("When decimals are allowed, then 2.5 is stored", () => {
    expect(typed(amount, "2.5")).toEqual({ ok: true, value: 2.5 });
  });

  it("When a resident types words instead of a number, then it is refused", () => {
    expect(typed(scale, "とても")).toMatchObject({ ok: false });
    expect(typed(scale, "")).toMatchObject({ ok: false });
  });
});

describe("parseReply: text", () => {
  const comment = ask({ kind: "text", save: "comment", max: 10 });

  it("When a resident writes within the limit, then the trimmed text is stored", () => {
    expect(typed(comment, "  公園がほしい  ")).toEqual({ ok: true, value: "公園がほしい" });
  });

  it("When a resident writes over the limit, then the reason names the limit and the length", () => {
    const reply = typed(comment, "あ".repeat(12));
    expect(reply).toEqual({
      ok: false,
      reason: { ja: "10文字以内で入力してください（いまは12文字です）。", en: "Please keep it within 10 characters (this has 12).", easy: "10文字までで 書いて ください。 いまは 12文字です。" },
    });
  });

  it("When a text contains emoji, then each counts as one character", () => {
    expect(typed(comment, "🌸".repeat(10))).toEqual({ ok: true, value: "🌸".repeat(10) });
  });

  it("When a resident sends only spaces, then it is refused as too short", () => {
    expect(typed(comment, "   ")).toMatchObject({ ok: false, reason: { ja: "1文字以上で入力してください。" } });
  });

  it("When a resident taps a button on a text question, then they are asked to type", () => {
    expect(tapped(comment, "x")).toMatchObject({ ok: false, reason: { en: "Please type your answer." } });
  });
});

describe("parseReply: date and datetime", () => {
  const date = ask({ kind: "date", save: "day" });
  const future = ask({ kind: "date", save: "day", min: "today", max: "2027-03-31" });
  const slot = ask({ kind: "datetime", save: "slot", min: "today" });

  it('When a resident types "2026/12/1", then 2026-12-01 is stored', () => {
    expect(typed(date, "2026/12/1")).toEqual({ ok: true, value: "2026-12-01" });
  });

  it('When a resident types "2026年12月1日", then 2026-12-01 is stored', () => {
    expect(typed(date, "2026年12月1日")).toEqual({ ok: true, value: "2026-12-01" });
  });

  it("When a resident types full-width digits, then the date is read", () => {
    expect(typed(date, "２０２６－１２－０１")).toEqual({ ok: true, value: "2026-12-01" });
  });

  it('When a resident types a day that does not exist ("2026-02-30"), then it is refused with an example', () => {
    expect(typed(date, "2026-02-30")).toEqual({
      ok: false,
      reason: { ja: "日付を選ぶか、2026-12-01 のように入力してください。", en: "Please pick a date or type it like 2026-12-01.", easy: "下の ボタンで 日を えらぶか、 「2026年12月1日」の ように 書いて ください。" },
    });
  });

  it("When the date picker sends a date, then it is stored", () => {
    expect(parseReply(date, { picked: "2027-01-15" }, [], now)).toEqual({ ok: true, value: "2027-01-15" });
  });

  it('When a date is before a "today" minimum, then it is refused naming today in Tokyo', () => {
    expect(typed(future, "2026-11-30")).toEqual({
      ok: false,
      reason: { ja: "2026-12-01以降の日付を選んでください。", en: "Please choose a date from 2026-12-01.", easy: "2026年12月1日（火）か それより 後の 日を えらんで ください。" },
    });
    expect(typed(future, "2026-12-01")).toEqual({ ok: true, value: "2026-12-01" });
  });

  it("When a date is after the maximum, then it is refused naming the maximum", () => {
    expect(typed(future, "2027-04-01")).toMatchObject({ ok: false, reason: { ja: "2027-03-31までの日付を選んでください。" } });
  });

  it('When "today" is resolved, then it is the date in Tokyo, not in UTC', () => {
    expect(resolveDate("today", now)).toBe("2026-12-01");
    expect(resolveDate("2027-01-01", now)).toBe("2027-01-01");
  });

  it('When a resident types "2026-12-01 14:00", then 2026-12-01T14:00 is stored', () => {
    expect(typed(slot, "2026-12-01 14:00")).toEqual({ ok: true, value: "2026-12-01T14:00" });
  });

  it('When a resident types "2026年12月1日 9時05分", then 2026-12-01T09:05 is stored', () => {
    expect(typed(slot, "2026年12月1日 9時05分")).toEqual({ ok: true, value: "2026-12-01T09:05" });
  });

  it("When the picker sends a date-time, then it is stored", () => {
    expect(parseReply(slot, { picked: "2026-12-24T18:30" }, [], now)).toEqual({ ok: true, value: "2026-12-24T18:30" });
  });

  it("When a date-time has no time or an impossible hour, then it is refused with an example", () => {
    expect(typed(slot, "2026-12-01")).toMatchObject({ ok: false, reason: { en: "Please pick a date and time or type it like 2026-12-01 14:00." } });
    expect(typed(slot, "2026-12-01 25:00").ok).toBe(false);
  });

  it("When a date-time is on a day before today, then it is refused", () => {
    expect(typed(slot, "2026-11-30 23:00")).toMatchObject({ ok: false, reason: { ja: "2026-12-01以降の日付を選んでください。" } });
  });
});

describe("parseReply: several choices", () => {
  const topics = ask({
    kind: "multi",
    save: "topics",
    min: 2,
    max: 3,
    choices: [
      { value: "sports", label: { ja: "スポーツ", en: "Sports" } },
      { value: "kids", label: { ja: "子育て", en: "Children" } },
      { value: "none", label: { ja: "興味がない", en: "Not interested" } },
      { value: "art", label: { ja: "芸術", en: "Art" } },
    ],
  });

  it("When a resident taps choices one by one, then they accumulate and the question stays open", () => {
    expect(tapped(topics, "sports")).toEqual({ ok: "more", picked: ["sports"] });
    expect(tapped(topics, "kids", ["sports"])).toEqual({ ok: "more", picked: ["sports", "kids"] });
  });

  it("When a resident taps a picked choice again, then that pick is taken back (undone before Done)", () => {
    expect(tapped(topics, "sports", ["sports"])).toEqual({ ok: "more", picked: [] });
    expect(tapped(topics, "kids", ["sports", "kids"])).toEqual({ ok: "more", picked: ["sports"] });
  });

  it("When the last allowed choice is tapped, then the answer is complete without Done", () => {
    expect(tapped(topics, "art", ["sports", "kids"])).toEqual({ ok: true, value: ["sports", "kids", "art"] });
  });

  it("When a resident taps Done with fewer than the minimum, then it is refused naming the minimum", () => {
    expect(tapped(topics, DONE, ["sports"])).toEqual({ ok: false, reason: { ja: "2つ以上選んでください。", en: "Please choose at least 2.", easy: "2つか それより 多く えらんで ください。" } });
  });

  it('When a resident types "done" or "決定" after enough picks, then the picks are the answer', () => {
    expect(typed(topics, "Done", ["sports", "kids"])).toEqual({ ok: true, value: ["sports", "kids"] });
    expect(typed(topics, "決定", ["kids", "art"])).toEqual({ ok: true, value: ["kids", "art"] });
  });

  it('When a resident types "1,3", then both are taken as the whole answer', () => {
    expect(typed(topics, "1,3")).toEqual({ ok: true, value: ["sports", "none"] });
  });

  it('When a resident types labels separated by "、" or spaces, then they are taken as the whole answer', () => {
    expect(typed(topics, "スポーツ、芸術")).toEqual({ ok: true, value: ["sports", "art"] });
    expect(typed(topics, "1 2")).toEqual({ ok: true, value: ["sports", "kids"] });
  });

  it("When a resident types one English label that has a space in it, then it is one pick", () => {
    expect(typed(topics, "Not interested")).toEqual({ ok: "more", picked: ["none"] });
  });

  it("When a resident types one label, then it is picked and the question stays open", () => {
    expect(typed(topics, "スポーツ")).toEqual({ ok: "more", picked: ["sports"] });
  });

  it("When more than the maximum are chosen, then it is refused naming the maximum", () => {
    expect(typed(topics, "1,2,3,4")).toEqual({ ok: false, reason: { ja: "選べるのは3つまでです。", en: "You can choose up to 3.", easy: "えらべるのは 3つまでです。" } });
    expect(typed(topics, "3,4", ["sports", "kids"]).ok).toBe(false);
  });

  it("When one of several typed parts is no choice, then the whole message is refused", () => {
    expect(typed(topics, "1,釣り")).toMatchObject({ ok: false, reason: { en: "Please choose from the buttons below, then tap Done." } });
  });

  it("When the minimum is 0, then Done with nothing picked gives an empty list", () => {
    const optional = ask({ kind: "multi", save: "x", min: 0, choices: [{ value: "a", label: "A" }, { value: "b", label: "B" }] });
    expect(tapped(optional, DONE)).toEqual({ ok: true, value: [] });
  });
});

const ageBand = ask({
  kind: "choice",
  save: "ageBand",
  choices: [
    { value: "under18", label: "17歳以下", ages: { max: 17 } },
    { value: "18to29", label: "18〜29歳", ages: { min: 18, max: 29 } },
    { value: "30s", label: "30代", ages: { min: 30, max: 39 } },
    { value: "70plus", label: "70歳以上", ages: { min: 70 } },
  ],
});

describe("parseReply: natural answers", () => {
  it("When a resident types an age in years, then it maps to the band that holds it", () => {
    expect(typed(ageBand, "72歳")).toEqual({ ok: true, value: "70plus" });
    expect(typed(ageBand, "７２才")).toEqual({ ok: true, value: "70plus" });
    expect(typed(ageBand, "17")).toEqual({ ok: true, value: "under18" });
    expect(typed(ageBand, "18歳")).toEqual({ ok: true, value: "18to29" });
    expect(typed(ageBand, "34 years old")).toEqual({ ok: true, value: "30s" });
    // A small bare number is still the choice's number; an age no band holds is refused.
    expect(typed(ageBand, "2")).toEqual({ ok: true, value: "18to29" });
    expect(typed(ageBand, "45歳")).toMatchObject({ ok: false });
  });

  it("When a resident answers a notice with わかりました or OK, then it is a yes", () => {
    const notice = ask({ kind: "yesno", save: "consent" });
    for (const word of ["わかりました", "分かりました。", "了解", "OK", "ｏｋ", "はい", "okay", "Got it"]) expect(typed(notice, word)).toEqual({ ok: true, value: "yes" });
    expect(typed(notice, "いいえ")).toEqual({ ok: true, value: "no" });
  });

  it("When a resident writing a long text in parts types おわり, then finishing is offered and nothing is added", () => {
    const opinion = ask({ kind: "text", save: "opinion", join: true, max: 2000 });
    expect(typed(opinion, "おわり", ["公園を増やしてください"])).toEqual({ ok: "offerFinish", picked: ["公園を増やしてください"] });
    expect(typed(opinion, "Done", ["More parks"])).toEqual({ ok: "offerFinish", picked: ["More parks"] });
    expect(tapped(opinion, CONTINUE, ["公園を増やしてください"])).toEqual({ ok: "more", picked: ["公園を増やしてください"] });
    // Before anything was written, おわり is just text.
    expect(typed(opinion, "おわり")).toEqual({ ok: "more", picked: ["おわり"] });
  });
});
