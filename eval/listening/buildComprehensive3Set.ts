// A labelled set on the 総合計画 (基本計画 part) of a mid-sized industrial city (工業都市): large
// factories and the subcontractors that work for them, workers' housing estates, a port and a
// coastal industrial zone, many foreign workers, an ageing old town centre. Its themes, as such a
// plan's chapters would cover them: local industry, the factories and subcontractors and their
// future (industry); jobs, working conditions and young people staying (employment); pollution,
// noise, smells, waste and decarbonisation (environment); living together with foreign
// residents (multicultural); bringing up children and schooling (children); the old town centre
// and its shopping streets (downtown); housing estates, company housing, empty houses
// (housing); roads, commuting, buses and trains (transport); health care, elderly care and
// welfare (welfare); disasters and industrial accidents (disaster), plus off-topic comments
// (other). Written blind, by a helper that neither read the analysis code nor ran it, and chose
// the kind of city and the themes itself, before the method was measured on it.
// Builds comprehensive3-comments.csv from source-comprehensive3/ (one file per theme, one comment
// per line), a campaign (shift-working parents ask for early-morning, night and weekend child
// care) written below and a few comments sent twice. Deterministic: the same file every run.
// Columns as the other sets: comment-id, comment-body, age_band, district, then the labels the
// analysis never reads: theme, duplicate_group (no split).
import { fileURLToPath } from "node:url";
import path from "node:path";
import { campaignRows, seededRandom, sendTwice, themeRows, writeLabelledSet } from "./evalSetRows.ts";

const here = path.dirname(fileURLToPath(import.meta.url));
const themes = ["industry", "employment", "environment", "multicultural", "children", "downtown", "housing", "transport", "welfare", "disaster", "other"];
const { rand, pick } = seededRandom(58231);

const rows = themeRows(path.join(here, "source-comprehensive3"), themes);

// Campaign: parents who work shifts in the factories ask for child care outside ordinary hours
// (children). A shared template, each sender editing a slot or adding a line.
const line = {
  open: ["", "", "臨海地区の工場で交代勤務をしている親です。", "夫婦で３交代の職場に勤めています。", "シフト勤務の親の会として意見を送ります。", "子ども2人を育てながら工場で働いています。"],
  now: ["いまの保育園は朝7時半から夜7時までで、", "市内の保育園はどこも早朝と夜に預かってくれず、", "夜勤の週は子どもの預け先が見つからず、", "祖父母も遠くに住んでいて頼れないので、"],
  state: ["夜勤や早番のたびに仕事を休むしかありません。", "どちらかが正社員をあきらめるしかない状況です。", "毎月のシフト表を見るたびに頭を抱えています。", "職場にも迷惑をかけていて肩身が狭いです。"],
  ask: ["早朝・夜間・休日の保育を市の計画にしっかり位置づけてください。", "交代勤務の家庭が使える24時間の保育所を市内に作ってください。", "工場の多い地区に夜間保育の施設を整備してください。", "会社と市が一緒に、夜勤の親が利用できる保育の仕組みを作ってください。"],
  close: ["", "", "よろしくお願いします。", "ものづくりの街なら、働く親を支えてください。", "同じ悩みの家庭はたくさんあります。", "このままでは二人目は考えられません。"],
};
rows.push(...campaignRows(line, 24, { theme: "children", dup: "campaign-yakan-hoiku" }, pick));

// The same person sending the same comment twice.
sendTwice(rows, [[5, "industry"], [12, "downtown"], [20, "welfare"]]);
writeLabelledSet(here, "comprehensive3", rows, { prefix: "u", districts: ["rinkai", "hamada", "honmachi", "kitadanchi", "nishiyama", "shinden", "kawabata"], rand, pick });
