// ホーム, the console's first page: does the channel reach the people the city's plans target?
// Friends, consented, reachable and blocked over time; consented residents by age band and district
// (groups under 5 merged, never shown apart); the share under 30; residents who took part in
// anything this month and this year against the city's target (設定); messages this month against
// the budget. Every figure is also in the CSV.
import { api } from "./api.js";
import { h, setChildren } from "./dom.js";
import { formatNumber, formatPercent } from "./format.js";
import { barChart, lineChart, progressBar } from "./charts.js";
import { errorBox, loading, pageHeader } from "./ui.js";

const countLabels = { friends: "友だち", consented: "同意済み", reachable: "届く人", blocked: "ブロック" };

function figure(label, value, testid, note) {
  return h("div", { class: "figure", "data-testid": testid }, h("div", { class: "figure-label" }, label), h("div", { class: "figure-value" }, value), note ? h("div", { class: "hint" }, note) : null);
}

function breakdownCard(title, b, testid) {
  const total = b.groups.reduce((n, g) => n + g.residents, 0);
  return h(
    "section",
    { class: "card", "data-testid": testid },
    h("h2", {}, title),
    b.groups.length === 0
      ? h("p", { class: "hint" }, "人数が少ないため、内訳は表示しません（5人未満のグループは表示しない決まりです）。")
      : [
          barChart({ title, bars: b.groups.map((g) => ({ label: g.label, value: g.residents })), testid: `${testid}-chart` }),
          h("ul", { class: "sr-list" }, b.groups.map((g) => h("li", { "data-testid": `${testid}-row` }, `${g.label}：${formatNumber(g.residents)}人（${formatPercent((g.residents / total) * 100)}）`))),
        ],
    b.suppressed > 0 ? h("p", { class: "hint", "data-testid": `${testid}-suppressed` }, `5人未満のグループ（${b.suppressed}）は「その他（少数のため非表示）」にまとめています。`) : null,
  );
}

export async function homeView(container) {
  setChildren(container, pageHeader("ホーム"), loading());
  let d;
  try {
    d = await api("GET", "/dashboard");
  } catch (err) {
    setChildren(container, pageHeader("ホーム"), errorBox(err));
    return;
  }
  const c = d.counts;
  const p = d.participation;
  const m = d.messages;
  const csv = h("a", { class: "button secondary small", href: "/api/admin/dashboard.csv", download: "", "data-testid": "dashboard-csv" }, "すべての数値（CSV）");

  const counts = h(
    "section",
    { class: "card", "data-testid": "home-counts" },
    h("h2", {}, "友だちと届く人"),
    h(
      "div",
      { class: "figures" },
      figure(countLabels.friends, `${formatNumber(c.friends)}人`, "home-friends", "友だち追加した人（ブロック中も含む）"),
      figure(countLabels.reachable, `${formatNumber(c.reachable)}人`, "home-reachable", "いまメッセージが届く人"),
      figure(countLabels.consented, `${formatNumber(c.consented)}人`, "home-consented", "届く人のうち、個人情報の扱いに同意した人（年代・地区で送れる人）"),
      figure(countLabels.blocked, `${formatNumber(c.blocked)}人`, "home-blocked"),
    ),
    lineChart({
      title: "友だち・届く人・同意済み・ブロックの推移",
      days: d.history.map((x) => x.day),
      series: ["friends", "reachable", "consented", "blocked"].map((k) => ({ label: countLabels[k], values: d.history.map((x) => x[k]) })),
      testid: "home-history-chart",
    }),
    h("p", { class: "hint" }, `毎日の記録から描いています（${d.history.length}日分。記録はこの機能を入れた日から）。`),
  );

  const young = h(
    "section",
    { class: "card", "data-testid": "home-under30" },
    h("h2", {}, "30歳未満の割合"),
    d.under30.share === null
      ? h("p", { class: "hint" }, "年代を答えた人がまだいません。")
      : h("p", { class: "big", "data-testid": "home-under30-share" }, `${formatPercent(d.under30.share * 100)}（${formatNumber(d.under30.residents)}人 / 年代を答えた ${formatNumber(d.under30.of)}人）`),
  );

  const participation = h(
    "section",
    { class: "card", "data-testid": "home-participation" },
    h("h2", {}, "参加した住民"),
    h("p", { class: "hint" }, "意見・アンケートの回答・イベントの申込・ボランティアのシフトのどれかに参加した人の数（同じ人は1人と数えます）。"),
    h(
      "div",
      { class: "figures" },
      figure("今月", `${formatNumber(p.thisMonth)}人`, "home-participation-month"),
      figure("今年", `${formatNumber(p.thisYear)}人`, "home-participation-year", p.yearPercent === null ? null : `人口の ${formatPercent(p.yearPercent)}`),
      figure("目標", p.target === null ? "未設定" : `${formatNumber(p.target)}人`, "home-participation-target", p.population === null ? "設定で人口と目標（％）を入れると表示します" : `人口 ${formatNumber(p.population)}人の ${p.targetPercent}%`),
    ),
    p.target === null ? null : progressBar({ title: `今年の参加 ${p.thisYear}人 / 目標 ${p.target}人`, value: p.thisYear, target: p.target, testid: "home-participation-chart" }),
  );

  const messages = h(
    "section",
    { class: "card", "data-testid": "home-messages" },
    h("h2", {}, `今月（${m.month}）のメッセージ`),
    h("p", { class: "big", "data-testid": "home-messages-used" }, m.limit === null ? `${formatNumber(m.used)}通（上限なし）` : `${formatNumber(m.used)}通 / 上限 ${formatNumber(m.limit)}通`),
    m.limit === null ? null : progressBar({ title: `今月 ${m.used}通 / 上限 ${m.limit}通`, value: m.used, target: m.limit, testid: "home-messages-chart" }),
    h("p", {}, h("a", { href: "#/reach", "data-testid": "to-reach" }, "送信ごとの到達とブロックを見る")),
  );

  setChildren(
    container,
    pageHeader("ホーム", csv),
    counts,
    h("div", { class: "grid-2" }, breakdownCard("年代別（同意済みの人）", d.byAgeBand, "home-age"), breakdownCard("地区別（同意済みの人）", d.byDistrict, "home-district")),
    young,
    participation,
    messages,
  );
}
