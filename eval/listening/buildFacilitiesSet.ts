// A second labelled set, on another kind of plan (公共施設再編計画: libraries, halls, sports
// facilities, fees and booking, access, finances), written after the analysis' parameters were
// fixed on city-plan-comments.csv and never used to tune them: how the method does on comments it
// has not seen. Builds facilities-comments.csv from source-facilities/ and a campaign (keep the
// city pool) written below. Deterministic.
import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import path from "node:path";
import { csvField, seededRandom, shuffle, themeRows } from "./evalSetRows.ts";

const here = path.dirname(fileURLToPath(import.meta.url));
const themes = ["library", "halls", "sports", "fees", "access", "finance", "other"];
const { rand, pick } = seededRandom(4242);

const rows = themeRows(path.join(here, "source-facilities"), themes);
const pool = {
  open: ["", "", "小学生の子を持つ親です。", "水泳教室に通っている者です。"],
  ask: ["市民プールの廃止に反対します", "市民プールの廃止案に反対します", "市民プールの廃止に強く反対します"],
  why: ["子どもたちが安全に泳ぎを学べる市内唯一の場所です", "子どもたちが安全に泳ぎを学べる、市内でただ一つの場所です"],
  close: ["存続と改修をお願いします。", "廃止ではなく改修して残してください。", "存続をお願いいたします。"],
};
for (let i = 0; i < 20; i++) rows.push({ body: `${pick(pool.open)}${pick(pool.ask)}。${pick(pool.why)}。${pick(pool.close)}`, theme: "sports", dup: "campaign-pool" });
shuffle(rows, rand);
const out = ["comment-id,comment-body,theme,duplicate_group"];
rows.forEach((r, i) => out.push([`f${String(i + 1).padStart(4, "0")}`, r.body, r.theme, r.dup].map(csvField).join(",")));
writeFileSync(path.join(here, "facilities-comments.csv"), out.join("\n") + "\n");
console.log(`${rows.length} comments written to eval/listening/facilities-comments.csv`);
