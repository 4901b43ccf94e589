// A tenth labelled set, on a sectoral plan (高齢者福祉計画・介護保険事業計画: staying active and
// preventing frailty, everyday help and watching over people living alone, dementia, medical and
// care services at home, care homes and housing, the care workforce, premiums and what users pay,
// family carers and where to ask for advice), written blind (by a helper that neither read the
// analysis code nor ran it, and chose the kind of plan itself), before the method was measured on
// it: a generality check where one policy area (介護, the elderly) runs through every theme and the
// themes differ by what is asked about it. Builds sectoral-comments.csv from source-sectoral/ (one
// file per theme, one comment per line), a campaign (against the next rise of the care insurance
// premium) written below and a few comments sent twice. Deterministic: the same file every run.
// Columns as the other sets: comment-id, comment-body, age_band, district, then the labels the
// analysis never reads: theme, duplicate_group (no split).
import { fileURLToPath } from "node:url";
import path from "node:path";
import { campaignRows, seededRandom, sendTwice, themeRows, writeLabelledSet } from "./evalSetRows.ts";

const here = path.dirname(fileURLToPath(import.meta.url));
const themes = ["prevention", "lifesupport", "dementia", "homecare", "residential", "workforce", "premiums", "carers", "other"];
const { rand, pick } = seededRandom(57721);

const rows = themeRows(path.join(here, "source-sectoral"), themes);

// Campaign: the care insurance premium, planned to rise in the next plan period, is to stay as it
// is (premiums). A shared template, each sender editing a slot or adding a line.
const premium = {
  open: ["", "", "", "年金生活者です。", "年金者の会の会員です。", "夫婦ともに年金暮らしです。", "市内に住む７６歳です。"],
  plan: ["次期計画での介護保険料の引き上げ", "第１０期の保険料基準額の引き上げ", "介護保険料の値上げ案"],
  ask: ["に反対します。", "を撤回してください。", "は見直してください。"],
  why: ["年金は減るばかりで、物価も上がっています。", "物価高で暮らしはぎりぎりです。", "年金からの天引きはもう限界です。"],
  want: ["介護給付費準備基金を取り崩して保険料を据え置いてください。", "基金を活用して引き上げを抑えてください。", "これ以上の負担には耐えられません。"],
  close: ["", "", "よろしくお願いします。", "多くの高齢者の声です。", "国に負担割合を増やすよう求めることもあわせてお願いします。", "仲間と一緒に意見を出しています。"],
};
rows.push(...campaignRows(premium, 20, { theme: "premiums", dup: "campaign-premium" }, pick));

// The same person sending the same comment twice.
sendTwice(rows, [[8, "lifesupport"], [12, "dementia"], [5, "workforce"]]);
writeLabelledSet(here, "sectoral", rows, { prefix: "h", districts: ["chuo", "higashiyama", "kawabe", "nishino", "kitahara", "minamidai", "yamazato"], rand, pick });
