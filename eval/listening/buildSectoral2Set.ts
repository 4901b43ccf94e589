// An eleventh labelled set, on a second sectoral plan of a kind chosen by the helper itself
// (地域福祉計画, community welfare: watching over people living alone, gathering places and
// salons, where to take a worry (consultation), the people who do the supporting (民生委員,
// volunteers, 自治会) and their shortage, helping people who need support in a disaster,
// safeguarding rights (成年後見, abuse, fraud), people in financial hardship, and help with the
// small jobs of daily life (shopping, rubbish, hospital visits)), written blind (by a helper that
// neither read the analysis code nor ran it, and chose the kind of plan itself), before the method
// was measured on it: a further generality check, where one policy area (地域の支え合い, people
// supporting each other in the neighbourhood) runs through every theme and the themes differ by
// what is asked about it. Builds sectoral2-comments.csv from source-sectoral2/ (one file per
// theme, one comment per line), a campaign (lighten the load on the district welfare volunteers,
// 民生委員) written below and a few comments sent twice. Deterministic: the same file every run.
// Columns as the other sets: comment-id, comment-body, age_band, district, then the labels the
// analysis never reads: theme, duplicate_group (no split).
import { fileURLToPath } from "node:url";
import path from "node:path";
import { campaignRows, seededRandom, sendTwice, themeRows, writeLabelledSet } from "./evalSetRows.ts";

const here = path.dirname(fileURLToPath(import.meta.url));
const themes = ["watching", "gathering", "consultation", "helpers", "disaster", "rights", "poverty", "errands", "other"];
const { rand, pick } = seededRandom(24494);

const rows = themeRows(path.join(here, "source-sectoral2"), themes);

// Campaign: the district welfare volunteers (民生委員・児童委員) ask for their load to be lightened
// (helpers). A shared template, each sender editing a slot or adding a line.
const line = {
  open: ["", "", "", "北山地区で民生委員をしております。", "民生委員・児童委員を２期務めています。", "民生委員になって６年目です。", "地区の民生委員協議会の一員として意見します。"],
  load: ["担当する世帯が年々増え、", "一人で受け持つ高齢者の数が増え続け、", "訪問や書類作成、会議への出席に追われ、"],
  state: ["もう限界に近い状態です。", "本来の活動に手が回りません。", "後任を頼める人が見つかりません。"],
  ask: ["民生委員の負担を軽くする具体策を計画に盛り込んでください。", "協力員を置くなど、民生委員を支える仕組みを作ってください。", "活動費の増額と事務の簡素化をお願いします。"],
  close: ["", "", "よろしくお願いいたします。", "このままでは次の改選で欠員が増えます。", "同じ思いの委員は大勢います。", "現場の声を聞いてください。"],
};
rows.push(...campaignRows(line, 20, { theme: "helpers", dup: "campaign-minsei" }, pick));

// The same person sending the same comment twice.
sendTwice(rows, [[4, "consultation"], [11, "poverty"], [7, "errands"]]);
writeLabelledSet(here, "sectoral2", rows, { prefix: "m", districts: ["honcho", "kitayama", "kawanishi", "wakaba", "higashihama", "midorigaoka", "kaminohara"], rand, pick });
