// A message from staff to the people signed up for something — an event's registrants, a shift's
// volunteers: the text in Japanese with optional English and やさしい日本語 (each checked as staff
// type), urgent or not, the waiting list or not; then what it costs and how each language reads it
// before it is sent. One form for both (POST <path>/message and <path>/message/preview).
import { api } from "./api.js";
import { h } from "./dom.js";
import { formatNumber } from "./format.js";
import { messagePreview } from "./messagePreview.js";
import { sendWithCost } from "./settingsBudget.js";
import { busy, EASY_HINT, easyInput, ENGLISH_HINT, englishInput, field, flash, FormErrors } from "./ui.js";

/**
 * path: the API path of what it is about ("/events/<id>", "/shifts/<id>"); heading, hint and
 * textHint: what staff read; who: the people it goes to (「申し込んだ」); testid: the form's.
 */
export function staffMessageForm({ path, can, heading, hint, textHint, who, testid, nobody }) {
  const errors = new FormErrors();
  const text = h("textarea", { rows: "4", maxlength: "1000", "data-testid": "message-text" });
  const textEn = englishInput({ value: "", maxlength: 1000, testid: "message-text-en", rows: 3 });
  const textEasy = easyInput({ value: "", maxlength: 1000, testid: "message-text-easy", rows: 3 });
  const urgent = h("input", { type: "checkbox", "data-testid": "message-urgent" });
  const includeWaitlisted = h("input", { type: "checkbox", checked: true, "data-testid": "message-waitlisted" });
  const submit = h("button", { type: "submit", class: "primary", "data-testid": "message-preview" }, "送信内容を確認");
  const form = h(
    "form",
    { class: "card", novalidate: true, "data-testid": testid },
    h("h2", {}, heading),
    h("p", { class: "hint" }, hint),
    errors.summary,
    field({ label: "本文", input: text, path: "text", errors, required: true, hint: textHint }),
    field({ label: "英語訳", input: textEn, path: "textEn", errors, hint: ENGLISH_HINT }),
    field({ label: "やさしい日本語", input: textEasy, path: "textEasy", errors, hint: EASY_HINT }),
    h(
      "div",
      { class: "check-row" },
      h("label", { class: "check" }, includeWaitlisted, h("span", {}, "キャンセル待ちの方にも送る")),
      h("label", { class: "check" }, urgent, h("span", {}, "急ぎ（お知らせしない時間帯でもすぐ送る）")),
    ),
    h("div", { class: "actions" }, submit),
  );
  form.addEventListener("submit", async (submitEvent) => {
    submitEvent.preventDefault();
    errors.clear();
    const body = { text: text.value.trim(), textEn: textEn.value.trim(), textEasy: textEasy.value.trim(), urgent: urgent.checked, includeWaitlisted: includeWaitlisted.checked };
    if (!body.text) return errors.show({ message: "入力内容を確認してください。", issues: [{ path: "text", message: "本文を入力してください。" }] });
    await busy(submit, async () => {
      const result = await sendWithCost({
        title: heading,
        can,
        confirmLabel: "送信する",
        preview: () => api("POST", `${path}/message`, { ...body, dryRun: true }),
        onPreviewError: (err) => errors.show(err),
        nothingToSend: (p) => (p.recipients === 0 ? nobody : undefined),
        describe: (p) => [
          h("p", { "data-testid": "send-recipients" }, `${who} ${formatNumber(p.recipients)}人 に次のメッセージを送ります${body.urgent ? "（急ぎ）" : ""}。`),
          body.textEasy ? null : h("p", { class: "warning", "data-testid": "without-easy" }, "やさしい日本語の文がありません。やさしい日本語を選んだ人には日本語で届きます。"),
          messagePreview((lang) => api("POST", `${path}/message/preview`, { text: body.text, textEn: body.textEn, textEasy: body.textEasy, lang })),
        ],
        send: (confirmOverBudget) => api("POST", `${path}/message`, { ...body, confirmOverBudget }),
      });
      if (result?.sent) {
        flash(`${formatNumber(result.recipients)}人 にメッセージを送りました。`);
        text.value = "";
        textEn.value = "";
        textEasy.value = "";
        urgent.checked = false;
      }
    });
  });
  return form;
}
