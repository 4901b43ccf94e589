// 配信状況: what really happened to each send about a round, poll, event or opportunity — planned
// (and why it waits: quiet hours), sending, done, or not delivered with LINE's reason — with
// recipients counted, and for administrators 今すぐ配信 for what quiet hours hold.
import { api } from "./api.js";
import { h, setChildren } from "./dom.js";
import { formatDateTime, formatNumber, tokyoDayNumber, tokyoParts } from "./format.js";
import { busy, confirmDialog, flash } from "./ui.js";
import { reachTable } from "./reachView.js";

const REFRESH_MS = 5000;

export const deliveryStateLabels = { planned: "予定", sending: "配信中", done: "完了", failed: "一部届かず", expired: "期限切れ" };

const kindLabels = {
  "round.announce": "告知",
  "round.published": "結果公表のお知らせ",
  closing: "締切前のお知らせ（回答途中の方へ）",
  "poll.announce": "告知",
  "poll.reminder": "未回答の方へのお知らせ",
  "event.announce": "告知",
  "event.cancelled": "中止のお知らせ",
  "event.message": "参加者へのメッセージ",
  "opportunity.invite": "案内",
  "shift.reminder": "シフトのリマインダー",
  "shift.message": "シフトのボランティアへのメッセージ",
  reply: "個別の返信",
  "inquiry.reply": "問い合わせへの返信",
};

export function deliveryLabel(group) {
  if (group.kind === "event.reminder") return group.purpose.endsWith(":hourBefore") ? "1時間前のリマインダー" : "前日のリマインダー";
  return kindLabels[group.kind] ?? group.kind;
}

/** "8:00" today, "明日 8:00", else the full date: when a held message goes out. */
export function formatWhen(iso, now = new Date()) {
  const j = tokyoParts(iso);
  const clock = `${j.h}:${String(j.mi).padStart(2, "0")}`;
  const days = tokyoDayNumber(iso) - tokyoDayNumber(now);
  if (days === 0) return clock;
  if (days === 1) return `明日 ${clock}`;
  return formatDateTime(iso);
}

/** What will really happen to a send, in one sentence. */
export function describeGroup(g, now = new Date()) {
  const r = g.recipients;
  if (g.state === "planned" || (g.state === "sending" && r.planned > 0 && g.nextAt && new Date(g.nextAt) > now)) {
    if (g.heldByQuietHours) return `配信停止時間帯のため ${formatWhen(g.nextAt, now)} に配信します（${formatNumber(r.planned)}人）。`;
    if (g.retrying) return `LINEが受け付けなかったため、${formatWhen(g.nextAt, now)} にもう一度送ります（${formatNumber(r.planned)}人）。`;
    if (g.nextAt && new Date(g.nextAt).getTime() > now.getTime() + 60_000) return `${formatWhen(g.nextAt, now)} に配信します（${formatNumber(r.planned)}人）。`;
    return `まもなく配信します（${formatNumber(r.planned)}人）。`;
  }
  if (g.state === "sending") return `配信中です（送信済み ${formatNumber(r.sent)}人、残り ${formatNumber(r.planned + r.sending)}人）。`;
  if (g.state === "done") return `${formatDateTime(g.sentAt)} に配信しました（${formatNumber(r.sent)}人）。`;
  if (g.state === "expired") return `期限（${formatDateTime(g.expiresAt)}）までに送れなかったため、送っていません（${formatNumber(r.expired)}人）。`;
  return `送信済み ${formatNumber(r.sent)}人。届かなかった方 ${formatNumber(r.failed + r.expired)}人。`;
}

function problemText(p, g) {
  if (p.status === "expired" && p.reason.startsWith("再試行の期限切れ: ")) {
    return `期限切れ ${formatNumber(p.recipients)}人：LINEが受け付けないまま、再送を続ける期間が過ぎました（最後の応答：${p.reason.slice("再試行の期限切れ: ".length)}）`;
  }
  if (p.status === "expired") return `期限切れ ${formatNumber(p.recipients)}人：${g.expiresAt ? `${formatDateTime(g.expiresAt)} を過ぎたため送っていません` : "期限を過ぎたため送っていません"}${p.reason ? `（最後の応答：${p.reason}）` : ""}`;
  if (p.status === "retrying") return `再送待ち ${formatNumber(p.recipients)}人：LINEの応答「${p.reason}」`;
  return `届かず ${formatNumber(p.recipients)}人：LINEの応答「${p.reason}」`;
}

