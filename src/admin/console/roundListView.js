// 意見募集（パブコメ）の一覧: title, status, period (Tokyo), comments and audience.
import { api } from "./api.js";
import { h } from "./dom.js";
import { formatNumber, formatPeriod, roundStatusLabels } from "./format.js";
import { badge } from "./ui.js";
import { dataTable, listPage } from "./views.js";

export function roundListView(container, { can }) {
  return listPage(container, {
    can,
    title: "意見募集（パブリックコメント）",
    create: { href: "#/rounds/new", testid: "new-round" },
    hint: "素案への意見を住民から募集します。開始時刻に対象の住民へLINEでお知らせします。",
    load: async () => (await api("GET", "/rounds")).rounds,
    empty: "まだ意見募集はありません。",
    render: (rounds) =>
      dataTable({
        testid: "round-table",
        columns: [{ label: "番号" }, { label: "件名" }, { label: "状態" }, { label: "期間" }, { label: "意見", num: true }, { label: "対象者", num: true }],
        rows: rounds.map((r) =>
          h(
            "tr",
            { "data-testid": "round-row" },
            h("td", { class: "num" }, `第${r.number}号`),
            h("td", {}, h("a", { href: `#/rounds/${encodeURIComponent(r.id)}` }, r.title)),
            h("td", {}, badge(r.status, roundStatusLabels)),
            h("td", { class: "nowrap" }, formatPeriod(r.opensAt, r.closesAt)),
            h("td", { class: "num" }, `${formatNumber(r.commentCount)}件`),
            h("td", { class: "num" }, `${formatNumber(r.audienceSize)}人`),
          ),
        ),
      }),
  });
}
