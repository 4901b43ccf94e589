// One poll: what it asks, actions (今すぐ告知, 編集), exports, and its results drawn as bars, with
// breakdowns by age band and district (small groups are merged by the API for privacy).
import { api } from "./api.js";
import { replyDialog } from "./replyDialog.js";
import { h, setChildren } from "./dom.js";
import { formatDateTime, formatNumber, formatPercent, formatPeriod, pollKindLabels, pollStatusLabels } from "./format.js";
import { announceNow } from "./announce.js";
import { closeNow } from "./closeNow.js";
import { deliveryPanel, sendOutcome } from "./deliveryPanel.js";
import { describeAudience, loadSegments } from "./audienceField.js";
import { busy, errorBox, field, flash, linkButton, pageHeader, tableWrap } from "./ui.js";
import { factList, languageFacts, loadPage, stat, statusLine } from "./views.js";

export async function pollDetailView(container, { params, can }) {
  const id = params[0];
  const base = `/polls/${encodeURIComponent(id)}`;
  const loaded = await loadPage(container, () => pageHeader("アンケート"), () => Promise.all([api("GET", base), loadSegments().catch(() => undefined)]));
  if (!loaded) return;
  let poll = loaded[0].poll;
  const segments = loaded[1];

  const header = h("div");
  const info = h("div");
  const results = h("section", { "aria-labelledby": "results-heading", "data-testid": "poll-results" });
  const about = () => [poll.id, poll.flowId].filter(Boolean);
  const deliveries = deliveryPanel({ about, can });

  function drawHeader() {
    const actions = [];
    if (can("staff") && poll.status !== "closed") actions.push(linkButton(`#/polls/${encodeURIComponent(poll.id)}/edit`, "編集", { testid: "edit-poll" }));
    if (can("staff") && poll.status === "open") {
      const again = !!poll.announcedAt;
      const announce = h("button", { type: "button", class: "secondary", "data-testid": "announce-poll" }, again ? "未回答の方へもう一度お知らせ" : "今すぐ告知");
      announce.addEventListener("click", () =>
        busy(announce, async () => {
          const result = await announceNow({
            path: `${base}/announce`,
            previewPath: `${base}/preview?again=${again}`,
            title: poll.title,
            audienceSize: poll.audienceSize,
            body: { again },
            can,
            untranslated: poll.untranslated, withoutEasy: poll.withoutEasy,
            message: again ? `「${poll.title}」にまだ回答していない対象者へ、もう一度LINEでお知らせします。よろしいですか？` : undefined,
          });
          if (result) {
            const outcome = await sendOutcome(about(), again ? "poll.reminder" : "poll.announce").catch(() => undefined);
            flash(outcome ? `お知らせを受け付けました。${outcome}` : `お知らせを受け付けました（${formatNumber(result.recipients ?? 0)}人）。`);
            await reload();
            await deliveries.refresh();
          }
        }),
      );
      actions.push(announce);
      const close = h("button", { type: "button", class: "danger", "data-testid": "close-poll" }, "今すぐ締め切る");
      close.addEventListener("click", () =>
        busy(close, async () => {
          if (await closeNow({ path: `${base}/close`, title: poll.title, what: "回答" })) {
            flash("締め切りました。");
            await reload();
          }
        }),
      );
      actions.push(close);
    }
    setChildren(header, pageHeader(poll.title, ...actions), statusLine({ status: poll.status, labels: pollStatusLabels, number: `No.${poll.number}`, version: poll.version }));
  }

  function drawInfo() {
    setChildren(
      info,
      h(
        "div",
        { class: "card" },
        factList([
          ["期間", formatPeriod(poll.opensAt, poll.closesAt)],
          poll.description ? ["説明", poll.description, { class: "pre" }] : null,
          ["対象者", `${describeAudience(poll.audience, segments)}（現在 ${formatNumber(poll.audienceSize)}人）`],
          ["告知", poll.announcedAt ? `${formatDateTime(poll.announcedAt)} にお知らせを受付（届いたかは「配信状況」）` : "まだ（受付開始の時刻に自動でお知らせします）"],
          ...languageFacts(poll),
          ["質問", h("ol", { class: "question-list" }, (poll.questions ?? []).map((q) => h("li", {}, q.text, h("span", { class: "tag" }, pollKindLabels[q.kind] ?? q.kind), q.scaleLabels ? h("span", { class: "tag" }, `1 ${q.scaleLabels.low} … 5 ${q.scaleLabels.high}`) : null, q.when ? h("span", { class: "tag" }, "条件つき") : null)))],
          poll.flowId ? ["回答ボタンの設定", ["リッチメニューなどのポストバックに ", h("code", {}, `flow=${poll.flowId}`), " を設定すると回答を始められます"]] : null,
        ]),
        can("staff") ? exportsBlock() : null,
      ),
    );
  }

  function exportsBlock() {
    const from = h("input", { type: "date", "data-testid": "export-from" });
    const to = h("input", { type: "date", "data-testid": "export-to" });
    const csv = h("a", { class: "button secondary small", download: "", "data-testid": "export-csv" }, "回答 CSV");
    const json = h("a", { class: "button secondary small", download: "", "data-testid": "export-json" }, "回答 JSON");
    const update = () => {
      const q = new URLSearchParams();
      if (from.value) q.set("from", from.value);
      if (to.value) q.set("to", to.value);
      const suffix = q.toString() ? `?${q}` : "";
      csv.href = `/api/admin${base}/responses.csv${suffix}`;
      json.href = `/api/admin${base}/responses.json${suffix}`;
    };
    from.addEventListener("input", update);
    to.addEventListener("input", update);
    update();
    return h(
      "div",
      { class: "card", "data-testid": "poll-exports" },
      h("h3", {}, "回答のダウンロード"),
      h("div", { class: "filters" }, field({ label: "回答日（から）", input: from, hint: "空欄ならすべて" }), field({ label: "回答日（まで）", input: to }), h("div", { class: "actions" }, csv, json)),
    );
  }

  async function drawResults() {
    const refresh = h("button", { type: "button", class: "secondary small", "data-testid": "refresh-results" }, "最新にする");
    // The poll too: its audience and whether it was announced change while the page is open.
    refresh.addEventListener("click", () => busy(refresh, reload));
    let data;
    try {
      data = await api("GET", `${base}/results`);
    } catch (err) {
      setChildren(results, h("h2", { id: "results-heading" }, "集計結果"), errorBox(err));
      return;
    }
    const whenOf = new Map((poll.questions ?? []).map((q) => [q.id, q.when]));
    const numberOf = new Map((poll.questions ?? []).map((q, i) => [q.id, i + 1]));
    setChildren(
      results,
      h("div", { class: "page-header" }, h("h2", { id: "results-heading" }, "集計結果"), refresh),
      h(
        "div",
        { class: "stats" },
        stat(`${formatNumber(data.responseCount)}件`, "回答数", "response-count"),
        stat(`${formatNumber(data.audienceSize)}人`, "対象者（現在）", "audience-size"),
        stat(data.participationRate === null ? "—" : formatPercent(data.participationRate * 100), "回答率", "participation-rate"),
      ),
      data.responseCount === 0 ? h("p", { class: "empty card" }, "まだ回答はありません。") : null,
      data.questions.map((q, i) => questionResult(q, i, whenOf.get(q.id), numberOf, poll)),
    );
  }

  async function reload() {
    const answer = await api("GET", base);
    poll = answer.poll;
    drawHeader();
    drawInfo();
    await drawResults();
  }

  drawHeader();
  drawInfo();
  setChildren(container, header, info, deliveries.element, results);
  await deliveries.start();
  await drawResults();
}

