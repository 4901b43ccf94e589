// アンケートの一覧: title, status, period (Tokyo), responses and audience.
import { api } from "./api.js";
import { h, setChildren } from "./dom.js";
import { formatNumber, formatPercent, formatPeriod, pollStatusLabels } from "./format.js";
import { badge, errorBox, linkButton, loading, pageHeader, tableWrap } from "./ui.js";

export async function pollListView(container, { can }) {
  const list = h("div", {}, loading());
  setChildren(
    container,
    pageHeader("アンケート", can("staff") ? linkButton("#/polls/new", "＋ 新規作成", { kind: "primary", testid: "new-poll" }) : null),
    h("p", { class: "hint" }, "住民にLINEで答えてもらうアンケートです。開始時刻に対象の住民へお知らせします。"),
    list,
  );
  try {
    const polls = (await api("GET", "/polls")).polls;
    if (polls.length === 0) {
      setChildren(list, h("p", { class: "empty card" }, can("staff") ? "まだアンケートはありません。「新規作成」から始めてください。" : "まだアンケートはありません。"));
      return;
    }
    setChildren(
      list,
      tableWrap(
        h(
          "table",
          { class: "data", "data-testid": "poll-table" },
          h("thead", {}, h("tr", {}, h("th", { scope: "col" }, "番号"), h("th", { scope: "col" }, "件名"), h("th", { scope: "col" }, "状態"), h("th", { scope: "col" }, "期間"), h("th", { scope: "col", class: "num" }, "回答"), h("th", { scope: "col", class: "num" }, "対象者"), h("th", { scope: "col", class: "num" }, "回答率"))),
          h(
            "tbody",
            {},
            polls.map((p) =>
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
          ),
        ),
      ),
    );
  } catch (err) {
    setChildren(list, errorBox(err));
  }
}
