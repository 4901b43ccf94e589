// One event: its facts and seats, actions (今すぐ告知, 編集, 中止), who signed up (confirmed, then the
// waiting list in order) with attendance, a message to everyone signed up (cost shown first), downloads.
import { api } from "./api.js";
import { h, setChildren } from "./dom.js";
import { formatDateTime, formatNumber } from "./format.js";
import { describeAudience, loadSegments } from "./audienceField.js";
import { eventStatusLabels, registrationStatusText } from "./eventLabels.js";
import { sendWithCost } from "./settingsBudget.js";
import { messagePreview } from "./messagePreview.js";
import { deliveryPanel, sendOutcome } from "./deliveryPanel.js";
import { staffMessageForm } from "./staffMessageForm.js";
import { busy, dialog, errorBox, flash, FormErrors, linkButton, pageHeader, untranslatedNote, withoutEasyNote } from "./ui.js";
import { dataTable, downloads, factList, languageFacts, loadPage, stat, statusLine, translatedField } from "./views.js";

export async function eventDetailView(container, { params, can }) {
  const id = params[0];
  const base = `/events/${encodeURIComponent(id)}`;
  const loaded = await loadPage(container, () => pageHeader("イベント"), () => Promise.all([api("GET", base), loadSegments().catch(() => undefined)]));
  if (!loaded) return;
  let event = loaded[0].event;
  const segments = loaded[1];

  const header = h("div");
  const facts = h("div");
  const attendees = h("section", { "aria-labelledby": "attendees-heading", "data-testid": "attendees" });
  const messageCard = can("staff") ? messageForm() : null;
  const deliveries = deliveryPanel({ about: () => [event.id], can });

  const cancelled = () => event.status === "cancelled";
  const ahead = () => event.status === "open" || event.status === "full";

  function drawHeader() {
    const actions = [];
    if (can("staff") && !cancelled() && event.status !== "finished") actions.push(linkButton(`#/events/${encodeURIComponent(event.id)}/edit`, "編集", { testid: "edit-event" }));
    if (can("staff") && ahead() && !event.announcedAt) {
      const announce = h("button", { type: "button", class: "primary", "data-testid": "announce-event" }, "今すぐ告知");
      announce.addEventListener("click", () => busy(announce, announceEvent));
      actions.push(announce);
    }
    if (can("staff") && !cancelled() && event.status !== "finished") {
      const cancel = h("button", { type: "button", class: "danger", "data-testid": "cancel-event" }, "中止");
      cancel.addEventListener("click", () => busy(cancel, cancelEvent));
      actions.push(cancel);
    }
    setChildren(
      header,
      pageHeader(event.title, ...actions),
      statusLine({ status: event.status, labels: eventStatusLabels, number: `No.${event.number}`, version: event.version }),
    );
  }

  function drawFacts() {
    setChildren(
      facts,
      h(
        "div",
        { class: "stats" },
        stat(`${formatNumber(event.seatsTaken)}/${formatNumber(event.capacity)}席`, "申込（席）/定員", "event-seats"),
        stat(`${formatNumber(event.confirmedCount)}人`, "参加確定", "confirmed-count"),
        stat(`${formatNumber(event.waitlistedCount)}人`, "キャンセル待ち", "waitlisted-count"),
        stat(`${formatNumber(event.seatsLeft)}席`, "残り", "seats-left"),
      ),
      h(
        "div",
        { class: "card" },
        factList([
          ["日時", [formatDateTime(event.startsAt), event.endsAt ? ` 〜 ${formatDateTime(event.endsAt)}` : ""], { "data-testid": "event-when" }],
          ["場所", [event.place, event.mapUrl ? [" ", h("a", { href: event.mapUrl, target: "_blank", rel: "noopener noreferrer" }, "地図")] : null]],
          ["申し込み締切", formatDateTime(event.signupDeadline), { "data-testid": "event-deadline" }],
          ["同伴者", event.maxCompanions > 0 ? `1人あたり ${event.maxCompanions}人まで` : "本人のみ"],
          ["主催", event.organizer ?? "市"],
          ["対象者", describeAudience(event.audience, segments), { "data-testid": "event-audience" }],
          ["告知", event.announcedAt ? `${formatDateTime(event.announcedAt)} にお知らせを受付（届いたかは「配信状況」）` : "まだ（「今すぐ告知」で対象者へお知らせします）", { "data-testid": "event-announced" }],
          ...languageFacts(event),
          event.cancelledAt ? ["中止", `${formatDateTime(event.cancelledAt)} に中止`] : null,
          event.description ? ["説明", event.description, { class: "pre" }] : null,
          ["申し込みボタンの設定", ["リッチメニューなどのポストバックに ", h("code", {}, event.signupPostback), " を設定すると申し込みを始められます"]],
        ]),
        can("staff")
          ? downloads({
              label: "参加者のダウンロード：",
              testid: "event-exports",
              links: [
                [`${base}/registrations.csv`, "CSV"],
                [`${base}/registrations.json`, "JSON"],
              ],
            })
          : null,
      ),
    );
  }

  async function drawAttendees() {
    const refresh = h("button", { type: "button", class: "secondary small", "data-testid": "refresh-attendees" }, "最新にする");
    refresh.addEventListener("click", () => busy(refresh, reload));
    let data;
    try {
      data = await api("GET", `${base}/registrations`);
    } catch (err) {
      setChildren(attendees, h("h2", { id: "attendees-heading" }, "参加者一覧"), errorBox(err));
      return;
    }
    const rows = data.registrations ?? [];
    setChildren(
      attendees,
      h("div", { class: "page-header" }, h("h2", { id: "attendees-heading" }, "参加者一覧"), refresh),
      rows.length === 0
        ? h("p", { class: "empty card", "data-testid": "no-attendees" }, "まだ申し込みはありません。")
        : [
            dataTable({
              testid: "attendee-table",
              className: "data attendees",
              columns: [{ label: "受付番号" }, { label: "状態" }, { label: "同伴者", num: true }, { label: "地区" }, { label: "年代" }, { label: "申込日時" }, { label: "出席" }],
              rows: rows.map(attendeeRow),
            }),
            h("p", { class: "hint" }, "お名前は伺っていません。受付では受付番号（申し込み完了のメッセージに載っています）で確認してください。"),
          ],
    );
  }

  function attendeeRow(r) {
    const waitlisted = r.status === "waitlisted";
    const saved = h("span", { class: "saved", role: "status", "data-testid": "attendance-saved" });
    let cell;
    if (r.status === "confirmed" && can("staff")) {
      const box = h("input", { type: "checkbox", checked: r.attended === true, "aria-label": `${r.receiptNumber} の出席`, "data-testid": "attended" });
      box.addEventListener("change", async () => {
        box.disabled = true;
        saved.textContent = "保存中…";
        try {
          const answer = await api("PATCH", `${base}/registrations/${encodeURIComponent(r.id)}`, { attended: box.checked });
          const updated = answer.registration;
          box.checked = updated.attended === true;
          saved.textContent = "保存しました";
        } catch (err) {
          box.checked = !box.checked;
          saved.textContent = "";
          flash(err.message, "error");
        } finally {
          box.disabled = false;
        }
      });
      cell = h("label", { class: "check compact" }, box, h("span", {}, "出席"));
    } else {
      cell = r.attended === true ? "出席" : r.attended === false ? "欠席" : "—";
    }
    return h(
      "tr",
      { "data-testid": "attendee-row", "data-status": r.status, class: waitlisted ? "waitlisted" : undefined },
      h("td", { class: "nowrap" }, h("code", {}, r.receiptNumber)),
      h("td", { class: "nowrap", "data-testid": "attendee-status" }, waitlisted ? h("span", { class: "badge status-full" }, registrationStatusText(r)) : registrationStatusText(r)),
      h("td", { class: "num" }, `${formatNumber(r.companions)}人`),
      h("td", {}, r.districtLabel ?? "—"),
      h("td", {}, r.ageBandLabel ?? "—"),
      h("td", { class: "nowrap" }, formatDateTime(r.createdAt)),
      h("td", { class: "nowrap" }, cell, " ", saved),
    );
  }

  function messageForm() {
    return staffMessageForm({
      path: base,
      can,
      heading: "参加者へメッセージ",
      hint: "申し込んだ方全員にLINEで送ります（集合場所の変更、持ち物のお知らせなど）。送る前に送信数を確認できます。",
      textHint: "1000文字まで。イベント名は自動で付きます",
      who: "申し込んだ",
      nobody: "送る相手がいません（申し込みがありません）。",
      testid: "event-message",
    });
  }

  async function announceEvent() {
    const result = await sendWithCost({
      title: "今すぐ告知",
      can,
      confirmLabel: "告知する",
      // What it costs is known before sending only where the budget estimate exists; without it the
      // announcement is still checked against the budget by the API (409 below).
      preview: () => api("POST", "/budget/estimate", { audience: event.audience ?? {} }).catch(() => ({ budget: undefined })),
      nothingToSend: (p) => (p.recipients === 0 ? "対象者に当てはまる住民がいないため、お知らせできません。対象者を見直してください。" : undefined),
      describe: (p) => [
        h(
          "div",
          {},
          h(
            "p",
            {},
            typeof p.recipients === "number"
              ? `「${event.title}」を対象の住民 ${formatNumber(p.recipients)}人 にLINEでお知らせします。よろしいですか？`
              : `「${event.title}」を対象の住民にLINEでお知らせします。よろしいですか？`,
          ),
          (event.untranslated ?? []).length ? untranslatedNote(event.untranslated) : null,
        (event.withoutEasy ?? []).length ? withoutEasyNote(event.withoutEasy, { editHint: false }) : null,
        ),
        messagePreview((lang) => api("GET", `${base}/preview?lang=${lang}`)),
      ],
      send: (confirmOverBudget) => api("POST", `${base}/announce`, { confirmOverBudget }),
    });
    if (result) {
      const outcome = await sendOutcome([event.id], "event.announce").catch(() => undefined);
      flash(outcome ? `告知を受け付けました。${outcome}` : `告知を受け付けました（${formatNumber(result.recipients ?? 0)}人）。`);
      await reload();
    }
  }

  async function cancelEvent() {
    const errors = new FormErrors();
    const reason = translatedField({ errors, record: {}, path: "reason", label: "理由（お知らせに載ります）", hint: "例：荒天のため（300文字まで）", maxlength: 300, testid: "cancel-reason", rows: 3, translationRows: 2 });
    const ok = await dialog({
      title: "イベントの中止",
      danger: true,
      confirmLabel: "中止する",
      testid: "cancel-dialog",
      body: [
        h("p", {}, `「${event.title}」を中止します。申し込んだ方（参加確定 ${formatNumber(event.confirmedCount)}人、キャンセル待ち ${formatNumber(event.waitlistedCount)}人）に、すぐにLINEでお知らせします（お知らせしない時間帯でも送ります）。`),
        h("p", { class: "warning" }, "中止は取り消せません。"),
        errors.summary,
        reason.elements,
      ],
      beforeConfirm: async () => {
        try {
          const answer = await api("POST", `${base}/cancel`, reason.values());
          event = answer.event;
          flash(`イベントを中止しました。${formatNumber(answer.notified)}人 にお知らせしました。`);
          return true;
        } catch (err) {
          errors.show(err);
          return false;
        }
      },
    });
    if (ok) await reload();
  }

  async function reload() {
    const answer = await api("GET", base);
    event = answer.event;
    drawHeader();
    drawFacts();
    if (messageCard) messageCard.hidden = cancelled();
    await drawAttendees();
    await deliveries.refresh();
  }

  drawHeader();
  drawFacts();
  if (messageCard) messageCard.hidden = cancelled();
  setChildren(container, header, facts, deliveries.element, attendees, messageCard);
  await deliveries.start();
  await drawAttendees();
}
