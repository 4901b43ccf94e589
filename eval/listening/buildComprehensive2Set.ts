// A sixteenth labelled set, on a second comprehensive plan (総合計画, 基本計画 part), of a kind of city
// chosen by the helper itself: a city of islands (離島を含む市), a mainland town centre with
// several inhabited islands. Themes: the sea routes (ferries, high-speed boats, fares,
// cancellations, ports), medical care on the islands, elderly care and living alone, child-rearing
// and birth, schools and education, industry (fishing, farming, island shops and work), tourism,
// disaster (typhoons, tsunami, isolation), migration and settling (vacant houses, U-turns,
// population loss), environment (drift litter, rubbish, water), plus other (off-topic). Written
// blind, by a helper that neither read the analysis code nor ran it, and chose the kind of city
// itself, before the method was measured on it. Builds comprehensive2-comments.csv from
// source-comprehensive2/ (one file per theme, one comment per line), a campaign (keep the
// high-speed boat's runs) written below and a few comments sent twice. Deterministic: the same
// file every run. Columns as the other sets: comment-id, comment-body, age_band, district, then
// the labels the analysis never reads: theme, duplicate_group (no split).
import { fileURLToPath } from "node:url";
import path from "node:path";
import { campaignRows, seededRandom, sendTwice, themeRows, writeLabelledSet } from "./evalSetRows.ts";

const here = path.dirname(fileURLToPath(import.meta.url));
const themes = ["ferry", "medical", "care", "childcare", "school", "industry", "tourism", "disaster", "migration", "environment", "other"];
const { rand, pick } = seededRandom(31857);

const rows = themeRows(path.join(here, "source-comprehensive2"), themes);

// Campaign: islanders ask that the high-speed boat not lose runs (ferry). A shared template, each
// sender editing a slot or adding a line.
const line = {
  open: ["", "", "", "大島に住んでいます。", "平島で暮らして３０年になります。", "高速船を毎週利用している者です。", "島の自治会の役員をしています。", "浮島在住です。"],
  news: ["高速船の減便が検討されていると聞きましたが、", "高速船が一日四便から二便に減らされると聞き、", "来年度から高速船の便数を減らす案があるそうですが、", "高速船の便を減らす話が出ていますが、"],
  harm: ["通院や通学ができなくなる人が出ます。", "本土への日帰りができなくなります。", "島の暮らしが成り立たなくなります。", "年寄りは本土の病院に通えなくなります。", "島から出ていく人がますます増えます。"],
  ask: ["今の便数を維持してください。", "減便はやめて、市が運航を支えてください。", "高速船の便数を守ることを計画に明記してください。", "減便には反対します。"],
  close: ["", "", "よろしくお願いします。", "島民の声を聞いてください。", "同じ思いの島民はたくさんいます。", "航路は島の命綱です。", "どうかお願いいたします。"],
};
rows.push(...campaignRows(line, 25, { theme: "ferry", dup: "campaign-kousokusen" }, pick));

// The same person sending the same comment twice.
sendTwice(rows, [[5, "medical"], [12, "care"], [20, "environment"]]);
writeLabelledSet(here, "comprehensive2", rows, { prefix: "z", districts: ["honmachi", "minatomachi", "oshima", "nakanoshima", "kojima", "hirashima", "ukishima"], rand, pick });
