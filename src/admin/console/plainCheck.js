// The plain-language check (やさしい日本語) on every resident-facing text field, as staff type:
// a short pause after typing, the text goes to /plain-japanese/check and the flags appear under
// the field. Advice only: it never blocks saving. Fields are found by one listener on the
// document, so rows added later (questions, choices, shifts) are checked too. An easy-version
// field (data-plain="easy") also offers readings for its kanji, which staff review before use.
import { api } from "./api.js";
import { h, setChildren } from "./dom.js";

/** The console's resident-facing fields (data-testid), and any field marked data-plain. */
const residentFields = [
  "round-title", "round-summary", "section-title",
  "poll-title", "poll-description", "question-text", "choice-label", "scale-low", "scale-high",
  "event-title", "event-description", "event-place", "event-organizer", "message-text", "cancel-reason",
  "opportunity-title", "opportunity-description", "opportunity-organizer", "shift-place",
  "reminders-note", "public-body-input", "response-input", "group-title", "group-response",
];
const selector = [...residentFields.map((id) => `[data-testid="${id}"]`), "[data-plain]"].join(", ");
const DEBOUNCE_MS = 400;

/** Per field: its panel, pending timer and the latest request (older answers are dropped). */
const state = new WeakMap();

function fieldState(input) {
  let s = state.get(input);
  if (!s) {
    const panel = h("div", { class: "plain-check", "data-testid": "plain-check", "aria-live": "polite", hidden: true });
    input.insertAdjacentElement("afterend", panel);
    s = { panel, timer: 0, seq: 0, checked: undefined };
    state.set(input, s);
  }
  return s;
}

function isPlainField(el) {
  return el instanceof HTMLElement && (el.matches("input[type=text], input:not([type]), textarea")) && el.matches(selector) && el.dataset.plain !== "off";
}

function schedule(input, delay) {
  const s = fieldState(input);
  clearTimeout(s.timer);
  s.timer = setTimeout(() => check(input), delay);
}

async function check(input) {
  const s = fieldState(input);
  const text = input.value;
  if (text === s.checked) return;
  const seq = ++s.seq;
  if (!text.trim()) {
    s.checked = text;
    s.panel.hidden = true;
    s.panel.replaceChildren();
    return;
  }
  try {
    const answer = await api("POST", "/plain-japanese/check", { text });
    if (seq !== s.seq || !input.isConnected) return;
    s.checked = text;
    render(input, s.panel, answer.flags);
  } catch {
    // The check is a help: when it cannot answer, the field simply goes without it.
    if (seq === s.seq) s.panel.hidden = true;
  }
}

function render(input, panel, flags) {
  panel.hidden = false;
  panel.classList.toggle("clean", flags.length === 0);
  const easy = input.dataset.plain === "easy";
  const readingsButton = easy
    ? h("button", { type: "button", class: "secondary small", "data-testid": "add-readings", onclick: () => proposeReadings(input, panel) }, "ふりがなを付ける")
    : null;
  if (flags.length === 0) {
    setChildren(panel, h("p", { class: "plain-summary" }, "やさしい日本語チェック：指摘はありません。"), readingsButton);
    return;
  }
  setChildren(
    panel,
    h("p", { class: "plain-summary" }, `やさしい日本語チェック：${flags.length}件（保存はできます）`),
    h(
      "ul",
      {},
      flags.map((f) =>
        h(
          "li",
          { "data-testid": "plain-flag", "data-rule": f.rule },
          h("strong", {}, f.label),
          " ",
          h("span", { class: "plain-excerpt" }, `「${f.excerpt}」`),
          h("span", {}, ` — ${f.suggestion}`),
          h("span", { class: "plain-why" }, f.explanation),
        ),
      ),
    ),
    readingsButton,
  );
}

/** Readings for the kanji, shown as a proposal: the field changes only when staff accept it. */
async function proposeReadings(input, panel) {
  let proposal;
  try {
    proposal = (await api("POST", "/plain-japanese/readings", { text: input.value })).text;
  } catch (err) {
    panel.appendChild(h("p", { class: "field-error" }, err.message));
    return;
  }
  panel.querySelector(".plain-readings")?.remove();
  const box = h(
    "div",
    { class: "plain-readings", "data-testid": "readings-proposal" },
    h("p", { class: "hint" }, "ふりがなを付けた文です。読み方が正しいか確かめてから使ってください。"),
    h("p", { class: "plain-proposal", "data-testid": "readings-text" }, proposal),
    h("div", { class: "actions" },
      h("button", { type: "button", class: "primary small", "data-testid": "readings-accept", onclick: () => {
        input.value = proposal;
        // The form reads its fields on input events (rows keep their own model).
        input.dispatchEvent(new Event("input", { bubbles: true }));
        box.remove();
        input.focus();
      } }, "この文にする"),
      h("button", { type: "button", class: "secondary small", onclick: () => box.remove() }, "やめる"),
    ),
  );
  panel.appendChild(box);
}

export function installPlainCheck(root = document) {
  root.addEventListener("input", (event) => {
    if (isPlainField(event.target)) schedule(event.target, DEBOUNCE_MS);
  });
  // Text already in a field (editing a saved item) is checked when staff come to it.
  root.addEventListener("focusin", (event) => {
    const target = /** @type {HTMLInputElement | HTMLTextAreaElement} */ (event.target);
    if (isPlainField(target) && target.value.trim()) schedule(target, 0);
  });
}
