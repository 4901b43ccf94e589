// A twelfth labelled set, on a third sectoral plan of a kind chosen by the helper itself
// (環境基本計画, the basic environment plan: rubbish reduction, sorting and collection (waste),
// decarbonisation at home, at work and in the city's own buildings (decarbon), wildlife, satoyama,
// waterside life and invasive species (nature), everyday greenery: parks, street trees, townscape
// (greenery), the living environment: noise, smells, smoke, water and air quality (pollution),
// litter, illegal dumping and keeping the town clean (littering), adapting to a changing climate:
// heat, downpours, crops (adaptation), and environmental learning, participation and information
// (engagement)), written blind (by a helper that neither read the analysis code nor ran it, and
// chose the kind of plan itself), before the method was measured on it: a further generality
// check. Builds sectoral3-comments.csv from source-sectoral3/ (one file per theme, one comment per
// line), a campaign (keep the 西ノ森 woodland from being developed) written below and a few
// comments sent twice. Deterministic: the same file every run. Columns as the other sets:
// comment-id, comment-body, age_band, district, then the labels the analysis never reads: theme,
// duplicate_group (no split).
import { fileURLToPath } from "node:url";
import path from "node:path";
import { campaignRows, seededRandom, sendTwice, themeRows, writeLabelledSet } from "./evalSetRows.ts";

const here = path.dirname(fileURLToPath(import.meta.url));
const themes = ["waste", "decarbon", "nature", "greenery", "pollution", "littering", "adaptation", "engagement", "other"];
const { rand, pick } = seededRandom(61907);

const rows = themeRows(path.join(here, "source-sectoral3"), themes);

// Campaign: residents ask that the 西ノ森 woodland (雑木林 and its spring) be kept rather than
// cleared for development (nature). A shared template, each sender editing a slot or adding a line.
const line = {
  open: ["", "", "", "西ノ森の自然を守る会の会員です。", "西ノ森のすぐそばに住んでいます。", "毎朝西ノ森を散歩している者です。", "子どもの頃から西ノ森で遊んで育ちました。"],
  place: ["西ノ森の雑木林は", "西ノ森の林と湧き水は", "西ノ森の里山は", "西ノ森は"],
  value: ["オオタカやカタクリなど貴重な生き物のすみかです。", "市内に残る数少ないまとまった林です。", "子どもたちが生き物にふれられるかけがえのない場所です。", "昔から地域の人が手入れしてきた大切な場所です。"],
  ask: ["計画の中で保全区域として位置づけてください。", "造成の計画を見直し、林をそのまま残してください。", "市が買い取るなどして、将来にわたって守ってください。", "開発より保全を優先すると計画に明記してください。"],
  close: ["", "", "よろしくお願いします。", "一度失われた自然は戻りません。", "署名も集めています。", "同じ思いの市民はたくさんいます。"],
};
rows.push(...campaignRows(line, 20, { theme: "nature", dup: "campaign-nishinomori" }, pick));

// The same person sending the same comment twice.
sendTwice(rows, [[2, "waste"], [9, "pollution"], [13, "adaptation"]]);
writeLabelledSet(here, "sectoral3", rows, { prefix: "w", districts: ["nishinomori", "asahigaoka", "minatomachi", "kamiide", "sakuradai", "tsutsumi", "oyamada"], rand, pick });
