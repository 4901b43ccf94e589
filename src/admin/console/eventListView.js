// イベントの一覧: title, start (Tokyo), place, seats taken of the capacity, the waiting list, status.
import { api } from "./api.js";
import { h } from "./dom.js";
import { formatDateTime, formatNumber } from "./format.js";
import { eventStatusLabels } from "./eventLabels.js";
import { badge } from "./ui.js";
import { dataTable, listPage } from "./views.js";

export function eventListView(container, { can }) {
  return listPage(container, {
    can,
    title: "イベント",
    create: { href: "#/events/new", testid: "new-event" },
    hint: "住民がLINEで申し込むイベントです。定員を超えた申し込みはキャンセル待ちになり、空きが出ると順に繰り上がります。",
    load: async () => (await api("GET", "/events")).events,
    empty: "まだイベントはありません。",
    render: (events) => [
      dataTable({
        testid: "event-table",
        columns: [{ label: "イベント" }, { label: "日時" }, { label: "場所" }, { label: "申込/定員", num: true }, { label: "待ち", num: true }, { label: "状態" }],
        rows: events.map((e) =>
          h(
            "tr",
            { "data-testid": "event-row", class: e.status === "cancelled" ? "muted" : undefined },
            h("td", {}, h("a", { href: `#/events/${encodeURIComponent(e.id)}` }, e.title), e.organizer ? h("div", { class: "hint" }, `主催：${e.organizer}`) : null),
            h("td", { class: "nowrap" }, formatDateTime(e.startsAt)),
            h("td", {}, e.place),
            h("td", { class: "num nowrap", "data-testid": "event-seats" }, `${formatNumber(e.seatsTaken)}/${formatNumber(e.capacity)}`),
            h("td", { class: "num", "data-testid": "event-waitlisted" }, formatNumber(e.waitlistedCount)),
            h("td", {}, badge(e.status, eventStatusLabels)),
          ),
        ),
      }),
      h("p", { class: "hint" }, "申込/定員は席数（同伴者を含む）です。"),
    ],
  });
}
