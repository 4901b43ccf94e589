// A sixth labelled set, on a sixth kind of plan (教育振興基本計画: the teachers and their workload,
// bullying, children who stop going to school, tablets and digital learning, the school buildings
// and their equipment, merging and closing schools, support for children with disabilities, the
// club activities and their move to the community), written blind (by a helper that neither read
// the analysis code nor ran it, and chose the kind of plan itself, while the method was being
// changed), before the method was measured on it: a fourth generality check, where one policy area
// (学校教育, the school) runs through every theme and the themes differ by what is asked about it.
// Builds education-comments.csv from source-education/ (one file per theme, one comment per line),
// a campaign (air conditioning in every school gymnasium, sent by parents) written below and a few
// comments sent twice. Deterministic: the same file every run.
// Columns as the other sets: comment-id, comment-body, age_band, district, then the labels the
// analysis never reads: theme, duplicate_group (no split).
import { fileURLToPath } from "node:url";
import path from "node:path";
import { seededRandom, sendTwice, themeRows, writeLabelledSet } from "./evalSetRows.ts";

const here = path.dirname(fileURLToPath(import.meta.url));
const themes = ["teachers", "bullying", "absence", "ict", "buildings", "reorganization", "inclusive", "clubs", "other"];
const { rand, pick } = seededRandom(27182);

const rows = themeRows(path.join(here, "source-education"), themes);

// Campaign: air conditioning in the gymnasiums of every primary and junior high school (buildings),
// a template passed round the parents' association. Each slot's first wording is the template's;
// most senders change one or two slots, a few send it as it is or change three, and some add a
// line of their own.
const slots: string[][] = [
  ["", "南台小学校ＰＴＡの者です。", "小学生の子を持つ親です。", "中学校の保護者です。", "PTA役員をしております。"],
  ["市内すべての小中学校の体育館へのエアコン設置", "全ての学校の体育館に空調設備を整備すること", "学校体育館への冷暖房の設置"],
  ["を強く要望します。", "を計画に盛り込んでください。", "をお願いします。", "を早急に進めていただきたい。"],
  ["近年の猛暑で、", "夏の暑さが年々厳しくなり、", "この数年の酷暑で、"],
  ["体育の授業や全校集会が中止になることが増えています。", "熱中症で具合が悪くなる子どもが出ています。", "子どもたちが安心して体育館を使えません。"],
  ["体育館は災害時の避難所にもなります。", "", "避難所としても空調は欠かせません。", "地震や豪雨で避難したとき、暑さ寒さで体調を崩す人が出ないようにしてください。"],
  ["", "よろしくお願いします。", "子どもたちの命を守ってください。", "PTAで署名活動をしています。"],
];
const ownLines = [
  "うちの子も去年、体育館での練習中に気分が悪くなりました。",
  "教室にはエアコンがあるのに、体育館にないのはおかしいと思います。",
  "卒業式や入学式の時期は逆に寒くて大変です。",
  "隣の市ではすでに全校に設置されたと聞いています。",
  "電気代が心配なら、太陽光パネルと一緒に考えてはどうでしょうか。",
  "昨年の避難訓練のとき、体育館の暑さで高齢の方が具合を悪くされていました。",
];
for (let i = 0; i < 20; i++) {
  const choice = slots.map(() => 0);
  const changes = pick([0, 1, 1, 1, 2, 2, 2, 3]);
  for (let c = 0; c < changes; c++) {
    const s = Math.floor(rand() * slots.length);
    choice[s] = 1 + Math.floor(rand() * (slots[s]!.length - 1));
  }
  const own = rand() < 0.35 ? pick(ownLines) : "";
  const body = slots.map((wordings, s) => wordings[choice[s]!]!).join("") + own;
  rows.push({ body, theme: "buildings", dup: "campaign-gymaircon" });
}

// The same person sending the same comment twice.
sendTwice(rows, [[7, "bullying"], [19, "ict"], [3, "clubs"]]);
writeLabelledSet(here, "education", rows, { prefix: "e", districts: ["chuo", "minamidai", "kitahara", "umegaoka", "kawabe", "nishiyama", "higashimachi"], rand, pick });
