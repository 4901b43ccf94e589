// 問い合わせ: residents' messages no flow handled and their 「問い合わせ」, with status, assignee and an
// internal memo, and the thread with the replies staff sent (each reaches the resident in LINE).
// Residents' words reach the page only as text nodes.
import { api } from "./api.js";
import { h, setChildren } from "./dom.js";
import { formatDateTime, formatNumber } from "./format.js";
import { badge, busy, errorBox, field, flash, FormErrors, loading, pageHeader, select, tableWrap } from "./ui.js";
import { postReply } from "./replyDialog.js";

export const inquiryStatusLabels = { open: "未対応", inProgress: "対応中", done: "完了" };
const sourceLabels = { message: "LINEのメッセージ", comment: "意見への返信", pollAnswer: "アンケート回答への返信" };
const deliveryLabels = { pending: "送信中", sent: "送信済み", failed: "送信できませんでした", expired: "送信できませんでした（期限切れ）", deleted: "—" };
const REFRESH_MS = 5000;

export async function inboxListView(container, { query, onLeave, navigate }) {
  const status = select([{ value: "", label: "すべて" }, ...Object.entries(inquiryStatusLabels).map(([value, label]) => ({ value, label }))], query.get("status") ?? "", { "data-testid": "inbox-filter" });
  const table = h("div");
  setChildren(
    container,
    pageHeader("問い合わせ"),
    h("p", { class: "hint" }, "住民がLINEで送った、どの機能にも当てはまらないメッセージと「問い合わせ」です。新しいものは5秒ごとに表示されます。"),
    h("div", { class: "filters card" }, field({ label: "状態", input: status })),
    table,
  );
  status.addEventListener("change", () => navigate(status.value ? `#/inbox?status=${status.value}` : "#/inbox"));
  setChildren(table, loading());

  async function refresh() {
    let inquiries;
    try {
      ({ inquiries } = await api("GET", `/inquiries${status.value ? `?status=${status.value}` : ""}`));
    } catch (err) {
      setChildren(table, errorBox(err));
      return;
    }
    if (inquiries.length === 0) {
      setChildren(table, h("p", { class: "empty", "data-testid": "inbox-empty" }, "問い合わせはありません。"));
      return;
    }
    setChildren(
      table,
      tableWrap(
        h(
          "table",
          { class: "data", "data-testid": "inbox-table" },
          h("thead", {}, h("tr", {}, ["番号", "状態", "最新のメッセージ", "担当", "最終", "件数"].map((t) => h("th", { scope: "col" }, t)))),
          h(
            "tbody",
            {},
            inquiries.map((i) =>
              h(
                "tr",
                { "data-testid": "inquiry-row", "data-number": String(i.number) },
                h("td", { class: "nowrap" }, h("a", { href: `#/inbox/${i.number}`, "data-testid": "inquiry-link" }, `#${i.number}`)),
                h("td", { class: "nowrap" }, badge(i.status, inquiryStatusLabels), i.awaitingReply && i.status !== "done" ? h("div", { class: "tag", "data-testid": "awaiting-reply" }, "返信待ち") : null),
                h("td", { class: "body" }, h("div", { "data-testid": "inquiry-preview" }, i.preview), i.source !== "message" ? h("div", { class: "hint" }, sourceLabels[i.source]) : null),
                h("td", {}, i.assignee?.displayName ?? h("span", { class: "hint" }, "—")),
                h("td", { class: "nowrap" }, formatDateTime(i.lastMessageAt)),
                h("td", { class: "nowrap" }, formatNumber(i.messageCount)),
              ),
            ),
          ),
        ),
      ),
    );
  }
  await refresh();
  const timer = setInterval(refresh, REFRESH_MS);
  onLeave(() => clearInterval(timer));
}

