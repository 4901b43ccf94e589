// Character classes and sentence spans shared by the plain-language rules.

export const isKanji = (ch: string) => /\p{Script=Han}/u.test(ch);
export const isKana = (ch: string) => /[\p{Script=Hiragana}\p{Script=Katakana}ー]/u.test(ch);
export const isKatakanaWord = (s: string) => /^[\p{Script=Katakana}ー・]+$/u.test(s) && /\p{Script=Katakana}/u.test(s);

/**
 * What a resident does not read as prose: URLs, and placeholders a flow fills in ({{answers.x}}).
 * They are blanked with spaces of the same length, so offsets stay those of the original text.
 */
export function blankNonProse(text: string): string {
  return text.replace(/https?:\/\/\S+|\{\{[^}]*\}\}/g, (m) => " ".repeat(m.length));
}

export type TSpan = { start: number; end: number };

/** Sentences: split after 。！？!? and at line breaks; empty pieces dropped. */
export function sentenceSpans(text: string): TSpan[] {
  const spans: TSpan[] = [];
  let start = 0;
  const push = (end: number) => {
    if (text.slice(start, end).trim()) spans.push({ start, end });
    start = end;
  };
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (ch === "\n") {
      push(i);
      start = i + 1;
    } else if ("。！？!?".includes(ch)) {
      // Keep a closing bracket after the stop with its sentence: 「…ください。」
      let end = i + 1;
      while (end < text.length && "」』）)".includes(text[end]!)) end++;
      push(end);
      i = end - 1;
    }
  }
  push(text.length);
  return spans;
}

/** How long a sentence reads: characters other than spaces and a leading bullet. */
export function readLength(sentence: string): number {
  return [...sentence.replace(/^\s*[・\-*●○■□◆◇▶︎▷→]\s*/u, "").replace(/\s/g, "")].length;
}

/** The kanji and the Japanese letters (kanji, hiragana, katakana) of a text. */
export function letterCounts(text: string): { kanji: number; letters: number } {
  let kanji = 0;
  let letters = 0;
  for (const ch of text) {
    if (isKanji(ch)) {
      kanji++;
      letters++;
    } else if (isKana(ch)) letters++;
  }
  return { kanji, letters };
}

/** A short excerpt of text around [start, end) for a flag. */
export function excerptOf(text: string, start: number, end: number, max = 24): string {
  const piece = text.slice(start, end).trim().replace(/\s+/g, " ");
  const chars = [...piece];
  return chars.length <= max ? piece : `${chars.slice(0, max - 1).join("")}…`;
}
