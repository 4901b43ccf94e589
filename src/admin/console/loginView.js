// ログイン: login id and password; the API's message (wrong password, locked account) is shown as is.
import { api } from "./api.js";
import { h, setChildren } from "./dom.js";
import { busy, field } from "./ui.js";

export function loginView(container, { onLoggedIn }) {
  const loginId = h("input", { type: "text", name: "loginId", autocomplete: "username", autocapitalize: "off", spellcheck: "false", "data-testid": "login-id" });
  const password = h("input", { type: "password", name: "password", autocomplete: "current-password", "data-testid": "login-password" });
  const error = h("div", { class: "error-box", role: "alert", "data-testid": "login-error", hidden: true });
  const submit = h("button", { type: "submit", class: "primary wide", "data-testid": "login-submit" }, "ログイン");
  const form = h(
    "form",
    { class: "card login", novalidate: true },
    h("h1", { tabindex: "-1" }, "ログイン"),
    h("p", { class: "hint" }, "市の職員用の画面です。ログインIDとパスワードを入力してください。"),
    error,
    field({ label: "ログインID", input: loginId, required: true }),
    field({ label: "パスワード", input: password, required: true }),
    submit,
  );
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    error.hidden = true;
    if (!loginId.value.trim() || !password.value) {
      setChildren(error, "ログインIDとパスワードを入力してください。");
      error.hidden = false;
      (loginId.value.trim() ? password : loginId).focus();
      return;
    }
    await busy(submit, async () => {
      try {
        const result = await api("POST", "/login", { loginId: loginId.value.trim(), password: password.value });
        onLoggedIn(result);
      } catch (err) {
        setChildren(error, err.message);
        error.hidden = false;
        password.value = "";
        password.focus();
      }
    });
  });
  setChildren(container, form);
  loginId.focus();
}
