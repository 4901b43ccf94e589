// アンケートの新規作成・編集: title, description, the questions (added, removed, reordered; choices;
// a condition on an earlier answer), audience, and the period in Tokyo time.
import { api } from "./api.js";
import { h, setChildren, uid } from "./dom.js";
import { lengthCounter } from "./lineLimit.js";
import { pollKindLabels } from "./format.js";
import { audienceField } from "./audienceField.js";
import { periodField } from "./periodField.js";
import { easyInput, EASY_HINT, englishInput, ENGLISH_HINT, field, FormErrors, pageHeader, select } from "./ui.js";
import { loadPage, missingFields, recordForm, translatedField } from "./views.js";

const MAX_QUESTIONS = 20;
const MAX_CHOICES = 12;
const isChoiceKind = (kind) => kind === "single" || kind === "multiple";
/** A new 5-point question starts with the usual ends; staff change them. */
const DEFAULT_SCALE = { low: "不満", high: "満足", lowEn: "Unhappy", highEn: "Happy" };
const BLANK = { title: "", description: "", questions: [], audience: {}, opensAt: "", closesAt: "" };

export async function pollFormView(container, { params, navigate }) {
  const id = params[0];
  const heading = id ? "アンケートの編集" : "アンケートの新規作成";
  const poll = await loadPage(container, () => pageHeader(heading), async () => (id ? (await api("GET", `/polls/${encodeURIComponent(id)}`)).poll : BLANK));
  if (!poll) return;

  const errors = new FormErrors();
  const title = translatedField({ errors, record: poll, path: "title", label: "件名", required: true, hint: "例：公園の使い方アンケート", maxlength: 100, testid: "poll-title" });
  const description = translatedField({ errors, record: poll, path: "description", label: "説明", hint: "お知らせに載ります（任意、1000文字まで）", maxlength: 1000, testid: "poll-description", rows: 4, translationRows: 3 });
  const period = periodField({ opensAt: poll.opensAt, closesAt: poll.closesAt, errors, testIdPrefix: "poll" });
  const questions = questionsBuilder(poll.questions ?? [], errors);
  if ((poll.questions ?? []).length === 0) questions.add("single");
  const audience = await audienceField({ audience: poll.audience ?? {}, errors });

  const { form } = recordForm({
    name: "poll",
    collection: "polls",
    id,
    navigate,
    done: { created: "アンケートを作成しました。", saved: "アンケートを保存しました。" },
    errors,
    fields: [title.elements, description.elements, questions.element, period.element, audience.element],
    read: () => ({
      ...title.values(),
      ...description.values(),
      questions: questions.value(),
      audience: audience.value(),
      opensAt: period.opensAt(),
      closesAt: period.closesAt(),
    }),
    check: (body) =>
      missingFields([
        ["title", body.title, "件名を入力してください。"],
        ["opensAt", body.opensAt, "受付開始の日時を入力してください。"],
        ["closesAt", body.closesAt, "締切の日時を入力してください。"],
        ...body.questions.flatMap((q, i) => [
          [`questions.${i}.text`, q.text, "質問文を入力してください。"],
          ...q.choices.map((c, j) => [`questions.${i}.choices.${j}.label`, c.label, "選択肢の文字を入力してください。"]),
          ...(q.scaleLabels
            ? [
                [`questions.${i}.scaleLabels.low`, q.scaleLabels.low, "1の意味を入力してください（例：不満）。"],
                [`questions.${i}.scaleLabels.high`, q.scaleLabels.high, "5の意味を入力してください（例：満足）。"],
              ]
            : []),
          ...(q.when
            ? [
                [`questions.${i}.when.questionId`, body.questions.slice(0, i).some((e) => e.id === q.when.questionId) ? "ok" : "", "条件には、この質問より前の「選ぶ」質問を選んでください。"],
                [`questions.${i}.when`, q.when.in.length ? "ok" : "", "条件にする答えを1つ以上選んでください。"],
              ]
            : []),
        ]),
      ]),
  });
  setChildren(container, pageHeader(heading), form);
}

/**
 * The questions of a poll as editable cards. The model is plain data; cards are drawn again when
 * the shape changes (add, remove, move, kind). Conditions point at questions and choices by an
 * internal key, so renaming an id or a value never needs a redraw (a redraw on leaving a field
 * would swallow the click that left it).
 */
