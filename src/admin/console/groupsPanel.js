// 意見のまとまり: staff gather similar comments into a group and answer them once (市の考え方).
import { api } from "./api.js";
import { h, setChildren } from "./dom.js";
import { formatNumber } from "./format.js";
import { busy, errorBox, field, flash, FormErrors } from "./ui.js";

export function groupsPanel({ base, can, onChange }) {
  let groups = [];
  const list = h("div", { class: "rows", "data-testid": "groups" });
  const element = h(
    "section",
    { class: "card", "aria-labelledby": "groups-heading" },
    h("h2", { id: "groups-heading" }, "意見のまとまりと市の考え方"),
    h("p", { class: "hint" }, "同じ趣旨の意見をまとめて、まとめごとに市の考え方を書けます。意見の「編集」からまとまりを選びます。"),
    list,
    can("staff") ? newGroupForm() : null,
  );

  async function refresh() {
    try {
      groups = (await api("GET", `${base}/groups`)).groups;
      draw();
    } catch (err) {
      setChildren(list, errorBox(err));
    }
  }

  function draw() {
    if (groups.length === 0) {
      setChildren(list, h("p", { class: "empty" }, "まだまとまりはありません。"));
      return;
    }
    setChildren(list, groups.map((g) => groupItem(g)));
  }

  function groupItem(g) {
    const count = typeof g.commentCount === "number" ? h("span", { class: "tag" }, `意見 ${formatNumber(g.commentCount)}件`) : null;
    const item = h(
      "div",
      { class: "question", "data-testid": "group" },
      h("div", { class: "question-head" }, h("h3", {}, g.title, count), can("staff") ? h("button", { type: "button", class: "secondary small", onclick: () => edit() }, "編集") : null),
      g.response ? h("div", { class: "response pre" }, h("strong", {}, "市の考え方："), g.response) : h("p", { class: "hint" }, "市の考え方：未記入"),
    );
    function edit() {
      const errors = new FormErrors();
      const title = h("input", { type: "text", value: g.title, maxlength: "100" });
      const response = h("textarea", { rows: "4" }, g.response ?? "");
      const save = h("button", { type: "submit", class: "primary" }, "保存");
      const form = h(
        "form",
        { class: "question", novalidate: true },
        errors.summary,
        field({ label: "まとまりの名前", input: title, path: "title", errors, required: true }),
        field({ label: "市の考え方", input: response, path: "response", errors }),
        h("div", { class: "actions" }, save, h("button", { type: "button", class: "secondary", onclick: () => form.replaceWith(groupItem(g)) }, "キャンセル")),
      );
      form.addEventListener("submit", async (event) => {
        event.preventDefault();
        await busy(save, async () => {
          try {
            await api("PATCH", `${base}/groups/${encodeURIComponent(g.id)}`, { title: title.value.trim(), response: response.value.trim() || null });
            flash("まとまりを保存しました。");
            await refresh();
            onChange?.();
          } catch (err) {
            errors.show(err);
          }
        });
      });
      item.replaceWith(form);
      title.focus();
    }
    return item;
  }

  function newGroupForm() {
    const errors = new FormErrors();
    const title = h("input", { type: "text", maxlength: "100", placeholder: "例：公園の整備について", "data-testid": "group-title" });
    const response = h("textarea", { rows: "3", "data-testid": "group-response" });
    const submit = h("button", { type: "submit", class: "secondary", "data-testid": "group-create" }, "＋ まとまりを作る");
    const form = h(
      "form",
      { novalidate: true, "data-testid": "group-form" },
      h("h3", {}, "新しいまとまり"),
      errors.summary,
      h("div", { class: "grid-2" }, field({ label: "まとまりの名前", input: title, path: "title", errors, required: true }), field({ label: "市の考え方（後からでも書けます）", input: response, path: "response", errors })),
      h("div", { class: "actions" }, submit),
    );
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      errors.clear();
      if (!title.value.trim()) return errors.show({ message: "入力されていない項目があります。", issues: [{ path: "title", message: "まとまりの名前を入力してください。" }] });
      await busy(submit, async () => {
        try {
          await api("POST", `${base}/groups`, { title: title.value.trim(), response: response.value.trim() || null });
          form.reset();
          flash("まとまりを作りました。");
          await refresh();
          onChange?.();
        } catch (err) {
          errors.show(err);
        }
      });
    });
    return form;
  }

  return { element, refresh, groups: () => groups };
}
