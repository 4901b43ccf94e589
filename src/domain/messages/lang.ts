// The resident's language in domain messages: one place to read it and to pick a text in it.
// Texts are { ja, en } objects (TText), as in flow files, so a language is one more key.
import { toLanguage, type TLanguage, type TText } from "../../flows/flowSchema.ts";
import { localize } from "../../flows/localize.ts";

export type TLang = TLanguage;
export const langOf = (language: string): TLang => toLanguage(language);
/** The text in `lang`, Japanese where a translation is missing. */
export const tr = (lang: TLang, text: TText): string => localize(text, lang);

/**
 * What staff wrote, with its optional English and やさしい日本語: without one, that language reads
 * the Japanese.
 */
export const staffText = (ja: string, en?: string | null, easy?: string | null): TText =>
  (en && en.trim()) || (easy && easy.trim())
    ? { ja, ...(en && en.trim() ? { en: en.trim() } : {}), ...(easy && easy.trim() ? { easy: easy.trim() } : {}) }
    : ja;
/** Staff text in `lang`. */
export const staffTr = (lang: TLang, ja: string, en?: string | null, easy?: string | null): string => tr(lang, staffText(ja, en, easy));

/** Punctuation differs too: 「日時：…」 but "When: …". */
export const colon = (lang: TLang): string => (lang === "en" ? ": " : "：");
/** 「title」 / "title". */
export const quote = (lang: TLang, s: string): string => (lang === "en" ? `"${s}"` : `「${s}」`);
/** （note） / " (note)". */
export const paren = (lang: TLang, s: string): string => (lang === "en" ? ` (${s})` : `（${s}）`);
