// A fourteenth labelled set, on a sectoral plan of a kind chosen by the helper itself
// (多文化共生推進プラン, the plan for living together with foreign residents: information in
// many languages and in plain Japanese, at the counters and in the city's letters (information);
// learning Japanese (japanese); the children's schooling (children); work and the workplace
// (work); health care, welfare and bringing up babies (health); finding and keeping a home
// (housing); disasters and getting to safety (disaster); neighbourhood life, meeting each other
// and having a say (community); prejudice, unkind treatment and human rights (prejudice)), plus
// off-topic comments (other). Written blind, by a helper that neither read the analysis code nor
// ran it, and chose the kind of plan itself, before the method was measured on it: many of the
// writers are foreign residents writing simple Japanese, with the slips such writers make.
// Builds sectoral5-comments.csv from source-sectoral5/ (one file per theme, one comment per
// line), a campaign (the volunteers of the local Japanese classes ask for the city's support)
// written below and a few comments sent twice. Deterministic: the same file every run.
// Columns as the other sets: comment-id, comment-body, age_band, district, then the labels the
// analysis never reads: theme, duplicate_group (no split).
import { fileURLToPath } from "node:url";
import path from "node:path";
import { campaignRows, seededRandom, sendTwice, themeRows, writeLabelledSet } from "./evalSetRows.ts";

const here = path.dirname(fileURLToPath(import.meta.url));
const themes = ["information", "japanese", "children", "work", "health", "housing", "disaster", "community", "prejudice", "other"];
const { rand, pick } = seededRandom(73019);

const rows = themeRows(path.join(here, "source-sectoral5"), themes);

// Campaign: the volunteers who run the local Japanese classes ask the city to support them
// (japanese). A shared template, each sender editing a slot or adding a line.
const line = {
  open: ["", "", "", "市内の地域日本語教室でボランティアをしています。", "公民館の日本語教室で教えて８年になります。", "日本語ボランティアの会の一員として意見を出します。", "退職してから日本語教室の手伝いをしています。"],
  now: ["学びに来る外国の方は年々増えているのに、", "教室に来る学習者はこの数年で倍になりましたが、", "仕事帰りに通う学習者も増えてきた一方で、", "子ども連れで来る方も多くなりましたが、"],
  state: ["教える側は高齢化し、人数も足りません。", "会場代も教材代もボランティアの持ち出しです。", "ボランティアだけで教室を回すのはもう限界です。"],
  ask: ["市として会場と運営費の支援を計画に明記してください。", "教室をまとめる専任のコーディネーターを配置してください。", "ボランティアの養成講座と活動費の補助をお願いします。", "地域の日本語教室を市の事業として位置づけてください。"],
  close: ["", "", "よろしくお願いします。", "学習者の笑顔のためにも、ぜひ。", "このままでは教室を閉じるしかありません。", "同じ思いの仲間はたくさんいます。"],
};
rows.push(...campaignRows(line, 20, { theme: "japanese", dup: "campaign-nihongo-kyoshitsu" }, pick));

// The same person sending the same comment twice.
sendTwice(rows, [[3, "health"], [9, "housing"], [14, "disaster"]]);
writeLabelledSet(here, "sectoral5", rows, { prefix: "y", districts: ["chuo", "ekinishi", "minatomachi", "sakuradai", "kogawa", "tsutsumi", "asahino"], rand, pick });
