// Checks every flow file without starting the bot: `npm run flows:check [dir]`. Exit 1 on any problem.
// Then the plain-language check (やさしい日本語) as warnings, which never fail the check:
// `--plain-ja` also checks the ordinary Japanese texts.
import { readFile } from "node:fs/promises";
import { FlowFileError } from "../errors.ts";
import { loadFlows } from "../flows/loadFlows.ts";
import { actionNames } from "../domain/actions.ts";
import { loadJapaneseTokenizer } from "../domain/language/japaneseTokenizer.ts";
import { plainFlowWarnings } from "./plainFlowWarnings.ts";

const args = process.argv.slice(2);
const dir = args.find((a) => !a.startsWith("--")) ?? "flows";
const mode = args.includes("--plain-ja") ? "ja" : "easy";
try {
  const set = await loadFlows(dir, actionNames);
  for (const flow of set.flows) console.log(`ok  ${flow.file}  ${flow.id}@${flow.revision}  ${flow.steps.length} steps`);
  const tokenize = await loadJapaneseTokenizer();
  const warnings = [];
  for (const flow of set.flows) warnings.push(...plainFlowWarnings(flow, await readFile(flow.file, "utf8"), tokenize, mode));
  for (const w of warnings) console.log(`warning  ${w.file}${w.line ? `:${w.line}:${w.column ?? 1}` : ""} (${w.path}) ${w.rule}: ${w.message}`);
  console.log(`plain language (${mode === "ja" ? "日本語" : "やさしい日本語"}): ${warnings.length} warning(s)${mode === "easy" ? "; --plain-ja also checks the ordinary Japanese texts" : ""}`);
} catch (err) {
  if (!(err instanceof FlowFileError)) throw err;
  console.error(`Flow files have ${err.problems.length} problem(s):\n${err.message}`);
  process.exitCode = 1;
}
