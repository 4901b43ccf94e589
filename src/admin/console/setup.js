// 最初の管理者の登録: opened from the one-time address the bot printed at a start with no
// administrator (/admin/setup#TOKEN). The person chooses their own login id and password.
import { h, setChildren } from "./dom.js";
import { busy, field } from "./ui.js";

const main = document.getElementById("main");
const token = location.hash.slice(1);
// Out of the address bar and the history: the token is a secret until it is used.
history.replaceState(null, "", location.pathname);

async function post(path, body) {
  const res = await fetch(`/api/admin${path}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  let json = {};
  try {
    json = await res.json();
  } catch {
    // An answer without JSON: shown by its status below.
  }
  return { status: res.status, json };
}

const loginLink = () => h("p", {}, h("a", { class: "button primary", href: "/admin/", "data-testid": "to-login" }, "ログイン画面へ"));

function message(title, text, withLogin) {
  setChildren(main, h("div", { class: "card login", "data-testid": "setup-message" }, h("h1", {}, title), h("p", {}, text), withLogin ? loginLink() : null));
}

async function start() {
  if (!token) return message("最初の管理者の登録", "設定用アドレスが正しくありません。ボットを起動したときに表示されたアドレスを、そのまま開いてください。", false);
  const { json } = await post("/setup/check", { token });
  if (json.state === "used") return message("登録済みです", "最初の管理者は登録済みです。ログイン画面からログインしてください。", true);
  if (json.state !== "ok") return message("このアドレスは使えません", "この設定用アドレスは期限切れか、正しくありません。ボットを再起動すると、新しいアドレスが表示されます。", false);
  showForm();
}

function showForm() {
  const loginId = h("input", { type: "text", autocomplete: "username", autocapitalize: "off", spellcheck: "false", "data-testid": "setup-login-id" });
  const displayName = h("input", { type: "text", autocomplete: "name", "data-testid": "setup-name" });
  const password = h("input", { type: "password", autocomplete: "new-password", "data-testid": "setup-password" });
  const again = h("input", { type: "password", autocomplete: "new-password", "data-testid": "setup-password-again" });
  const error = h("div", { class: "error-box", role: "alert", "data-testid": "setup-error", hidden: true });
  const submit = h("button", { type: "submit", class: "primary wide" }, "管理者を登録する");
  const form = h(
    "form",
    { class: "card login", novalidate: true },
    h("h1", { tabindex: "-1" }, "最初の管理者の登録"),
    h("p", { class: "hint" }, "このボットにはまだ管理者がいません。管理者になる方のログインIDと氏名、パスワードを決めてください。このアドレスは一度だけ使えます（24時間で期限切れ）。"),
    error,
    field({ label: "ログインID", input: loginId, required: true, hint: "英数字と . _ @ -（3文字以上）" }),
    field({ label: "氏名", input: displayName, required: true }),
    field({ label: "パスワード", input: password, required: true, hint: "10文字以上。空白だけや同じ文字の繰り返しは使えません" }),
    field({ label: "パスワード（確認）", input: again, required: true }),
    submit,
  );
  const fail = (text) => {
    setChildren(error, ...text.split("\n").map((line) => h("div", {}, line)));
    error.hidden = false;
  };
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    error.hidden = true;
    if (password.value !== again.value) return fail("確認のパスワードが一致しません。");
    await busy(submit, async () => {
      const { status, json } = await post("/setup", { token, loginId: loginId.value.trim(), displayName: displayName.value.trim(), password: password.value });
      if (status === 201) return message("登録しました", `管理者「${json.staff.displayName}」を登録しました。ログイン画面から、決めたログインIDとパスワードでログインしてください。`, true);
      const issues = (json.issues ?? []).map((i) => (typeof i === "string" ? i : i.message));
      fail([json.error ?? "登録できませんでした。", ...issues].join("\n"));
    });
  });
  setChildren(main, form);
  loginId.focus();
}

start().catch(() => message("つながりません", "サーバーにつながりません。ネットワークを確認して、ページを読み込み直してください。", false));
