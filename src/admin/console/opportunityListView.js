// ボランティア募集の一覧: title, shifts (first start, Tokyo), people needed and signed up, invitation, status.
import { api } from "./api.js";
import { h } from "./dom.js";
import { formatDateTime, formatNumber } from "./format.js";
import { opportunityStatusLabels, volunteerTabs } from "./volunteerShared.js";
import { badge } from "./ui.js";
import { dataTable, listPage } from "./views.js";

export function opportunityListView(container, { can }) {
  return listPage(container, {
    can,
    title: "ボランティア募集",
    create: { href: "#/opportunities/new", testid: "new-opportunity" },
    intro: volunteerTabs("opportunities"),
    hint: "市や市民団体のボランティア募集です。「募集を案内」で、分野・地区・都合の合う登録ボランティアにだけLINEでお知らせします。",
    load: async () => (await api("GET", "/opportunities")).opportunities,
    empty: "まだ募集はありません。",
    render: (opportunities) =>
      dataTable({
        testid: "opportunity-table",
        columns: [{ label: "募集" }, { label: "シフト" }, { label: "確定/必要", num: true }, { label: "待ち", num: true }, { label: "案内" }, { label: "状態" }],
        rows: opportunities.map(row),
      }),
  });
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
