// 配信の到達: for each send, residents targeted, sent (LINE accepted it), skipped (blocked, or held
// by quiet hours), failed with LINE's reason; LINE's opens and clicks the day after (none under 20
// recipients: said so); blocks within 24 h. Below, blocks per week. reachTable is also what an
// item's 配信状況 panel shows for its own sends.
import { api } from "./api.js";
import { h, setChildren } from "./dom.js";
import { formatDateTime, formatNumber, formatPercent } from "./format.js";
import { columnChart } from "./charts.js";
import { deliveryLabel } from "./deliveryPanel.js";
import { errorBox, loading, pageHeader, tableWrap } from "./ui.js";

const aboutLinks = { round: "#/rounds/", poll: "#/polls/", event: "#/events/", opportunity: "#/opportunities/" };

/** Opens and clicks, or why there are none (yet). */
export function statisticsText(send) {
  const st = send.statistics;
  if (st.status === "ok") {
    const base = send.sent > 0 ? send.sent : null;
    const pct = (n) => (base && n !== null ? `（${formatPercent((n / base) * 100)}）` : "");
    return `開封 ${formatNumber(st.opened)}人${pct(st.opened)}・クリック ${st.clicked === null ? "—" : `${formatNumber(st.clicked)}人${pct(st.clicked)}`}`;
  }
  if (st.status === "below_threshold") return "LINEは20人未満の送信の統計を出しません";
  if (st.status === "waiting") return "翌日に取得します";
  if (st.status === "unavailable") return `取得できませんでした（${st.error ?? "LINEの応答なし"}）`;
  return "—（統計は使っていません）";
}

function problemsText(send) {
  return send.problems.map((p) => `${p.status === "retrying" ? "再送待ち" : p.status === "expired" ? "期限切れ" : "届かず"} ${formatNumber(p.recipients)}人：${p.reason}`).join(" / ");
}

/** The table of sends (newest first); `withItem` adds a column with the round/poll/event it was about. */
export function reachTable(sends, { withItem = false } = {}) {
  return tableWrap(
    h(
      "table",
      { class: "data reach-table", "data-testid": "reach-table" },
      h(
        "thead",
        {},
        h(
          "tr",
          {},
          h("th", {}, "送信"),
          withItem ? h("th", {}, "対象") : null,
          h("th", {}, "日時"),
          h("th", { class: "num" }, "対象者"),
          h("th", { class: "num" }, "送信"),
          h("th", { class: "num" }, "除外（ブロック）"),
          h("th", { class: "num" }, "保留（配信停止時間帯）"),
          h("th", { class: "num" }, "失敗"),
          h("th", {}, "開封・クリック"),
          h("th", { class: "num" }, "24時間以内のブロック"),
        ),
      ),
      h(
        "tbody",
        {},
        sends.map((s) => {
          const type = s.kind.split(".")[0];
          const link = aboutLinks[type] && s.about ? h("a", { href: `${aboutLinks[type]}${encodeURIComponent(s.about)}` }, "開く") : "";
          return h(
            "tr",
            { "data-testid": "reach-row", "data-send": s.sendId },
            h("td", {}, deliveryLabel(s), s.channel === "direct" ? h("span", { class: "tag" }, "個別") : null),
            withItem ? h("td", {}, link) : null,
            h("td", {}, formatDateTime(s.sentAt ?? s.createdAt)),
            h("td", { class: "num", "data-testid": "reach-targeted" }, formatNumber(s.targeted)),
            h("td", { class: "num", "data-testid": "reach-sent" }, formatNumber(s.sent)),
            h("td", { class: "num", "data-testid": "reach-skipped-blocked" }, formatNumber(s.skipped.blocked)),
            h("td", { class: "num", "data-testid": "reach-skipped-quiet" }, formatNumber(s.skipped.quietHours)),
            h("td", { class: "num", "data-testid": "reach-failed", title: problemsText(s) }, formatNumber(s.failed + s.expired), s.problems.length ? h("div", { class: "hint" }, problemsText(s)) : null),
            h("td", { "data-testid": "reach-statistics" }, statisticsText(s)),
            h("td", { class: "num", "data-testid": "reach-blocked-24h" }, formatNumber(s.blockedWithin24h)),
          );
        }),
      ),
    ),
  );
}

export async function reachView(container) {
  setChildren(container, pageHeader("配信の到達"), loading());
  let sends;
  let weeks;
  try {
    [{ sends }, { weeks }] = await Promise.all([api("GET", "/reach/sends"), api("GET", "/reach/blocks")]);
  } catch (err) {
    setChildren(container, pageHeader("配信の到達"), errorBox(err));
    return;
  }
  const blocks = h(
    "section",
    { class: "card", "data-testid": "reach-weekly" },
    h("h2", {}, "週ごとのブロック"),
    h("p", { class: "hint" }, "その週にブロックした人の数。右の棒は、そのうちメッセージを受け取ってから24時間以内にブロックした人です（関係の薄いお知らせが、ブロックのいちばんの理由です）。ブロックをやめた人は数えません。"),
    columnChart({
      title: "週ごとのブロック",
      series: ["ブロック", "うち送信後24時間以内"],
      columns: weeks.map((w) => ({ label: w.week.slice(5).replace("-", "/"), values: [w.blocked, w.afterSend] })),
      testid: "reach-weekly-chart",
    }),
    h("details", {}, h("summary", {}, "数値で見る"), h("ul", { class: "sr-list" }, weeks.map((w) => h("li", { "data-testid": "reach-week" }, `${w.week}の週：ブロック ${w.blocked}人（うち送信後24時間以内 ${w.afterSend}人）`)))),
  );
  setChildren(
    container,
    pageHeader("配信の到達"),
    h(
      "section",
      { class: "card", "data-testid": "reach-sends" },
      h("h2", {}, "送信ごとの到達"),
      h("p", { class: "hint" }, "対象者＝送ると決めた人。送信＝LINEが受け付けた人。除外＝ブロック中・友だちでない人（送っていません、通数にも数えません）。保留＝配信停止時間帯が終わるのを待っている人。開封・クリックはLINEの統計で、送った翌日に取得します。"),
      sends.length === 0 ? h("p", { class: "hint" }, "まだLINEで送ったものはありません。") : reachTable(sends, { withItem: true }),
    ),
    blocks,
  );
}
