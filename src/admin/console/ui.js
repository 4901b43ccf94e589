// Pieces every screen uses: labelled fields with their error next to them, dialogs, notices, badges.
import { h, setChildren, uid } from "./dom.js";

/**
 * A form's error display. Fields register the API path they correspond to ("title",
 * "sections.0.id", "questions.1.choices"); an API error's issues are shown next to the field whose
 * path matches best, the rest at the top of the form.
 */
export class FormErrors {
  constructor() {
    this.fields = new Map();
    this.summary = h("div", { class: "form-errors", role: "alert", "data-testid": "form-errors", hidden: true });
  }

  /** container: the field's wrapper; the message is added at its end. */
  register(path, container) {
    const message = h("p", { class: "field-error", id: uid("err"), hidden: true });
    container.appendChild(message);
    this.fields.set(path, { container, message });
    // Once the staff member corrects the field, its old message goes (the API checks again on saving).
    const settle = () => {
      if (message.hidden) return;
      message.hidden = true;
      message.textContent = "";
      container.classList.remove("invalid");
      for (const input of container.querySelectorAll("[aria-invalid]")) input.removeAttribute("aria-invalid");
      if (![...this.fields.values()].some((f) => !f.message.hidden)) this.summary.hidden = true;
    };
    container.addEventListener("input", settle);
    container.addEventListener("change", settle);
    return message;
  }

  /** Forgets the fields under a prefix ("sections."), before rows are drawn again. */
  unregisterPrefix(prefix) {
    for (const path of [...this.fields.keys()]) if (path.startsWith(prefix)) this.fields.delete(path);
  }

  clear() {
    this.summary.hidden = true;
    this.summary.replaceChildren();
    for (const { container, message } of this.fields.values()) {
      message.hidden = true;
      message.textContent = "";
      container.classList.remove("invalid");
      for (const input of container.querySelectorAll("input, select, textarea")) input.removeAttribute("aria-invalid");
    }
  }

  /** Shows an ApiError (or any Error). Returns nothing; focuses the first field in error. */
  show(error) {
    this.clear();
    const unplaced = [];
    let first;
    for (const issue of error.issues ?? []) {
      const target = this.bestField(issue.path);
      if (!target) {
        unplaced.push(issue.path ? `${issue.path}: ${issue.message}` : issue.message);
        continue;
      }
      target.message.hidden = false;
      target.message.textContent = target.message.textContent ? `${target.message.textContent} ${issue.message}` : issue.message;
      target.container.classList.add("invalid");
      for (const input of target.container.querySelectorAll("input, select, textarea")) {
        input.setAttribute("aria-invalid", "true");
        input.setAttribute("aria-describedby", target.message.id);
      }
      first ??= target.container.querySelector("input, select, textarea, button");
    }
    setChildren(
      this.summary,
      h("p", {}, error.message || "入力内容を確認してください。"),
      unplaced.length ? h("ul", {}, unplaced.map((m) => h("li", {}, m))) : null,
    );
    this.summary.hidden = false;
    if (first) first.focus();
    else this.summary.scrollIntoView({ block: "center" });
  }

  bestField(path) {
    if (this.fields.has(path)) return this.fields.get(path);
    // "sections.0.id.x" → "sections.0.id" → "sections.0" → "sections"
    const parts = path.split(".");
    for (let n = parts.length - 1; n > 0; n -= 1) {
      const prefix = parts.slice(0, n).join(".");
      if (this.fields.has(prefix)) return this.fields.get(prefix);
    }
    return undefined;
  }
}

/**
 * A labelled field: field({ label, input, hint, path, errors }). The input gets an id and the label
 * points at it; the hint is read out with it.
 */
/**
 * @param {{ label: import("./dom.js").TChild, input: HTMLElement & { id: string, required?: boolean }, hint?: import("./dom.js").TChild, path?: string, errors?: { register(path: string, el: HTMLElement): void }, required?: boolean, className?: string }} spec
 */
export function field({ label, input, hint, path, errors, required = false, className = "" }) {
  input.id ||= uid("in");
  const hintEl = hint ? h("p", { class: "hint", id: uid("hint") }, hint) : null;
  if (hintEl) input.setAttribute("aria-describedby", hintEl.id);
  if (required) input.required = true;
  const wrap = h(
    "div",
    { class: `field ${className}`.trim() },
    h("label", { for: input.id }, label, required ? h("span", { class: "required", "aria-hidden": "true" }, " *") : null),
    input,
    hintEl,
  );
  if (errors && path !== undefined) errors.register(path, wrap);
  return wrap;
}

