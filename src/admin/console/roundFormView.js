// 意見募集の新規作成・編集: the fields of ZRoundInput. Times are typed in Tokyo time.
import { api } from "./api.js";
import { h, setChildren } from "./dom.js";
import { lengthCounter, LINE_LABEL_MAX } from "./lineLimit.js";
import { audienceField } from "./audienceField.js";
import { periodField } from "./periodField.js";
import { busy, easyInput, EASY_HINT, englishInput, ENGLISH_HINT, errorBox, field, flash, FormErrors, loading, pageHeader } from "./ui.js";

/** Checks the browser can do before sending (empty fields and the like): [path, value, message]; an empty value is a problem. Staff get a Japanese message, not the schema's. */
export function missingFields(checks) {
  const issues = checks.filter(([, value]) => value === "" || value === undefined || value === null).map(([path, , message]) => ({ path, message }));
  return issues.length ? { message: "入力内容を確認してください。", issues } : undefined;
}

export async function roundFormView(container, { params, navigate }) {
  const id = params[0];
  setChildren(container, pageHeader(id ? "意見募集の編集" : "意見募集の新規作成"), loading());
  let round = {
    title: "",
    summary: "",
    documentUrl: "",
    sections: [],
    opensAt: "",
    closesAt: "",
    audience: {},
    identity: "anonymous",
  };
  if (id) {
    try {
      const answer = await api("GET", `/rounds/${encodeURIComponent(id)}`);
      round = answer.round;
    } catch (err) {
      setChildren(container, pageHeader("意見募集の編集"), errorBox(err));
      return;
    }
  }

  const errors = new FormErrors();
  const title = h("input", { type: "text", value: round.title, maxlength: "100", "data-testid": "round-title" });
  const titleEn = englishInput({ value: round.titleEn, maxlength: 100, testid: "round-title-en" });
  const titleEasy = easyInput({ value: round.titleEasy, maxlength: 100, testid: "round-title-easy" });
  const summary = h("textarea", { rows: "5", maxlength: "1000", "data-testid": "round-summary" }, round.summary);
  const summaryEn = englishInput({ value: round.summaryEn, maxlength: 1000, testid: "round-summary-en", rows: 4 });
  const summaryEasy = easyInput({ value: round.summaryEasy, maxlength: 1000, testid: "round-summary-easy", rows: 4 });
  const documentUrl = h("input", { type: "url", value: round.documentUrl, placeholder: "https://www.city.example.jp/...", "data-testid": "round-document-url" });
  const period = periodField({ opensAt: round.opensAt, closesAt: round.closesAt, errors, testIdPrefix: "round" });
  const sections = sectionsEditor(round.sections ?? [], errors);
  const audience = await audienceField({ audience: round.audience ?? {}, errors });
  const identity = identityField(round.identity ?? "anonymous", errors);
  const submit = h("button", { type: "submit", class: "primary", "data-testid": "round-save" }, id ? "変更を保存" : "作成する");
  const cancel = h("a", { href: id ? `#/rounds/${encodeURIComponent(id)}` : "#/rounds", class: "button secondary" }, "キャンセル");

  const form = h(
    "form",
    { class: "card", novalidate: true, "data-testid": "round-form" },
    errors.summary,
    field({ label: "件名", input: title, path: "title", errors, required: true, hint: "例：第3次総合計画（素案）" }),
    field({ label: "英語訳", input: titleEn, path: "titleEn", errors, hint: ENGLISH_HINT }),
    field({ label: "やさしい日本語", input: titleEasy, path: "titleEasy", errors, hint: EASY_HINT }),
    field({ label: "概要", input: summary, path: "summary", errors, required: true, hint: "住民へのお知らせに載ります（1000文字まで）" }),
    field({ label: "英語訳", input: summaryEn, path: "summaryEn", errors, hint: ENGLISH_HINT }),
    field({ label: "やさしい日本語", input: summaryEasy, path: "summaryEasy", errors, hint: EASY_HINT }),
    field({ label: "資料のURL", input: documentUrl, path: "documentUrl", errors, required: true, hint: "素案を掲載している市のページ（https://…）" }),
    sections.element,
    period.element,
    audience.element,
    identity.element,
    h("div", { class: "actions" }, submit, cancel),
  );
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    errors.clear();
    const body = {
      title: title.value.trim(),
      titleEn: titleEn.value.trim(),
      titleEasy: titleEasy.value.trim(),
      summary: summary.value.trim(),
      summaryEn: summaryEn.value.trim(),
      summaryEasy: summaryEasy.value.trim(),
      documentUrl: documentUrl.value.trim(),
      sections: sections.value(),
      opensAt: period.opensAt(),
      closesAt: period.closesAt(),
      audience: audience.value(),
      identity: identity.value(),
    };
    const missing = missingFields([
      ["title", body.title, "件名を入力してください。"],
      ["summary", body.summary, "概要を入力してください。"],
      ["documentUrl", body.documentUrl, "資料のURLを入力してください。"],
      ["opensAt", body.opensAt, "受付開始の日時を入力してください。"],
      ["closesAt", body.closesAt, "締切の日時を入力してください。"],
      ...body.sections.map((s, i) => [`sections.${i}.title`, s.title, "章の名前を入力してください。"]),
    ]);
    if (missing) return errors.show(missing);
    if (!/^https?:\/\/\S+$/i.test(body.documentUrl)) {
      return errors.show({ message: "入力内容を確認してください。", issues: [{ path: "documentUrl", message: "https:// で始まるURLを入力してください。" }] });
    }
    await busy(submit, async () => {
      try {
        const answer = id ? await api("PUT", `/rounds/${encodeURIComponent(id)}`, body) : await api("POST", "/rounds", body);
        const saved = answer.round;
        flash(id ? "意見募集を保存しました。" : "意見募集を作成しました。");
        navigate(`#/rounds/${encodeURIComponent(saved.id)}`);
      } catch (err) {
        errors.show(err);
      }
    });
  });
  setChildren(container, pageHeader(id ? "意見募集の編集" : "意見募集の新規作成"), form);
}

