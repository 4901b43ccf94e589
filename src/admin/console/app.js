// The console's shell: who is logged in, the header and menu, and hash routes (#/rounds/…) to screens.
import { api, setCsrfToken, setUnauthorizedHandler } from "./api.js";
import { h, setChildren } from "./dom.js";
import { roleLabels } from "./format.js";
import { clearOldFlash, confirmDialog, flash, secretDialog } from "./ui.js";
import { loginView } from "./loginView.js";
import { roundListView } from "./roundListView.js";
import { roundFormView } from "./roundFormView.js";
import { roundDetailView } from "./roundDetailView.js";
import { analysisView } from "./analysisView.js";
import { pollListView } from "./pollListView.js";
import { pollFormView } from "./pollFormView.js";
import { pollDetailView } from "./pollDetailView.js";
import { staffView } from "./staffView.js";
import { auditView } from "./auditView.js";
import { eventListView } from "./eventListView.js";
import { eventFormView } from "./eventFormView.js";
import { eventDetailView } from "./eventDetailView.js";
import { opportunityListView } from "./opportunityListView.js";
import { opportunityFormView } from "./opportunityFormView.js";
import { opportunityDetailView } from "./opportunityDetailView.js";
import { volunteerStatsView } from "./volunteerStatsView.js";
import { settingsView } from "./settingsView.js";
import { installPlainCheck } from "./plainCheck.js";
import { richMenuView } from "./richMenuView.js";
import { homeView } from "./homeView.js";
import { reachView } from "./reachView.js";
import { inboxDetailView, inboxListView } from "./inboxView.js";

/** { staff: { id, loginId, displayName, role }, csrfToken } while logged in. */
let session;
/** Cleanups of the screen on display (stop polling), run when leaving it. */
let leaving = [];

/**
 * @typedef {{ params: string[], query: URLSearchParams, onLeave: (fn: () => void) => void, navigate: (hash: string) => void, can: (role: string) => boolean, staff: import("../consoleTypes.ts").TStaffActor }} TViewContext
 * @type {{ pattern: RegExp, view: (container: HTMLElement, ctx: TViewContext) => Promise<void> | void, nav: string, role?: string }[]}
 */
const routes = [
  { pattern: /^\/home$/, view: homeView, nav: "home" },
  { pattern: /^\/reach$/, view: reachView, nav: "reach" },
  { pattern: /^\/rounds$/, view: roundListView, nav: "rounds" },
  { pattern: /^\/rounds\/new$/, view: roundFormView, nav: "rounds", role: "staff" },
  { pattern: /^\/rounds\/([^/]+)\/edit$/, view: roundFormView, nav: "rounds", role: "staff" },
  { pattern: /^\/rounds\/([^/]+)$/, view: roundDetailView, nav: "rounds" },
  { pattern: /^\/analyses\/([^/]+)$/, view: analysisView, nav: "rounds" },
  { pattern: /^\/polls$/, view: pollListView, nav: "polls" },
  { pattern: /^\/polls\/new$/, view: pollFormView, nav: "polls", role: "staff" },
  { pattern: /^\/polls\/([^/]+)\/edit$/, view: pollFormView, nav: "polls", role: "staff" },
  { pattern: /^\/polls\/([^/]+)$/, view: pollDetailView, nav: "polls" },
  { pattern: /^\/events$/, view: eventListView, nav: "events" },
  { pattern: /^\/events\/new$/, view: eventFormView, nav: "events", role: "staff" },
  { pattern: /^\/events\/([^/]+)\/edit$/, view: eventFormView, nav: "events", role: "staff" },
  { pattern: /^\/events\/([^/]+)$/, view: eventDetailView, nav: "events" },
  { pattern: /^\/opportunities$/, view: opportunityListView, nav: "volunteers" },
  { pattern: /^\/opportunities\/new$/, view: opportunityFormView, nav: "volunteers", role: "staff" },
  { pattern: /^\/opportunities\/([^/]+)\/edit$/, view: opportunityFormView, nav: "volunteers", role: "staff" },
  { pattern: /^\/opportunities\/([^/]+)$/, view: opportunityDetailView, nav: "volunteers" },
  { pattern: /^\/volunteers$/, view: opportunityListView, nav: "volunteers" },
  { pattern: /^\/volunteers\/stats$/, view: volunteerStatsView, nav: "volunteers" },
  { pattern: /^\/settings$/, view: settingsView, nav: "settings", role: "admin" },
  { pattern: /^\/richmenu$/, view: richMenuView, nav: "richmenu" },
  { pattern: /^\/inbox$/, view: inboxListView, nav: "inbox", role: "staff" },
  { pattern: /^\/inbox\/([^/]+)$/, view: inboxDetailView, nav: "inbox", role: "staff" },
  { pattern: /^\/staff$/, view: staffView, nav: "staff", role: "admin" },
  { pattern: /^\/audit$/, view: auditView, nav: "audit", role: "admin" },
];

const navItems = [
  { id: "home", href: "#/home", label: "ホーム" },
  { id: "rounds", href: "#/rounds", label: "意見募集（パブコメ）" },
  { id: "polls", href: "#/polls", label: "アンケート" },
  { id: "events", href: "#/events", label: "イベント" },
  { id: "volunteers", href: "#/opportunities", label: "ボランティア" },
  { id: "richmenu", href: "#/richmenu", label: "リッチメニュー" },
  { id: "inbox", href: "#/inbox", label: "問い合わせ", role: "staff" },
  { id: "reach", href: "#/reach", label: "配信の到達" },
  { id: "staff", href: "#/staff", label: "職員", role: "admin" },
  { id: "audit", href: "#/audit", label: "操作履歴", role: "admin" },
  { id: "settings", href: "#/settings", label: "設定", role: "admin" },
];

