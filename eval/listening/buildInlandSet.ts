// An eighth labelled set, on a draft 総合計画 of a fictional inland city of about 60,000 people
// (霞野市: the 霞川 river valley, a small station town 本町, farms in 上郷・新田・西原, the mountain
// district 北山, the former industrial district 栄町), written blind (by a helper that neither read
// the analysis code nor ran it, and chose the themes itself), before the method was measured on it:
// a further generality check, where the themes are chapters of a comprehensive plan, that is
// different policy areas (子育て支援, 高齢者福祉・介護, 地域医療・健康, 農業, 商工業と雇用,
// 移住・定住・空き家, 防災・減災, 環境・ごみ・脱炭素), some of them close neighbours (介護 and 医療,
// 商工業 and 移住). Builds inland-comments.csv from source-inland/ (one file per theme, one comment
// per line), a campaign (keep births at the city hospital, 霞野中央病院) written below and a few
// comments sent twice. Deterministic: the same file every run.
// Columns as the other sets: comment-id, comment-body, age_band, district, then the labels the
// analysis never reads: theme, duplicate_group (no split).
import { fileURLToPath } from "node:url";
import path from "node:path";
import { seededRandom, sendTwice, themeRows, writeLabelledSet } from "./evalSetRows.ts";

const here = path.dirname(fileURLToPath(import.meta.url));
const themes = ["childcare", "eldercare", "healthcare", "farming", "jobs", "settlement", "disaster", "environment", "other"];
const { rand, pick } = seededRandom(17320);

const rows = themeRows(path.join(here, "source-inland"), themes);

// Campaign: the plan's stopping of births (分娩) at the city hospital is to be withdrawn
// (healthcare). A shared template whose first choice in each slot is the text as circulated;
// most senders change one or two slots, some add a line of their own.
const slots: Record<string, string[]> = {
  open: ["", "本町に住む３０代の母親です。", "来年、出産を予定している者です。", "上郷地区の住民です。", "中央病院で二人の子を産みました。", "もうすぐ孫が生まれる祖母です。"],
  plan: ["霞野中央病院での分娩の休止", "来年度から中央病院でお産ができなくなる計画", "総合計画案にある中央病院産婦人科の縮小"],
  ask: ["に反対します。", "を見直してください。", "は撤回していただきたいです。", "には納得できません。"],
  why: ["市内でお産ができなくなれば、", "中央病院で産めなくなると、", "分娩のできる病院がなくなったら、"],
  who: ["陣痛の中、隣の市の病院まで１時間近く車で走ることになります。", "若い世帯は霞野に住もうと思わなくなります。", "妊婦健診のたびに遠くの病院まで通わなければなりません。"],
  close: ["産科医の確保に市が本気で取り組んでください。", "", "よろしくお願いします。", "子育て世代で署名を集めています。", "安心して産めるまちであってほしい。"],
};
const ownLines = ["私も中央病院で産みました。", "冬の峠道を陣痛で越えるのは怖いです。", "助産師さんの手厚さに救われました。", "北山からだと隣の市まで１時間半かかります。", "娘がこれから出産を迎えます。", "医師がいないなら市が大学に掛け合ってください。"];
const order = ["open", "plan", "ask", "why", "who", "close"];
for (let i = 0; i < 25; i++) {
  const chosen = Object.fromEntries(order.map((k) => [k, slots[k]![0]!]));
  const changes = pick([0, 1, 1, 1, 2, 2]);
  for (let c = 0; c < changes; c++) {
    const k = pick(order);
    chosen[k] = pick(slots[k]!.slice(1));
  }
  const own = rand() < 0.3 ? pick(ownLines) : "";
  rows.push({ body: order.map((k) => chosen[k]).join("") + own, theme: "healthcare", dup: "campaign-birthward" });
}

// The same person sending the same comment twice.
sendTwice(rows, [[7, "childcare"], [22, "farming"], [11, "environment"]]);
writeLabelledSet(here, "inland", rows, { prefix: "v", districts: ["honmachi", "kamigo", "shimogo", "kitayama", "sakae", "nishihara", "shinden"], rand, pick });
