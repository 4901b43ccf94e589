// LINE shows at most 20 characters on a button or quick reply, and the bot never cuts a label:
// staff see the count as they type, and a warning before they save, instead of a refusal later.
import { h } from "./dom.js";

export const LINE_LABEL_MAX = 20;

const length = (text) => [...text.trim()].length;

/**
 * A live "12 / 20文字" under an input. `over` says what to do when the text is longer than max;
 * `limit` may be a function (the limit depends on another field).
 */
export function lengthCounter(input, { max = LINE_LABEL_MAX, over = "LINEのボタンに収まるよう20文字以内にしてください", testid = "length-counter" } = {}) {
  const counter = h("p", { class: "counter", "aria-live": "polite", "data-testid": testid });
  const update = () => {
    const n = length(input.value);
    counter.classList.toggle("over", n > max);
    counter.textContent = n > max ? `${n} / ${max}文字：${over}` : `${n} / ${max}文字`;
  };
  input.addEventListener("input", update);
  update();
  return { element: counter, update };
}
