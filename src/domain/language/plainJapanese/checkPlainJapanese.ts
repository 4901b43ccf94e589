// The plain-language check (やさしい日本語): a pure function of the text and its morphemes. It
// only advises: every flag has a short explanation and a suggestion, and nothing is ever refused.
import { type TToken, type TTokenize } from "../japaneseTokenizer.ts";
import { familiarKatakana, hardWords } from "./hardWords.ts";
import { ZPlainOptions, type TPlainFlag, type TPlainOptions, type TPlainRule } from "./plainRules.ts";
import { blankNonProse, excerptOf, isKanji, isKatakanaWord, letterCounts, readLength, sentenceSpans } from "./textScan.ts";

type TContext = { text: string; tokens: TToken[]; options: TPlainOptions };
type TFinding = { rule: TPlainRule; start: number; end: number; explanation: string; suggestion: string };

/** Checks one text. Options default to the guideline's figures (40 characters a sentence, …). */
export function checkPlainJapanese(original: string, tokenize: TTokenize, options: Partial<TPlainOptions> = {}): TPlainFlag[] {
  const text = blankNonProse(original);
  if (!text.trim()) return [];
  const ctx: TContext = { text, tokens: tokenize(text), options: ZPlainOptions.parse(options) };
  const findings = [
    ...sentenceLength(ctx),
    ...kanjiRuns(ctx),
    ...kanjiShare(ctx),
    ...katakanaLoanwords(ctx),
    ...doubleNegatives(ctx),
    ...passiveAndCausative(ctx),
    ...overPolite(ctx),
    ...hardWordsFound(ctx),
    ...ambiguousDates(ctx),
    ...ambiguousNumbers(ctx),
  ];
  // A short quote with no space, 「アンケート一覧」, is a keyword to send or a button to tap: it must
  // stay as the bot knows it, so the word rules leave it alone (length and share still count it).
  const keywords = [...text.matchAll(/「[^「」\s]{1,12}」/g)].map((m) => ({ start: m.index, end: m.index + m[0].length }));
  const wholeText = new Set<TPlainRule>(["sentence-length", "kanji-share"]);
  return findings
    .filter((f) => wholeText.has(f.rule) || !keywords.some((k) => f.start >= k.start && f.end <= k.end))
    .sort((a, b) => a.start - b.start || a.end - b.end)
    .map((f) => ({ ...f, excerpt: excerptOf(original, f.start, f.end) }));
}

function sentenceLength({ text, options }: TContext): TFinding[] {
  return sentenceSpans(text).flatMap(({ start, end }) => {
    const length = readLength(text.slice(start, end));
    if (length <= options.maxSentenceLength) return [];
    return [{
      rule: "sentence-length" as const, start, end,
      explanation: `1つの文が${length}文字あります（目安は${options.maxSentenceLength}文字まで）。長い文は、途中でわからなくなります。`,
      suggestion: "1つの文に1つのことを書き、文を分けてください。3つ以上あるときは「・」で並べます。",
    }];
  });
}

function kanjiRuns({ text, options }: TContext): TFinding[] {
  const out: TFinding[] = [];
  for (const m of text.matchAll(/\p{Script=Han}+/gu)) {
    const length = [...m[0]].length;
    if (length <= options.maxKanjiRun) continue;
    // A run that already carries its reading, 個人情報（こじんじょうほう）, is readable.
    if (/^[（(][\p{Script=Hiragana}ー\s]+[）)]/u.test(text.slice(m.index + m[0].length))) continue;
    out.push({
      rule: "kanji-run", start: m.index, end: m.index + m[0].length,
      explanation: `漢字が${length}文字続いています。漢字が続くと、読めない人が多くなります。`,
      suggestion: "ひらがなにするか、言葉を分けてください（例：個人情報 →「あなたの じょうほう」）。読み方を（ ）で付けることもできます。",
    });
  }
  return out;
}