const roleRank = { viewer: 0, staff: 1, admin: 2 };
/** Whether the logged-in staff member's role includes `needed` (the API enforces it anyway). */
export function can(needed) {
  return session !== undefined && roleRank[session.staff.role] >= roleRank[needed];
}

export function navigate(hash) {
  if (location.hash === hash) render();
  else location.hash = hash;
}

function runLeaving() {
  for (const fn of leaving.splice(0)) {
    try {
      fn();
    } catch {
      // A cleanup that fails must not keep the next screen from showing.
    }
  }
}

function renderHeader(activeNav) {
  const nav = document.getElementById("nav");
  const user = document.getElementById("user");
  if (!session) {
    nav.replaceChildren();
    user.replaceChildren();
    return;
  }
  setChildren(
    nav,
    h(
      "ul",
      {},
      navItems
        .filter((item) => !item.role || can(item.role))
        .map((item) => h("li", {}, h("a", { href: item.href, "aria-current": item.id === activeNav ? "page" : undefined, "data-testid": `nav-${item.id}` }, item.label))),
    ),
  );
  setChildren(
    user,
    h("span", { class: "who", "data-testid": "current-staff" }, h("strong", {}, session.staff.displayName), h("span", { class: "role" }, roleLabels[session.staff.role] ?? session.staff.role)),
    h("button", { type: "button", class: "secondary small", onclick: issueOwnToken, "data-testid": "own-token" }, "APIトークン"),
    h("button", { type: "button", class: "secondary small", onclick: logout, "data-testid": "logout" }, "ログアウト"),
  );
}

async function issueOwnToken() {
  const ok = await confirmDialog({
    title: "APIトークンの発行",
    message: "プログラムから管理APIを使うためのトークンを発行します。前に発行したトークンは使えなくなります。発行しますか？",
    confirmLabel: "発行する",
  });
  if (!ok) return;
  try {
    const { token } = await api("POST", `/staff/${encodeURIComponent(session.staff.id)}/token`);
    await secretDialog({ title: "APIトークン", intro: "リクエストのヘッダー Authorization: Bearer に付けて使います。", secret: token });
  } catch (err) {
    flash(err.message, "error");
  }
}

async function logout() {
  try {
    await api("POST", "/logout");
  } catch {
    // Already logged out on the server: the screen still goes back to the login form.
  }
  session = undefined;
  setCsrfToken("");
  runLeaving();
  location.hash = "#/login";
  render();
}

function showLogin() {
  runLeaving();
  renderHeader();
  const main = document.getElementById("main");
  document.title = "ログイン - 職員コンソール";
  const container = h("div", { class: "page narrow" });
  setChildren(main, container);
  loginView(container, {
    onLoggedIn(result) {
      session = { staff: result.staff, csrfToken: result.csrfToken };
      setCsrfToken(result.csrfToken);
      flash(`${result.staff.displayName}さん、ようこそ。`);
      if (!location.hash || location.hash === "#/login") location.hash = "#/home";
      else render();
    },
  });
}

async function render() {
  if (!session) {
    showLogin();
    return;
  }
  runLeaving();
  clearOldFlash();
  const path = (location.hash.replace(/^#/, "") || "/home").split("?")[0];
  if (path === "/login" || path === "/" || path === "") {
    location.replace("#/home");
    return;
  }
  const route = routes.find((r) => r.pattern.test(path));
  renderHeader(route?.nav);
  const main = document.getElementById("main");
  // Each screen draws into its own container: a screen still loading when the staff member moves
  // on writes into a container no longer on the page, never over the next screen.
  const container = h("div", { class: "page" });
  setChildren(main, container);
  if (!route) {
    setChildren(container, h("h1", {}, "ページが見つかりません"), h("p", {}, h("a", { href: "#/rounds" }, "意見募集の一覧へ")));
    return;
  }
  if (route.role && !can(route.role)) {
    setChildren(container, h("h1", {}, "権限がありません"), h("p", {}, "この画面を使う権限がありません。必要な場合は管理者に相談してください。"));
    return;
  }
  const params = path.match(route.pattern).slice(1).map(decodeURIComponent);
  const query = new URLSearchParams(location.hash.split("?")[1] ?? "");
  try {
    await route.view(container, { params, query, onLeave: (fn) => leaving.push(fn), navigate, can, staff: session.staff });
  } catch (err) {
    container.appendChild(h("div", { class: "error-box", role: "alert" }, err.message ?? String(err)));
  }
  const heading = container.querySelector("h1");
  if (heading) {
    document.title = `${heading.textContent} - 職員コンソール`;
    if (document.activeElement === document.body || document.activeElement === null) heading.focus({ preventScroll: true });
  }
}

async function start() {
  installPlainCheck(document);
  setUnauthorizedHandler(() => {
    if (!session) return;
    session = undefined;
    flash("ログインの有効期限が切れました。もう一度ログインしてください。", "error");
    showLogin();
  });
  try {
    const me = await api("GET", "/me");
    session = { staff: me.staff, csrfToken: me.csrfToken };
    setCsrfToken(me.csrfToken);
  } catch {
    session = undefined;
  }
  window.addEventListener("hashchange", render);
  await render();
}

start();
