// The Adjusted Rand Index of the top-level themes on every labelled set at once, with the default
// seed and as the mean of seeds 1–5 (one seed alone moves by ±0.03), and the worst set: what a
// change to the method should be judged by, as the next round's comments are none of these.
// `npm run eval:compare` (all seventeen sets); SETS=a.csv,b.csv for others; VARIANTS='[{},{"areaWeight":1}]'
// compares parameter sets (ANALYSIS_PARAMETERS) side by side; THEMES=labels fixes the number of
// themes at the number of labels; PLAN=1 gives each set the plan structure staff would type
// (eval/listening/plan-subjects/<set>.txt, see planSubjectFiles.ts).
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import path from "node:path";
import { parseCommentsCsv } from "../../src/domain/listening/commentsCsv.ts";
import { analyzeComments, ANALYSIS_PARAMETERS } from "../../src/domain/listening/analyzeComments.ts";
import { loadJapaneseTokenizer } from "../../src/domain/listening/japaneseTokenizer.ts";
import { adjustedRandIndex } from "../../src/domain/listening/evaluationMetrics.ts";
import { planSubjectsFor } from "./planSubjectFiles.ts";

const here = path.dirname(fileURLToPath(import.meta.url));
const sets = process.env.SETS ? process.env.SETS.split(",") : ["city-plan", "facilities", "collaboration", "disaster", "transport", "education", "comprehensive", "inland", "suburb", "sectoral", "sectoral2", "sectoral3", "sectoral4", "sectoral5", "sectoral6", "comprehensive2", "comprehensive3"].map((s) => path.join(here, `${s}-comments.csv`));
const tokenize = await loadJapaneseTokenizer();
const variants: Record<string, unknown>[] = process.env.VARIANTS ? JSON.parse(process.env.VARIANTS) : [{}];
const defaults = { ...ANALYSIS_PARAMETERS };
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
for (const variant of variants) {
  Object.assign(ANALYSIS_PARAMETERS, defaults, variant);
  const cells: string[] = [];
  const byDefault: number[] = [];
  const byMean: number[] = [];
  for (const file of sets) {
    const records = parseCommentsCsv(readFileSync(file));
    const labels = records.map((r) => r.attributes.theme ?? "");
    const themeCount = process.env.THEMES === "labels" ? new Set(labels).size : undefined;
    const planSubjects = planSubjectsFor(file);
    const aris: number[] = [];
    const ks: number[] = [];
    for (const seed of [undefined, 1, 2, 3, 4, 5]) {
      const analysis = await analyzeComments(records.map((r) => ({ id: r.id, body: r.body })), tokenize, { ...(seed === undefined ? {} : { seed }), ...(themeCount ? { themeCount } : {}), ...(planSubjects ? { planSubjects } : {}) });
      const themeOf = new Map<string, string>();
      for (const t of analysis.themes) for (const id of t.commentIds) themeOf.set(id, t.id);
      aris.push(adjustedRandIndex(labels, records.map((r) => themeOf.get(r.id) ?? "missing")));
      ks.push(analysis.themeCount);
    }
    byDefault.push(aris[0]!);
    byMean.push(mean(aris.slice(1)));
    cells.push(`${path.basename(file).replace("-comments.csv", "")} ${aris[0]!.toFixed(3)}/${mean(aris.slice(1)).toFixed(3)} (k ${ks.join(",")})`);
  }
  console.log(`${JSON.stringify(variant)}  ARI default seed/mean of seeds 1–5\n  ${cells.join("  ")}\n  worst ${Math.min(...byDefault).toFixed(3)}/${Math.min(...byMean).toFixed(3)}  mean ${mean(byDefault).toFixed(3)}/${mean(byMean).toFixed(3)}`);
}