/** A group of checkboxes (fieldset + legend); returns { element, values() }. */
/**
 * @param {{ legend: string, options: { value: string, label: string }[], selected?: string[], name: string, path?: string, errors?: { register(path: string, el: HTMLElement): void }, hint?: string, testid?: string }} spec
 * @returns {{ element: HTMLElement, values: () => string[] }}
 */
export function checkboxGroup({ legend, options, selected = [], name, path, errors, hint, testid }) {
  const boxes = options.map((o) => {
    const id = uid("cb");
    const input = h("input", { type: "checkbox", id, name, value: o.value, checked: selected.includes(o.value) });
    return { input, label: h("label", { class: "check", for: id }, input, h("span", {}, o.label)) };
  });
  const element = h(
    "fieldset",
    { class: "field checks", "data-testid": testid },
    h("legend", {}, legend),
    hint ? h("p", { class: "hint" }, hint) : null,
    h("div", { class: "check-row" }, boxes.map((b) => b.label)),
  );
  if (errors && path !== undefined) errors.register(path, element);
  return { element, values: () => boxes.filter((b) => b.input.checked).map((b) => b.input.value) };
}

export function select(options, value, attrs = {}) {
  return h("select", attrs, options.map((o) => h("option", { value: o.value, selected: o.value === value }, o.label)));
}

export function badge(status, labels) {
  return h("span", { class: `badge status-${status}`, "data-testid": "status" }, labels[status] ?? status);
}

/** A scrollable wrapper so wide tables don't break the layout on a tablet. */
export function tableWrap(table) {
  return h("div", { class: "table-wrap", tabindex: "0" }, table);
}

export function loading() {
  return h("p", { class: "loading", role: "status" }, "読み込み中…");
}

export function errorBox(error) {
  return h("div", { class: "error-box", role: "alert", "data-testid": "error" }, error?.message ?? String(error));
}

/** Shows a short message at the top of the page (also read out by screen readers). */
let flashedAt = 0;

/** Called on every change of screen: a message stays only on the screen it was meant for. */
export function clearOldFlash() {
  if (Date.now() - flashedAt > 1500) document.getElementById("flash")?.replaceChildren();
}

export function flash(message, kind = "ok") {
  const area = document.getElementById("flash");
  if (!area) return;
  flashedAt = Date.now();
  setChildren(area, h("div", { class: `flash flash-${kind}`, "data-testid": "flash" }, h("span", {}, message), h("button", { type: "button", class: "link", onclick: () => area.replaceChildren(), "aria-label": "閉じる" }, "×")));
  if (kind === "ok") {
    const shown = area.firstElementChild;
    setTimeout(() => {
      if (area.firstElementChild === shown) area.replaceChildren();
    }, 8000);
  }
}

/**
 * A modal dialog: body is a node (or nodes); resolves true when the confirm button is pressed,
 * false on cancel or Escape. beforeConfirm may return false to keep the dialog open.
 */
/**
 * @param {{ title: string, body: import("./dom.js").TChild, confirmLabel?: string, cancelLabel?: string | null, danger?: boolean, testid?: string, beforeConfirm?: () => Promise<boolean | void> | boolean | void }} spec
 * @returns {Promise<boolean>}
 */
export function dialog({ title, body, confirmLabel = "OK", cancelLabel = "キャンセル", danger = false, testid = "dialog", beforeConfirm }) {
  return new Promise((resolve) => {
    const titleId = uid("dlg");
    const confirm = h("button", { type: "submit", class: danger ? "danger" : "primary", "data-testid": "dialog-confirm" }, confirmLabel);
    const cancel = cancelLabel ? h("button", { type: "button", class: "secondary", "data-testid": "dialog-cancel" }, cancelLabel) : null;
    const form = h("form", { method: "dialog" }, h("h2", { id: titleId }, title), h("div", { class: "dialog-body" }, body), h("div", { class: "actions" }, cancel, confirm));
    const el = h("dialog", { "aria-labelledby": titleId, "data-testid": testid }, form);
    let result = false;
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      if (beforeConfirm && (await beforeConfirm()) === false) return;
      result = true;
      el.close();
    });
    cancel?.addEventListener("click", () => el.close());
    el.addEventListener("close", () => {
      el.remove();
      resolve(result);
    });
    document.body.appendChild(el);
    el.showModal();
  });
}

/** @param {{ title: string, message: import("./dom.js").TChild, confirmLabel?: string, danger?: boolean }} spec */
export function confirmDialog({ title, message, confirmLabel = "実行する", danger = false }) {
  return dialog({ title, body: h("p", {}, message), confirmLabel, danger, testid: "confirm-dialog" });
}

