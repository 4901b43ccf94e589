// Builds the labelled evaluation set (city-plan-comments.csv) from the hand-written comments in
// source/ (one file per theme, one comment per line) and two campaigns written below: a template
// with small edits, as organised campaigns send them. Deterministic: the same file every run.
// Columns: comment-id, comment-body, age_band, district (attributes, as the console would export
// them), then the labels the analysis never reads: theme, duplicate_group, split (dev | heldout).
import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import path from "node:path";
import { csvField, seededRandom, sendTwice, shuffle, themeRows } from "./evalSetRows.ts";

const here = path.dirname(fileURLToPath(import.meta.url));
const themes = ["transport", "childcare", "welfare", "disaster", "environment", "roads", "shopping", "other"];

const { rand, pick } = seededRandom(20261201);

const rows = themeRows(path.join(here, "source"), themes);

// Campaign 1: keep the trees of 中央公園 (environment). Slots vary as people edit a shared template.
const park = {
  open: ["", "", "長門地区に住む者です。", "いつも公園を利用している市民です。", "意見を提出します。"],
  oppose: ["反対します", "強く反対します", "反対いたします", "反対です"],
  age: ["樹齢五十年を超える", "樹齢50年以上の", "樹齢５０年を超える"],
  trees: ["桜とクスノキ", "桜やクスノキ", "桜とくすのき"],
  why: ["木陰は子どもや高齢者の憩いの場であり、", "木陰は子どもやお年寄りの憩いの場で、", "木陰は市民の憩いの場であり、"],
  redo: ["計画を見直し、", "計画を白紙に戻し、", "計画を再検討し、"],
  close: ["今ある樹木を残した整備をお願いします。", "今ある木を残した整備を求めます。", "樹木を残した整備をお願いいたします。"],
  extra: ["", "", "", "毎朝ここで散歩しています。", "孫とよく遊びに行く公園です。", "夏は木陰がないと暑くて歩けません。", "署名活動にも協力しています。", "ぜひ市民の声を聞いてください。"],
};
for (let i = 0; i < 40; i++) {
  const body = `${pick(park.open)}中央公園の再整備計画で、${pick(park.age)}${pick(park.trees)}を伐採する案に${pick(park.oppose)}。${pick(park.why)}一度切った木は元に戻りません。${pick(park.redo)}${pick(park.close)}${pick(park.extra)}`;
  rows.push({ body, theme: "environment", dup: "campaign-park" });
}

// Campaign 2: the Mine Line back as a railway (transport).
const rail = {
  open: ["", "", "三隅に住んでいます。", "通学で利用していた者です。"],
  ask: ["一日も早い鉄道での復旧を求めます", "一日も早く鉄道で復旧することを求めます", "一日も早い鉄道での復旧を強く求めます"],
  role: ["通学・通院に欠かせない地域の足です", "通学や通院に欠かせない地域の足です", "通学・通院になくてはならない地域の足です"],
  close: ["バス転換ではなく、鉄道として残してください。", "バスへの転換ではなく、鉄道として残してください。", "BRTではなく、鉄道として残してください。"],
};
for (let i = 0; i < 15; i++) {
  rows.push({ body: `${pick(rail.open)}美祢線の${pick(rail.ask)}。美祢線は${pick(rail.role)}。${pick(rail.close)}`, theme: "transport", dup: "campaign-rail" });
}

// The same person sending the same comment twice (a double tap, or a retry).
sendTwice(rows, [[3, "transport"], [12, "childcare"], [21, "welfare"], [7, "disaster"], [30, "roads"]]);

// Shuffle, so a theme's comments are not adjacent (as they never are in a real round).
shuffle(rows, rand);

const ageBands = ["under20", "20s", "30s", "40s", "50s", "60s", "70plus"];
const districts = ["nagato", "nagato", "nagato", "misumi", "heki", "yuya"];
const out = ["comment-id,comment-body,age_band,district,theme,duplicate_group,split"];
rows.forEach((r, i) => {
  const id = `c${String(i + 1).padStart(4, "0")}`;
  // A third of the comments (every third one after shuffling) are held out: never looked at while tuning.
  const split = i % 3 === 2 ? "heldout" : "dev";
  out.push([id, r.body, pick(ageBands), pick(districts), r.theme, r.dup, split].map(csvField).join(","));
});
writeFileSync(path.join(here, "city-plan-comments.csv"), "\uFEFF" + out.join("\n") + "\n");
console.log(`${rows.length} comments written to eval/listening/city-plan-comments.csv`);