/** The dates the guideline itself recommends, 2026年12月9日（水）, are not held against a text's share of kanji. */
const recommendedDates = /(\d{4}年)?\d{1,2}月\d{1,2}日[（(][日月火水木金土][）)]/g;

function kanjiShare({ text, options }: TContext): TFinding[] {
  const { kanji, letters } = letterCounts(withoutReadings(text.replace(recommendedDates, " ")));
  if (letters < options.minLettersForShare || kanji / letters <= options.maxKanjiShare) return [];
  const percent = Math.round((kanji / letters) * 100);
  return [{
    rule: "kanji-share", start: 0, end: text.length,
    explanation: `文字の${percent}%が漢字です（目安は${Math.round(options.maxKanjiShare * 100)}%まで）。`,
    suggestion: "むずかしい漢字はひらがなにしてください。残す漢字には読み方を（ ）で付けます。",
  }];
}

/** A reading in brackets after kanji counts as kana: 漢字（かんじ） reads as かんじ. */
function withoutReadings(text: string): string {
  return text.replace(/(\p{Script=Han}+)[（(]([\p{Script=Hiragana}ー]+)[）)]/gu, "$2");
}

function katakanaLoanwords({ text, tokens }: TContext): TFinding[] {
  // Consecutive katakana morphemes make one word (ボランティア活動 aside, ボラン+ティア).
  const words: { start: number; end: number; surface: string; properNoun: boolean }[] = [];
  for (const t of tokens) {
    if (!isKatakanaWord(t.surface)) continue;
    const last = words[words.length - 1];
    if (last && last.end === t.start) {
      last.end += t.surface.length;
      last.surface += t.surface;
    } else words.push({ start: t.start, end: t.start + t.surface.length, surface: t.surface, properNoun: t.posDetail === "固有名詞" });
  }
  const explained = new Set<string>();
  for (const w of words) if (/^[（(]/.test(text.slice(w.end)) || /[（(]$/.test(text.slice(0, w.start))) explained.add(w.surface);
  return words.flatMap((w) => {
    if ([...w.surface].length < 2 || w.properNoun || familiarKatakana.has(w.surface) || explained.has(w.surface)) return [];
    return [{
      rule: "katakana-loanword" as const, start: w.start, end: w.end,
      explanation: `「${w.surface}」はカタカナの外来語です。外国の人にもお年寄りにも、わかりにくいことがあります。`,
      suggestion: `日本語で言いかえるか、1回目に意味を（ ）で書いてください（例：${w.surface}（…））。`,
    }];
  });
}

const isNegative = (t: TToken) =>
  ((t.pos === "助動詞" && (t.basic === "ない" || t.basic === "ぬ" || t.basic === "ん")) || (t.pos === "形容詞" && t.basic === "ない"));
/** Words that may stand between two negatives of one double negative: ないわけではない, なければならない. */
const glue = new Set(["わけ", "こと", "もの", "の", "は", "も", "で", "じゃ", "では", "と", "とは", "ば", "を", "言う", "いう", "限る", "ある", "なる", "いける", "得る", "える", "ます", "だ", "ござる"]);

function doubleNegatives({ tokens }: TContext): TFinding[] {
  const out: TFinding[] = [];
  for (let i = 0; i < tokens.length; i++) {
    if (!isNegative(tokens[i]!)) continue;
    for (let j = i + 1, seen = 0; j < tokens.length && seen < 7; j++, seen++) {
      const t = tokens[j]!;
      if (isNegative(t)) {
        if (j > i + 1) {
          out.push({
            rule: "double-negative", start: tokens[i]!.start, end: t.start + t.surface.length,
            explanation: "「〜ないわけではない」「〜なければならない」のような二重否定は、意味が反対に読まれやすいです。",
            suggestion: "肯定の形にしてください（例：「しなければなりません」→「してください」、「行けないことはない」→「行けます」）。",
          });
          i = j;
        }
        break;
      }
      if (t.posDetail === "空白") continue;
      if (!glue.has(t.basic) && !glue.has(t.surface)) break;
    }
  }
  return out;
}

function passiveAndCausative({ tokens }: TContext): TFinding[] {
  return tokens.flatMap((t, i): TFinding[] => {
    if (t.pos !== "動詞" || t.posDetail !== "接尾") return [];
    // The verb before the suffix belongs to the excerpt: 開催さ|れ, 参加さ|せ.
    const verb = tokens[i - 1];
    const start = verb && verb.pos === "動詞" ? (tokens[i - 2]?.posDetail === "サ変接続" ? tokens[i - 2]!.start : verb.start) : t.start;
    const end = t.start + t.surface.length;
    if (t.basic === "れる" || t.basic === "られる") {
      return [{
        rule: "passive", start, end,
        explanation: "「〜れる・〜られる」（受け身）は、だれがするのかがわかりにくくなります。できる意味や尊敬の意味とも間違えやすいです。",
        suggestion: "だれがするかを書いて、「〜します」「〜できます」の形にしてください（例：「開催されます」→「あります」）。",
      }];
    }
    if (t.basic === "せる" || t.basic === "させる") {
      return [{
        rule: "causative", start, end,
        explanation: "「〜せる・〜させる」（使役）は、だれがするのかがわかりにくくなります。",
        suggestion: "「〜します」「〜してください」の形にしてください（例：「参加させていただきます」→「参加します」）。",
      }];
    }
    return [];
  });
}

/** 尊敬語・謙譲語 that the guideline asks to replace by plain です・ます. */
const overPoliteVerbs: Record<string, string> = {
  いたす: "します", 致す: "します", 申し上げる: "言います", 申す: "言います", 参る: "行きます・来ます",
  伺う: "聞きます・行きます", 存じる: "知っています・思います", 存ずる: "知っています・思います", 賜る: "もらいます",
  承る: "受けます", いただく: "〜てください・もらいます", 頂く: "〜てください・もらいます", 差し上げる: "あげます",
  おる: "〜ています", ござる: "あります・です", いらっしゃる: "います・来ます", なさる: "します",
  召し上がる: "食べます", 拝見: "見ます", 拝読: "読みます", 恐れ入る: "すみません", 頂戴: "もらいます",
};

function overPolite({ tokens }: TContext): TFinding[] {
  return tokens.flatMap((t, i): TFinding[] => {
    const plain = overPoliteVerbs[t.basic];
    // 〜くださいませ is over-polite; 〜ください is what the guideline recommends.
    const kudasaiMase = t.basic === "くださる" && tokens[i + 1]?.surface === "ませ";
    // ありがとうございます and おはようございます are set phrases every learner meets first.
    const setPhrase = t.basic === "ござる" && /(ありがとう|おめでとう|おはよう)\s*$/.test(tokens.slice(Math.max(0, i - 2), i).map((p) => p.surface).join(""));
    if ((!plain && !kudasaiMase) || setPhrase) return [];
    const end = kudasaiMase ? tokens[i + 1]!.start + 2 : t.start + t.surface.length;
    return [{
      rule: "over-polite", start: t.start, end,
      explanation: `「${t.basic}」は尊敬語・謙譲語です。むずかしい敬語は、意味がわかりにくくなります。`,
      suggestion: `「です・ます」で書いてください（例：${kudasaiMase ? "「ください」" : `「${plain}」`}）。`,
    }];
  });
}

function hardWordsFound({ text, tokens }: TContext): TFinding[] {
  const starts = new Set(tokens.map((t) => t.start));
  const ends = new Set(tokens.map((t) => t.start + t.surface.length));
  const out: TFinding[] = [];
  for (const [word, plain] of Object.entries(hardWords)) {
    for (let at = text.indexOf(word); at >= 0; at = text.indexOf(word, at + 1)) {
      const end = at + word.length;
      if (!starts.has(at) || !ends.has(end)) continue;
      // Already read out in brackets: 締切（しめきり） is kept for those who know the word.
      if (/^[（(][\p{Script=Hiragana}ー\s]+[）)]/u.test(text.slice(end)) && [...word].every(isKanji)) continue;
      out.push({
        rule: "hard-word", start: at, end,
        explanation: `「${word}」は役所の言葉で、むずかしいです。`,
        suggestion: `${plain}のように言いかえてください。`,
      });
    }
  }
  return out;
}

const weekdayAfter = /^\s*[（(][日月火水木金土][）)]/;

function ambiguousDates({ text }: TContext): TFinding[] {
  const out: TFinding[] = [];
  const add = (m: RegExpMatchArray, explanation: string, suggestion: string) =>
    out.push({ rule: "ambiguous-date", start: m.index!, end: m.index! + m[0].length, explanation, suggestion });
  for (const m of text.matchAll(/(?<![\dA-Za-z/-])\d{1,4}[/／-]\d{1,2}(?:[/／-]\d{1,2})?(?![\dA-Za-z/-])/g)) {
    add(m, "「/」や「-」の日付は、国によって月と日の順番がちがいます。", "「12月9日（水）」のように、月・日・曜日を書いてください。");
  }
  for (const m of text.matchAll(/(?<!\d)\d{1,2}月\d{1,2}日/g)) {
    if (weekdayAfter.test(text.slice(m.index + m[0].length))) continue;
    add(m, "曜日がないと、いつのことか間違えやすいです。", `「${m[0]}（水）」のように、曜日を（ ）で書いてください。`);
  }
  for (const m of text.matchAll(/(?<![\d:])([01]?\d|2[0-4])[:：]\d{2}(?!\d)/g)) {
    add(m, "「18:00」のような24時間の書き方は、わかりにくい人がいます。", "「ごご 6じ」「午後6時」のように、午前・午後を書いてください。");
  }
  for (const m of text.matchAll(/(?<![\d:])(\d{1,2})\s*(?:時|じ)(?!間|かん)/g)) {
    const before = text.slice(Math.max(0, m.index - 4), m.index);
    if (/(午前|午後|ごぜん|ごご|ひる|正午)\s*$/.test(before)) continue;
    add(m, "午前か午後かがわかりません。", Number(m[1]) >= 12 ? `「ごご ${Number(m[1]) - 12 || 12}じ」のように書いてください。` : `「ごぜん ${m[1]}じ」「ごご ${m[1]}じ」のように書いてください。`);
  }
  for (const m of text.matchAll(/(令和|平成|昭和)(\d+|元)年/g)) {
    add(m, "和暦（令和など）は、外国の人にはわかりにくいです。", "「2026年」のように西暦で書いてください（和暦は（ ）で）。");
  }
  return out;
}

const vagueNumbers: Record<string, string> = {
  数名: "「3人ぐらい」のように、数を書いてください。",
  数人: "「3人ぐらい」のように、数を書いてください。",
  若干: "「2人」「少し」のように書いてください。",
  数日: "「3日」のように、数を書いてください。",
  数回: "「3回」のように、数を書いてください。",
  数件: "「3つ」のように、数を書いてください。",
  程度: "「ぐらい」と書いてください。",
  以上: "「18さいより 上（18さいも 入ります）」のように書いてください。",
  以下: "「17さいより 下（17さいも 入ります）」のように書いてください。",
  未満: "「18さいより 下（18さいは 入りません）」のように書いてください。",
  以内: "「1000文字まで」のように書いてください。",
  約: "「だいたい」「ぐらい」と書いてください。",
};

function ambiguousNumbers({ text, tokens }: TContext): TFinding[] {
  const starts = new Set(tokens.map((t) => t.start));
  const out: TFinding[] = [];
  for (const [word, plain] of Object.entries(vagueNumbers)) {
    for (let at = text.indexOf(word); at >= 0; at = text.indexOf(word, at + 1)) {
      if (!starts.has(at)) continue;
      out.push({
        rule: "ambiguous-number", start: at, end: at + word.length,
        explanation: `「${word}」は、いくつなのか、その数が入るのかがわかりにくいです。`,
        suggestion: plain,
      });
    }
  }
  return out;
}
