// Picking a text in the resident's language in domain messages. The language itself is the flow
// format's: TLanguage, read from a stored value with toLanguage (src/flows/flowSchema.ts), the one
// language type and helper. Texts are { ja, en, easy } objects (TText), as in flow files.
import { type TLanguage, type TText } from "../../flows/flowSchema.ts";
import { localize } from "../../flows/localize.ts";
/** The text in `lang`, Japanese where a translation is missing. */
export const tr = (lang: TLanguage, text: TText): string => localize(text, lang);

/**
 * What staff wrote, with its optional English and やさしい日本語: without one, that language reads
 * the Japanese.
 */
export const staffText = (ja: string, en?: string | null, easy?: string | null): TText =>
  (en && en.trim()) || (easy && easy.trim())
    ? { ja, ...(en && en.trim() ? { en: en.trim() } : {}), ...(easy && easy.trim() ? { easy: easy.trim() } : {}) }
    : ja;
/** Staff text in `lang`. */
export const staffTr = (lang: TLanguage, ja: string, en?: string | null, easy?: string | null): string => tr(lang, staffText(ja, en, easy));

/** Punctuation differs too: 「日時：…」 but "When: …". */
export const colon = (lang: TLanguage): string => (lang === "en" ? ": " : "：");
/** 「title」 / "title". */
export const quote = (lang: TLanguage, s: string): string => (lang === "en" ? `"${s}"` : `「${s}」`);
/** （note） / " (note)". */
export const paren = (lang: TLanguage, s: string): string => (lang === "en" ? ` (${s})` : `（${s}）`);
