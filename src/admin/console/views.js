// The shape every domain's screens share (rounds, polls, events, volunteers), written once: a list
// page (heading, 新規作成 for staff, a hint, the table or a line saying there is none yet), a form
// (its record loaded or blank, a text with its English and やさしい日本語 versions, errors beside
// their fields, save and cancel) and a detail page (status line, figures, facts, downloads). Each
// screen keeps only what is its own: its columns, fields, facts and actions.
import { api } from "./api.js";
import { h, setChildren } from "./dom.js";
import { badge, busy, EASY_HINT, easyInput, ENGLISH_HINT, englishInput, errorBox, field, flash, linkButton, loading, pageHeader, tableWrap, untranslatedNote, withoutEasyNote } from "./ui.js";

/** @typedef {import("./dom.js").TChild} TChild */

/**
 * Loads what a page shows, with 読み込み中… under its header meanwhile. On failure the header and the
 * error take the page, and it resolves undefined (so `load` must resolve something else).
 * @template T
 * @param {HTMLElement} container
 * @param {() => TChild} header a new header each time: a node can stand in one place only
 * @param {() => Promise<T>} load
 * @returns {Promise<T | undefined>}
 */
export async function loadPage(container, header, load) {
  setChildren(container, header(), loading());
  try {
    return await load();
  } catch (err) {
    setChildren(container, header(), errorBox(err));
    return undefined;
  }
}

/**
 * A domain's list page: staff get 新規作成; with nothing yet, `empty` is said (and staff are told
 * where to start); a failure to load is shown in place of the list.
 * @template T
 * @param {HTMLElement} container
 * @param {{ can: (role: string) => boolean, title: string, create: { href: string, testid: string }, intro?: TChild, hint: string, load: () => Promise<T[]>, empty: string, render: (items: T[]) => TChild }} spec
 */
export async function listPage(container, { can, title, create, intro, hint, load, empty, render }) {
  const list = h("div", {}, loading());
  setChildren(
    container,
    pageHeader(title, can("staff") ? linkButton(create.href, "＋ 新規作成", { kind: "primary", testid: create.testid }) : null),
    intro,
    h("p", { class: "hint" }, hint),
    list,
  );
  try {
    const items = await load();
    if (items.length === 0) {
      setChildren(list, h("p", { class: "empty card" }, can("staff") ? `${empty}「新規作成」から始めてください。` : empty));
      return;
    }
    setChildren(list, render(items));
  } catch (err) {
    setChildren(list, errorBox(err));
  }
}

/**
 * A table of records in its scrolling wrapper; `num` columns hold figures (right-aligned).
 * @param {{ testid: string, className?: string, columns: { label: string, num?: boolean }[], rows: TChild }} spec
 */
export function dataTable({ testid, className = "data", columns, rows }) {
  return tableWrap(
    h(
      "table",
      { class: className, "data-testid": testid },
      h("thead", {}, h("tr", {}, columns.map((c) => h("th", { scope: "col", class: c.num ? "num" : undefined }, c.label)))),
      h("tbody", {}, rows),
    ),
  );
}

/**
 * Checks the browser can do before sending (empty fields and the like): [path, value, message]; an
 * empty value is a problem. Staff get a Japanese message, not the schema's.
 * @param {[string, unknown, string][]} checks
 */
export function missingFields(checks) {
  const issues = checks.filter(([, value]) => value === "" || value === undefined || value === null).map(([path, , message]) => ({ path, message }));
  return issues.length ? { message: "入力内容を確認してください。", issues } : undefined;
}

/**
 * A text staff write for residents, with its English and やさしい日本語 versions: three fields for
 * `path`, `${path}En` and `${path}Easy` of `record`, test ids `testid`, `${testid}-en`, `${testid}-easy`.
 * values(emptyAs) reads them trimmed; an empty version (and an empty text, if `optional`) as `emptyAs`.
 * @param {{ errors: import("./ui.js").FormErrors, record: Record<string, any>, path: string, label: string, hint?: string, required?: boolean, optional?: boolean, maxlength: number, testid: string, rows?: number, translationRows?: number, placeholder?: string }} spec
 */
