// A thirteenth labelled set, on a fourth sectoral plan of a kind chosen by the helper itself
// (空家等対策計画, a vacant-housing plan). Its themes, as such a city plan is organised: keeping
// houses from becoming vacant in the first place (prevention), the owner's upkeep of a vacant
// house and the nuisance when it is neglected (upkeep), houses that are dangerous, and the legal
// steps against them, and crime and fire (danger), putting vacant houses to use (reuse),
// demolition and what to do with the plot afterwards (demolition), inheritance, registration and
// unknown owners (inheritance), where to ask and how the city informs (consultation), and working
// with the neighbourhood and knowing where the vacant houses are (community), plus other.
// Written blind, by a helper that neither read the analysis code nor ran it, and chose the kind
// of plan itself, before the method was measured on it. Builds sectoral4-comments.csv from
// source-sectoral4/ (one file per theme, one comment per line), a campaign (parents asking for the
// dangerous vacant houses along the school routes to be dealt with first) written below and a few
// comments sent twice. Deterministic: the same file every run. Columns as the other sets:
// comment-id, comment-body, age_band, district, then the labels the analysis never reads: theme,
// duplicate_group (no split).
import { fileURLToPath } from "node:url";
import path from "node:path";
import { campaignRows, seededRandom, sendTwice, themeRows, writeLabelledSet } from "./evalSetRows.ts";

const here = path.dirname(fileURLToPath(import.meta.url));
const themes = ["prevention", "upkeep", "danger", "reuse", "demolition", "inheritance", "consultation", "community", "other"];
const { rand, pick } = seededRandom(57139);

const rows = themeRows(path.join(here, "source-sectoral4"), themes);

// Campaign: parents and school-route volunteers ask for the dangerous vacant houses on the way to
// school to be dealt with first (danger). A shared template, each sender editing a slot or adding a line.
const line = {
  open: ["", "", "", "南台小学校の通学路沿いに住んでいます。", "小学生の子どもを持つ親です。", "地区の見守り隊で毎朝通学路に立っています。", "ＰＴＡの役員をしています。"],
  place: ["通学路沿いに、壁が崩れかけた空き家があります。", "子どもたちが毎日通る道に、屋根の落ちかけた空き家が放置されています。", "通学路に面した空き家のブロック塀が傾いたままです。", "登下校の道に、いつ倒れてもおかしくない空き家があります。"],
  fear: ["地震や台風のときに子どもが巻き込まれないか心配です。", "事故が起きてからでは取り返しがつきません。", "毎朝見送るたびに不安になります。"],
  ask: ["通学路沿いの危険な空き家を優先して対処することを計画に明記してください。", "所有者への指導を急ぎ、必要なら代執行で撤去してください。", "通学路の危険な空き家について、期限を決めて対応していただきたい。", "危険な空き家への措置を早めてください。"],
  close: ["", "", "よろしくお願いします。", "子どもの安全を第一に考えてください。", "同じ気持ちの保護者はたくさんいます。"],
};
rows.push(...campaignRows(line, 20, { theme: "danger", dup: "campaign-schoolroute" }, pick));

// The same person sending the same comment twice.
sendTwice(rows, [[6, "reuse"], [13, "inheritance"], [2, "upkeep"]]);
writeLabelledSet(here, "sectoral4", rows, { prefix: "x", districts: ["motomachi", "sakuragi", "minamidai", "oyamada", "kawabe", "nishihara", "tsurugaoka"], rand, pick });