/** 章: rows of id + title, added and removed by staff. Ids are made up for them (s1, s2…) but may be changed. */
function sectionsEditor(initial, errors) {
  const rows = initial.map((s) => ({ ...s }));
  const list = h("div", { class: "rows", "data-testid": "sections" });
  const add = h("button", { type: "button", class: "secondary", "data-testid": "add-section" }, "＋ 章を追加");
  const element = h(
    "fieldset",
    { class: "field" },
    h("legend", {}, "章（意見の対象を選んでもらう区分）"),
    h("p", { class: "hint" }, "住民は「全体について」かこれらの章を選んで意見を送ります。章がなければ全体への意見だけを受け付けます（12個まで）。"),
    list,
    add,
  );
  errors.register("sections", element);

  function nextId() {
    for (let n = 1; ; n += 1) if (!rows.some((r) => r.id === `s${n}`)) return `s${n}`;
  }
  function draw() {
    errors.unregisterPrefix("sections.");
    list.replaceChildren(
      ...rows.map((row, i) => {
        const idInput = h("input", { type: "text", value: row.id, maxlength: "20", autocapitalize: "off", spellcheck: "false", "data-testid": "section-id" });
        idInput.addEventListener("input", () => (row.id = idInput.value.trim()));
        // The full name may be long (results, confirmations); the button needs 20 characters or fewer.
        const titleInput = h("input", { type: "text", value: row.title, maxlength: "100", placeholder: "例：第1章 子育て", "data-testid": "section-title" });
        const shortInput = h("input", { type: "text", value: row.shortTitle ?? "", placeholder: "例：第1章 子育て", "data-testid": "section-short-title" });
        const titleCount = lengthCounter(titleInput, { max: LINE_LABEL_MAX, over: "長いのでLINEのボタンには下の短い名前を出します", testid: "section-title-counter" });
        const shortCount = lengthCounter(shortInput, { testid: "section-short-counter" });
        const shortField = field({
          label: `ボタンに出す短い名前（${i + 1}）`,
          input: shortInput,
          path: `sections.${i}.shortTitle`,
          errors,
          hint: "章の名前が20文字を超えるときに入れてください。LINEのボタンにはこちらが出ます",
        });
        shortField.appendChild(shortCount.element);
        const showShort = () => {
          const needed = [...titleInput.value.trim()].length > LINE_LABEL_MAX || shortInput.value.trim() !== "";
          shortField.hidden = !needed;
        };
        titleInput.addEventListener("input", () => {
          row.title = titleInput.value;
          showShort();
        });
        shortInput.addEventListener("input", () => (row.shortTitle = shortInput.value));
        showShort();
        const titleEnInput = englishInput({ value: row.titleEn, maxlength: 20, testid: "section-title-en" });
        titleEnInput.addEventListener("input", () => (row.titleEn = titleEnInput.value));
        const titleEasyInput = easyInput({ value: row.titleEasy, maxlength: 20, testid: "section-title-easy" });
        titleEasyInput.addEventListener("input", () => (row.titleEasy = titleEasyInput.value));
        const remove = h("button", { type: "button", class: "secondary small", "aria-label": `${i + 1}番目の章を削除`, "data-testid": "remove-section" }, "削除");
        remove.addEventListener("click", () => {
          rows.splice(i, 1);
          draw();
          (list.querySelectorAll("[data-testid=section-title]")[Math.min(i, rows.length - 1)] ?? add).focus();
        });
        const titleField = field({ label: `章の名前（${i + 1}）`, input: titleInput, path: `sections.${i}.title`, errors, hint: "LINEのボタンに出せるのは20文字まで。長い名前には短い名前を添えます" });
        titleField.appendChild(titleCount.element);
        return h(
          "div",
          { class: "row-editor", "data-testid": "section-row" },
          field({ label: "ID", input: idInput, path: `sections.${i}.id`, errors, hint: "英小文字・数字" }),
          titleField,
          shortField,
          field({ label: "英語訳", input: titleEnInput, path: `sections.${i}.titleEn`, errors, hint: "任意（20文字まで）" }),
          field({ label: "やさしい日本語", input: titleEasyInput, path: `sections.${i}.titleEasy`, errors, hint: "任意（20文字まで）" }),
          remove,
        );
      }),
    );
    add.disabled = rows.length >= 12;
  }
  add.addEventListener("click", () => {
    rows.push({ id: nextId(), title: "" });
    draw();
    const titles = list.querySelectorAll("[data-testid=section-title]");
    titles[titles.length - 1]?.focus();
  });
  draw();
  return { element, value: () => rows.map((r) => ({ id: r.id, title: r.title.trim(), ...(r.shortTitle?.trim() ? { shortTitle: r.shortTitle.trim() } : {}), ...(r.titleEn?.trim() ? { titleEn: r.titleEn.trim() } : {}), ...(r.titleEasy?.trim() ? { titleEasy: r.titleEasy.trim() } : {}) })) };
}

function identityField(value, errors) {
  const options = [
    { value: "anonymous", label: "匿名可", hint: "氏名・住所は聞きません" },
    { value: "name_address", label: "氏名・住所が必要", hint: "条例などで必要な場合。意見の前に氏名と住所を聞きます" },
  ];
  const inputs = options.map((o) => h("input", { type: "radio", name: "identity", value: o.value, checked: o.value === value, "data-testid": `identity-${o.value}` }));
  const element = h(
    "fieldset",
    { class: "field checks" },
    h("legend", {}, "意見を出す方の情報"),
    h(
      "div",
      { class: "check-row" },
      options.map((o, i) => h("label", { class: "check" }, inputs[i], h("span", {}, o.label, h("span", { class: "hint" }, `（${o.hint}）`)))),
    ),
  );
  errors.register("identity", element);
  return { element, value: () => inputs.find((i) => i.checked)?.value ?? "anonymous" };
}
