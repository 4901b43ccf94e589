// 設定 (administrators): reminders (on/off, the day-before time, an hour before, extra text), quiet
// hours, and the monthly message budget (「上限なし」 for cities on LINE's 地方公共団体プラン), with
// this month's count, and the participation target the ホーム page measures against. Times are Tokyo clock times.
import { api } from "./api.js";
import { h, setChildren, uid } from "./dom.js";
import { formatNumber } from "./format.js";
import { busy, EASY_HINT, easyInput, ENGLISH_HINT, englishInput, errorBox, field, flash, FormErrors, loading, pageHeader, withoutEasyNote } from "./ui.js";

export async function settingsView(container) {
  setChildren(container, pageHeader("設定"), loading());
  let settings;
  let budget;
  try {
    const [answer, usage] = await Promise.all([api("GET", "/settings"), api("GET", "/budget").catch(() => undefined)]);
    settings = answer.settings;
    budget = usage;
  } catch (err) {
    setChildren(container, pageHeader("設定"), errorBox(err.status === 404 ? { message: "設定のAPIがまだ使えません（サーバーの更新が必要です）。" } : err));
    return;
  }

  const errors = new FormErrors();
  const r = settings.reminders ?? {};
  const q = settings.quietHours ?? {};
  const b = settings.budget ?? {};
  const pa = settings.participation ?? {};
  const ib = settings.inbox ?? {};

  const remindersOn = h("input", { type: "checkbox", checked: r.enabled !== false, "data-testid": "reminders-enabled" });
  const dayBeforeAt = h("input", { type: "time", value: r.dayBeforeAt ?? "18:00", step: "60", "data-testid": "reminders-day-before-at" });
  const hourBefore = h("input", { type: "checkbox", checked: !!r.hourBefore, "data-testid": "reminders-hour-before" });
  const note = h("textarea", { rows: "3", maxlength: "300", "data-testid": "reminders-note" }, r.note ?? "");
  const noteEn = englishInput({ value: r.noteEn, maxlength: 300, testid: "reminders-note-en", rows: 2 });
  const noteEasy = easyInput({ value: r.noteEasy, maxlength: 300, testid: "reminders-note-easy", rows: 2 });
  const quietOn = h("input", { type: "checkbox", checked: q.enabled !== false, "data-testid": "quiet-enabled" });
  const quietStart = h("input", { type: "time", value: q.start ?? "21:00", step: "60", "data-testid": "quiet-start" });
  const quietEnd = h("input", { type: "time", value: q.end ?? "08:00", step: "60", "data-testid": "quiet-end" });
  const radioName = uid("budget");
  const unlimited = h("input", { type: "radio", name: radioName, value: "unlimited", checked: b.monthlyLimit === null || b.monthlyLimit === undefined, "data-testid": "budget-unlimited" });
  const limited = h("input", { type: "radio", name: radioName, value: "limited", checked: typeof b.monthlyLimit === "number", "data-testid": "budget-limited" });
  const limit = h("input", { type: "number", min: "0", step: "1", inputmode: "numeric", value: typeof b.monthlyLimit === "number" ? String(b.monthlyLimit) : "", "data-testid": "budget-limit" });
  const population = h("input", { type: "number", min: "1", step: "1", inputmode: "numeric", value: typeof pa.population === "number" ? String(pa.population) : "", "data-testid": "participation-population" });
  const targetPercent = h("input", { type: "number", min: "0", max: "100", step: "0.1", inputmode: "decimal", value: String(pa.targetPercent ?? 25), "data-testid": "participation-target" });
  const syncLimit = () => (limit.disabled = unlimited.checked);
  unlimited.addEventListener("change", syncLimit);
  limited.addEventListener("change", syncLimit);
  syncLimit();

  const reminders = h(
    "fieldset",
    { class: "field settings-group", "data-testid": "settings-reminders" },
    h("legend", {}, "リマインダー（イベント・ボランティアのシフト）"),
    h("label", { class: "check" }, remindersOn, h("span", {}, "リマインダーを送る")),
    h(
      "div",
      { class: "grid-2" },
      field({ label: "前日に送る時刻（日本時間）", input: dayBeforeAt, path: "reminders.dayBeforeAt", errors, hint: "例：18:00" }),
      h("div", { class: "field" }, h("label", { class: "check" }, hourBefore, h("span", {}, "1時間前にも送る"))),
    ),
    field({ label: "リマインダーに添える文", input: note, path: "reminders.note", errors, hint: "日時と場所は自動で入ります。持ち物などを添えられます（300文字まで）" }),
    field({ label: "英語訳", input: noteEn, path: "reminders.noteEn", errors, hint: ENGLISH_HINT }),
    field({ label: "やさしい日本語", input: noteEasy, path: "reminders.noteEasy", errors, hint: EASY_HINT }),
    r.note && !r.noteEasy ? withoutEasyNote(["リマインダーに添える文"]) : null,
  );
  errors.register("reminders", reminders);

  const quiet = h(
    "fieldset",
    { class: "field settings-group", "data-testid": "settings-quiet-hours" },
    h("legend", {}, "お知らせしない時間帯"),
    h("p", { class: "hint" }, "この時間帯のお知らせは、終わってから送ります（中止の連絡など急ぎのものは除く）。変更すると、この時間帯のために待っているお知らせの配信予定も変わります（オフにすると、すぐに送ります）。"),
    h("label", { class: "check" }, quietOn, h("span", {}, "夜間・早朝は送らない")),
    h(
      "div",
      { class: "grid-2" },
      field({ label: "開始（日本時間）", input: quietStart, path: "quietHours.start", errors }),
      field({ label: "終了（日本時間）", input: quietEnd, path: "quietHours.end", errors }),
    ),
  );
  errors.register("quietHours", quiet);

  const usage = budget
    ? h(
        "p",
        { "data-testid": "budget-usage" },
        `今月（${budget.month}）の送信：${formatNumber(budget.used)}通`,
        budget.limit === null ? "（上限なし）" : ` / 上限 ${formatNumber(budget.limit)}通（残り ${formatNumber(budget.remaining)}通）`,
      )
    : null;
  const budgetBox = h(
    "fieldset",
    { class: "field settings-group", "data-testid": "settings-budget" },
    h("legend", {}, "月間のメッセージ上限"),
    h("p", { class: "hint" }, "LINEは1人に1通送るごとに1通と数えます。地方公共団体プランなど無料で送れる場合は「上限なし」にしてください。上限を超える送信は、管理者が確認したときだけ送れます。"),
    usage,
    h(
      "div",
      { class: "check-row" },
      h("label", { class: "check" }, unlimited, h("span", {}, "上限なし")),
      h("label", { class: "check" }, limited, h("span", {}, "上限あり")),
    ),
    field({ label: "1か月の上限（通）", input: limit, path: "budget.monthlyLimit", errors }),
  );
  errors.register("budget", budgetBox);

  const participationBox = h(
    "fieldset",
    { class: "field settings-group", "data-testid": "settings-participation" },
    h("legend", {}, "参加の目標（ホームに表示）"),
    h("p", { class: "hint" }, "1年間に何か（意見・アンケート・イベント・ボランティア）に参加した住民の割合の目標です。総合計画などの目標値を入れてください。"),
    h(
      "div",
      { class: "grid-2" },
      field({ label: "人口（人）", input: population, path: "participation.population", errors, hint: "空欄：目標を表示しません" }),
      field({ label: "目標（％）", input: targetPercent, path: "participation.targetPercent", errors, hint: "例：25" }),
    ),
  );
  errors.register("participation", participationBox);

  // The inbox: residents are told whether a person reads their message now or on the next working day.
  const dayNames = ["日", "月", "火", "水", "木", "金", "土"];
  const officeDays = dayNames.map((name, day) => ({ day, input: h("input", { type: "checkbox", checked: (ib.officeDays ?? [1, 2, 3, 4, 5]).includes(day), "data-testid": `office-day-${day}` }), name }));
  const officeStart = h("input", { type: "time", value: ib.officeStart ?? "08:30", step: "60", "data-testid": "office-start" });
  const officeEnd = h("input", { type: "time", value: ib.officeEnd ?? "17:15", step: "60", "data-testid": "office-end" });
  const closedDates = h("textarea", { rows: "3", "data-testid": "office-closed-dates" }, (ib.closedDates ?? []).join("\n"));
  const retentionDays = h("input", { type: "number", min: "1", max: "3650", step: "1", inputmode: "numeric", value: String(ib.retentionDays ?? 365), "data-testid": "inbox-retention-days" });
  const inboxBox = h(
    "fieldset",
    { class: "field settings-group", "data-testid": "settings-inbox" },
    h("legend", {}, "問い合わせ（受付時間と保存期間）"),
    h("p", { class: "hint" }, "住民がメッセージを送ると、職員が読むこととその目安（受付時間内なら順に、時間外なら次の受付日の開始時刻から）を自動で返します。"),
    h("div", { class: "check-row", role: "group", "aria-label": "受付する曜日" }, officeDays.map((d) => h("label", { class: "check" }, d.input, h("span", {}, d.name)))),
    h("div", { class: "grid-2" }, field({ label: "受付開始（日本時間）", input: officeStart, path: "inbox.officeStart", errors }), field({ label: "受付終了（日本時間）", input: officeEnd, path: "inbox.officeEnd", errors })),
    field({ label: "休みの日", input: closedDates, path: "inbox.closedDates", errors, hint: "祝日・年末年始など。1行に1日、YYYY-MM-DD で" }),
    field({ label: "保存期間（日）", input: retentionDays, path: "inbox.retentionDays", errors, hint: "最後のメッセージからこの日数が過ぎた問い合わせは自動で削除します" }),
  );
  errors.register("inbox", inboxBox);

  const submit = h("button", { type: "submit", class: "primary", "data-testid": "settings-save" }, "設定を保存");
  const form = h("form", { class: "card", novalidate: true, "data-testid": "settings-form" }, errors.summary, reminders, quiet, budgetBox, participationBox, inboxBox, h("div", { class: "actions" }, submit));
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    errors.clear();
    if (limited.checked && limit.value.trim() === "") {
      return errors.show({ message: "入力内容を確認してください。", issues: [{ path: "budget.monthlyLimit", message: "上限の通数を入力するか、「上限なし」を選んでください。" }] });
    }
    const body = {
      reminders: { enabled: remindersOn.checked, dayBeforeAt: dayBeforeAt.value, hourBefore: hourBefore.checked, note: note.value.trim(), ...(noteEn.value.trim() || r.noteEn ? { noteEn: noteEn.value.trim() } : {}), ...(noteEasy.value.trim() || r.noteEasy ? { noteEasy: noteEasy.value.trim() } : {}) },
      quietHours: { enabled: quietOn.checked, start: quietStart.value, end: quietEnd.value },
      budget: { monthlyLimit: unlimited.checked ? null : Number(limit.value) },
      participation: { population: population.value.trim() === "" ? null : Number(population.value), targetPercent: Number(targetPercent.value || 25) },
      inbox: {
        officeDays: officeDays.filter((d) => d.input.checked).map((d) => d.day),
        officeStart: officeStart.value,
        officeEnd: officeEnd.value,
        closedDates: closedDates.value.split(/\s+/).filter(Boolean),
        retentionDays: Number(retentionDays.value),
      },
    };
    await busy(submit, async () => {
      try {
        await api("PUT", "/settings", body);
        flash("設定を保存しました。");
        await settingsView(container);
      } catch (err) {
        errors.show(err);
      }
    });
  });
  setChildren(container, pageHeader("設定"), form);
}
