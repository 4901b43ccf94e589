// One round: status and actions (告知, 公表), exports, groups of comments with the city's response,
// and the comments themselves, refreshed every few seconds while the page is open.
import { api } from "./api.js";
import { h, setChildren } from "./dom.js";
import { formatDateTime, formatNumber, formatPeriod, identityLabels, roundStatusLabels } from "./format.js";
import { announceNow } from "./announce.js";
import { closeNow } from "./closeNow.js";
import { deliveryPanel, sendOutcome } from "./deliveryPanel.js";
import { describeAudience, loadSegments } from "./audienceField.js";
import { commentsPanel } from "./commentsPanel.js";
import { groupsPanel } from "./groupsPanel.js";
import { busy, dialog, field, flash, FormErrors, linkButton, pageHeader } from "./ui.js";
import { downloads, factList, languageFacts, loadPage, stat, statusLine } from "./views.js";

export const REFRESH_MS = 5000;

export async function roundDetailView(container, { params, can, onLeave }) {
  const id = params[0];
  const base = `/rounds/${encodeURIComponent(id)}`;
  const loaded = await loadPage(container, () => pageHeader("意見募集"), () => Promise.all([api("GET", base), loadSegments().catch(() => undefined)]));
  if (!loaded) return;
  let round = loaded[0].round;
  const segments = loaded[1];

  const header = h("div");
  // The latest themes analysis, if any (意見の分析: analysisView.js).
  const latestAnalysisLink = h("span");
  api("GET", `${base}/analyses`)
    .then(({ analyses }) => {
      if (analyses?.[0]) setChildren(latestAnalysisLink, h("a", { class: "button secondary", href: `#/analyses/${analyses[0].id}`, "data-testid": "open-analysis" }, "前回の分析を見る"));
    })
    .catch(() => {});
  const facts = h("div");
  const groups = groupsPanel({ base, can, onChange: () => comments.refresh() });
  const comments = commentsPanel({ base, round, segments, can, groups });
  const about = () => [round.id, round.flowId].filter(Boolean);
  const deliveries = deliveryPanel({ about, can });

  function drawHeader() {
    const actions = [];
    if (can("staff") && round.status !== "published" && round.status !== "closed") {
      actions.push(linkButton(`#/rounds/${encodeURIComponent(id)}/edit`, "編集", { testid: "edit-round" }));
    }
    if (can("staff") && (round.status === "open" || round.status === "scheduled") && !round.announcedAt) {
      const announce = h("button", { type: "button", class: "secondary", "data-testid": "announce-round" }, "今すぐ告知");
      announce.addEventListener("click", () =>
        busy(announce, async () => {
          const result = await announceNow({ path: `${base}/announce`, previewPath: `${base}/preview`, title: round.title, audienceSize: round.audienceSize, can, untranslated: round.untranslated, withoutEasy: round.withoutEasy });
          if (result) {
            // What will really happen (quiet hours may hold it until morning), not just "sent".
            const outcome = await sendOutcome(about(), "round.announce").catch(() => undefined);
            flash(outcome ? `告知を受け付けました。${outcome}` : `告知を受け付けました${typeof result.recipients === "number" ? `（${formatNumber(result.recipients)}人）` : ""}。`);
            await reloadRound();
            await deliveries.refresh();
          }
        }),
      );
      actions.push(announce);
    }
    if (can("staff") && round.status === "open") {
      const close = h("button", { type: "button", class: "danger", "data-testid": "close-round" }, "今すぐ締め切る");
      close.addEventListener("click", () =>
        busy(close, async () => {
          if (await closeNow({ path: `${base}/close`, title: round.title, what: "意見" })) {
            flash("締め切りました。");
            await reloadRound();
          }
        }),
      );
      actions.push(close);
    }
    if (can("staff") && round.commentCount > 0) actions.push(analyseButton(base));
    if (round.commentCount > 0) actions.push(latestAnalysisLink);
    if (can("staff") && round.status === "closed") {
      const publish = h("button", { type: "button", class: "primary", "data-testid": "publish-round" }, "結果を公表");
      publish.addEventListener("click", () => busy(publish, () => publishResults()));
      actions.push(publish);
    }
    setChildren(
      header,
      pageHeader(round.title, ...actions),
      statusLine({ status: round.status, labels: roundStatusLabels, number: `第${round.number}号`, version: round.version }),
    );
  }

  function drawFacts() {
    // Viewers may download too: the API leaves names and addresses out for them.
    const exports = can("viewer")
      ? downloads({
          label: "ダウンロード：",
          testid: "round-exports",
          links: [
            [`${base}/comments.csv`, "意見 CSV"],
            [`${base}/comments.json`, "意見 JSON"],
            [`${base}/results.csv`, "結果 CSV"],
            [`${base}/results.json`, "結果 JSON"],
            [`${base}/publication.csv`, "公表用の表（Excel）", "publication-csv"],
            [`${base}/opendata.csv`, "オープンデータ CSV"],
          ],
        })
      : null;
    setChildren(
      facts,
      h(
        "div",
        { class: "stats" },
        stat(`${formatNumber(round.commentCount)}件`, "寄せられた意見", "comment-count"),
        stat(`${formatNumber(round.audienceSize)}人`, "対象者（現在）", "audience-size"),
      ),
      h(
        "div",
        { class: "card" },
        factList([
          ["期間", formatPeriod(round.opensAt, round.closesAt), { "data-testid": "round-period" }],
          ["概要", round.summary, { class: "pre" }],
          ["資料", h("a", { href: round.documentUrl, target: "_blank", rel: "noopener noreferrer" }, round.documentUrl)],
          ["章", (round.sections ?? []).length ? round.sections.map((s) => s.title).join("、") : "（章なし：全体への意見のみ）"],
          ["対象者", describeAudience(round.audience, segments), { "data-testid": "round-audience" }],
          ["意見を出す方の情報", identityLabels[round.identity] ?? round.identity],
          ["告知", round.announcedAt ? `${formatDateTime(round.announcedAt)} に告知を受付（届いたかは「配信状況」）` : "まだ（受付開始の時刻に自動で告知します）"],
          ...languageFacts(round),
          [
            "結果の公表",
            round.publishedAt ? [`${formatDateTime(round.publishedAt)} に公表`, round.resultsUrl ? [" ", h("a", { href: round.resultsUrl, target: "_blank", rel: "noopener noreferrer" }, round.resultsUrl)] : null] : "まだ",
            { "data-testid": "round-published" },
          ],
        ]),
        exports,
      ),
    );
  }

  async function reloadRound() {
    const answer = await api("GET", base);
    round = answer.round;
    comments.setRound(round);
    drawHeader();
    drawFacts();
  }

  async function publishResults() {
    const errors = new FormErrors();
    const resultsUrl = h("input", { type: "url", placeholder: "https://www.city.example.jp/...", "data-testid": "results-url" });
    const notified = typeof round.commenterCount === "number" ? `${formatNumber(round.commenterCount)}人` : `意見を送った方（意見 ${formatNumber(round.commentCount)}件）`;
    const ok = await dialog({
      title: "結果を公表",
      body: [
        h("p", { "data-testid": "publish-notice" }, `意見を送った ${notified} に、結果を公表したことをLINEでお知らせします。この操作は取り消せません。`),
        errors.summary,
        field({ label: "結果を掲載したページのURL（任意）", input: resultsUrl, path: "resultsUrl", errors, hint: "空欄なら、このシステムの結果ページへ案内します" }),
      ],
      confirmLabel: "公表してお知らせする",
      testid: "publish-dialog",
      beforeConfirm: async () => {
        errors.clear();
        try {
          const answer = await api("POST", `${base}/publish`, resultsUrl.value.trim() ? { resultsUrl: resultsUrl.value.trim() } : {});
          flash(`結果を公表しました（${formatNumber(answer.recipients)}人にお知らせ）。`);
          return true;
        } catch (err) {
          errors.show(err);
          return false;
        }
      },
    });
    if (ok) await reloadRound();
  }

  drawHeader();
  drawFacts();
  setChildren(container, header, facts, deliveries.element, groups.element, comments.element);
  await deliveries.start();
  await groups.refresh();
  await comments.refresh();

  // New comments appear without reloading; the round's counts follow along.
  let ticking = false;
  const timer = setInterval(async () => {
    if (document.hidden || ticking) return;
    ticking = true;
    try {
      const before = round.commentCount;
      await comments.refresh({ quiet: true });
      const answer = await api("GET", base);
      round = answer.round;
      comments.setRound(round);
      if (round.commentCount !== before || round.status !== header.dataset.status) {
        drawHeader();
        drawFacts();
      }
      header.dataset.status = round.status;
    } catch {
      // A missed refresh is retried at the next tick.
    } finally {
      ticking = false;
    }
  }, REFRESH_MS);
  header.dataset.status = round.status;
  onLeave(() => clearInterval(timer));
}

/** 意見を分析: starts a themes analysis in the background and opens it. */
function analyseButton(base) {
  const button = h("button", { type: "button", class: "secondary", "data-testid": "analyse-round" }, "意見を分析（テーマ分け）");
  button.addEventListener("click", () =>
    busy(button, async () => {
      try {
        const { analysis } = await api("POST", `${base}/analyses`, {});
        location.hash = `#/analyses/${analysis.id}`;
      } catch (err) {
        flash(err.message, "error");
      }
    }),
  );
  return button;
}

