// The comments of a round, filtered, refreshed in place (an open editor is never disturbed), with
// per comment: the text to publish (personal details hidden), its group, and the city's response.
// Comments are residents' words: they only ever reach the page as text nodes.
import { api } from "./api.js";
import { h, setChildren } from "./dom.js";
import { commentStatusLabels, formatDateTime, formatNumber, fromDateInput } from "./format.js";
import { segmentLabeller } from "./audienceField.js";
import { badge, busy, errorBox, field, flash, FormErrors, select, tableWrap } from "./ui.js";
import { replyDialog } from "./replyDialog.js";

/** The section of comments on the draft as a whole (roundTypes.ts GENERAL_SECTION_ID). */
const GENERAL_SECTION_ID = "general";

export function commentsPanel({ base, round: initialRound, segments, can, groups }) {
  let round = initialRound;
  /** sectionId → title, from the round and from comments (a section removed in an edit still has comments). */
  const sectionTitles = new Map([[GENERAL_SECTION_ID, "全体について"], ...(round.sections ?? []).map((s) => [s.id, s.title])]);
  /** commentId → { tbody, signature, editing } */
  const rows = new Map();
  let firstLoad = true;
  let lastComments = [];

  const districtLabel = segmentLabeller(segments, "districts");
  const ageBandLabel = segmentLabeller(segments, "ageBands");

  const sectionFilter = h("select", { "data-testid": "filter-section" });
  const districtFilter = select([{ value: "", label: "すべて" }, ...(segments?.districts ?? [])], "", { "data-testid": "filter-district" });
  const ageBandFilter = select([{ value: "", label: "すべて" }, ...(segments?.ageBands ?? [])], "", { "data-testid": "filter-age-band" });
  const from = h("input", { type: "date", "data-testid": "filter-from" });
  const to = h("input", { type: "date", "data-testid": "filter-to" });
  const withdrawn = h("input", { type: "checkbox", "data-testid": "filter-withdrawn" });
  const apply = h("button", { type: "submit", class: "primary" }, "絞り込む");
  const resetButton = h("button", { type: "button", class: "secondary" }, "条件をクリア");
  const filters = h(
    "form",
    { class: "filters card", role: "search", "aria-label": "意見の絞り込み" },
    field({ label: "章", input: sectionFilter }),
    field({ label: "地区", input: districtFilter }),
    field({ label: "年代", input: ageBandFilter }),
    field({ label: "受付日（から）", input: from }),
    field({ label: "受付日（まで）", input: to }),
    h("div", { class: "field" }, h("label", { class: "check" }, withdrawn, h("span", {}, "取り下げも表示"))),
    h("div", { class: "actions" }, apply, resetButton),
  );
  filters.addEventListener("submit", async (event) => {
    event.preventDefault();
    await busy(apply, () => refresh());
  });
  resetButton.addEventListener("click", async () => {
    filters.reset();
    await refresh();
  });

  const summary = h("p", { "data-testid": "comment-summary", "aria-live": "polite" });
  const problem = h("div");
  const tbodyAnchor = h("table", { class: "data comments", "data-testid": "comment-table" }, h("thead", {}, h("tr", {}, ["受付", "章", "意見", "氏名・住所", "地区・年代", "まとまり・市の考え方", ""].map((t) => h("th", { scope: "col" }, t)))));
  const element = h(
    "section",
    { "aria-labelledby": "comments-heading" },
    h("h2", { id: "comments-heading" }, "寄せられた意見"),
    h("p", { class: "hint" }, "新しい意見は5秒ごとに自動で表示されます。"),
    filters,
    problem,
    summary,
    tableWrap(tbodyAnchor),
  );
  drawSectionOptions();

  function drawSectionOptions() {
    const current = sectionFilter.value;
    setChildren(sectionFilter, h("option", { value: "" }, "すべて"), [...sectionTitles].map(([id, title]) => h("option", { value: id, selected: id === current }, title)));
  }

  function query() {
    const q = new URLSearchParams();
    if (sectionFilter.value) q.set("sectionId", sectionFilter.value);
    if (districtFilter.value) q.set("district", districtFilter.value);
    if (ageBandFilter.value) q.set("ageBand", ageBandFilter.value);
    if (from.value) q.set("from", fromDateInput(from.value));
    if (to.value) q.set("to", fromDateInput(to.value, true));
    if (withdrawn.checked) q.set("includeWithdrawn", "true");
    const s = q.toString();
    return s ? `?${s}` : "";
  }

  async function refresh({ quiet = false } = {}) {
    let comments;
    try {
      comments = (await api("GET", `${base}/comments${query()}`)).comments;
      problem.replaceChildren();
    } catch (err) {
      // A quiet refresh (the timer) tries again in a few seconds; one staff asked for shows why it failed.
      if (!quiet) setChildren(problem, errorBox(err));
      return;
    }
    lastComments = comments;
    let newSections = false;
    for (const c of comments) {
      if (!sectionTitles.has(c.sectionId)) {
        sectionTitles.set(c.sectionId, c.sectionTitle);
        newSections = true;
      }
    }
    if (newSections) drawSectionOptions();
    draw(comments);
  }

  function groupTitle(groupId) {
    return groups.groups().find((g) => g.id === groupId)?.title ?? "";
  }

  function draw(comments) {
    const wanted = new Set(comments.map((c) => c.id));
    for (const [id, entry] of rows) {
      if (!wanted.has(id) && !entry.editing) {
        entry.tbody.remove();
        rows.delete(id);
      }
    }
    // Rows already on the page stay where they are (focus inside them is kept); new ones are put in order.
    let cursor = tbodyAnchor.querySelector("thead").nextSibling;
    for (const c of comments) {
      const signature = JSON.stringify([c, groupTitle(c.groupId), groupResponse(c.groupId)]);
      let entry = rows.get(c.id);
      if (!entry) {
        entry = { tbody: commentBody(c, !firstLoad), signature, editing: false };
        rows.set(c.id, entry);
      } else if (!entry.editing && entry.signature !== signature) {
        const fresh = commentBody(c, false);
        entry.tbody.replaceWith(fresh);
        entry.tbody = fresh;
        entry.signature = signature;
      }
      if (entry.tbody !== cursor) tbodyAnchor.insertBefore(entry.tbody, cursor);
      cursor = entry.tbody.nextSibling;
    }
    firstLoad = false;
    const filtered = query() !== "";
    summary.textContent = comments.length === 0 ? (filtered ? "条件に合う意見はありません。" : "まだ意見は届いていません。") : `${formatNumber(comments.length)}件を表示しています${filtered ? "（絞り込み中）" : ""}。`;
  }

  function groupResponse(groupId) {
    return groups.groups().find((g) => g.id === groupId)?.response ?? null;
  }

  function commentBody(c, isNew) {
    const withdrawnRow = c.status === "withdrawn";
    const ownResponse = c.response ? h("div", { class: "response pre" }, h("strong", {}, "市の考え方："), c.response) : null;
    const viaGroup = !c.response && c.groupId && groupResponse(c.groupId) ? h("div", { class: "response pre" }, h("strong", {}, "市の考え方（まとまり）："), groupResponse(c.groupId)) : null;
    const editButton = can("staff") && !withdrawnRow ? h("button", { type: "button", class: "secondary small", "data-testid": "edit-comment" }, "編集") : null;
    // A reply to this one resident, in LINE (not the published 市の考え方).
    const replyButton = can("staff") ? h("button", { type: "button", class: "secondary small", "data-testid": "reply-comment" }, "LINEで返信") : null;
    const main = h(
      "tr",
      { class: withdrawnRow ? "muted" : "" },
      h("td", { class: "nowrap", "data-label": "受付" }, h("div", { "data-testid": "receipt-number" }, h("strong", {}, c.receiptNumber)), h("div", { class: "hint" }, formatDateTime(c.submittedAt)), withdrawnRow ? badge("withdrawn", commentStatusLabels) : null),
      h("td", { "data-label": "章" }, c.sectionTitle || sectionTitles.get(c.sectionId) || c.sectionId),
      h(
        "td",
        { class: "body", "data-label": "意見" },
        h("div", { "data-testid": "comment-body" }, c.body),
        c.publicBody !== null && c.publicBody !== undefined ? h("div", { class: "public-body pre", "data-testid": "public-body" }, h("strong", {}, "公表用："), c.publicBody) : null,
      ),
      h("td", { "data-label": "氏名・住所", class: c.name || c.address ? "" : "empty-cell" }, c.name ? h("div", {}, c.name) : null, c.address ? h("div", { class: "hint" }, c.address) : null, !c.name && !c.address ? h("span", { class: "hint" }, "—") : null),
      h("td", { class: "nowrap", "data-label": "地区・年代" }, h("div", {}, districtLabel(c.district) || "—"), h("div", { class: "hint" }, ageBandLabel(c.ageBand) || "")),
      h("td", { "data-testid": "comment-response", "data-label": "まとまり・市の考え方" }, c.groupId ? h("div", { class: "tag" }, groupTitle(c.groupId) || "（まとまり）") : null, ownResponse ?? viaGroup ?? h("span", { class: "hint" }, "未回答")),
      h("td", { class: "row-end" }, editButton, replyButton),
    );
    const tbody = h("tbody", { "data-testid": "comment", "data-comment-id": c.id, "data-receipt": c.receiptNumber }, main);
    if (isNew) main.classList.add("new-row");
    editButton?.addEventListener("click", () => openEditor(c, tbody, editButton));
    replyButton?.addEventListener("click", () =>
      replyDialog({ title: `受付番号 ${c.receiptNumber} の住民に返信`, quoted: c.body, path: `/comments/${encodeURIComponent(c.id)}/reply`, isAdmin: can("admin") }),
    );
    return tbody;
  }

  function openEditor(c, tbody, editButton) {
    const entry = rows.get(c.id);
    if (!entry || entry.editing) return;
    entry.editing = true;
    editButton.disabled = true;
    const errors = new FormErrors();
    const publicBody = h("textarea", { rows: "5", "data-testid": "public-body-input" }, c.publicBody ?? c.body);
    const restore = h("button", { type: "button", class: "secondary small" }, "原文に戻す");
    restore.addEventListener("click", () => {
      publicBody.value = c.body;
      publicBody.focus();
    });
    const group = select([{ value: "", label: "（まとめない）" }, ...groups.groups().map((g) => ({ value: g.id, label: g.title }))], c.groupId ?? "", { "data-testid": "group-select" });
    const response = h("textarea", { rows: "4", "data-testid": "response-input" }, c.response ?? "");
    const save = h("button", { type: "submit", class: "primary", "data-testid": "save-comment" }, "保存");
    const cancel = h("button", { type: "button", class: "secondary" }, "閉じる");
    const form = h(
      "form",
      { novalidate: true, "data-testid": "comment-editor" },
      h("h3", {}, `受付番号 ${c.receiptNumber} の編集`),
      errors.summary,
      h(
        "div",
        { class: "grid-2" },
        h(
          "div",
          {},
          field({ label: "公表用の文面", input: publicBody, path: "publicBody", errors, hint: "氏名・電話番号など個人が分かる部分を消して公表します。原文はそのまま残ります。" }),
          restore,
        ),
        h("div", {}, field({ label: "まとまり", input: group, path: "groupId", errors }), field({ label: "市の考え方（この意見への回答）", input: response, path: "response", errors, hint: "まとまりの考え方で答える場合は空欄のままで構いません" })),
      ),
      h("div", { class: "actions" }, save, cancel),
    );
    const editorRow = h("tr", { class: "editor-row" }, h("td", { colspan: "7" }, form));
    tbody.appendChild(editorRow);
    publicBody.focus();

    const close = () => {
      entry.editing = false;
      editorRow.remove();
      editButton.disabled = false;
      editButton.focus();
      draw(lastComments);
    };
    cancel.addEventListener("click", close);
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      errors.clear();
      const text = publicBody.value.trim();
      await busy(save, async () => {
        try {
          await api("PATCH", `${base}/comments/${encodeURIComponent(c.id)}`, {
            publicBody: text === "" || text === c.body.trim() ? null : text,
            groupId: group.value || null,
            response: response.value.trim() || null,
          });
          flash(`受付番号 ${c.receiptNumber} を保存しました。`);
          entry.editing = false;
          editorRow.remove();
          if ((group.value || null) !== (c.groupId ?? null)) await groups.refresh();
          await refresh();
          rows.get(c.id)?.tbody.querySelector("[data-testid=edit-comment]")?.focus();
        } catch (err) {
          errors.show(err);
        }
      });
    });
  }

  return {
    element,
    refresh,
    setRound(next) {
      round = next;
      for (const s of round.sections ?? []) sectionTitles.set(s.id, s.title);
    },
  };
}
