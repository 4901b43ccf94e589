// The plain-language check from the command line:
//   npm run text:check -- "文章"          one line per flag: `rule: excerpt — suggestion`
//   npm run text:check -- --file F        the text of a file
//   npm run text:check -- --json "文章"   the flags as JSON, for scripts
//   npm run text:check -- --readings "文章"  the text with readings added, 漢字（かんじ）
// Exit 0 either way: the check advises, it never refuses.
import { readFile } from "node:fs/promises";
import { parseArgs } from "node:util";
import { loadJapaneseTokenizer } from "../domain/language/japaneseTokenizer.ts";
import { addReadings } from "../domain/language/plainJapanese/addReadings.ts";
import { checkPlainJapanese } from "../domain/language/plainJapanese/checkPlainJapanese.ts";

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { file: { type: "string" }, json: { type: "boolean", default: false }, readings: { type: "boolean", default: false } },
});
const text = values.file ? await readFile(values.file, "utf8") : positionals.join(" ");
if (!text.trim()) {
  console.error('Usage: npm run text:check -- "文章"  |  --file F  [--json] [--readings]');
  process.exit(2);
}
const tokenize = await loadJapaneseTokenizer();
if (values.readings) {
  console.log(addReadings(text, tokenize));
} else {
  const flags = checkPlainJapanese(text, tokenize);
  if (values.json) console.log(JSON.stringify({ flags }, null, 2));
  else if (flags.length === 0) console.log("ok: 指摘はありません。");
  else for (const f of flags) console.log(`${f.rule}: ${f.excerpt} — ${f.suggestion}`);
}
