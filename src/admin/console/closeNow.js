// 今すぐ締め切る for a round or a poll: a confirmation that says what residents will see, then the
// API call. Returns the updated item, or undefined when staff cancelled.
import { api } from "./api.js";
import { h } from "./dom.js";
import { dialog, FormErrors } from "./ui.js";

export async function closeNow({ path, title, what }) {
  const errors = new FormErrors();
  let closed;
  await dialog({
    title: "今すぐ締め切る",
    body: [
      h("p", { "data-testid": "close-notice" }, `「${title}」の受付を今すぐ締め切ります。締め切った後は、住民の方が${what}を送れなくなります。この操作は取り消せません。`),
      errors.summary,
    ],
    confirmLabel: "締め切る",
    danger: true,
    testid: "close-dialog",
    beforeConfirm: async () => {
      errors.clear();
      try {
        closed = await api("POST", path);
        return true;
      } catch (err) {
        errors.show(err);
        return false;
      }
    },
  });
  return closed;
}
