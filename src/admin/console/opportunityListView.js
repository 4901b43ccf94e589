// ボランティア募集の一覧: title, shifts (first start, Tokyo), people needed and signed up, invitation, status.
import { api } from "./api.js";
import { h, setChildren } from "./dom.js";
import { formatDateTime, formatNumber } from "./format.js";
import { opportunityStatusLabels, volunteerTabs } from "./volunteerShared.js";
import { badge, errorBox, linkButton, loading, pageHeader, tableWrap } from "./ui.js";

export async function opportunityListView(container, { can }) {
  const list = h("div", {}, loading());
  setChildren(
    container,
    pageHeader("ボランティア募集", can("staff") ? linkButton("#/opportunities/new", "＋ 新規作成", { kind: "primary", testid: "new-opportunity" }) : null),
    volunteerTabs("opportunities"),
    h("p", { class: "hint" }, "市や市民団体のボランティア募集です。「募集を案内」で、分野・地区・都合の合う登録ボランティアにだけLINEでお知らせします。"),
    list,
  );
  try {
    const opportunities = (await api("GET", "/opportunities")).opportunities;
    if (opportunities.length === 0) {
      setChildren(list, h("p", { class: "empty card" }, can("staff") ? "まだ募集はありません。「新規作成」から始めてください。" : "まだ募集はありません。"));
      return;
    }
    setChildren(
      list,
      tableWrap(
        h(
          "table",
          { class: "data", "data-testid": "opportunity-table" },
          h(
            "thead",
            {},
            h(
              "tr",
              {},
              h("th", { scope: "col" }, "募集"),
              h("th", { scope: "col" }, "シフト"),
              h("th", { scope: "col", class: "num" }, "確定/必要"),
              h("th", { scope: "col", class: "num" }, "待ち"),
              h("th", { scope: "col" }, "案内"),
              h("th", { scope: "col" }, "状態"),
            ),
          ),
          h("tbody", {}, opportunities.map(row)),
        ),
      ),
    );
  } catch (err) {
    setChildren(list, errorBox(err));
  }
}

function row(o) {
  const shifts = o.shifts ?? [];
  const sum = (key) => shifts.reduce((n, s) => n + (s[key] ?? 0), 0);
  return h(
    "tr",
    { "data-testid": "opportunity-row" },
    h("td", {}, h("a", { href: `#/opportunities/${encodeURIComponent(o.id)}` }, o.title), o.organizer ? h("div", { class: "hint" }, `主催：${o.organizer}`) : null),
    h("td", { class: "nowrap" }, shifts.length ? `${formatDateTime(shifts[0].startsAt)}${shifts.length > 1 ? ` ほか${shifts.length - 1}件` : ""}` : "—"),
    h("td", { class: "num nowrap" }, `${formatNumber(sum("confirmedCount"))}/${formatNumber(sum("needed"))}人`),
    h("td", { class: "num" }, formatNumber(sum("waitlistedCount"))),
    h("td", { class: "nowrap" }, o.invitedAt ? formatDateTime(o.invitedAt) : "まだ"),
    h("td", {}, badge(o.status, opportunityStatusLabels)),
  );
}
