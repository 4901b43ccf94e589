// A ninth labelled set, on a ninth kind of plan (the draft 総合計画 of 青葉原市, a fictional commuter
// suburb of about 200,000 people near a big city: an old town centre (本町), new housing estates
// (若葉台, 西原ニュータウン), an ageing public housing estate (緑ヶ丘団地), a few foreign residents),
// written blind (by a helper that neither read the analysis code nor ran it, and chose the themes
// itself), before the method was measured on it: a further generality check, where the themes are
// chapters of a comprehensive plan that the earlier sets mostly left out (roads and traffic safety,
// water and sewerage, parks, greenery and townscape, culture, lifelong learning and the library,
// living together with foreign residents, digital and online procedures, public finance and the
// reorganisation of public buildings, housing and the renewal of the estates, crime prevention),
// plus comments on nothing in particular. Builds suburb-comments.csv from source-suburb/ (one file
// per theme, one comment per line), a campaign (a signalled crossing in front of 若葉台小学校)
// written below and a few comments sent twice. Deterministic: the same file every run.
// Columns as the other sets: comment-id, comment-body, age_band, district, then the labels the
// analysis never reads: theme, duplicate_group (no split).
import { fileURLToPath } from "node:url";
import path from "node:path";
import { seededRandom, sendTwice, themeRows, writeLabelledSet } from "./evalSetRows.ts";

const here = path.dirname(fileURLToPath(import.meta.url));
const themes = ["roads", "water", "parks", "culture", "multicultural", "digital", "finance", "housing", "safety", "other"];
const { rand, pick } = seededRandom(22360);

const rows = themeRows(path.join(here, "source-suburb"), themes);

// Campaign: a crossing with a signal on the prefectural road in front of 若葉台小学校 (roads). A
// shared template, each sender editing a slot or two or adding a line of their own.
const crossing = {
  open: ["", "", "", "若葉台小学校の保護者です。", "若葉台３丁目に住んでいます。", "若葉台小ＰＴＡの役員をしています。", "毎朝、子どもを小学校まで送っている親です。", "孫が若葉台小に通っています。"],
  place: ["県道１２号の若葉台小学校前", "若葉台小学校の正門前を通る県道", "県道12号、若葉台小の前の道路", "若葉台小前の県道（さくら坂の下）"],
  ask: ["に、信号機のついた横断歩道を設置してください。", "に押しボタン式の信号と横断歩道をつくってください。", "への信号機の設置を強く要望します。", "に横断歩道と信号をお願いします。"],
  why: ["車の交通量が多くスピードも出ていて、", "朝の通学時間帯は抜け道の車が多く、", "見通しの悪いカーブの先にあるため、", "大型トラックもスピードを落とさず走っていて、"],
  risk: ["子どもたちが渡るのは本当に危険です。", "いつ事故が起きてもおかしくありません。", "先月もあやうく児童がはねられそうになりました。", "旗を持った見守りの保護者が立っていても車が止まりません。"],
  close: ["", "", "", "よろしくお願いします。", "事故が起きてからでは遅いです。", "ＰＴＡで署名も集めています。", "県や警察にも市から働きかけてください。", "歩道の拡幅もあわせて検討してください。", "うちの子は毎日、遠回りして別の道から通っています。"],
};
for (let i = 0; i < 25; i++) {
  rows.push({
    body: `${pick(crossing.open)}${pick(crossing.place)}${pick(crossing.ask)}${pick(crossing.why)}${pick(crossing.risk)}${pick(crossing.close)}`,
    theme: "roads",
    dup: "campaign-crossing",
  });
}

// The same person sending the same comment twice.
sendTwice(rows, [[5, "water"], [12, "digital"], [20, "safety"]]);
writeLabelledSet(here, "suburb", rows, { prefix: "u", districts: ["honmachi", "wakabadai", "midorigaoka", "higashikawa", "kitano", "nishihara", "kawabata"], rand, pick });