export async function inboxDetailView(container, { params, onLeave, can }) {
  const id = params[0];
  setChildren(container, loading());
  let inquiry;
  let assignees;
  try {
    [{ inquiry }, { assignees }] = await Promise.all([api("GET", `/inquiries/${encodeURIComponent(id)}`), api("GET", "/inquiries/assignees")]);
  } catch (err) {
    setChildren(container, pageHeader("問い合わせ"), errorBox(err));
    return;
  }

  const thread = h("ol", { class: "thread", "data-testid": "inquiry-thread", "aria-live": "polite" });
  let signature = "";
  const drawThread = () => {
    const next = JSON.stringify(inquiry.messages);
    if (next === signature) return;
    signature = next;
    setChildren(
      thread,
      inquiry.messages.map((m) =>
        h(
          "li",
          { class: `thread-message from-${m.author}`, "data-testid": m.author === "staff" ? "staff-message" : "resident-message" },
          h("div", { class: "hint" }, `${m.author === "staff" ? `職員（${m.staffName ?? "—"}）` : "住民"}・${formatDateTime(m.at)}`, m.delivery ? `・${deliveryLabels[m.delivery.status] ?? m.delivery.status}${m.delivery.via ? `（${m.delivery.via === "reply" ? "応答" : "プッシュ"}）` : ""}` : ""),
          h("div", { class: "pre", "data-testid": "message-body" }, m.body),
        ),
      ),
    );
  };
  drawThread();

  // Status, assignee, memo: one form, saved together.
  const errors = new FormErrors();
  const status = select(Object.entries(inquiryStatusLabels).map(([value, label]) => ({ value, label })), inquiry.status, { "data-testid": "inquiry-status" });
  const assignee = select([{ value: "", label: "（なし）" }, ...assignees.map((a) => ({ value: a.id, label: a.displayName }))], inquiry.assignee?.id ?? "", { "data-testid": "inquiry-assignee" });
  const memo = h("textarea", { rows: "3", maxlength: "2000", "data-testid": "inquiry-memo" }, inquiry.memo);
  const save = h("button", { type: "submit", class: "secondary", "data-testid": "save-inquiry" }, "保存");
  const form = h(
    "form",
    { class: "card", novalidate: true, "data-testid": "inquiry-form" },
    errors.summary,
    h("div", { class: "grid-2" }, field({ label: "状態", input: status, path: "status", errors }), field({ label: "担当", input: assignee, path: "assigneeId", errors })),
    field({ label: "内部メモ", input: memo, path: "memo", errors, hint: "職員だけが読みます。住民には送られません。" }),
    h("div", { class: "actions" }, save),
  );
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    errors.clear();
    await busy(save, async () => {
      try {
        ({ inquiry } = await api("PATCH", `/inquiries/${encodeURIComponent(inquiry.id)}`, { status: status.value, assigneeId: assignee.value || null, memo: memo.value }));
        flash("保存しました。");
        drawThread();
      } catch (err) {
        errors.show(err);
      }
    });
  });

  // The reply: reaches the resident in LINE.
  const replyErrors = new FormErrors();
  const body = h("textarea", { rows: "5", maxlength: "4000", "data-testid": "reply-body" });
  const send = h("button", { type: "submit", class: "primary", "data-testid": "send-reply" }, "LINEで返信");
  const replyForm = h(
    "form",
    { class: "card", novalidate: true, "data-testid": "reply-form" },
    h("h2", {}, "返信"),
    replyErrors.summary,
    inquiry.reachable ? null : h("p", { class: "warning" }, "この住民はアカウントをブロックしています。返信は届きません。"),
    field({ label: "本文", input: body, path: "body", errors: replyErrors, hint: "「【職員からの返信】」の見出しを付けて住民のLINEに届きます。1通を今月の送信数に数えます（住民の直前のメッセージに応答できる間は数えません）。" }),
    h("div", { class: "actions" }, send),
  );
  replyForm.addEventListener("submit", async (event) => {
    event.preventDefault();
    replyErrors.clear();
    await busy(send, async () => {
      try {
        ({ inquiry } = await postReply(`/inquiries/${encodeURIComponent(inquiry.id)}/reply`, body.value, can("admin")));
        body.value = "";
        status.value = inquiry.status;
        assignee.value = inquiry.assignee?.id ?? "";
        flash("返信を送りました。");
        drawThread();
      } catch (err) {
        replyErrors.show(err);
      }
    });
  });

  setChildren(
    container,
    pageHeader(`問い合わせ #${inquiry.number}`),
    h("p", {}, h("a", { href: "#/inbox" }, "← 問い合わせの一覧")),
    inquiry.sourceLabel ? h("p", { class: "hint", "data-testid": "inquiry-source" }, inquiry.sourceLabel) : null,
    form,
    h("section", { "aria-labelledby": "thread-heading" }, h("h2", { id: "thread-heading" }, "やりとり"), thread),
    replyForm,
  );

  // New lines from the resident and the delivery of replies show without reloading.
  const timer = setInterval(async () => {
    try {
      ({ inquiry } = await api("GET", `/inquiries/${encodeURIComponent(inquiry.id)}`));
      drawThread();
    } catch {
      // Tried again at the next tick.
    }
  }, REFRESH_MS / 2);
  onLeave(() => clearInterval(timer));
}
