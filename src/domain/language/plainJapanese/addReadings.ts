// Readings for kanji, written after them in brackets as the guideline suggests: 漢字（かんじ）.
// From the analyser's reading of each morpheme; the result is a proposal staff review before saving
// (a name or a rare word may be read wrongly).
import { type TToken, type TTokenize } from "../japaneseTokenizer.ts";
import { isKanji } from "./textScan.ts";

export const toHiragana = (katakana: string) => katakana.replace(/[\u30a1-\u30f6]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0x60));

const dayReadings: Record<number, string> = {
  1: "ついたち", 2: "ふつか", 3: "みっか", 4: "よっか", 5: "いつか", 6: "むいか", 7: "なのか", 8: "ようか", 9: "ここのか",
  10: "とおか", 14: "じゅうよっか", 20: "はつか", 24: "にじゅうよっか",
};
/** Counters after a number are read differently from the word alone (12月 is じゅうにがつ, not つき). */
function counterReading(counter: string, number: number): string | undefined {
  switch (counter) {
    case "月": return "がつ";
    case "日": return dayReadings[number] ?? "にち";
    case "時": return "じ";
    case "年": return "ねん";
    case "円": return "えん";
    case "回": return "かい";
    case "歳": return "さい";
    case "人": return number === 1 ? "ひとり" : number === 2 ? "ふたり" : "にん";
    default: return undefined;
  }
}

/** Words the dictionary reads wrongly or by an old reading. */
const readingOverrides: Record<string, string> = { 令和: "れいわ", 市役所: "しやくしょ" };

const hasKanji = (s: string) => [...s].some(isKanji);
const allKanji = (s: string) => [...s].every(isKanji);

/**
 * Splits a morpheme into kanji runs with their readings and kana kept as written:
 * 取り扱い / とりあつかい → 取（と）り扱（あつか）い. Undefined when the reading does not line up.
 */
function annotate(surface: string, reading: string): string | undefined {
  const pieces = surface.match(/\p{Script=Han}+|[^\p{Script=Han}]+/gu) ?? [];
  const pattern = pieces.map((p) => (hasKanji(p) ? "(.+?)" : toHiragana(p).replace(/[.*+?^${}()|[\]\\]/g, "\\$&"))).join("");
  const match = new RegExp(`^${pattern}$`, "u").exec(reading);
  if (!match) return undefined;
  let group = 1;
  return pieces.map((p) => (hasKanji(p) ? `${p}（${match[group++]}）` : p)).join("");
}

/** The text with a reading in brackets after every kanji word that does not have one yet. */
export function addReadings(text: string, tokenize: TTokenize): string {
  const tokens = tokenize(text);
  let out = "";
  let cursor = 0;
  let depth = 0;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    // Inside brackets is an explanation or a weekday, （水）: left as written.
    depth += (t.surface.match(/[（(]/g) ?? []).length - (t.surface.match(/[）)]/g) ?? []).length;
    if (depth > 0 || !hasKanji(t.surface)) continue;
    // Consecutive all-kanji morphemes are one word to the reader: 個人情報（こじんじょうほう）.
    const run: TToken[] = [t];
    while (allKanji(t.surface) && tokens[i + 1] && allKanji(tokens[i + 1]!.surface) && tokens[i + 1]!.start === run[run.length - 1]!.start + run[run.length - 1]!.surface.length) {
      run.push(tokens[++i]!);
    }
    const last = run[run.length - 1]!;
    const end = last.start + last.surface.length;
    if (/^[（(]/.test(text.slice(end))) continue;
    const previous = tokens[tokens.indexOf(t) - 1];
    const number = previous && /^\d+$/.test(previous.surface) && run.length === 1 ? counterReading(t.surface, Number(previous.surface)) : undefined;
    const reading = number ?? readingOverrides[text.slice(t.start, end)] ?? (run.every((r) => r.reading) ? toHiragana(run.map((r) => r.reading).join("")) : undefined);
    if (!reading) continue;
    const surface = text.slice(t.start, end);
    const annotated = annotate(surface, reading);
    if (!annotated) continue;
    out += text.slice(cursor, t.start) + annotated;
    cursor = end;
  }
  return out + text.slice(cursor);
}
