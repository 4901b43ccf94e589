// npm run bench:themes — times the comment analysis (src/domain/listening) on 10,000 and 50,000
// comments against its targets (< 20 s and < 2 min, memory < 1 GB). The comments are synthesised
// from the six evaluation sets: sentences of comments on the same theme recombined, half their
// kanji words swapped for others of the theme, with openings and endings residents use. Even so
// a few thousand sentences cannot make 50,000 texts unlike one another: the analysis finds many
// near-duplicates among them and analyses each group once (it prints how many distinct texts).
// Each size runs in its own process, so its peak memory is its own.
import { readFileSync } from "node:fs";
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import path from "node:path";
import { parseCommentsCsv } from "../src/domain/listening/commentsCsv.ts";
import { analyzeComments } from "../src/domain/listening/analyzeComments.ts";
import { loadJapaneseTokenizer } from "../src/domain/listening/japaneseTokenizer.ts";
import { seededRandom } from "../src/domain/listening/random.ts";

const here = path.dirname(fileURLToPath(import.meta.url));
const targets: Record<number, number> = { 10_000: 20, 50_000: 120 };

function synthesise(count: number): { id: string; body: string }[] {
  const sets = ["city-plan", "facilities", "collaboration", "disaster", "transport", "education"];
  const records = sets.flatMap((set) => parseCommentsCsv(readFileSync(path.join(here, "..", "eval", "listening", `${set}-comments.csv`))).map((r) => ({ ...r, set })));
  const sentences = new Map<string, string[]>();
  for (const r of records) {
    const theme = `${r.set}/${r.attributes.theme ?? "other"}`;
    const list = sentences.get(theme) ?? [];
    for (const s of r.body.split(/(?<=[。！？!?])/)) if (s.trim()) list.push(s.trim());
    sentences.set(theme, list);
  }
  const themes = [...sentences.keys()];
  const openings = ["", "", "", "意見です。", "市民の一人として。", "いつもお世話になっています。", "計画案を読みました。", "近所の人とも話したのですが、"];
  const endings = ["", "", "", "よろしくお願いします。", "検討をお願いします。", "以上です。", "ご検討ください。"];
  const random = seededRandom(count);
  const pick = <T>(xs: T[]) => xs[Math.floor(random() * xs.length)]!;
  const places = ["", "", "長門地区では", "三隅では", "日置の", "油谷の", "仙崎の", "うちの近所では", "駅の近くでは"];
  const asides = ["", "", "", "正直、", "前から思っていたのですが、", "子どもの頃から住んでいますが、", "去年引っ越してきましたが、", "高齢の親のことを考えると、"];
  // A small edit in one place in three (a dropped or doubled character), as typed on a phone.
  const typo = (s: string) => {
    if (random() > 0.33 || s.length < 4) return s;
    const at = 1 + Math.floor(random() * (s.length - 2));
    return random() < 0.5 ? s.slice(0, at) + s.slice(at + 1) : s.slice(0, at) + s[at] + s.slice(at);
  };
  // Half the words written in kanji swapped for others of the same theme: without it, 10,000 texts
  // recombined from a few thousand sentences share whole sentences and most are near-duplicates.
  const kanjiRuns = new Map([...sentences].map(([theme, list]) => [theme, list.flatMap((s) => s.match(/\p{Script=Han}{2,}/gu) ?? [])]));
  const reword = (s: string, theme: string) => s.replace(/\p{Script=Han}{2,}/gu, (run) => (random() < 0.5 ? pick(kanjiRuns.get(theme)!) : run));
  return Array.from({ length: count }, (_, i) => {
    const theme = pick(themes);
    const list = sentences.get(theme)!;
    const parts = Array.from({ length: 1 + Math.floor(random() * 3) }, () => `${pick(asides)}${pick(places)}${typo(reword(pick(list), theme))}`);
    return { id: `s${i + 1}`, body: `${pick(openings)}${parts.join("")}${pick(endings)}` };
  });
}

async function runOne(count: number) {
  const comments = synthesise(count);
  const tokenize = await loadJapaneseTokenizer();
  const started = performance.now();
  // Time per stage (BENCH_STAGES=1 prints them), from the analysis' own progress reports.
  const stages: Record<string, number> = {};
  let stage = "start";
  let mark = performance.now();
  const analysis = await analyzeComments(comments, tokenize, {}, (_, next) => {
    if (next === stage) return;
    const now = performance.now();
    stages[stage] = Math.round(now - mark);
    stage = next;
    mark = now;
  });
  if (process.env.BENCH_STAGES) console.error(count, JSON.stringify(stages));
  const seconds = (performance.now() - started) / 1000;
  const peakMb = process.resourceUsage().maxRSS / 1024;
  console.log(JSON.stringify({ count, seconds, peakMb, themes: analysis.themeCount, duplicates: analysis.duplicates.length, distinct: analysis.distinctCount }));
}

if (process.argv[2]) {
  await runOne(Number(process.argv[2]));
} else {
  console.log("Comment analysis (tokenize, duplicates, weights, SVD, themes, sub-themes, labels, map), one process per size:");
  for (const count of [10_000, 50_000]) {
    const out = execFileSync(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), String(count)], { encoding: "utf8", maxBuffer: 1 << 24 });
    const r = JSON.parse(out.trim().split("\n").pop()!) as { count: number; seconds: number; peakMb: number; themes: number; duplicates: number; distinct: number };
    const t = targets[count]!;
    console.log(
      `  ${String(count).padStart(6)} comments: ${r.seconds.toFixed(1)} s (target < ${t} s ${r.seconds < t ? "ok" : "MISSED"}), ` +
        `peak memory ${Math.round(r.peakMb)} MB (target < 1024 MB ${r.peakMb < 1024 ? "ok" : "MISSED"}); ` +
        `${r.themes} themes, ${r.distinct} distinct texts, ${r.duplicates} duplicate groups`,
    );
  }
}
