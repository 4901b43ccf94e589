// 職員 (administrators): accounts, roles, disabling, password resets and API tokens, each secret shown once.
import { api } from "./api.js";
import { h, setChildren } from "./dom.js";
import { formatDateTime, roleLabels } from "./format.js";
import { busy, confirmDialog, errorBox, field, flash, FormErrors, loading, pageHeader, secretDialog, select, tableWrap } from "./ui.js";

const roleOptions = [
  { value: "viewer", label: "閲覧のみ（見るだけ）" },
  { value: "staff", label: "職員（作成・編集・告知）" },
  { value: "admin", label: "管理者（職員の管理も）" },
];

export async function staffView(container, { staff: me }) {
  const list = h("div", {}, loading());
  setChildren(container, pageHeader("職員"), createForm(() => refresh()), h("h2", {}, "職員の一覧"), list);

  async function refresh() {
    try {
      const rows = (await api("GET", "/staff")).staff;
      setChildren(list, tableWrap(staffTable(rows, me, refresh)));
    } catch (err) {
      setChildren(list, errorBox(err));
    }
  }
  await refresh();
}

function createForm(onCreated) {
  const errors = new FormErrors();
  const loginId = h("input", { type: "text", autocomplete: "off", autocapitalize: "off", spellcheck: "false", "data-testid": "staff-login-id" });
  const displayName = h("input", { type: "text", autocomplete: "off", "data-testid": "staff-display-name" });
  const role = select(roleOptions, "staff", { "data-testid": "staff-role" });
  const password = h("input", { type: "text", autocomplete: "off", "data-testid": "staff-password" });
  const submit = h("button", { type: "submit", class: "primary" }, "職員を追加");
  const form = h(
    "form",
    { class: "card", novalidate: true, "data-testid": "staff-form" },
    h("h2", {}, "職員を追加"),
    errors.summary,
    h(
      "div",
      { class: "grid-2" },
      field({ label: "ログインID", input: loginId, path: "loginId", errors, required: true, hint: "英数字と . _ @ - （3文字以上）" }),
      field({ label: "氏名", input: displayName, path: "displayName", errors, required: true }),
      field({ label: "権限", input: role, path: "role", errors }),
      field({ label: "初期パスワード", input: password, path: "password", errors, hint: "空欄なら自動で作ります（10文字以上）" }),
    ),
    h("div", { class: "actions" }, submit),
  );
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    errors.clear();
    await busy(submit, async () => {
      try {
        const body = { loginId: loginId.value.trim(), displayName: displayName.value.trim(), role: role.value };
        if (password.value) body.password = password.value;
        const created = await api("POST", "/staff", body);
        form.reset();
        await secretDialog({
          title: "職員を追加しました",
          intro: `${created.staff.displayName}さん（ログインID: ${created.staff.loginId}）の初期パスワードです。`,
          secret: created.password,
        });
        await onCreated();
      } catch (err) {
        errors.show(err);
      }
    });
  });
  return form;
}

function staffTable(rows, me, refresh) {
  return h(
    "table",
    { class: "data", "data-testid": "staff-table" },
    h("thead", {}, h("tr", {}, ["氏名", "ログインID", "権限", "状態", "APIトークン", "登録日", "操作"].map((t) => h("th", { scope: "col" }, t)))),
    h("tbody", {}, rows.map((s) => staffRow(s, me, refresh))),
  );
}

function staffRow(s, me, refresh) {
  const self = s.id === me.id;
  const role = select(roleOptions.map((o) => ({ value: o.value, label: roleLabels[o.value] })), s.role, { "aria-label": `${s.displayName}さんの権限`, disabled: self });
  role.addEventListener("change", async () => {
    try {
      await api("PATCH", `/staff/${encodeURIComponent(s.id)}`, { role: role.value });
      flash(`${s.displayName}さんの権限を「${roleLabels[role.value]}」にしました。`);
      await refresh();
    } catch (err) {
      role.value = s.role;
      flash(err.message, "error");
    }
  });
  const disable = h("button", { type: "button", class: s.disabled ? "secondary small" : "danger small", disabled: self }, s.disabled ? "利用を再開" : "利用を停止");
  disable.addEventListener("click", async () => {
    const ok = await confirmDialog({
      title: s.disabled ? "利用の再開" : "利用の停止",
      message: s.disabled ? `${s.displayName}さんが再びログインできるようにします。` : `${s.displayName}さんはログインもAPIトークンも使えなくなります。停止しますか？`,
      confirmLabel: s.disabled ? "再開する" : "停止する",
      danger: !s.disabled,
    });
    if (!ok) return;
    await busy(disable, async () => {
      try {
        await api("PATCH", `/staff/${encodeURIComponent(s.id)}`, { disabled: !s.disabled });
        flash(s.disabled ? `${s.displayName}さんの利用を再開しました。` : `${s.displayName}さんの利用を停止しました。`);
        await refresh();
      } catch (err) {
        flash(err.message, "error");
      }
    });
  });
  const reset = h("button", { type: "button", class: "secondary small" }, "パスワード再設定");
  reset.addEventListener("click", async () => {
    const ok = await confirmDialog({ title: "パスワードの再設定", message: `${s.displayName}さんの新しいパスワードを作ります。今のパスワードとログイン中の画面は使えなくなります。`, confirmLabel: "再設定する" });
    if (!ok) return;
    try {
      const { password } = await api("POST", `/staff/${encodeURIComponent(s.id)}/password`);
      await secretDialog({ title: "新しいパスワード", intro: `${s.displayName}さん（${s.loginId}）の新しいパスワードです。`, secret: password });
    } catch (err) {
      flash(err.message, "error");
    }
  });
  const token = h("button", { type: "button", class: "secondary small" }, "トークン発行");
  token.addEventListener("click", async () => {
    const ok = await confirmDialog({ title: "APIトークンの発行", message: `${s.displayName}さんのAPIトークンを発行します。前のトークンは使えなくなります。`, confirmLabel: "発行する" });
    if (!ok) return;
    try {
      const result = await api("POST", `/staff/${encodeURIComponent(s.id)}/token`);
      await secretDialog({ title: "APIトークン", intro: `${s.displayName}さんのAPIトークンです。Authorization: Bearer ヘッダーに付けて使います。`, secret: result.token });
      await refresh();
    } catch (err) {
      flash(err.message, "error");
    }
  });
  return h(
    "tr",
    { class: s.disabled ? "muted" : "", "data-testid": "staff-row" },
    h("td", {}, s.displayName, self ? h("span", { class: "tag" }, "自分") : null),
    h("td", {}, h("code", {}, s.loginId)),
    h("td", {}, role),
    h("td", {}, s.disabled ? h("span", { class: "badge status-closed" }, "停止中") : h("span", { class: "badge status-open" }, "利用中")),
    h("td", {}, s.hasApiToken ? "発行済み" : "なし"),
    h("td", {}, formatDateTime(s.createdAt)),
    h("td", { class: "row-actions" }, reset, token, disable),
  );
}
