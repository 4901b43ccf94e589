// A seventh labelled set, on a seventh kind of plan (総合計画: the draft comprehensive plan of 浜嶺市,
// a fictional mid-size city between the sea and the mountains), written blind (by a helper that
// neither read the analysis code nor ran it, and chose the themes itself), before the method was
// measured on it: a generality check where, unlike the sectoral plans, the themes are different
// policy areas (the plan's chapters: moving in and staying, and empty houses; tourism; farming,
// forestry and fishing; local medical care and health; elderly welfare and care; child-rearing;
// disaster preparedness; the environment and waste; the city's finances and its town hall), some
// of them close neighbours (medical care and elderly care, tourism and fishing, child-rearing and
// moving in). Builds comprehensive-comments.csv from source-comprehensive/ (one file per theme,
// one comment per line), a campaign (keep the 奥谷 clinic open) written below and a few comments
// sent twice. Deterministic: the same file every run.
// Columns as the other sets: comment-id, comment-body, age_band, district, then the labels the
// analysis never reads: theme, duplicate_group (no split).
import { fileURLToPath } from "node:url";
import path from "node:path";
import { seededRandom, sendTwice, themeRows, writeLabelledSet } from "./evalSetRows.ts";

const here = path.dirname(fileURLToPath(import.meta.url));
const themes = ["settlement", "tourism", "primary", "healthcare", "eldercare", "childcare", "disaster", "environment", "administration", "other"];
const { rand, pick } = seededRandom(14142);

const rows = themeRows(path.join(here, "source-comprehensive"), themes);

// Campaign: the 奥谷 clinic, which the draft plan folds into the central hospital, is to stay open
// (healthcare). A shared template, each sender editing a slot or two, some adding a line of their own.
const clinic = {
  open: ["", "", "", "奥谷地区に住む者です。", "鷹尾地区で暮らしております。", "奥谷診療所に月２回通っています。", "奥谷地区自治会連合会の役員をしています。"],
  plan: ["奥谷診療所の廃止", "素案にある奥谷診療所の中央病院への統合", "再来年度に予定されている奥谷診療所の閉鎖"],
  ask: ["に反対します。", "を見直してください。", "は撤回していただきたい。"],
  why: ["診療所がなくなると、", "奥谷から中央病院までは車で４０分かかり、", "山あいの地区で唯一の医療機関がなくなれば、"],
  who: ["車のない高齢者は病院にかかれなくなります。", "急病のときに診てもらえるところがなくなります。", "持病のある年寄りは通院をあきらめるしかありません。"],
  close: ["", "", "よろしくお願いいたします。", "地区の総意です。", "週に数日でもよいので診療を続けてください。", "地区で署名を集めています。"],
  own: [
    "先日も夫が夜に熱を出し、診療所の先生に助けていただきました。",
    "バスは１日３本しかありません。",
    "先生が引退されるなら、後任の医師を市で探してください。",
    "出張診療の形でも構いません。",
    "母は９２歳で、長く車に乗ることができません。",
    "住民説明会を開いてください。",
  ],
};
for (let i = 0; i < 25; i++) {
  const own = rand() < 0.35 ? pick(clinic.own) : "";
  rows.push({
    body: `${pick(clinic.open)}${pick(clinic.plan)}${pick(clinic.ask)}${pick(clinic.why)}${pick(clinic.who)}${own}${pick(clinic.close)}`,
    theme: "healthcare",
    dup: "campaign-okutani-clinic",
  });
}

// The same person sending the same comment twice.
sendTwice(rows, [[8, "tourism"], [21, "eldercare"], [13, "environment"]]);
writeLabelledSet(here, "comprehensive", rows, { prefix: "s", districts: ["chuo", "shiomi", "hamasaki", "takao", "okutani", "isobe", "midorigaoka"], rand, pick });
