// Japanese words from a comment, with the IPA dictionary that ships inside @sglkc/kuromoji (a
// maintained fork of kuromoji.js): nothing is downloaded and nothing leaves the server. Kept:
// content nouns (runs of nouns also as one compound, 避難+所 → 避難所), independent verbs and
// adjectives in their dictionary form; dropped: particles, auxiliaries, numbers, pronouns and
// the administrative boilerplate in stopWords.ts, and people's names. Loading the dictionary takes about a second.
import path from "node:path";
import { createRequire } from "node:module";
import kuromoji from "@sglkc/kuromoji";
import { normalizeText } from "./normalizeText.ts";
import { STOP_WORDS } from "./stopWords.ts";

/** Text → the terms weighting counts (normalised, stop words removed). */
export type TTokenizer = (text: string) => string[];

type TToken = { surface_form: string; pos: string; pos_detail_1: string; pos_detail_2?: string; basic_form: string };

/**
 * Marks a term that is (or holds) a person's name: it still counts like any word (so the themes do
 * not change), but it is never shown as a theme's word or in a label, which may be published.
 */
export const NAME_MARK = "~";

const NOUN_KINDS = new Set(["一般", "固有名詞", "サ変接続", "形容動詞語幹", "ナイ形容詞語幹", "副詞可能"]);
const JOINS_COMPOUND = new Set([...NOUN_KINDS, "接尾"]);

function dictionaryPath(): string {
  const require = createRequire(import.meta.url);
  return path.join(path.dirname(require.resolve("@sglkc/kuromoji/package.json")), "dict");
}

const keep = (term: string) => term.length > 0 && !STOP_WORDS.has(term) && !/^[\p{P}\p{S}\d\s]+$/u.test(term) && !(term.length === 1 && /[\p{Script=Hiragana}a-z]/u.test(term));

/** Terms from kuromoji's tokens: a pure function, tested without the dictionary. */
export function termsOf(tokens: TToken[]): string[] {
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
    const base = t.basic_form && t.basic_form !== "*" ? t.basic_form : t.surface_form;
    if (t.pos === "名詞" && JOINS_COMPOUND.has(t.pos_detail_1)) {
      const name = t.pos_detail_2 === "人名";
      run.push(t.surface_form);
      runHasName ||= name;
      if (NOUN_KINDS.has(t.pos_detail_1) && keep(base)) out.push(name ? NAME_MARK + base : base);
      continue;
    }
    flush();
    if ((t.pos === "動詞" || t.pos === "形容詞") && t.pos_detail_1 === "自立" && keep(base)) out.push(base);
  }
  flush();
  return out;
}

let loading: Promise<TTokenizer> | undefined;

/** The tokenizer, loaded once per process (or worker). */
export function loadJapaneseTokenizer(): Promise<TTokenizer> {
  loading ??= new Promise<TTokenizer>((resolve, reject) => {
    kuromoji.builder({ dicPath: dictionaryPath() }).build((err, tokenizer) => {
      if (err) {
        loading = undefined;
        reject(err);
        return;
      }
      // Sentences repeat across comments (greetings, campaign templates, 「よろしくお願いします」):
      // each distinct sentence is analysed once per process. Bounded, so memory stays flat.
      const cache = new Map<string, string[]>();
      resolve((text) => {
        const out: string[] = [];
        for (const sentence of normalizeText(text).split(/(?<=[。！？!?\n])/)) {
          let terms = cache.get(sentence);
          if (!terms) {
            terms = termsOf(tokenizer.tokenize(sentence) as TToken[]);
            if (cache.size >= 50_000) cache.clear();
            cache.set(sentence, terms);
          }
          out.push(...terms);
        }
        return out;
      });
    });
  });
  return loading;
}
