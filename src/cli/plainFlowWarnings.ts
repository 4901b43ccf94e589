// The plain-language check over flow files, as warnings for `npm run flows:check`: what a resident
// who chose やさしい日本語 reads (the `easy` text, else a one-string text) is checked, and a text
// with no easy version is named, since those residents then read the ordinary Japanese.
import { isScalar, LineCounter, parseDocument } from "yaml";
import { type TTokenize } from "../domain/language/japaneseTokenizer.ts";
import { checkPlainJapanese } from "../domain/language/plainJapanese/checkPlainJapanese.ts";
import { type TFlow } from "../flows/flowSchema.ts";
import { flowTexts, routedLanguages } from "../flows/flowTexts.ts";

export type TFlowWarning = { file: string; line?: number; column?: number; path: string; rule: string; message: string };

const hasJapanese = (text: string) => /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/u.test(text);

/**
 * mode "easy": what easy readers get; "ja": the ordinary Japanese texts too (for staff who want
 * to make those plainer as well).
 */
export function plainFlowWarnings(flow: TFlow, source: string, tokenize: TTokenize, mode: "easy" | "ja" = "easy"): TFlowWarning[] {
  const lineCounter = new LineCounter();
  const doc = parseDocument(source, { lineCounter });
  const locate = (at: (string | number)[], piece?: string, occurrence = 0) => {
    const node = doc.getIn(at, true);
    if (!isScalar(node) || !node.range) return {};
    let offset = node.range[0];
    // The flag's place inside the text, when the same characters can be found in the file
    // (escapes such as \n in a quoted string shift positions, so search rather than add).
    if (piece) {
      const raw = source.slice(node.range[0], node.range[1]);
      let found = -1;
      for (let k = 0, from = 0; k <= occurrence; k++, from = found + 1) {
        found = raw.indexOf(piece, from);
        if (found < 0) break;
      }
      if (found >= 0) offset += found;
    }
    const { line, col } = lineCounter.linePos(offset);
    return { line, column: col };
  };
  const warnings: TFlowWarning[] = [];
  const routed = routedLanguages(flow);
  if (routed.length > 0 && !routed.includes("easy")) {
    warnings.push({ file: flow.file, ...locate(["steps", 0]), path: "steps", rule: "missing-easy", message: `this flow shows one step per language (${routed.join(", ")}) but none for easy: easy readers get the Japanese one` });
  }
  for (const t of flowTexts(flow)) {
    const path = t.at.join(".");
    const wanted = mode === "ja" ? t.language === "ja" || t.language === "all" : t.language === "easy" || t.language === "all";
    if (t.language === "ja" && mode === "easy" && t.variants && !t.variants.includes("easy")) {
      warnings.push({ file: flow.file, ...locate(t.at), path: path.replace(/\.ja$/, ""), rule: "missing-easy", message: `no easy version: residents who chose やさしい日本語 read 「${[...t.text].slice(0, 20).join("")}」` });
    }
    if (!wanted || !hasJapanese(t.text)) continue;
    for (const f of checkPlainJapanese(t.text, tokenize)) {
      const piece = t.text.slice(f.start, f.end).split("\n")[0]!;
      const occurrence = t.text.slice(0, f.start).split(piece).length - 1;
      warnings.push({ file: flow.file, ...locate(t.at, piece, occurrence), path, rule: f.rule, message: `${f.excerpt} — ${f.suggestion}` });
    }
  }
  return warnings;
}
