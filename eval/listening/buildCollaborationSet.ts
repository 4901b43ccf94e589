// A third labelled set, on a third kind of plan (市民協働・地域コミュニティ: volunteering, young
// people's participation, how the city informs residents, neighbourhood associations, citizens'
// groups and their support, taking part in the city's decisions, foreign residents), written
// before the method was measured on it and never used to tune it: the generality check. Builds
// collaboration-comments.csv from source-collaboration/ (one file per theme, one comment per
// line), a campaign (keep the citizens' activity centre where it is) written below and a few
// comments sent twice. Deterministic: the same file every run.
// Columns as city-plan-comments.csv: comment-id, comment-body, age_band, district, then the labels
// the analysis never reads: theme, duplicate_group (no split: none of it is for tuning).
import { fileURLToPath } from "node:url";
import path from "node:path";
import { seededRandom, sendTwice, themeRows, writeLabelledSet } from "./evalSetRows.ts";

const here = path.dirname(fileURLToPath(import.meta.url));
const themes = ["volunteer", "youth", "information", "neighborhood", "groups", "participation", "multicultural", "other"];
const { rand, pick } = seededRandom(31415);

const rows = themeRows(path.join(here, "source-collaboration"), themes);

// Campaign: the citizens' activity centre is not to be merged into the new civic hall on the
// edge of town (groups). A shared template, each sender editing a slot or adding a line.
const centre = {
  open: ["", "", "", "市民活動団体の代表をしています。", "センターを毎週利用している者です。", "ボランティアグループの一員です。"],
  plan: ["市民活動センターを郊外の複合施設へ移転・統合する案", "市民活動センターを郊外の複合施設に統合する案", "市民活動センターの郊外移転・統合案"],
  oppose: ["に反対します", "に強く反対します", "には反対です", "に反対いたします"],
  why: [
    "センターは駅から歩いて行ける唯一の活動拠点で、",
    "センターは駅から歩いて通える唯一の活動拠点であり、",
    "センターは駅から歩いて行ける、ただ一つの活動の拠点で、",
  ],
  who: ["車を持たない高齢者や学生の団体が毎日使っています。", "車のない高齢者や学生の団体が日々利用しています。", "車を持たない高齢者や学生のグループが毎日使っています。"],
  close: ["今の場所での存続をお願いします。", "現在の場所に残してください。", "今の場所での存続を求めます。", "移転ではなく現在地での改修をお願いします。"],
  extra: ["", "", "", "", "週３回、ここで打ち合わせをしています。", "署名も集めています。", "利用者の声を聞いてください。", "移転したら活動を続けられない団体が出ます。"],
};
for (let i = 0; i < 20; i++) {
  rows.push({ body: `${pick(centre.open)}${pick(centre.plan)}${pick(centre.oppose)}。${pick(centre.why)}${pick(centre.who)}${pick(centre.close)}${pick(centre.extra)}`, theme: "groups", dup: "campaign-centre" });
}

// The same person sending the same comment twice.
sendTwice(rows, [[4, "volunteer"], [16, "neighborhood"], [9, "participation"]]);
writeLabelledSet(here, "collaboration", rows, { prefix: "k", districts: ["ohdono", "yuda", "ogori", "aio", "ajisu", "tokuji", "ato"], rand, pick });
