// How plain a set of texts reads, in the two figures the guideline's advice moves most: mean
// sentence length (characters, spaces not counted) and the share of kanji among Japanese letters.
import { blankNonProse, letterCounts, readLength, sentenceSpans } from "./textScan.ts";

export type TPlainnessFigures = { texts: number; sentences: number; meanSentenceLength: number; kanjiShare: number };

export function plainnessFigures(texts: readonly string[]): TPlainnessFigures {
  let sentences = 0;
  let characters = 0;
  let kanji = 0;
  let letters = 0;
  for (const original of texts) {
    const text = blankNonProse(original);
    for (const { start, end } of sentenceSpans(text)) {
      const length = readLength(text.slice(start, end));
      if (length === 0) continue;
      sentences++;
      characters += length;
    }
    const counts = letterCounts(text);
    kanji += counts.kanji;
    letters += counts.letters;
  }
  return {
    texts: texts.length,
    sentences,
    meanSentenceLength: sentences ? characters / sentences : 0,
    kanjiShare: letters ? kanji / letters : 0,
  };
}
