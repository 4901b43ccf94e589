import { type TLanguage, type TText } from "./flowSchema.ts";

/** The text in the resident's language, falling back to Japanese. */
export function localize(text: TText, language: TLanguage): string {
  if (typeof text === "string") return text;
  return text[language] ?? text.ja;
}