export function translatedField({ errors, record, path, label, hint, required = false, optional = false, maxlength, testid, rows, translationRows, placeholder }) {
  const input = rows
    ? h("textarea", { rows: String(rows), maxlength: String(maxlength), "data-testid": testid }, record[path] ?? "")
    : h("input", { type: "text", value: record[path], maxlength: String(maxlength), placeholder, "data-testid": testid });
  const en = englishInput({ value: record[`${path}En`], maxlength, testid: `${testid}-en`, rows: translationRows });
  const easy = easyInput({ value: record[`${path}Easy`], maxlength, testid: `${testid}-easy`, rows: translationRows });
  const main = field({ label, input, path, errors, required, hint });
  const translations = [
    field({ label: "英語訳", input: en, path: `${path}En`, errors, hint: ENGLISH_HINT }),
    field({ label: "やさしい日本語", input: easy, path: `${path}Easy`, errors, hint: EASY_HINT }),
  ];
  /** @param {string | null} [emptyAs] @returns {Record<string, any>} keyed by the API's field names */
  const values = (emptyAs = "") => ({
    [path]: optional ? input.value.trim() || emptyAs : input.value.trim(),
    [`${path}En`]: en.value.trim() || emptyAs,
    [`${path}Easy`]: easy.value.trim() || emptyAs,
  });
  return { input, main, translations, elements: [main, ...translations], values };
}

/**
 * A record's form, for a new one (no id) or to edit one: the errors' summary first, then the fields,
 * then save (作成する / 変更を保存) and キャンセル. On submit: read() gives the body, check(body) what
 * the browser finds wrong (shown without sending), then it is saved; the API's refusal is shown
 * beside its fields. By default saving is POST /{collection} or PUT /{collection}/{id}, answered
 * `{ [name] }` by the envelope rule, then `done` is flashed and the record opened; `save` replaces that.
 * @param {{ name: string, collection: string, id?: string, navigate: (hash: string) => void, done?: { created: string, saved: string }, errors: import("./ui.js").FormErrors, fields: TChild, read: () => Record<string, any>, check?: (body: Record<string, any>) => { message: string, issues: { path: string, message: string }[] } | undefined, save?: (body: Record<string, any>) => Promise<void> }} spec
 */
export function recordForm({ name, collection, id, navigate, done, errors, fields, read, check = () => undefined, save }) {
  const at = (recordId) => `/${collection}/${encodeURIComponent(recordId)}`;
  save ??= async (body) => {
    const saved = (id ? await api("PUT", at(id), body) : await api("POST", `/${collection}`, body))[name];
    flash(id ? done.saved : done.created);
    navigate(`#${at(saved.id)}`);
  };
  const submit = h("button", { type: "submit", class: "primary", "data-testid": `${name}-save` }, id ? "変更を保存" : "作成する");
  const cancel = h("a", { href: id ? `#${at(id)}` : `#/${collection}`, class: "button secondary" }, "キャンセル");
  const form = h("form", { class: "card", novalidate: true, "data-testid": `${name}-form` }, errors.summary, fields, h("div", { class: "actions" }, submit, cancel));
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    errors.clear();
    const body = read();
    const problem = check(body);
    if (problem) return errors.show(problem);
    await busy(submit, async () => {
      try {
        await save(body);
      } catch (err) {
        errors.show(err);
      }
    });
  });
  return { form, submit };
}

/**
 * Under a detail page's title: its status, its number and, once edited, its version.
 * @param {{ status: string, labels: Record<string, string>, number: string, version: number }} spec
 */
export function statusLine({ status, labels, number, version }) {
  return h("p", {}, badge(status, labels), h("span", { class: "tag" }, number), version > 1 ? h("span", { class: "tag" }, `第${version}版`) : null);
}

/** A figure with its label, at the top of a detail page. */
export function stat(value, label, testid) {
  return h("div", { class: "stat" }, h("div", { class: "value", "data-testid": testid }, value), h("div", { class: "label" }, label));
}

/**
 * A record's facts as a definition list: [term, detail, the detail's attributes?] a row; a row
 * that does not apply is null.
 * @param {([TChild, TChild, Record<string, any>?] | null | false | undefined)[]} rows
 */
export function factList(rows) {
  return h("dl", { class: "facts" }, rows.map((row) => (row ? [h("dt", {}, row[0]), h("dd", row[2] ?? {}, row[1])] : null)));
}

/**
 * The two facts every announced record has: which texts English and やさしい日本語 readers get in
 * ordinary Japanese.
 * @param {{ untranslated?: string[], withoutEasy?: string[] }} record
 * @returns {[TChild, TChild][]}
 */
export function languageFacts(record) {
  return [
    ["英語", untranslatedNote(record.untranslated)],
    ["やさしい日本語", withoutEasyNote(record.withoutEasy)],
  ];
}

/**
 * A row of download links under a label, each [address under /api/admin, its text, its test id?].
 * @param {{ label: string, testid: string, links: [string, string, string?][] }} spec
 */
export function downloads({ label, testid, links }) {
  return h(
    "div",
    { class: "actions", "data-testid": testid },
    h("span", {}, label),
    links.map(([path, text, linkTestid]) => h("a", { class: "button secondary small", href: `/api/admin${path}`, download: "", "data-testid": linkTestid }, text)),
  );
}
