// Turns what a resident typed or tapped into an answer for the question asked, or says why it
// does not fit. Returns results; never throws.
import { type TAsk, type TChoice, type TText } from "./flowSchema.ts";
import { normalizeText } from "./normalizeText.ts";
import { localize } from "./localize.ts";
import { tokyoDateIso } from "../tokyoTime.ts";

export type TReply =
  | { ok: true; value: unknown }
  /** A several-choices question: this pick was added, the question stays open. */
  | { ok: "more"; picked: string[] }
  /** A long text in parts: the resident typed a word like 「おわり」; offer to finish instead of adding it. */
  | { ok: "offerFinish"; picked: string[] }
  | { ok: false; reason: TText };

export const yesNoChoices: TChoice[] = [
  {
    value: "yes",
    label: { ja: "はい", en: "Yes", easy: "はい" },
    // What people answer to a notice: 「わかりました」 and 「OK」 say yes.
    synonyms: {
      ja: ["うん", "そう", "ええ", "同意", "同意する", "同意します", "わかりました", "分かりました", "わかった", "了解", "了解です", "了解しました", "りょうかい", "承知しました", "いいです", "いいよ", "はーい", "ok", "オーケー", "おけ"],
      en: ["y", "yes", "yeah", "yep", "ok", "okay", "sure", "agree", "i agree", "understood", "got it"],
      easy: ["うん", "いいよ", "いいです", "わかった", "わかりました"],
    },
  },
  { value: "no", label: { ja: "いいえ", en: "No", easy: "いいえ" }, synonyms: { ja: ["いや", "いやです", "しない", "同意しない", "同意しません", "だめ", "ダメ", "結構です"], en: ["n", "no", "nope", "disagree", "i disagree"], easy: ["いや", "しない", "だめ"] } },
];

export const DONE = "__done";
/** "Keep writing": the answer to the offer to finish a long text. */
export const CONTINUE = "__continue";

/** What a resident types to end a long text in parts (width and case ignored). */
export const finishWords = ["書きおわる", "おわり", "終わり", "おわりです", "終わりです", "おわります", "終わります", "おしまい", "以上", "以上です", "完了", "送信", "done", "finish", "finished", "end"];

export function choicesOf(ask: TAsk): TChoice[] {
  if (ask.kind === "yesno") return yesNoChoices;
  return "choices" in ask ? ask.choices : [];
}

/** A typed message matched against choices: by number ("1"), label, value or synonym, in any language. */
export function matchChoice(choices: TChoice[], typed: string): TChoice | undefined {
  const t = normalizeText(typed);
  const age = ageInYears(t);
  // "72歳" is an age; "2" is the second choice, unless no choice has that number and one is an age band that holds it.
  if (age !== undefined && (!/^\d+$/.test(t) || Number(t) > choices.length)) {
    const band = choices.find((c) => c.ages && age >= c.ages.min && (c.ages.max === undefined || age <= c.ages.max));
    if (band) return band;
  }
  if (/^\d+$/.test(t)) return choices[Number(t) - 1];
  return choices.find((c) => {
    const words = [c.value, localize(c.label, "ja"), localize(c.label, "en"), localize(c.label, "easy"), ...(c.synonyms?.ja ?? []), ...(c.synonyms?.en ?? []), ...(c.synonyms?.easy ?? [])];
    return words.some((w) => normalizeText(w) === t);
  });
}

/** "72", "72歳", "72才", "72さい", "72 years", "72 years old": an age in years (a normalized text). */
export function ageInYears(t: string): number | undefined {
  const m = t.match(/^(\d{1,3})\s*(歳|才|さい|y|yo|yrs?|years?)?(\s*old)?(です)?$/);
  return m ? Number(m[1]) : undefined;
}

const pad = (n: number) => String(n).padStart(2, "0");

/** "2026-12-01" as やさしい日本語 reads a date: 2026年12月1日（火）, the weekday unmistakable. */
function easyDate(iso: string): string {
  const [y, m, d] = iso.split("-").map(Number) as [number, number, number];
  return `${y}年${m}月${d}日（${"日月火水木金土"[new Date(Date.UTC(y, m - 1, d)).getUTCDay()]}）`;
}