function questionResult(q, index, when, numberOf, poll) {
  const condition = when ? conditionText(when, numberOf, poll) : null;
  const suppressed = q.suppressedGroups > 0 ? h("p", { class: "note", "data-testid": "suppressed-note" }, "5人未満のグループは表示していません（個人が特定されないよう「その他」にまとめています）。") : null;
  return h(
    "article",
    { class: "question-result", "data-testid": "question-result", "data-question-id": q.id },
    h("h3", {}, `問${index + 1}. `, q.text),
    h("p", { class: "hint" }, pollKindLabels[q.kind] ?? q.kind, ` ・ 回答 ${formatNumber(q.answered)}人`, condition ? ` ・ ${condition}` : "", q.kind === "multiple" ? " ・ 割合は回答した人のうち選んだ人の割合" : ""),
    q.options.length ? bars(q.options) : null,
    q.kind !== "text" && q.answered > 0 ? breakdowns(q) : null,
    suppressed,
    q.kind === "text" ? textAnswers(q) : null,
    q.kind === "text" && q.texts?.length ? analyseTextButton(poll, q) : null,
  );
}

/** 回答を分析: the themes of a free-text question's answers (analysisView.js), in the background. */
function analyseTextButton(poll, q) {
  const button = h("button", { type: "button", class: "secondary small", "data-testid": "analyse-text" }, "回答を分析（テーマ分け）");
  button.addEventListener("click", () =>
    busy(button, async () => {
      try {
        const { analysis } = await api("POST", `/polls/${encodeURIComponent(poll.id)}/analyses`, { questionId: q.id });
        location.hash = `#/analyses/${analysis.id}`;
      } catch (err) {
        flash(err.message, "error");
      }
    }),
  );
  return h("div", { class: "actions" }, button);
}

