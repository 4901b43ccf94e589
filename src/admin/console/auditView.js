// 操作履歴 (administrators): who did what and when, newest first, 100 at a time.
import { api } from "./api.js";
import { h, setChildren } from "./dom.js";
import { formatDateTimeSeconds } from "./format.js";
import { busy, errorBox, field, loading, pageHeader, tableWrap } from "./ui.js";

const PAGE = 100;

/** The filter's choices: the API matches the start of the recorded action. */
const actionKinds = [
  ["", "すべて"],
  ["staff.", "職員・ログイン"],
  ["round.", "意見募集"],
  ["comment.", "意見"],
  ["group.", "意見のまとまり"],
  ["poll.", "アンケート"],
  ["event.", "イベント"],
  ["opportunity.", "ボランティア募集"],
  ["shift.", "ボランティアの申込"],
  ["volunteer.", "ボランティア登録"],
  ["resident.", "住民（友だち追加・同意・削除）"],
  ["settings.", "設定"],
  ["budget.", "送信上限"],
];

export async function auditView(container, { query }) {
  const actor = h("input", { type: "search", value: query.get("actor") ?? "", placeholder: "例: suzuki（ログインID）", "data-testid": "audit-actor" });
  const chosen = query.get("action") ?? "";
  const action = h(
    "select",
    { "data-testid": "audit-action" },
    actionKinds.map(([value, label]) => h("option", { value, ...(value === chosen ? { selected: "" } : {}) }, label)),
  );
  const search = h("button", { type: "submit", class: "primary" }, "絞り込む");
  const results = h("div", { "data-testid": "audit-results" }, loading());
  const pager = h("div", { class: "pager" });
  /** `before` of each page shown so far: the first page has none. */
  const pages = [undefined];

  const filters = h(
    "form",
    { class: "filters card", role: "search" },
    field({ label: "操作した人", input: actor, hint: "一部でも可" }),
    field({ label: "操作の種類", input: action }),
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
      const entries = (await api("GET", `/audit?${params}`)).entries;
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

// Labels come from the API (src/domain/auditLabels.ts): one list for the console and scripts.
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
          h("td", {}, e.actorLabel ?? e.actor),
          h("td", { "data-testid": "audit-action-label" }, e.actionLabel ?? e.action),
          h("td", {}, e.targetLabel ?? e.target ?? ""),
          h(
            "td",
            { class: "detail", "data-testid": "audit-detail" },
            (e.details ?? []).map((d) => h("div", {}, h("span", { class: "detail-key" }, `${d.label}：`), d.value)),
          ),
        ),
      ),
    ),
  );
}
