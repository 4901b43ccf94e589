// 今すぐ告知 for rounds and polls: confirm with the audience size, and, over the month's message
// budget, let an administrator send anyway (the API answers 409 with `budget`).
import { api, ApiError } from "./api.js";
import { h } from "./dom.js";
import { formatNumber } from "./format.js";
import { confirmDialog, dialog, flash } from "./ui.js";
import { messagePreview } from "./messagePreview.js";

/** Returns the API's answer, or undefined when staff cancelled or it failed (shown as a flash). */
export async function announceNow({ path, title, audienceSize, body = {}, can, message, previewPath, untranslated = [], withoutEasy = [] }) {
  const english = untranslated.length > 0 ? `\n英語で読む住民には、${untranslated.join("、")}が日本語のまま届きます。` : "";
  const easy = withoutEasy.length > 0 ? `\nやさしい日本語の文がありません（${withoutEasy.join("、")}）。やさしい日本語を選んだ人には日本語で届きます。` : "";
  const text = `${message ?? `「${title}」を対象の住民 ${formatNumber(audienceSize)}人 にLINEでお知らせします。よろしいですか？`}${english}${easy}`;
  // With a preview: staff see the card as residents will before they confirm.
  const ok = previewPath
    ? await dialog({
        title: "今すぐ告知",
        body: [h("p", { class: "pre" }, text), messagePreview((lang) => api("GET", `${previewPath}${previewPath.includes("?") ? "&" : "?"}lang=${lang}`))],
        confirmLabel: "告知する",
        testid: "confirm-dialog",
      })
    : await confirmDialog({ title: "今すぐ告知", message: text, confirmLabel: "告知する" });
  if (!ok) return undefined;
  try {
    return await api("POST", path, body);
  } catch (err) {
    if (err instanceof ApiError && err.status === 409 && err.body?.budget) {
      const b = err.body.budget;
      const details = h(
        "div",
        {},
        h("p", {}, err.message),
        h("p", {}, `今月の上限 ${formatNumber(b.limit)}通、送信済み ${formatNumber(b.used)}通、今回 ${formatNumber(b.cost)}通。`),
        can("admin") ? h("p", { class: "warning" }, "管理者として、上限を超えて送ることができます。") : h("p", {}, "上限を超えて送るには管理者に依頼してください。"),
      );
      if (!can("admin")) {
        await dialog({ title: "今月の送信上限を超えます", body: details, confirmLabel: "閉じる", cancelLabel: null });
        return undefined;
      }
      const send = await dialog({ title: "今月の送信上限を超えます", body: details, confirmLabel: "上限を超えて送る", danger: true });
      if (!send) return undefined;
      try {
        return await api("POST", path, { ...body, confirmOverBudget: true });
      } catch (again) {
        flash(again.message, "error");
        return undefined;
      }
    }
    flash(err.message, "error");
    return undefined;
  }
}
