// Writing one reply to one resident (an inquiry, a public comment, a poll answer): it reaches them in
// LINE, with a first line saying it is from city staff. Used from the inbox and where staff read a
// comment or an answer.
import { api } from "./api.js";
import { h } from "./dom.js";
import { confirmDialog, dialog, field, flash, FormErrors } from "./ui.js";

/**
 * Posts a reply; over the month's budget an administrator is asked to confirm and it is sent again
 * with confirmOverBudget (others get the refusal, which says an administrator must confirm).
 */
export async function postReply(path, body, isAdmin) {
  try {
    return await api("POST", path, { body });
  } catch (err) {
    const overBudget = err.status === 409 && err.issues?.some((i) => i.path === "budget");
    if (!overBudget || !isAdmin) throw err;
    const ok = await confirmDialog({ title: "送信上限を超えます", message: `${err.message}`, confirmLabel: "上限を超えて送る", danger: true });
    if (!ok) throw err;
    return api("POST", path, { body, confirmOverBudget: true });
  }
}

/** Resolves the answer's inquiry once sent, or undefined if the staff member cancelled. */
export async function replyDialog({ title, quoted, path, isAdmin = false }) {
  const errors = new FormErrors();
  const body = h("textarea", { rows: "6", maxlength: "4000", "data-testid": "reply-body" });
  let inquiry;
  const ok = await dialog({
    title,
    testid: "reply-dialog",
    confirmLabel: "LINEで送信",
    body: [
      quoted ? h("blockquote", { class: "pre", "data-testid": "reply-quoted" }, quoted) : null,
      errors.summary,
      field({ label: "返信", input: body, path: "body", errors, hint: "住民のLINEに届きます。1通を今月の送信数に数えます（応答できる間は数えません）。" }),
    ],
    beforeConfirm: async () => {
      try {
        ({ inquiry } = await postReply(path, body.value, isAdmin));
        return true;
      } catch (err) {
        errors.show(err);
        return false;
      }
    },
  });
  if (!ok) return undefined;
  flash("返信を送りました。");
  return inquiry;
}
