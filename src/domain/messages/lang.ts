// The resident's language in domain messages: one place to read it and to pick a text in it.
// Texts are { ja, en } objects (TText), as in flow files, so a language is one more key.
import { type TLanguage, type TText } from "../../flows/flowSchema.ts";
import { localize } from "../../flows/localize.ts";

export type TLang = TLanguage;
export const langOf = (language: string): TLang => (language === "en" ? "en" : "ja");
/** The text in `lang`, Japanese where a translation is missing. */
export const tr = (lang: TLang, text: TText): string => localize(text, lang);

/** What staff wrote, with its optional English: without one, every language reads the Japanese. */
export const staffText = (ja: string, en?: string | null): TText => (en && en.trim() ? { ja, en: en.trim() } : ja);
/** Staff text in `lang`. */
export const staffTr = (lang: TLang, ja: string, en?: string | null): string => tr(lang, staffText(ja, en));

/** Punctuation differs too: 「日時：…」 but "When: …". */
export const colon = (lang: TLang): string => (lang === "en" ? ": " : "：");
/** 「title」 / "title". */
export const quote = (lang: TLang, s: string): string => (lang === "en" ? `"${s}"` : `「${s}」`);
/** （note） / " (note)". */
export const paren = (lang: TLang, s: string): string => (lang === "en" ? ` (${s})` : `（${s}）`);
