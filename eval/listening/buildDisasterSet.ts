// A fourth labelled set, on a fourth kind of plan (地域防災: shelters, warnings and how they reach
// residents, floods and landslides, neighbourhood disaster groups and drills, help for those who
// cannot evacuate alone, households' own preparations and earthquake-proofing, teaching children),
// written before the method was measured on it: a second generality check, where one policy area
// (防災) runs through every theme. Builds disaster-comments.csv from source-disaster/ (one file per
// theme, one comment per line), a campaign (keep the closing school as a shelter) written below and
// a few comments sent twice. Deterministic: the same file every run.
// Columns as the other sets: comment-id, comment-body, age_band, district, then the labels the
// analysis never reads: theme, duplicate_group (no split).
import { fileURLToPath } from "node:url";
import path from "node:path";
import { campaignRows, seededRandom, sendTwice, themeRows, writeLabelledSet } from "./evalSetRows.ts";

const here = path.dirname(fileURLToPath(import.meta.url));
const themes = ["shelter", "alerts", "flood", "community", "vulnerable", "stockpile", "education", "other"];
const { rand, pick } = seededRandom(27182);

const rows = themeRows(path.join(here, "source-disaster"), themes);

// Campaign: the primary school closing in the merger is to stay the district's designated
// shelter (shelter). A shared template, each sender editing a slot or adding a line.
const school = {
  open: ["", "", "", "南地区に住む者です。", "南地区の自主防災会の者です。", "子どもが南小学校に通っています。"],
  plan: ["学校統合で閉校になる南小学校", "統合により廃校となる南小学校", "来年閉校する南小学校"],
  ask: ["を、指定避難所として残してください", "を引き続き指定避難所にしてください", "の体育館を避難所として使えるようにしてください"],
  why: ["。地区の避難所がなくなると、", "。ここがなくなれば、", "。南小がなくなったら、"],
  who: ["高齢者は隣の地区の中学校まで３キロ歩かなければなりません。", "お年寄りは３キロ先の中学校まで歩くことになります。", "足の弱い人は遠くの中学校まで避難できません。"],
  close: ["", "よろしくお願いします。", "地区の総意です。", "署名も集めています。", "閉校後の管理は地域で協力します。"],
};
rows.push(...campaignRows(school, 20, { theme: "shelter", dup: "campaign-school" }, pick));

// The same person sending the same comment twice.
sendTwice(rows, [[7, "alerts"], [12, "flood"], [3, "stockpile"]]);
writeLabelledSet(here, "disaster", rows, { prefix: "d", districts: ["minami", "kita", "higashi", "nishi", "chuo", "yamate", "kawabe"], rand, pick });
