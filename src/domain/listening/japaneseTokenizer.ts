// Japanese words from a comment, from the tokens of the project's one Japanese tokenizer
// (src/domain/language/japaneseTokenizer.ts: kuromoji's own IPA dictionary, nothing downloaded, nothing leaves the server). Kept:
// content nouns (runs of nouns also as one compound, 避難+所 → 避難所), independent verbs and
// adjectives in their dictionary form; dropped: particles, auxiliaries, numbers, pronouns and
// the administrative boilerplate in stopWords.ts, and people's names. Loading the dictionary takes about a second.
import { loadJapaneseTokenizer as loadTokens, type TToken } from "../language/japaneseTokenizer.ts";
import { normalizeText } from "./normalizeText.ts";
import { STOP_WORDS } from "./stopWords.ts";

/** Text → the terms weighting counts (normalised, stop words removed). */
export type TTokenizer = (text: string) => string[];


/**
 * Marks a term that is (or holds) a person's name: it still counts like any word (so the themes do
 * not change), but it is never shown as a theme's word or in a label, which may be published.
 */
export const NAME_MARK = "~";

const NOUN_KINDS = new Set(["一般", "固有名詞", "サ変接続", "形容動詞語幹", "ナイ形容詞語幹", "副詞可能"]);
const JOINS_COMPOUND = new Set([...NOUN_KINDS, "接尾"]);

const keep = (term: string) => term.length > 0 && !STOP_WORDS.has(term) && !/^[\p{P}\p{S}\d\s]+$/u.test(term) && !(term.length === 1 && /[\p{Script=Hiragana}a-z]/u.test(term));

/** Terms from the tokenizer's tokens: a pure function, tested without the dictionary. */
export function termsOf(tokens: Pick<TToken, "surface" | "pos" | "posDetail" | "posDetail2" | "basic">[]): string[] {
  const out: string[] = [];
  let run: string[] = [];
  let runHasName = false;
  const flush = () => {
    if (run.length > 1) {
      const compound = run.join("");
      if (keep(compound)) out.push(runHasName ? NAME_MARK + compound : compound);
    }
    run = [];
    runHasName = false;
  };
  for (const t of tokens) {
    const base = t.basic && t.basic !== "*" ? t.basic : t.surface;
    if (t.pos === "名詞" && JOINS_COMPOUND.has(t.posDetail)) {
      const name = t.posDetail2 === "人名";
      run.push(t.surface);
      runHasName ||= name;
      if (NOUN_KINDS.has(t.posDetail) && keep(base)) out.push(name ? NAME_MARK + base : base);
      continue;
    }
    flush();
    if ((t.pos === "動詞" || t.pos === "形容詞") && t.posDetail === "自立" && keep(base)) out.push(base);
  }
  flush();
  return out;
}

/** The terms tokenizer, on the one dictionary loaded once per process (or worker). */
export async function loadJapaneseTokenizer(): Promise<TTokenizer> {
  const tokenize = await loadTokens();
  // Sentences repeat across comments (greetings, campaign templates, 「よろしくお願いします」):
  // each distinct sentence is analysed once per process. Bounded, so memory stays flat.
  const cache = new Map<string, string[]>();
  return (text) => {
    const out: string[] = [];
    for (const sentence of normalizeText(text).split(/(?<=[。！？!?\n])/)) {
      let terms = cache.get(sentence);
      if (!terms) {
        terms = termsOf(tokenize(sentence));
        if (cache.size >= 50_000) cache.clear();
        cache.set(sentence, terms);
      }
      out.push(...terms);
    }
    return out;
  };
}
