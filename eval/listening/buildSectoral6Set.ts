// A fifteenth labelled set, on a further sectoral plan of a kind chosen by the helper itself
// (男女共同参画計画, gender equality: changing fixed ideas of men's and women's roles (awareness,
// education, custom), women in decision-making (councils, the city's own managers, the assembly),
// balancing work with childcare and caregiving (men's parental leave, long hours), women's work and
// pay (re-employment, non-regular work, starting a business), violence (DV, sexual violence,
// stalking, harassment), health across life (women's health, menopause, pregnancy, sex
// education), people facing hardship (single parents, older women living alone, foreign and
// disabled residents), neighbourhood associations, PTA and disaster preparedness, and sexual
// diversity (LGBTQ)), written blind (by a helper that neither read the analysis code nor ran it,
// and chose the kind of plan and its themes itself), before the method was measured on it: a
// further generality check, where one policy area (gender equality) runs through every theme and
// the themes differ by the part of residents' lives that is asked about. Builds
// sectoral6-comments.csv from source-sectoral6/ (one file per theme, one comment per line), a
// campaign (asking for a partnership oath system for same-sex couples) written below and a few
// comments sent twice. Deterministic: the same file every run.
// Columns as the other sets: comment-id, comment-body, age_band, district, then the labels the
// analysis never reads: theme, duplicate_group (no split).
import { fileURLToPath } from "node:url";
import path from "node:path";
import { campaignRows, seededRandom, sendTwice, themeRows, writeLabelledSet } from "./evalSetRows.ts";

const here = path.dirname(fileURLToPath(import.meta.url));
const themes = ["awareness", "decision", "worklife", "employment", "violence", "health", "hardship", "community", "diversity", "other"];
const { rand, pick } = seededRandom(61873);

const rows = themeRows(path.join(here, "source-sectoral6"), themes);

// Campaign: residents ask for a partnership oath system (パートナーシップ宣誓制度) for same-sex
// couples (diversity). A shared template, each sender editing a slot or adding a line.
const line = {
  open: ["", "", "", "同性のパートナーと暮らしています。", "当事者の一人として意見を送ります。", "性的少数者の友人がいる者として書きます。", "市内に住むレズビアンです。"],
  core: ["この市にはパートナーシップ宣誓制度がまだありません。", "近隣の市ではすでにパートナーシップ制度が始まっています。", "パートナーシップ制度がないために、多くのカップルが不安を抱えて暮らしています。", "県内で制度がないのは少数派になりつつあります。"],
  need: ["病院での面会や市営住宅の申し込みで、家族として扱われないのが現状です。", "制度があれば、病院や不動産会社にも二人の関係を説明しやすくなります。", "法的な効力はなくても、市が関係を認めることに大きな意味があります。"],
  ask: ["計画の中にパートナーシップ宣誓制度の導入を明記してください。", "計画期間中にパートナーシップ制度を導入していただきたい。", "ファミリーシップ制度も含めて、早急に導入をお願いします。", "パートナーシップ制度の導入時期を計画に書き込んでください。"],
  close: ["", "", "よろしくお願いします。", "誰もが安心して暮らせる市にしてください。", "一日も早い実現を願っています。", "私たちもこの市の住民です。"],
};
rows.push(...campaignRows(line, 20, { theme: "diversity", dup: "campaign-partnership" }, pick));

// The same person sending the same comment twice.
sendTwice(rows, [[5, "violence"], [9, "worklife"], [12, "hardship"]]);
writeLabelledSet(here, "sectoral6", rows, { prefix: "v", districts: ["nishimachi", "sakuragaoka", "kitahara", "minamiura", "tsutsumi", "higashiyama", "kamiizumi"], rand, pick });
