// 意見募集（パブコメ）の一覧: title, status, period (Tokyo), comments and audience.
import { api } from "./api.js";
import { h, setChildren } from "./dom.js";
import { formatNumber, formatPeriod, roundStatusLabels } from "./format.js";
import { badge, errorBox, linkButton, loading, pageHeader, tableWrap } from "./ui.js";

export async function roundListView(container, { can }) {
  const list = h("div", {}, loading());
  setChildren(
    container,
    pageHeader("意見募集（パブリックコメント）", can("staff") ? linkButton("#/rounds/new", "＋ 新規作成", { kind: "primary", testid: "new-round" }) : null),
    h("p", { class: "hint" }, "素案への意見を住民から募集します。開始時刻に対象の住民へLINEでお知らせします。"),
    list,
  );
  try {
    const rounds = (await api("GET", "/rounds")).rounds;
    if (rounds.length === 0) {
      setChildren(list, h("p", { class: "empty card" }, can("staff") ? "まだ意見募集はありません。「新規作成」から始めてください。" : "まだ意見募集はありません。"));
      return;
    }
    setChildren(
      list,
      tableWrap(
        h(
          "table",
          { class: "data", "data-testid": "round-table" },
          h("thead", {}, h("tr", {}, h("th", { scope: "col" }, "番号"), h("th", { scope: "col" }, "件名"), h("th", { scope: "col" }, "状態"), h("th", { scope: "col" }, "期間"), h("th", { scope: "col", class: "num" }, "意見"), h("th", { scope: "col", class: "num" }, "対象者"))),
          h(
            "tbody",
            {},
            rounds.map((r) =>
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
          ),
        ),
      ),
    );
  } catch (err) {
    setChildren(list, errorBox(err));
  }
}
