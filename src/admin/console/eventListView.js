// イベントの一覧: title, start (Tokyo), place, seats taken of the capacity, the waiting list, status.
import { api } from "./api.js";
import { h, setChildren } from "./dom.js";
import { formatDateTime, formatNumber } from "./format.js";
import { eventStatusLabels } from "./eventLabels.js";
import { badge, errorBox, linkButton, loading, pageHeader, tableWrap } from "./ui.js";

export async function eventListView(container, { can }) {
  const list = h("div", {}, loading());
  setChildren(
    container,
    pageHeader("イベント", can("staff") ? linkButton("#/events/new", "＋ 新規作成", { kind: "primary", testid: "new-event" }) : null),
    h("p", { class: "hint" }, "住民がLINEで申し込むイベントです。定員を超えた申し込みはキャンセル待ちになり、空きが出ると順に繰り上がります。"),
    list,
  );
  try {
    const events = (await api("GET", "/events")).events;
    if (events.length === 0) {
      setChildren(list, h("p", { class: "empty card" }, can("staff") ? "まだイベントはありません。「新規作成」から始めてください。" : "まだイベントはありません。"));
      return;
    }
    setChildren(
      list,
      tableWrap(
        h(
          "table",
          { class: "data", "data-testid": "event-table" },
          h(
            "thead",
            {},
            h(
              "tr",
              {},
              h("th", { scope: "col" }, "イベント"),
              h("th", { scope: "col" }, "日時"),
              h("th", { scope: "col" }, "場所"),
              h("th", { scope: "col", class: "num" }, "申込/定員"),
              h("th", { scope: "col", class: "num" }, "待ち"),
              h("th", { scope: "col" }, "状態"),
            ),
          ),
          h(
            "tbody",
            {},
            events.map((e) =>
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
          ),
        ),
      ),
      h("p", { class: "hint" }, "申込/定員は席数（同伴者を含む）です。"),
    );
  } catch (err) {
    setChildren(list, errorBox(err));
  }
}
