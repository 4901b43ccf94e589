// npm run comments:themes -- --in comments.csv --out result.json [--themes N] [--plan plan.txt]
// The console's analysis (src/domain/listening), from a file: themes and duplicates of the
// comments in a CSV with comment-id and comment-body columns. Nothing leaves this machine.
import { readFileSync, writeFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { CommentsCsvError, parseCommentsCsv } from "../domain/listening/commentsCsv.ts";
import { analyzeComments } from "../domain/listening/analyzeComments.ts";
import { loadJapaneseTokenizer } from "../domain/listening/japaneseTokenizer.ts";
import { toThemesFile } from "../domain/listening/listeningTypes.ts";
import { parsePlanSubjects, type TPlanSubject } from "../domain/listening/planSubjects.ts";

const usage = "使い方: npm run comments:themes -- --in comments.csv --out result.json [--themes テーマの数] [--plan 計画の柱.txt]";

async function main(): Promise<number> {
  let values: { in?: string; out?: string; themes?: string; plan?: string };
  try {
    ({ values } = parseArgs({ options: { in: { type: "string" }, out: { type: "string" }, themes: { type: "string" }, plan: { type: "string" } }, strict: true }));
  } catch (e) {
    console.error(`${(e as Error).message}\n${usage}`);
    return 2;
  }
  if (!values.in || !values.out) {
    console.error(usage);
    return 2;
  }
  const themeCount = values.themes === undefined ? undefined : Number(values.themes);
  if (themeCount !== undefined && !(Number.isInteger(themeCount) && themeCount >= 2 && themeCount <= 40)) {
    console.error(`--themes は2から40までの整数にしてください（${values.themes}）`);
    return 2;
  }
  let input: Buffer;
  try {
    input = readFileSync(values.in);
  } catch (e) {
    console.error(`${values.in} を読めません: ${(e as Error).message}`);
    return 1;
  }
  let records;
  try {
    records = parseCommentsCsv(input);
  } catch (e) {
    if (e instanceof CommentsCsvError) {
      console.error(`${values.in} の${e.message}`);
      return 1;
    }
    throw e;
  }
  // The plan's chapters and residents' words for them, one line each (planSubjects.ts).
  let planSubjects: TPlanSubject[] | undefined;
  if (values.plan !== undefined) {
    let text: string;
    try {
      text = readFileSync(values.plan, "utf8");
    } catch (e) {
      console.error(`${values.plan} を読めません: ${(e as Error).message}`);
      return 1;
    }
    const parsed = parsePlanSubjects(text);
    if (!parsed.ok) {
      console.error(`${values.plan} の${parsed.line}行目: ${parsed.message}`);
      return 1;
    }
    planSubjects = parsed.subjects;
  }
  const tokenize = await loadJapaneseTokenizer();
  const analysis = await analyzeComments(records.map((r) => ({ id: r.id, body: r.body })), tokenize, { ...(themeCount ? { themeCount } : {}), ...(planSubjects?.length ? { planSubjects } : {}) });
  writeFileSync(values.out, JSON.stringify(toThemesFile(analysis), null, 2) + "\n");
  const duplicated = analysis.duplicates.reduce((n, d) => n + d.commentIds.length, 0);
  console.log(`${records.length}件の意見 → ${analysis.themeCount}テーマ（ほかに「その他」）、重複・類似 ${analysis.duplicates.length}組（${duplicated}件）。${values.out} に書きました。`);
  return 0;
}

process.exitCode = await main();
