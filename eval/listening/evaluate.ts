// Prints how well the analysis finds the hand-labelled themes and duplicates of the evaluation
// set: the Adjusted Rand Index of the top-level themes against the labels (target ≥ 0.5) and the
// pair F1 of duplicate detection (target ≥ 0.9). Three runs, each analysed on its own: the whole
// set, its development part (what the parameters were tuned on) and the held-out part (never
// looked at while tuning). `npm run eval:themes [-- file.csv]` (a file with theme and
// duplicate_group columns; split optional).
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import path from "node:path";
import { parseCommentsCsv, type TCommentRecord } from "../../src/domain/listening/commentsCsv.ts";
import { analyzeComments, ANALYSIS_PARAMETERS } from "../../src/domain/listening/analyzeComments.ts";
import { loadJapaneseTokenizer } from "../../src/domain/listening/japaneseTokenizer.ts";
import { adjustedRandIndex, pairF1 } from "../../src/domain/listening/evaluationMetrics.ts";
import { planSubjectsFor } from "./planSubjectFiles.ts";

const file = process.argv[2] ?? path.join(path.dirname(fileURLToPath(import.meta.url)), "city-plan-comments.csv");
const records = parseCommentsCsv(readFileSync(file));
// The label columns may go by a few names; the first present is used.
const column = (names: string[]) => names.find((n) => records[0] && n in records[0].attributes);
const themeColumn = column(["theme", "label", "category"]);
const duplicateColumn = column(["duplicate_group", "duplicate", "dup"]);
if (!themeColumn) throw new Error(`${file}: no theme column (theme, label or category) to compare with`);
const tokenize = await loadJapaneseTokenizer();
// EVAL_PARAMS='{"rank":30}' tries other parameters without editing the code (for tuning on dev only).
if (process.env.EVAL_PARAMS) Object.assign(ANALYSIS_PARAMETERS, JSON.parse(process.env.EVAL_PARAMS));

async function measure(name: string, part: TCommentRecord[], seed?: number) {
  if (part.length === 0) return;
  const started = performance.now();
  const planSubjects = planSubjectsFor(file);
  const analysis = await analyzeComments(part.map((r) => ({ id: r.id, body: r.body })), tokenize, { ...(seed === undefined ? {} : { seed }), ...(planSubjects ? { planSubjects } : {}) });
  const themeOf = new Map<string, string>();
  for (const t of analysis.themes) for (const id of t.commentIds) themeOf.set(id, t.id);
  const ari = adjustedRandIndex(part.map((r) => r.attributes[themeColumn!] ?? ""), part.map((r) => themeOf.get(r.id) ?? "missing"));
  const truth = new Map<string, string[]>();
  for (const r of part) {
    const g = duplicateColumn ? r.attributes[duplicateColumn] : undefined;
    if (g) truth.set(g, [...(truth.get(g) ?? []), r.id]);
  }
  const dup = pairF1(analysis.duplicates.map((d) => d.commentIds), [...truth.values()]);
  const labels = new Set(part.map((r) => r.attributes[themeColumn!])).size;
  console.log(
    `${(seed === undefined ? name : `${name} seed ${seed}`).padEnd(9)} ${String(part.length).padStart(5)} comments, ${labels} labelled themes → ${analysis.themeCount} themes (+その他)` +
      `  ARI ${ari.toFixed(3)} (target ≥ 0.5 ${ari >= 0.5 ? "ok" : "MISSED"})` +
      (duplicateColumn
        ? `  duplicates F1 ${dup.f1.toFixed(3)} (P ${dup.precision.toFixed(3)}, R ${dup.recall.toFixed(3)}; target ≥ 0.9 ${dup.f1 >= 0.9 ? "ok" : "MISSED"})`
        : `  (no duplicate labels; ${analysis.duplicates.length} duplicate groups found)`) +
      `  ${Math.round(performance.now() - started)} ms`,
  );
  if (process.env.EVAL_VERBOSE) for (const t of analysis.themes) console.log(`   ${t.id} ${t.size}/${t.distinctSize} ${t.label} | ${t.keywords.join(" ")}`);
}

await measure("all", records);
// EVAL_SEEDS=5: the whole set again with other random seeds, to see how much the result varies.
for (let seed = 1; seed <= Number(process.env.EVAL_SEEDS ?? 0); seed++) await measure("all", records, seed);
if (records.some((r) => r.attributes.split)) {
  await measure("dev", records.filter((r) => r.attributes.split === "dev"));
  await measure("held-out", records.filter((r) => r.attributes.split === "heldout"));
}