/** A password or token shown once: selectable, with a copy button and a warning. */
export function secretDialog({ title, intro, secret }) {
  const code = h("code", { class: "secret", "data-testid": "secret" }, secret);
  const copy = h("button", { type: "button", class: "secondary" }, "コピー");
  copy.addEventListener("click", async () => {
    try {
      await navigator.clipboard.writeText(secret);
      copy.textContent = "コピーしました";
    } catch {
      // Clipboard access can be refused (http, permissions): selecting the text still works.
      const range = document.createRange();
      range.selectNodeContents(code);
      getSelection()?.removeAllRanges();
      getSelection()?.addRange(range);
      copy.textContent = "選択しました（Ctrl+C でコピー）";
    }
  });
  return dialog({
    title,
    body: [h("p", {}, intro), h("div", { class: "secret-row" }, code, copy), h("p", { class: "warning" }, "この画面を閉じると二度と表示されません。安全な方法で本人に伝えてください。")],
    confirmLabel: "閉じる",
    cancelLabel: null,
    testid: "secret-dialog",
  });
}

/** Runs an async action from a button: disables it meanwhile, shows failures as a flash. */
export async function busy(button, action) {
  button.disabled = true;
  button.setAttribute("aria-busy", "true");
  try {
    return await action();
  } finally {
    button.disabled = false;
    button.removeAttribute("aria-busy");
  }
}

export function pageHeader(title, ...actions) {
  return h("div", { class: "page-header" }, h("h1", { tabindex: "-1" }, title), actions.length ? h("div", { class: "actions" }, actions) : null);
}

/** An <a> that looks like a button, for navigation. */
/**
 * @param {string} href
 * @param {import("./dom.js").TChild} label
 * @param {{ kind?: string, testid?: string }} [options]
 */
export function linkButton(href, label, { kind = "secondary", testid } = {}) {
  return h("a", { href, class: `button ${kind}`, "data-testid": testid }, label);
}

/** An optional English version of a text residents read: empty, English readers get the Japanese. */
/** @param {{ value?: string | null, maxlength: number, testid?: string, rows?: number }} spec */
export function englishInput({ value, maxlength, testid, rows }) {
  const attrs = { lang: "en", maxlength: String(maxlength), autocapitalize: "sentences", "data-testid": testid };
  return rows ? h("textarea", { ...attrs, rows: String(rows) }, value ?? "") : h("input", { ...attrs, type: "text", value: value ?? "" });
}
export const ENGLISH_HINT = "任意。英語で読む住民に表示します。空欄なら日本語がそのまま届きます";

/** Which texts residents who read English will read in Japanese (the view's `untranslated`), before it is announced. */
export function untranslatedNote(untranslated) {
  if (!untranslated || untranslated.length === 0) {
    return h("p", { class: "hint", "data-testid": "untranslated" }, "英語で読む住民には、すべて英語で届きます。");
  }
  return h(
    "p",
    { class: "warning", "data-testid": "untranslated" },
    `英語で読む住民には、次の項目が日本語のまま届きます：${untranslated.join("、")}（「編集」で英語を入れられます）`,
  );
}

/**
 * Which texts residents who chose やさしい日本語 will read in ordinary Japanese (the view's
 * `withoutEasy`): staff see it on the item and before it is announced.
 */
export function withoutEasyNote(withoutEasy, { editHint = true } = {}) {
  if (!withoutEasy || withoutEasy.length === 0) {
    return h("p", { class: "hint", "data-testid": "without-easy" }, "やさしい日本語を選んだ人には、すべてやさしい日本語で届きます。");
  }
  return h(
    "p",
    { class: "warning", "data-testid": "without-easy" },
    `やさしい日本語の文がありません（${withoutEasy.join("、")}）。やさしい日本語を選んだ人には日本語で届きます。${editHint ? "（「編集」でやさしい日本語を入れられます）" : ""}`,
  );
}

/**
 * An optional やさしい日本語 version of a text residents read: empty, residents who chose it get the
 * Japanese. The plain-language check runs on it as staff type and offers readings (plainCheck.js).
 */
/** @param {{ value?: string | null, maxlength: number, testid?: string, rows?: number }} spec */
export function easyInput({ value, maxlength, testid, rows }) {
  const attrs = { lang: "ja", maxlength: String(maxlength), "data-plain": "easy", "data-testid": testid };
  return rows ? h("textarea", { ...attrs, rows: String(rows) }, value ?? "") : h("input", { ...attrs, type: "text", value: value ?? "" });
}
export const EASY_HINT = "任意。やさしい日本語を選んだ住民に表示します。空欄なら日本語がそのまま届きます";
