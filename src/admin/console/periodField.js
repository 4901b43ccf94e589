// 受付開始 and 締切, entered in Tokyo time: one piece for every form that opens and closes (rounds, polls).
import { h } from "./dom.js";
import { fromLocalInput, toLocalInput } from "./format.js";
import { field } from "./ui.js";

/** testIdPrefix: "round" gives data-testid round-opens-at and round-closes-at. */
export function periodField({ opensAt, closesAt, errors, testIdPrefix }) {
  const opens = h("input", { type: "datetime-local", value: toLocalInput(opensAt), "data-testid": `${testIdPrefix}-opens-at` });
  const closes = h("input", { type: "datetime-local", value: toLocalInput(closesAt), "data-testid": `${testIdPrefix}-closes-at` });
  const element = h(
    "div",
    { class: "grid-2" },
    field({ label: "受付開始（日本時間）", input: opens, path: "opensAt", errors, required: true, hint: "この時刻に対象者へ自動でお知らせします" }),
    field({ label: "締切（日本時間）", input: closes, path: "closesAt", errors, required: true }),
  );
  return { element, opensAt: () => fromLocalInput(opens.value), closesAt: () => fromLocalInput(closes.value) };
}
