// The month's message budget as staff meet it before a send: what it will cost (「N通（今月の残り M通）」),
// and, over the budget, the numbers and — for an administrator only — a way to send anyway. Every
// over-budget send is answered 409 { error, budget }.
import { ApiError } from "./api.js";
import { h } from "./dom.js";
import { formatNumber } from "./format.js";
import { dialog, flash } from "./ui.js";

/**
 * The budget an over-budget 409 carries (ZOverBudget); undefined for any other error.
 * @param {unknown} err
 * @returns {import("../consoleTypes.ts").TBudgetCheck | undefined}
 */
export function budgetOf(err) {
  if (!(err instanceof ApiError) || err.status !== 409) return undefined;
  return "budget" in err.body ? err.body.budget : undefined;
}

/** "12通（今月の残り 488通）" or "12通（今月の上限なし）". */
export function costText(budget) {
  if (!budget) return "";
  const remaining = budget.remaining === null || budget.remaining === undefined ? "今月の上限なし" : `今月の残り ${formatNumber(budget.remaining)}通`;
  return `${formatNumber(budget.cost)}通（${remaining}）`;
}

/** "今月の上限 500通、送信済み 490通、今回 12通。" */
export function budgetNumbers(budget) {
  return `今月の上限 ${budget.limit === null ? "なし" : `${formatNumber(budget.limit)}通`}、送信済み ${formatNumber(budget.used)}通、今回 ${formatNumber(budget.cost)}通。`;
}

/**
 * A send that shows its cost first. preview() asks the API what it would cost (a dry run; may
 * return { budget: undefined } when the cost cannot be known); describe(preview) says what will
 * happen; send(confirmOverBudget) does it; nothingToSend(preview) may say why there is nothing to
 * send; onPreviewError(err) shows a failed preview (default: a flash). Returns send's answer, or undefined when staff cancelled,
 * nothing was to be sent, or it failed (the failure is shown as a flash).
 * @param {{ title: string, preview: () => Promise<any>, describe: (preview: any) => import("./dom.js").TChild, send: (confirmOverBudget: boolean) => Promise<any>, can: (role: string) => boolean, confirmLabel?: string, nothingToSend?: (preview: any) => string | undefined, onPreviewError?: (err: any) => void }} spec
 */
export async function sendWithCost({ title, preview, describe, send, can, confirmLabel = "送信する", nothingToSend, onPreviewError }) {
  let previewed;
  try {
    previewed = await preview();
  } catch (err) {
    if (onPreviewError) onPreviewError(err);
    else flash(err.message, "error");
    return undefined;
  }
  const budget = previewed?.budget;
  const nothing = nothingToSend?.(previewed);
  if (nothing) {
    await dialog({ title, body: h("p", { "data-testid": "send-nothing" }, nothing), confirmLabel: "閉じる", cancelLabel: null, testid: "send-dialog" });
    return undefined;
  }
  const body = [
    h("div", {}, describe(previewed)),
    budget ? h("p", { class: "cost", "data-testid": "send-cost" }, "送信数：", h("strong", {}, costText(budget))) : null,
  ];
  if (budget?.exceeds) return overBudget({ title, budget, body, send, can });
  const ok = await dialog({ title, body, confirmLabel, testid: "send-dialog" });
  if (!ok) return undefined;
  try {
    return await send(false);
  } catch (err) {
    // The month's count moved between the preview and the send.
    const over = budgetOf(err);
    if (over) return overBudget({ title, budget: over, body: [h("p", {}, err.message)], send, can });
    flash(err.message, "error");
    return undefined;
  }
}

/**
 * Over the budget: the numbers, and for an administrator a way to send anyway (send(true)).
 * Returns send's answer, or undefined when closed, cancelled or failed (shown as a flash).
 */
export async function overBudget({ title, budget, body, send, can }) {
  const details = [
    ...body,
    h("p", { class: "warning", "data-testid": "over-budget" }, "今月の送信上限を超えます。", budgetNumbers(budget)),
    can("admin") ? h("p", {}, "管理者として、上限を超えて送ることができます。") : h("p", {}, "上限を超えて送るには管理者に依頼してください。"),
  ];
  if (!can("admin")) {
    await dialog({ title, body: details, confirmLabel: "閉じる", cancelLabel: null, testid: "send-dialog" });
    return undefined;
  }
  const ok = await dialog({ title, body: details, confirmLabel: "上限を超えて送る", danger: true, testid: "send-dialog" });
  if (!ok) return undefined;
  try {
    return await send(true);
  } catch (err) {
    flash(err.message, "error");
    return undefined;
  }
}
