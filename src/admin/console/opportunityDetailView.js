// One volunteer opportunity: its facts, 募集を案内 (how many volunteers match and what it costs,
// then send), and per shift who signed up, with attendance and hours recorded on the day, and a
// message to that shift's volunteers.
import { api } from "./api.js";
import { messagePreview } from "./messagePreview.js";
import { h, setChildren } from "./dom.js";
import { formatDateTime, formatNumber } from "./format.js";
import { sendWithCost } from "./settingsBudget.js";
import { deliveryPanel, sendOutcome } from "./deliveryPanel.js";
import { staffMessageForm } from "./staffMessageForm.js";
import { labelsOf, loadVolunteerOptions, opportunityStatusLabels, volunteerTabs } from "./volunteerShared.js";
import { badge, busy, errorBox, flash, linkButton, loading, pageHeader, untranslatedNote, withoutEasyNote } from "./ui.js";
import { dataTable, downloads, factList, languageFacts, loadPage, statusLine } from "./views.js";

export async function opportunityDetailView(container, { params, can }) {
  const id = params[0];
  const base = `/opportunities/${encodeURIComponent(id)}`;
  const loaded = await loadPage(container, () => [pageHeader("ボランティア募集"), volunteerTabs("opportunities")], () => Promise.all([api("GET", base), loadVolunteerOptions().catch(() => undefined)]));
  if (!loaded) return;
  let opportunity = loaded[0].opportunity;
  const options = loaded[1];

  const header = h("div");
  const facts = h("div");
  const shiftsSection = h("section", { "aria-labelledby": "shifts-heading", "data-testid": "opportunity-shifts" });
  // Its invitation, and each shift's reminder.
  const about = () => [opportunity.id, ...(opportunity.shifts ?? []).map((s) => s.id)];
  const deliveries = deliveryPanel({ about, can });

  function drawHeader() {
    const actions = [];
    if (can("staff")) actions.push(linkButton(`#/opportunities/${encodeURIComponent(opportunity.id)}/edit`, "編集", { testid: "edit-opportunity" }));
    if (can("staff") && opportunity.status === "open" && !opportunity.invitedAt) {
      const invite = h("button", { type: "button", class: "primary", "data-testid": "invite" }, "募集を案内");
      invite.addEventListener("click", () => busy(invite, inviteVolunteers));
      actions.push(invite);
    }
    setChildren(
      header,
      pageHeader(opportunity.title, ...actions),
      volunteerTabs("opportunities"),
      statusLine({ status: opportunity.status, labels: opportunityStatusLabels, number: `No.${opportunity.number}`, version: opportunity.version }),
    );
  }

  function drawFacts() {
    setChildren(
      facts,
      h(
        "div",
        { class: "card" },
        factList([
          ["主催", opportunity.organizer ?? "市"],
          ["分野", labelsOf(options, "areas", opportunity.areas, "分野を問わない")],
          ["活動する地区", labelsOf(options, "districts", opportunity.districts, "地区を問わない")],
          ["求めるスキル", labelsOf(options, "skills", opportunity.skills, "特になし")],
          ["若者向け", opportunity.youthTargeted ? "はい（分野が合う30歳未満にも案内）" : "いいえ"],
          ["案内", opportunity.invitedAt ? `${formatDateTime(opportunity.invitedAt)} に案内を受付（届いたかは「配信状況」）` : "まだ（「募集を案内」で条件に合うボランティアへお知らせします）", { "data-testid": "invited" }],
          ...languageFacts(opportunity),
          opportunity.description ? ["説明", opportunity.description, { class: "pre" }] : null,
        ]),
        can("staff")
          ? downloads({
              label: "参加者のダウンロード：",
              testid: "opportunity-exports",
              links: [
                [`${base}/signups.csv`, "CSV"],
                [`${base}/signups.json`, "JSON"],
              ],
            })
          : null,
      ),
    );
  }

  async function drawShifts() {
    const refresh = h("button", { type: "button", class: "secondary small", "data-testid": "refresh-signups" }, "最新にする");
    refresh.addEventListener("click", () => busy(refresh, reload));
    const shifts = opportunity.shifts ?? [];
    const cards = shifts.map((s, i) => shiftCard(s, i));
    setChildren(shiftsSection, h("div", { class: "page-header" }, h("h2", { id: "shifts-heading" }, "シフトと参加者"), refresh), cards.map((c) => c.element));
    await Promise.all(cards.map((c) => c.load()));
  }

  function shiftCard(shift, index) {
    const body = h("div", {}, loading());
    const element = h(
      "article",
      { class: "card shift-card", "data-testid": "shift", "data-shift-id": shift.id },
      h("h3", {}, `シフト${index + 1}：${formatDateTime(shift.startsAt)} 〜 ${formatDateTime(shift.endsAt).split(" ").at(-1)}`),
      h(
        "p",
        { class: "shift-facts" },
        h("span", {}, `場所：${shift.place}`),
        h("span", { "data-testid": "shift-counts" }, `必要 ${formatNumber(shift.needed)}人 ・ 確定 ${formatNumber(shift.confirmedCount)}人 ・ 待ち ${formatNumber(shift.waitlistedCount)}人 ・ 残り ${formatNumber(shift.remaining)}人`),
      ),
      body,
      can("staff")
        ? h(
            "details",
            { class: "shift-message", "data-testid": "shift-message-toggle" },
            h("summary", {}, "このシフトのボランティアへメッセージ"),
            staffMessageForm({
              path: `/shifts/${encodeURIComponent(shift.id)}`,
              can,
              heading: `シフト${index + 1}のボランティアへメッセージ`,
              hint: "このシフトに申し込んだ方にLINEで送ります（集合場所の変更、雨の日の中止など）。送る前に送信数を確認できます。",
              textHint: "1000文字まで。活動名・日時・場所は自動で付きます",
              who: "このシフトに申し込んだ",
              nobody: "送る相手がいません（このシフトに申し込みがありません）。",
              testid: "shift-message",
            }),
          )
        : null,
    );
    async function load() {
      try {
        const data = await api("GET", `/shifts/${encodeURIComponent(shift.id)}/signups`);
        const rows = data.signups ?? [];
        setChildren(
          body,
          rows.length === 0
            ? h("p", { class: "empty", "data-testid": "no-signups" }, "まだ申し込みはありません。")
            : dataTable({
                testid: "signup-table",
                className: "data signups",
                columns: [{ label: "受付番号" }, { label: "状態" }, { label: "地区" }, { label: "年代" }, { label: "スキル" }, { label: "出席・時間" }],
                rows: rows.map((r) => signupRow(shift, r)),
              }),
        );
      } catch (err) {
        setChildren(body, errorBox(err));
      }
    }
    return { element, load };
  }

  function signupRow(shift, r) {
    const status = r.status === "waitlisted" ? h("span", { class: "badge status-full" }, r.position ? `待ち${r.position}番` : "キャンセル待ち") : r.status === "confirmed" ? "参加確定" : "キャンセル";
    return h(
      "tr",
      { "data-testid": "signup-row", "data-status": r.status },
      h("td", { class: "nowrap" }, h("code", {}, r.receiptNumber)),
      h("td", { class: "nowrap", "data-testid": "signup-status" }, status),
      h("td", {}, r.districtLabel ?? "—"),
      h("td", {}, r.ageBandLabel ?? "—", r.isMinor ? h("span", { class: "tag warn-tag", title: "保護者の同意が必要です" }, "未成年") : null),
      h("td", {}, r.skillLabels?.length ? r.skillLabels.join("・") : "—"),
      h("td", {}, r.status === "confirmed" && can("staff") ? attendanceEditor(shift, r) : readOnlyAttendance(r)),
    );
  }

  /** 出席 and 時間 of one confirmed sign-up, saved together. Hours imply attendance. */
  function attendanceEditor(shift, r) {
    const box = h("input", { type: "checkbox", checked: r.attended === true, "aria-label": `${r.receiptNumber} の出席`, "data-testid": "signup-attended" });
    const hours = h("input", {
      type: "number",
      min: "0",
      max: "24",
      step: "0.25",
      inputmode: "decimal",
      value: r.hours === null || r.hours === undefined ? "" : String(r.hours),
      "aria-label": `${r.receiptNumber} の活動時間（時間）`,
      class: "hours",
      "data-testid": "signup-hours",
    });
    const save = h("button", { type: "button", class: "secondary small", "data-testid": "signup-save" }, "保存");
    const saved = h("span", { class: "saved", role: "status", "data-testid": "signup-saved" });
    const error = h("p", { class: "field-error", hidden: true });
    hours.addEventListener("input", () => {
      if (Number(hours.value) > 0) box.checked = true;
    });
    box.addEventListener("change", () => {
      if (!box.checked) hours.value = "";
    });
    save.addEventListener("click", () =>
      busy(save, async () => {
        error.hidden = true;
        saved.textContent = "";
        const body = {
          // Unticked: absent if it was recorded as attended, otherwise still not recorded.
          attended: box.checked ? true : r.attended === null ? null : false,
          hours: hours.value.trim() === "" ? null : Number(hours.value),
        };
        if (body.attended !== true && body.hours) body.attended = true;
        try {
          const { signup: updated, thanked } = await api("PATCH", `/shifts/${encodeURIComponent(shift.id)}/signups/${encodeURIComponent(r.id)}`, body);
          r.attended = updated.attended;
          r.hours = updated.hours;
          box.checked = updated.attended === true;
          hours.value = updated.hours === null ? "" : String(updated.hours);
          saved.textContent = thanked ? "保存しました（お礼を送りました）" : "保存しました";
        } catch (err) {
          error.textContent = err.issues?.map((i) => i.message).join(" ") || err.message;
          error.hidden = false;
        }
      }),
    );
    return h(
      "div",
      { class: "attendance" },
      h("label", { class: "check compact" }, box, h("span", {}, "出席")),
      h("label", { class: "hours-field" }, hours, h("span", {}, "時間")),
      save,
      saved,
      error,
    );
  }

  function readOnlyAttendance(r) {
    if (r.status !== "confirmed") return "—";
    const came = r.attended === true ? "出席" : r.attended === false ? "欠席" : "未記録";
    return r.hours ? `${came}（${r.hours}時間）` : came;
  }

  async function inviteVolunteers() {
    const result = await sendWithCost({
      title: "募集を案内",
      can,
      confirmLabel: "案内を送る",
      preview: () => api("POST", `${base}/invite`, { dryRun: true }),
      nothingToSend: (p) => (p.matched === 0 ? "条件に合うボランティアがいません。分野・地区・シフトの日時を見直してください。" : undefined),
      describe: (p) => [
        h(
          "p",
          { "data-testid": "invite-matched" },
          `条件に合うボランティア ${formatNumber(p.matched)}人`,
          p.matchedAsYouth ? `（うち若者向けの条件で ${formatNumber(p.matchedAsYouth)}人）` : "",
          ` に、シフト${formatNumber(p.shifts)}件の案内をLINEで送ります。`,
        ),
        h("p", { class: "hint" }, "案内は1回だけ送れます。"),
        messagePreview((lang) => api("GET", `${base}/preview?lang=${lang}`)),
        (opportunity.untranslated ?? []).length ? untranslatedNote(opportunity.untranslated) : null,
        (opportunity.withoutEasy ?? []).length ? withoutEasyNote(opportunity.withoutEasy, { editHint: false }) : null,
      ],
      send: (confirmOverBudget) => api("POST", `${base}/invite`, { confirmOverBudget }),
    });
    if (result) {
      const outcome = await sendOutcome(about(), "opportunity.invite").catch(() => undefined);
      flash(outcome ? `募集の案内を受け付けました。${outcome}` : `${formatNumber(result.invited)}人 への募集の案内を受け付けました。`);
      await reload();
    }
  }

  async function reload() {
    const answer = await api("GET", base);
    opportunity = answer.opportunity;
    drawHeader();
    drawFacts();
    await drawShifts();
    await deliveries.refresh();
  }

  drawHeader();
  drawFacts();
  setChildren(container, header, facts, deliveries.element, shiftsSection);
  void deliveries.start();
  await drawShifts();
}