/** After a send: the sentence for the flash, from the newest send of that kind (undefined if none). */
export async function sendOutcome(about, kind) {
  const { deliveries } = await api("GET", `/deliveries?about=${encodeURIComponent(about.join(","))}`);
  const g = deliveries.find((d) => d.kind === kind);
  return g ? describeGroup(g) : undefined;
}

/** The panel; `about`: the ids whose sends it shows. It refreshes itself while on the page. */
export function deliveryPanel({ about, can }) {
  const list = h("div", { "data-testid": "deliveries" });
  // Each send's reach: targeted, sent, skipped, failed, opens and clicks, blocks within 24 h.
  const reach = h("div", { "data-testid": "delivery-reach" });
  const element = h("section", { class: "card", "data-testid": "delivery-panel" }, h("h2", {}, "配信状況"), list, reach);
  let timer;

  async function refresh() {
    let deliveries;
    let sends;
    try {
      const query = `about=${encodeURIComponent(about().join(","))}`;
      [{ deliveries }, { sends }] = await Promise.all([api("GET", `/deliveries?${query}`), api("GET", `/reach/sends?${query}`)]);
    } catch {
      return; // The next tick tries again.
    }
    setChildren(reach, sends.length ? [h("h3", {}, "送信ごとの到達"), reachTable(sends)] : null);
    const now = new Date();
    if (deliveries.length === 0) {
      setChildren(list, h("p", { class: "hint" }, "まだLINEで送ったものはありません。"));
      return;
    }
    setChildren(
      list,
      deliveries.map((g) => {
        const held = g.recipients.planned > 0 && g.nextAt && new Date(g.nextAt) > now;
        const sendNow =
          held && can("admin")
            ? h("button", { type: "button", class: "secondary small", "data-testid": "send-now" }, "今すぐ配信（緊急）")
            : null;
        sendNow?.addEventListener("click", () =>
          busy(sendNow, async () => {
            const ok = await confirmDialog({
              title: "今すぐ配信",
              message: `「${deliveryLabel(g)}」を、配信停止時間帯でも今すぐ ${formatNumber(g.recipients.planned)}人 に送ります（緊急の扱い。操作履歴に残ります）。よろしいですか？`,
              confirmLabel: "今すぐ送る",
              danger: true,
            });
            if (!ok) return;
            const answer = await api("POST", "/deliveries/send-now", { purpose: g.purpose });
            flash(`今すぐ配信します（${formatNumber(answer.recipients)}人）。`);
            await refresh();
          }),
        );
        return h(
          "div",
          { class: "delivery", "data-testid": "delivery", "data-state": g.state },
          h("div", { class: "delivery-head" }, h("strong", {}, deliveryLabel(g)), " ", h("span", { class: `badge status-${g.state}`, "data-testid": "delivery-state" }, deliveryStateLabels[g.state] ?? g.state), g.urgent ? h("span", { class: "tag" }, "緊急") : null, " ", h("span", { class: "hint" }, `${formatDateTime(g.createdAt)} 登録`)),
          h("p", { "data-testid": "delivery-summary" }, describeGroup(g, now)),
          g.problems.length ? h("ul", { class: "delivery-problems" }, g.problems.map((p) => h("li", {}, problemText(p, g)))) : null,
          sendNow ? h("div", { class: "actions" }, sendNow) : null,
        );
      }),
    );
  }

  function start() {
    clearInterval(timer);
    timer = setInterval(() => {
      if (!element.isConnected) clearInterval(timer);
      else if (!document.hidden) void refresh();
    }, REFRESH_MS);
    return refresh();
  }

  return { element, refresh, start };
}
