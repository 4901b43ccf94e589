// 操作履歴 (administrators): who did what and when, newest first, 100 at a time.
import { api, listOf } from "./api.js";
import { h, setChildren } from "./dom.js";
import { formatDateTimeSeconds } from "./format.js";
import { busy, errorBox, field, loading, pageHeader, tableWrap } from "./ui.js";

/** Readable names for the actions recorded; an unknown action shows as recorded. */
const actionLabels = {
  "staff.login": "ログイン",
  "staff.login_failed": "ログイン失敗",
  "staff.locked": "ログインの一時停止（失敗が続いたため）",
  "staff.created": "職員の追加",
  "staff.updated": "職員の変更",
  "staff.password_reset": "パスワードの再設定",
  "staff.api_token_issued": "APIトークンの発行",
  "settings.updated": "設定の変更",
  "budget.exceeded_confirmed": "送信上限を超える送信の承認",
  "round.created": "意見募集の作成",
  "round.updated": "意見募集の編集",
  "round.announced": "意見募集の告知",
  "round.announce_held": "意見募集の告知の保留（送信上限）",
  "round.closed": "意見募集の締切",
  "round.published": "意見募集の結果公表",
  "round.comments_exported": "意見のダウンロード",
  "round.results_exported": "結果のダウンロード",
  "comment.submitted": "意見の提出（住民）",
  "comment.withdrawn": "意見の取り下げ（住民）",
  "comment.updated": "意見の編集",
  "group.created": "意見のまとまりの作成",
  "group.updated": "意見のまとまりの編集",
  "poll.created": "アンケートの作成",
  "poll.updated": "アンケートの編集",
  "poll.announced": "アンケートの告知",
  "poll.announce_held": "アンケートの告知の保留（送信上限）",
  "poll.exported": "アンケート回答のダウンロード",
  "event.created": "イベントの作成",
  "event.updated": "イベントの編集",
  "event.announced": "イベントの告知",
  "event.cancelled": "イベントの中止",
  "event.messaged": "イベント参加者への連絡",
  "event.attendance_marked": "イベントの出欠の記録",
  "event.registrations_exported": "イベント申込のダウンロード",
  "opportunity.created": "ボランティア募集の作成",
  "opportunity.updated": "ボランティア募集の編集",
  "opportunity.invited": "ボランティアへの案内",
  "opportunity.signups_exported": "ボランティア申込のダウンロード",
  "shift.signed_up": "ボランティアの申込（住民）",
  "shift.signup_recorded": "ボランティア申込の記録",
  "shift.cancelled": "ボランティアの取り消し",
  "volunteer.ended": "ボランティア登録の終了",
  "resident.followed": "友だち追加（住民）",
  "resident.unfollowed": "ブロック（住民）",
  "resident.consented": "個人情報の取り扱いへの同意（住民）",
  "resident.data_deleted": "データの削除（住民）",
};

const PAGE = 100;

export async function auditView(container, { query }) {
  const actor = h("input", { type: "search", value: query.get("actor") ?? "", placeholder: "例: staff:suzuki", "data-testid": "audit-actor" });
  const action = h("input", { type: "search", value: query.get("action") ?? "", placeholder: "例: round.", "data-testid": "audit-action" });
  const search = h("button", { type: "submit", class: "primary" }, "絞り込む");
  const results = h("div", { "data-testid": "audit-results" }, loading());
  const pager = h("div", { class: "pager" });
  /** `before` of each page shown so far: the first page has none. */
  const pages = [undefined];

  const filters = h(
    "form",
    { class: "filters card", role: "search" },
    field({ label: "操作した人", input: actor, hint: "一部でも可" }),
    field({ label: "操作の種類", input: action, hint: "前方一致（round. で意見募集のすべて）" }),
    h("div", { class: "actions" }, search),
  );
  filters.addEventListener("submit", async (event) => {
    event.preventDefault();
    pages.splice(0, pages.length, undefined);
    await busy(search, load);
  });
  setChildren(container, pageHeader("操作履歴"), filters, results, pager);

  async function load() {
    const before = pages.at(-1);
    const params = new URLSearchParams({ limit: String(PAGE) });
    if (before !== undefined) params.set("before", String(before));
    if (actor.value.trim()) params.set("actor", actor.value.trim());
    if (action.value.trim()) params.set("action", action.value.trim());
    try {
      const entries = listOf(await api("GET", `/audit?${params}`), "entries");
      setChildren(results, entries.length ? tableWrap(auditTable(entries)) : h("p", { class: "empty" }, "該当する操作はありません。"));
      const newer = h("button", { type: "button", class: "secondary", disabled: pages.length === 1 }, "← 新しい方へ");
      newer.addEventListener("click", async () => {
        pages.pop();
        await load();
      });
      const older = h("button", { type: "button", class: "secondary", disabled: entries.length < PAGE, "data-testid": "audit-older" }, "古い方へ →");
      older.addEventListener("click", async () => {
        pages.push(entries.at(-1).id);
        await load();
      });
      setChildren(pager, newer, h("span", { class: "page-no" }, `${pages.length}ページ目`), older);
    } catch (err) {
      setChildren(results, errorBox(err));
      pager.replaceChildren();
    }
  }
  await load();
}

function auditTable(entries) {
  return h(
    "table",
    { class: "data", "data-testid": "audit-table" },
    h("thead", {}, h("tr", {}, ["日時", "操作した人", "操作", "対象", "詳細"].map((t) => h("th", { scope: "col" }, t)))),
    h(
      "tbody",
      {},
      entries.map((e) =>
        h(
          "tr",
          { "data-testid": "audit-row", "data-action": e.action },
          h("td", { class: "nowrap" }, formatDateTimeSeconds(e.at)),
          h("td", {}, e.actor),
          h("td", {}, actionLabels[e.action] ?? e.action, actionLabels[e.action] ? h("div", { class: "code-note" }, e.action) : null),
          h("td", {}, e.target ?? ""),
          h("td", { class: "detail" }, detailText(e.detail)),
        ),
      ),
    ),
  );
}

const isoInstant = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

/** Details as "key: value" pairs; instants are shown in Tokyo time like everything else. */
function detailText(detail) {
  if (!detail || typeof detail !== "object" || Object.keys(detail).length === 0) return "";
  return Object.entries(detail)
    .map(([k, v]) => `${k}: ${typeof v === "string" && isoInstant.test(v) ? formatDateTimeSeconds(v) : typeof v === "object" && v !== null ? JSON.stringify(v) : String(v)}`)
    .join(" / ");
}
