// アンケートの一覧: title, status, period (Tokyo), responses and audience.
import { api } from "./api.js";
import { h } from "./dom.js";
import { formatNumber, formatPercent, formatPeriod, pollStatusLabels } from "./format.js";
import { badge } from "./ui.js";
import { dataTable, listPage } from "./views.js";

export function pollListView(container, { can }) {
  return listPage(container, {
    can,
    title: "アンケート",
    create: { href: "#/polls/new", testid: "new-poll" },
    hint: "住民にLINEで答えてもらうアンケートです。開始時刻に対象の住民へお知らせします。",
    load: async () => (await api("GET", "/polls")).polls,
    empty: "まだアンケートはありません。",
    render: (polls) =>
      dataTable({
        testid: "poll-table",
        columns: [{ label: "番号" }, { label: "件名" }, { label: "状態" }, { label: "期間" }, { label: "回答", num: true }, { label: "対象者", num: true }, { label: "回答率", num: true }],
        rows: polls.map((p) =>
          h(
            "tr",
            { "data-testid": "poll-row" },
            h("td", { class: "num" }, `No.${p.number}`),
            h("td", {}, h("a", { href: `#/polls/${encodeURIComponent(p.id)}` }, p.title)),
            h("td", {}, badge(p.status, pollStatusLabels)),
            h("td", { class: "nowrap" }, formatPeriod(p.opensAt, p.closesAt)),
            h("td", { class: "num" }, `${formatNumber(p.responseCount)}件`),
            h("td", { class: "num" }, `${formatNumber(p.audienceSize)}人`),
            h("td", { class: "num" }, p.audienceSize > 0 ? formatPercent((p.responseCount / p.audienceSize) * 100) : "—"),
          ),
        ),
      }),
  });
}
