// A fifth labelled set, on a fifth kind of plan (地域公共交通: how often the buses run, where the
// routes go, fares and discounts, demand-responsive shared taxis, bus stops and waiting places,
// timetables and travel information, barrier-free vehicles and boarding, the drivers and their
// shortage), written blind (by a helper that neither read the analysis code nor ran it, and chose
// the kind of plan itself, while policySubjects.ts was being written), before the method was
// measured on it: a third generality check, where
// one policy area (公共交通, the bus) runs through every theme and the themes differ by what is
// asked about it. Builds transport-comments.csv from source-transport/ (one file per theme, one
// comment per line), a campaign (withdraw the planned closing of the northern line) written below
// and a few comments sent twice. Deterministic: the same file every run.
// Columns as the other sets: comment-id, comment-body, age_band, district, then the labels the
// analysis never reads: theme, duplicate_group (no split).
import { fileURLToPath } from "node:url";
import path from "node:path";
import { campaignRows, seededRandom, sendTwice, themeRows, writeLabelledSet } from "./evalSetRows.ts";

const here = path.dirname(fileURLToPath(import.meta.url));
const themes = ["frequency", "routes", "fares", "ondemand", "stops", "info", "accessibility", "drivers", "other"];
const { rand, pick } = seededRandom(16180);

const rows = themeRows(path.join(here, "source-transport"), themes);

// Campaign: the northern line (桜台 to the city hospital), planned to close next spring, is to stay
// (routes). A shared template, each sender editing a slot or adding a line.
const line = {
  open: ["", "", "", "桜台地区に住んでいる者です。", "桜台自治会の役員をしています。", "毎週、北部線で市民病院に通っています。", "北部線沿線の住民です。"],
  plan: ["北部線（桜台～市民病院）の廃止", "来年３月で廃止予定の北部線", "市民病院を経由する北部線の廃止計画"],
  ask: ["に反対します。", "を撤回してください。", "を考え直していただきたい。"],
  why: ["この路線がなくなると、", "北部線がなくなれば、", "もし廃止されたら、"],
  who: ["車を持たない高齢者は市民病院に通えなくなります。", "桜台から病院や駅へ行く手段がなくなってしまいます。", "免許を返納したお年寄りは家から出られなくなります。"],
  close: ["", "", "よろしくお願いします。", "地区の総意です。", "本数を減らしてでも路線は残してください。", "地区で署名を集めています。"],
};
rows.push(...campaignRows(line, 20, { theme: "routes", dup: "campaign-northline" }, pick));

// The same person sending the same comment twice.
sendTwice(rows, [[5, "fares"], [14, "ondemand"], [9, "info"]]);
writeLabelledSet(here, "transport", rows, { prefix: "t", districts: ["ekimae", "sakuradai", "minato", "okabe", "tanigawa", "shinmachi", "hara"], rand, pick });
