// 意見募集の新規作成・編集: the fields of ZRoundInput. Times are typed in Tokyo time.
import { api } from "./api.js";
import { h, setChildren } from "./dom.js";
import { lengthCounter, LINE_LABEL_MAX } from "./lineLimit.js";
import { audienceField } from "./audienceField.js";
import { periodField } from "./periodField.js";
import { easyInput, englishInput, field, FormErrors, pageHeader } from "./ui.js";
import { loadPage, missingFields, recordForm, translatedField } from "./views.js";

const BLANK = { title: "", summary: "", documentUrl: "", sections: [], opensAt: "", closesAt: "", audience: {}, identity: "anonymous" };

export async function roundFormView(container, { params, navigate }) {
  const id = params[0];
  const heading = id ? "意見募集の編集" : "意見募集の新規作成";
  const round = await loadPage(container, () => pageHeader(heading), async () => (id ? (await api("GET", `/rounds/${encodeURIComponent(id)}`)).round : BLANK));
  if (!round) return;

  const errors = new FormErrors();
  const title = translatedField({ errors, record: round, path: "title", label: "件名", required: true, hint: "例：第3次総合計画（素案）", maxlength: 100, testid: "round-title" });
  const summary = translatedField({ errors, record: round, path: "summary", label: "概要", required: true, hint: "住民へのお知らせに載ります（1000文字まで）", maxlength: 1000, testid: "round-summary", rows: 5, translationRows: 4 });
  const documentUrl = h("input", { type: "url", value: round.documentUrl, placeholder: "https://www.city.example.jp/...", "data-testid": "round-document-url" });
  const period = periodField({ opensAt: round.opensAt, closesAt: round.closesAt, errors, testIdPrefix: "round" });
  const sections = sectionsEditor(round.sections ?? [], errors);
  const audience = await audienceField({ audience: round.audience ?? {}, errors });
  const identity = identityField(round.identity ?? "anonymous", errors);

  const { form } = recordForm({
    name: "round",
    collection: "rounds",
    id,
    navigate,
    done: { created: "意見募集を作成しました。", saved: "意見募集を保存しました。" },
    errors,
    fields: [
      title.elements,
      summary.elements,
      field({ label: "資料のURL", input: documentUrl, path: "documentUrl", errors, required: true, hint: "素案を掲載している市のページ（https://…）" }),
      sections.element,
      period.element,
      audience.element,
      identity.element,
    ],
    read: () => ({
      ...title.values(),
      ...summary.values(),
      documentUrl: documentUrl.value.trim(),
      sections: sections.value(),
      opensAt: period.opensAt(),
      closesAt: period.closesAt(),
      audience: audience.value(),
      identity: identity.value(),
    }),
    check: (body) =>
      missingFields([
        ["title", body.title, "件名を入力してください。"],
        ["summary", body.summary, "概要を入力してください。"],
        ["documentUrl", body.documentUrl, "資料のURLを入力してください。"],
        ["opensAt", body.opensAt, "受付開始の日時を入力してください。"],
        ["closesAt", body.closesAt, "締切の日時を入力してください。"],
        ...body.sections.map((s, i) => /** @type {[string, unknown, string]} */ ([`sections.${i}.title`, s.title, "章の名前を入力してください。"])),
      ]) ??
      (/^https?:\/\/\S+$/i.test(body.documentUrl) ? undefined : { message: "入力内容を確認してください。", issues: [{ path: "documentUrl", message: "https:// で始まるURLを入力してください。" }] }),
  });
  setChildren(container, pageHeader(heading), form);
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