/** "today" or a date, as YYYY-MM-DD in Asia/Tokyo. */
export function resolveDate(d: string, now: Date): string {
  return d === "today" ? tokyoDateIso(now) : d;
}

function parseDate(text: string): string | undefined {
  const m = normalizeText(text).match(/^(\d{4})[-/年](\d{1,2})[-/月](\d{1,2})日?$/);
  if (!m) return undefined;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  if (date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d) return undefined;
  return `${y}-${pad(mo)}-${pad(d)}`;
}

function parseDateTime(text: string): string | undefined {
  const m = text.normalize("NFKC").trim().match(/^(.+?)[T\s]+(\d{1,2})[:時](\d{2})分?$/);
  if (!m) return undefined;
  const date = parseDate(m[1]!);
  const [h, min] = [Number(m[2]), Number(m[3])];
  if (!date || h > 23 || min > 59) return undefined;
  return `${date}T${pad(h)}:${pad(min)}`;
}

export function parseReply(ask: TAsk, input: { typed: string } | { tapped: string } | { picked: string }, picked: string[], now: Date): TReply {
  switch (ask.kind) {
    case "text": {
      if (ask.join) {
        // Parts so far are in `picked`; "finish" joins them.
        if ("tapped" in input && input.tapped === DONE) {
          const joined = picked.join("\n");
          if ([...joined].length < ask.min) return { ok: false, reason: { ja: `${ask.min}文字以上で入力してください。`, en: `Please write at least ${ask.min} characters.`, easy: `${ask.min}文字か それより 多く 書いて ください。` } };
          return { ok: true, value: joined };
        }
        if ("tapped" in input && input.tapped === CONTINUE) return { ok: "more", picked };
        if (!("typed" in input) || input.typed.trim() === "") return { ok: false, reason: { ja: "文章で入力してください。", en: "Please type your answer.", easy: "ことばで 書いて ください。" } };
        if (picked.length > 0 && finishWords.includes(normalizeText(input.typed))) return { ok: "offerFinish", picked };
        const parts = [...picked, input.typed.trim()];
        const length = [...parts.join("\n")].length;
        if (length > ask.max) {
          return { ok: false, reason: { ja: `合わせて${ask.max}文字以内でお願いします（いまの分を足すと${length}文字です）。この分は受け付けていません。`, en: `Please keep it within ${ask.max} characters in all (with this part: ${length}). This part was not added.`, easy: `ぜんぶで ${ask.max}文字までです。 いまの 分を 入れると ${length}文字です。 いまの 分は 入れませんでした。` } };
        }
        return { ok: "more", picked: parts };
      }
      if (!("typed" in input)) return { ok: false, reason: { ja: "文章で入力してください。", en: "Please type your answer.", easy: "ことばで 書いて ください。" } };
      const text = input.typed.trim();
      const length = [...text].length;
      if (length < ask.min) return { ok: false, reason: { ja: `${ask.min}文字以上で入力してください。`, en: `Please write at least ${ask.min} characters.`, easy: `${ask.min}文字か それより 多く 書いて ください。` } };
      if (length > ask.max) {
        return { ok: false, reason: { ja: `${ask.max}文字以内で入力してください（いまは${length}文字です）。`, en: `Please keep it within ${ask.max} characters (this has ${length}).`, easy: `${ask.max}文字までで 書いて ください。 いまは ${length}文字です。` } };
      }
      return { ok: true, value: text };
    }
    case "choice":
    case "yesno": {
      const choices = choicesOf(ask);
      const choice = "tapped" in input ? choices.find((c) => c.value === input.tapped) : "typed" in input ? matchChoice(choices, input.typed) : undefined;
      if (!choice) return { ok: false, reason: { ja: "下のボタンから選んでください。", en: "Please choose one of the buttons below.", easy: "下の ボタンから えらんで ください。" } };
      return { ok: true, value: choice.value };
    }
    case "multi": {
      const max = ask.max ?? ask.choices.length;
      const finish = (): TReply =>
        picked.length < ask.min
          ? { ok: false, reason: { ja: `${ask.min}つ以上選んでください。`, en: `Please choose at least ${ask.min}.`, easy: `${ask.min}つか それより 多く えらんで ください。` } }
          : { ok: true, value: picked };
      if ("tapped" in input && input.tapped === DONE) return finish();
      if ("typed" in input && ["決定", "完了", "おわり", "これでいい", "done", "ok"].includes(normalizeText(input.typed))) return finish();
      // Several typed at once: "1,3" or "スポーツ、子育て".
      const split = "typed" in input ? input.typed.split(/[,、，\s]+/).filter(Boolean) : [];
      // ...unless the words only fit together, as one label with spaces ("Not interested").
      const typedParts =
        "typed" in input && split.some((p) => !matchChoice(ask.choices, p)) && matchChoice(ask.choices, input.typed) ? [input.typed] : split;
      const values =
        "tapped" in input
          ? [ask.choices.find((c) => c.value === input.tapped)?.value]
          : typedParts.map((p) => matchChoice(ask.choices, p)?.value);
      if (values.length === 0 || values.some((v) => v === undefined)) {
        return { ok: false, reason: { ja: "下のボタンから選んでください。選び終えたら「決定」を押してください。", en: "Please choose from the buttons below, then tap Done.", easy: "下の ボタンから えらんで ください。 えらんだら 「これで いい」を おして ください。" } };
      }
      // One choice tapped (or typed) again takes it back out: a pick can be undone before 決定.
      if (typedParts.length <= 1 && values.length === 1 && picked.includes(values[0]!)) return { ok: "more", picked: picked.filter((v) => v !== values[0]) };
      const next = [...new Set([...picked, ...(values as string[])])];
      if (next.length > max) return { ok: false, reason: { ja: `選べるのは${max}つまでです。`, en: `You can choose up to ${max}.`, easy: `えらべるのは ${max}つまでです。` } };
      // Several typed at once are taken as the whole answer.
      if (typedParts.length > 1 || next.length === max) return next.length < ask.min ? { ok: "more", picked: next } : { ok: true, value: next };
      return { ok: "more", picked: next };
    }
    case "number": {
      const raw = "typed" in input ? input.typed : "tapped" in input ? input.tapped : "";
      const t = raw.normalize("NFKC").trim().replace(/[,，]/g, "");
      const n = /^-?\d+(\.\d+)?$/.test(t) ? Number(t) : NaN;
      const range = { ja: `${ask.min}から${ask.max}までの${ask.integer ? "数字" : "数"}で答えてください。`, en: `Please answer with a ${ask.integer ? "whole " : ""}number from ${ask.min} to ${ask.max}.`, easy: `${ask.min}から ${ask.max}までの 数で 答えて ください。` };
      if (Number.isNaN(n) || n < ask.min || n > ask.max || (ask.integer && !Number.isInteger(n))) return { ok: false, reason: range };
      return { ok: true, value: n };
    }
    case "date":
    case "datetime": {
      const raw = "picked" in input ? input.picked : "typed" in input ? input.typed : "";
      const value = ask.kind === "date" ? parseDate(raw) : parseDateTime(raw);
      if (!value) {
        return ask.kind === "date"
          ? { ok: false, reason: { ja: "日付を選ぶか、2026-12-01 のように入力してください。", en: "Please pick a date or type it like 2026-12-01.", easy: "下の ボタンで 日を えらぶか、 「2026年12月1日」の ように 書いて ください。" } }
          : { ok: false, reason: { ja: "日時を選ぶか、2026-12-01 14:00 のように入力してください。", en: "Please pick a date and time or type it like 2026-12-01 14:00.", easy: "下の ボタンで 日と 時間を えらんで ください。" } };
      }
      const day = value.slice(0, 10);
      if (ask.min && day < resolveDate(ask.min, now)) return { ok: false, reason: { ja: `${resolveDate(ask.min, now)}以降の日付を選んでください。`, en: `Please choose a date from ${resolveDate(ask.min, now)}.`, easy: `${easyDate(resolveDate(ask.min, now))}か それより 後の 日を えらんで ください。` } };
      if (ask.max && day > resolveDate(ask.max, now)) return { ok: false, reason: { ja: `${resolveDate(ask.max, now)}までの日付を選んでください。`, en: `Please choose a date up to ${resolveDate(ask.max, now)}.`, easy: `${easyDate(resolveDate(ask.max, now))}か それより 前の 日を えらんで ください。` } };
      return { ok: true, value };
    }
  }
}