function questionsBuilder(initial, errors) {
  let keyCounter = 0;
  const newKey = () => `k${(keyCounter += 1)}`;
  const questions = initial.map((q) => ({
    key: newKey(),
    id: q.id,
    kind: q.kind,
    text: q.text,
    textEn: q.textEn ?? "",
    textEasy: q.textEasy ?? "",
    scaleLabels: q.scaleLabels ? { ...q.scaleLabels } : q.kind === "scale" ? { low: "", high: "" } : undefined,
    choices: (q.choices ?? []).map((c) => ({ key: newKey(), value: c.value, label: c.label, labelEn: c.labelEn ?? "", labelEasy: c.labelEasy ?? "" })),
    maxLength: q.maxLength ?? 500,
    rawWhen: q.when,
    when: undefined,
  }));
  for (const q of questions) {
    if (!q.rawWhen) continue;
    const target = questions.find((t) => t.id === q.rawWhen.questionId);
    q.when = { questionKey: target?.key ?? "", choiceKeys: (target?.choices ?? []).filter((c) => q.rawWhen.in.includes(c.value)).map((c) => c.key) };
    delete q.rawWhen;
  }
  const list = h("div", { class: "rows", "data-testid": "questions" });
  const addButtons = Object.entries(pollKindLabels).map(([kind, label]) => {
    const b = h("button", { type: "button", class: "secondary", "data-testid": `add-question-${kind}` }, `＋ ${label}`);
    b.addEventListener("click", () => {
      add(kind);
      const cards = list.querySelectorAll("[data-testid=question-text]");
      cards[cards.length - 1]?.focus();
    });
    return b;
  });
  const element = h(
    "fieldset",
    { class: "field" },
    h("legend", {}, "質問"),
    h("p", { class: "hint" }, "上から順に聞きます。下のボタンで質問を追加します。"),
    list,
    h("div", { class: "actions" }, addButtons),
  );
  errors.register("questions", element);

  function nextQuestionId() {
    for (let n = 1; ; n += 1) if (!questions.some((q) => q.id === `q${n}`)) return `q${n}`;
  }
  function newChoice(q) {
    for (let n = 1; ; n += 1) if (!q.choices.some((c) => c.value === String(n))) return { key: newKey(), value: String(n), label: "", labelEn: "", labelEasy: "" };
  }
  function add(kind) {
    const q = { key: newKey(), id: nextQuestionId(), kind, text: "", textEn: "", textEasy: "", choices: [], maxLength: 500, when: undefined, scaleLabels: kind === "scale" ? { ...DEFAULT_SCALE } : undefined };
    while (isChoiceKind(kind) && q.choices.length < 2) q.choices.push(newChoice(q));
    questions.push(q);
    draw();
  }
  const questionLabel = (q) => `問${questions.indexOf(q) + 1}. ${q.text.trim() || "（質問文未入力）"}`;

  function draw() {
    errors.unregisterPrefix("questions.");
    list.replaceChildren(...questions.map((q, i) => questionCard(q, i)));
    for (const b of addButtons) b.disabled = questions.length >= MAX_QUESTIONS;
  }

  function move(i, delta, focusSelector) {
    const j = i + delta;
    if (j < 0 || j >= questions.length) return;
    [questions[i], questions[j]] = [questions[j], questions[i]];
    draw();
    const target = list.children[j]?.querySelector(focusSelector);
    (target && !target.disabled ? target : list.children[j]?.querySelector("textarea"))?.focus();
  }

  function questionCard(q, i) {
    const number = i + 1;
    const kind = select(Object.entries(pollKindLabels).map(([value, label]) => ({ value, label })), q.kind, { "data-testid": "question-kind" });
    kind.addEventListener("change", () => {
      q.kind = kind.value;
      if (q.kind === "scale" && !q.scaleLabels) q.scaleLabels = { ...DEFAULT_SCALE };
      while (isChoiceKind(q.kind) && q.choices.length < 2) q.choices.push(newChoice(q));
      draw();
      list.children[i]?.querySelector("[data-testid=question-kind]")?.focus();
    });
    const text = h("textarea", { rows: "2", maxlength: "500", "data-testid": "question-text" }, q.text);
    text.addEventListener("input", () => {
      q.text = text.value;
      for (const option of list.querySelectorAll(`[data-question-label="${q.key}"]`)) option.textContent = questionLabel(q);
    });
    const textEn = englishInput({ value: q.textEn, maxlength: 500, testid: "question-text-en", rows: 2 });
    textEn.addEventListener("input", () => (q.textEn = textEn.value));
    const textEasy = easyInput({ value: q.textEasy, maxlength: 500, testid: "question-text-easy", rows: 2 });
    textEasy.addEventListener("input", () => (q.textEasy = textEasy.value));
    const qid = h("input", { type: "text", value: q.id, maxlength: "30", autocapitalize: "off", spellcheck: "false", "data-testid": "question-id" });
    qid.addEventListener("input", () => (q.id = qid.value.trim()));
    const up = h("button", { type: "button", class: "secondary small", disabled: i === 0, "aria-label": `問${number}を上へ`, "data-move": "up" }, "↑ 上へ");
    up.addEventListener("click", () => move(i, -1, "[data-move=up]"));
    const down = h("button", { type: "button", class: "secondary small", disabled: i === questions.length - 1, "aria-label": `問${number}を下へ`, "data-move": "down" }, "↓ 下へ");
    down.addEventListener("click", () => move(i, 1, "[data-move=down]"));
    const remove = h("button", { type: "button", class: "danger small", disabled: questions.length === 1, "aria-label": `問${number}を削除`, "data-testid": "remove-question" }, "削除");
    remove.addEventListener("click", () => {
      questions.splice(i, 1);
      draw();
      (list.children[Math.min(i, questions.length - 1)]?.querySelector("textarea") ?? addButtons[0]).focus();
    });

    const details = [];
    if (isChoiceKind(q.kind)) details.push(choicesEditor(q, i));
    if (q.kind === "scale") details.push(scaleEditor(q, i));
    if (q.kind === "text") {
      const maxLength = h("input", { type: "number", min: "1", max: "2000", value: String(q.maxLength ?? 500), "data-testid": "question-max-length" });
      maxLength.addEventListener("input", () => (q.maxLength = Number(maxLength.value)));
      details.push(field({ label: "最大の文字数", input: maxLength, path: `questions.${i}.maxLength`, errors, hint: "1〜2000文字" }));
    }

    const card = h(
      "div",
      { class: "question", "data-testid": "question" },
      h("div", { class: "question-head" }, h("h3", {}, `問${number}`), h("div", { class: "row-actions" }, up, down, remove)),
      h("div", { class: "grid-2" }, field({ label: "答え方", input: kind, path: `questions.${i}.kind`, errors }), field({ label: "ID（通常は変更不要）", input: qid, path: `questions.${i}.id`, errors, hint: "英小文字・数字・_（CSVなどで質問を見分けます）" })),
      field({ label: "質問文", input: text, path: `questions.${i}.text`, errors, required: true }),
      field({ label: "英語訳", input: textEn, path: `questions.${i}.textEn`, errors, hint: ENGLISH_HINT }),
      field({ label: "やさしい日本語", input: textEasy, path: `questions.${i}.textEasy`, errors, hint: EASY_HINT }),
      details,
      conditionEditor(q, i),
    );
    errors.register(`questions.${i}`, card);
    return card;
  }

  function choicesEditor(q, i) {
    const rows = h("div", { class: "rows" });
    const add = h("button", { type: "button", class: "secondary small", disabled: q.choices.length >= MAX_CHOICES, "data-testid": "add-choice" }, "＋ 選択肢を追加");
    add.addEventListener("click", () => {
      q.choices.push(newChoice(q));
      draw();
      const labels = list.children[i]?.querySelectorAll("[data-testid=choice-label]");
      labels?.[labels.length - 1]?.focus();
    });
    q.choices.forEach((c, j) => {
      const value = h("input", { type: "text", value: c.value, maxlength: "30", autocapitalize: "off", spellcheck: "false", "data-testid": "choice-value" });
      value.addEventListener("input", () => (c.value = value.value.trim()));
      // No maxlength: a pasted label would be cut without a word. The counter warns instead.
      const label = h("input", { type: "text", value: c.label, placeholder: `選択肢${j + 1}`, "data-testid": "choice-label" });
      const labelCount = lengthCounter(label, { testid: "choice-label-counter" });
      label.addEventListener("input", () => {
        c.label = label.value;
        for (const span of list.querySelectorAll(`[data-choice-label="${c.key}"]`)) span.textContent = c.label || `選択肢${j + 1}`;
      });
      const labelEn = englishInput({ value: c.labelEn, maxlength: 20, testid: "choice-label-en" });
      labelEn.addEventListener("input", () => (c.labelEn = labelEn.value));
      const labelEasy = easyInput({ value: c.labelEasy, maxlength: 20, testid: "choice-label-easy" });
      labelEasy.addEventListener("input", () => (c.labelEasy = labelEasy.value));
      const remove = h("button", { type: "button", class: "secondary small", disabled: q.choices.length <= 2, "aria-label": `選択肢${j + 1}を削除`, "data-testid": "remove-choice" }, "削除");
      remove.addEventListener("click", () => {
        q.choices.splice(j, 1);
        draw();
      });
      rows.appendChild(
        h(
          "div",
          { class: "row-editor", "data-testid": "choice-row" },
          field({ label: "値", input: value, path: `questions.${i}.choices.${j}.value`, errors, hint: "英小文字・数字" }),
          withChild(field({ label: `選択肢${j + 1}`, input: label, path: `questions.${i}.choices.${j}.label`, errors, hint: "LINEのボタンに出ます（20文字まで）" }), labelCount.element),
          field({ label: "英語訳", input: labelEn, path: `questions.${i}.choices.${j}.labelEn`, errors, hint: "任意（20文字まで）" }),
          field({ label: "やさしい日本語", input: labelEasy, path: `questions.${i}.choices.${j}.labelEasy`, errors, hint: "任意（20文字まで）" }),
          remove,
        ),
      );
    });
    const wrap = h("fieldset", { class: "field" }, h("legend", {}, "選択肢（2〜12個）"), rows, add);
    errors.register(`questions.${i}.choices`, wrap);
    return wrap;
  }

  /** What 1 and 5 mean: residents see it on the buttons, results show it beside the bars. */
  function scaleEditor(q, i) {
    const input = (key, testid, english, easy) => {
      const el = english
        ? englishInput({ value: q.scaleLabels[key], maxlength: 20, testid })
        : easy
          ? easyInput({ value: q.scaleLabels[key], maxlength: 20, testid })
          : h("input", { type: "text", value: q.scaleLabels[key] ?? "", maxlength: "20", "data-testid": testid });
      el.addEventListener("input", () => (q.scaleLabels[key] = el.value));
      return el;
    };
    return h(
      "fieldset",
      { class: "field", "data-testid": "scale-labels" },
      h("legend", {}, "5段階の両端の意味"),
      h("p", { class: "hint" }, "住民には「1 不満」…「5 満足」のようにボタンに出ます。結果にも表示します。"),
      h(
        "div",
        { class: "grid-2" },
        field({ label: "1 の意味", input: input("low", "scale-low"), path: `questions.${i}.scaleLabels.low`, errors, required: true }),
        field({ label: "5 の意味", input: input("high", "scale-high"), path: `questions.${i}.scaleLabels.high`, errors, required: true }),
        field({ label: "1 の意味（英語）", input: input("lowEn", "scale-low-en", true), path: `questions.${i}.scaleLabels.lowEn`, errors, hint: "任意" }),
        field({ label: "5 の意味（英語）", input: input("highEn", "scale-high-en", true), path: `questions.${i}.scaleLabels.highEn`, errors, hint: "任意" }),
        field({ label: "1 の意味（やさしい日本語）", input: input("lowEasy", "scale-low-easy", false, true), path: `questions.${i}.scaleLabels.lowEasy`, errors, hint: "任意" }),
        field({ label: "5 の意味（やさしい日本語）", input: input("highEasy", "scale-high-easy", false, true), path: `questions.${i}.scaleLabels.highEasy`, errors, hint: "任意" }),
      ),
    );
  }

  function conditionEditor(q, i) {
    const earlier = questions.slice(0, i).filter((e) => isChoiceKind(e.kind));
    const toggleId = uid("cond");
    const toggle = h("input", { type: "checkbox", id: toggleId, checked: !!q.when, disabled: earlier.length === 0 && !q.when, "data-testid": "condition-toggle" });
    toggle.addEventListener("change", () => {
      q.when = toggle.checked ? { questionKey: earlier.at(-1)?.key ?? "", choiceKeys: [] } : undefined;
      draw();
      list.children[i]?.querySelector("[data-testid=condition-toggle]")?.focus();
    });
    const wrap = h(
      "div",
      { class: "condition" },
      h("label", { class: "check", for: toggleId }, toggle, h("span", {}, "前の質問の答えが…のときだけ聞く")),
      earlier.length === 0 && !q.when ? h("p", { class: "hint" }, "この質問より前に「選ぶ」質問がないため、条件は付けられません。") : null,
    );
    if (!q.when) return wrap;
    const target = earlier.find((e) => e.key === q.when.questionKey);
    const which = h(
      "select",
      { "data-testid": "condition-question" },
      target ? null : h("option", { value: "", selected: true }, "（この質問より前の「選ぶ」質問を選んでください）"),
      earlier.map((e) => h("option", { value: e.key, selected: e === target, "data-question-label": e.key }, questionLabel(e))),
    );
    which.addEventListener("change", () => {
      q.when = { questionKey: which.value, choiceKeys: [] };
      draw();
      list.children[i]?.querySelector("[data-testid=condition-question]")?.focus();
    });
    wrap.appendChild(field({ label: "どの質問の答えで決めますか", input: which, path: `questions.${i}.when.questionId`, errors }));
    if (target) {
      const boxes = target.choices.map((c, n) => {
        const boxId = uid("cv");
        const box = h("input", { type: "checkbox", id: boxId, checked: q.when.choiceKeys.includes(c.key) });
        box.addEventListener("change", () => {
          q.when.choiceKeys = target.choices.filter((x) => (x === c ? box.checked : q.when.choiceKeys.includes(x.key))).map((x) => x.key);
        });
        return h("label", { class: "check", for: boxId }, box, h("span", { "data-choice-label": c.key }, c.label || `選択肢${n + 1}`));
      });
      const values = h("fieldset", { class: "field checks", "data-testid": "condition-values" }, h("legend", {}, "答えがこれらのどれかのとき"), h("div", { class: "check-row" }, boxes));
      errors.register(`questions.${i}.when`, values);
      wrap.appendChild(values);
    } else {
      errors.register(`questions.${i}.when`, wrap);
    }
    return wrap;
  }

  draw();
  return {
    element,
    add,
    value: () =>
      questions.map((q) => {
        const choices = isChoiceKind(q.kind) ? q.choices.map((c) => ({ value: c.value, label: c.label.trim(), ...(c.labelEn?.trim() ? { labelEn: c.labelEn.trim() } : {}), ...(c.labelEasy?.trim() ? { labelEasy: c.labelEasy.trim() } : {}) })) : [];
        /** @type {import("../consoleTypes.ts").TPollQuestionInput} */
        const out = { id: q.id, kind: q.kind, text: q.text.trim(), ...(q.textEn?.trim() ? { textEn: q.textEn.trim() } : {}), ...(q.textEasy?.trim() ? { textEasy: q.textEasy.trim() } : {}), choices };
        if (q.kind === "scale" && q.scaleLabels) {
          const l = q.scaleLabels;
          out.scaleLabels = { low: (l.low ?? "").trim(), high: (l.high ?? "").trim(), ...(l.lowEn?.trim() ? { lowEn: l.lowEn.trim() } : {}), ...(l.highEn?.trim() ? { highEn: l.highEn.trim() } : {}), ...(l.lowEasy?.trim() ? { lowEasy: l.lowEasy.trim() } : {}), ...(l.highEasy?.trim() ? { highEasy: l.highEasy.trim() } : {}) };
        }
        if (q.kind === "text") out.maxLength = Number(q.maxLength) || 500;
        if (q.when) {
          const target = questions.find((t) => t.key === q.when.questionKey);
          out.when = { questionId: target?.id ?? "", in: (target?.choices ?? []).filter((c) => q.when.choiceKeys.includes(c.key)).map((c) => c.value) };
        }
        return out;
      }),
  };
}

function withChild(parent, child) {
  parent.appendChild(child);
  return parent;
}