function conditionText(when, numberOf, poll) {
  const target = (poll.questions ?? []).find((x) => x.id === when.questionId);
  const labels = when.in.map((v) => target?.choices?.find((c) => c.value === v)?.label ?? v);
  return `問${numberOf.get(when.questionId) ?? "?"}で「${labels.join("」「")}」と答えた方のみ`;
}

/** One horizontal bar per option: label, bar (decorative), count and percentage as text. */
function bars(options) {
  return h(
    "ul",
    { class: "bars", role: "list" },
    options.map((o) =>
      h(
        "li",
        { class: "bar-row", "data-testid": "bar", "data-value": o.value },
        h("span", { class: "bar-label", "data-testid": "bar-label" }, o.label),
        h("span", { class: "bar-track", "aria-hidden": "true" }, h("span", { class: "bar-fill", style: { width: `${Math.max(0, Math.min(100, o.percent))}%`, display: "block" } })),
        h("span", { class: "bar-value", "data-testid": "bar-value" }, h("strong", {}, `${formatNumber(o.count)}件`), ` (${formatPercent(o.percent)})`),
      ),
    ),
  );
}

function breakdowns(q) {
  const table = (caption, groups, testid) =>
    groups.length === 0
      ? null
      : tableWrap(
          h(
            "table",
            { class: "data", "data-testid": testid },
            h("caption", { class: "hint" }, caption),
            h("thead", {}, h("tr", {}, h("th", { scope: "col" }, caption.replace("別", "")), h("th", { scope: "col", class: "num" }, "回答"), q.options.map((o) => h("th", { scope: "col", class: "num" }, o.label)))),
            h(
              "tbody",
              {},
              groups.map((g) => h("tr", {}, h("th", { scope: "row" }, g.label), h("td", { class: "num" }, formatNumber(g.answered)), q.options.map((o) => h("td", { class: "num" }, formatNumber(g.options?.[o.value] ?? 0))))),
            ),
          ),
        );
  return h(
    "details",
    { class: "breakdowns", open: true },
    h("summary", {}, "年代別・地区別の内訳"),
    h("div", { class: "grid-2" }, table("年代別", q.byAgeBand ?? [], "by-age-band"), table("地区別", q.byDistrict ?? [], "by-district")),
  );
}

function textAnswers(q) {
  if (!q.texts) return h("p", { class: "hint" }, "自由記述の回答は職員の権限で表示されます。");
  if (q.texts.length === 0) return h("p", { class: "empty" }, "自由記述の回答はまだありません。");
  return h(
    "details",
    { open: true },
    h("summary", {}, `自由記述の回答（新しい順、${formatNumber(q.texts.length)}件${q.texts.length >= 1000 ? "まで。すべてはCSVで" : ""}）`),
    h(
      "ol",
      { class: "texts", "data-testid": "text-answers" },
      q.texts.map((t, i) => {
        // Only staff read free text (and so see responseIds): a reply to the one resident who wrote it.
        const responseId = q.responseIds?.[i];
        const reply = responseId ? h("button", { type: "button", class: "secondary small", "data-testid": "reply-answer" }, "LINEで返信") : null;
        reply?.addEventListener("click", () => replyDialog({ title: "この回答の住民に返信", quoted: t, path: `/poll-responses/${encodeURIComponent(responseId)}/reply` }));
        return h("li", { "data-testid": "text-answer" }, h("span", {}, t), reply ? " " : null, reply);
      }),
    ),
  );
}

