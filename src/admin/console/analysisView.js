// 意見の分析: the themes of a round's comments (or a poll's free-text answers), found on this
// server. While the job runs: its progress. Then: the map (a dot per comment, coloured by theme),
// the themes with their words, representative comments and sub-themes, duplicates shown once with
// their count, who raised what (age band, district), and staff's edits — rename, merge, split,
// move comments, fewer/more themes — and, for a round, まとまりにする: each theme becomes a group
// whose 意見の概要・市の考え方・修正の有無 are written here once for all its comments.
import { api } from "./api.js";
import { h, setChildren } from "./dom.js";
import { formatDateTime, formatNumber } from "./format.js";
import { busy, errorBox, field, flash, loading, pageHeader, tableWrap } from "./ui.js";

const POLL_MS = 1000;
const COLOURS = ["#0b5cad", "#d1495b", "#2e8b57", "#e08e0b", "#7b4fa0", "#00798c", "#8c564b", "#c2185b", "#5d7f1a", "#3f51b5", "#b8860b", "#607d8b"];
const OTHER = "other";
const stageLabels = { queued: "開始を待っています", duplicates: "重複を探しています", words: "単語に分けています", weights: "重みを計算しています", themes: "テーマに分けています", labels: "名前を付けています", map: "地図を描いています", done: "完了" };

const colourOf = (themes, id) => (id === OTHER ? "#9aa0a6" : COLOURS[themes.findIndex((t) => t.id === id) % COLOURS.length]);

function svg(tag, attrs = {}, ...children) {
  const el = document.createElementNS("http://www.w3.org/2000/svg", tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, String(v));
  for (const c of children) el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  return el;
}

export async function analysisView(container, { params, can, navigate, onLeave }) {
  const id = params[0];
  let timer;
  onLeave(() => clearTimeout(timer));
  setChildren(container, pageHeader("意見の分析"), loading());

  async function load() {
    try {
      const { analysis } = await api("GET", `/analyses/${encodeURIComponent(id)}`);
      draw(analysis);
      if (analysis.status === "running") timer = setTimeout(load, POLL_MS);
    } catch (err) {
      setChildren(container, pageHeader("意見の分析"), errorBox(err));
    }
  }

  const sourceLink = (a) => (a.source.kind === "round" ? `#/rounds/${a.source.id}` : `#/polls/${a.source.id}`);
  const sourceName = (a) => `${a.source.kind === "round" ? "意見募集" : "アンケート"} 第${a.source.number}号「${a.source.title}」`;

  // Fewer or more themes, or another go, keep the plan's chapters the analysis was given.
  async function restart(a, themeCount, planText = a.planText) {
    const path = a.source.kind === "round" ? `/rounds/${a.source.id}/analyses` : `/polls/${a.source.id}/analyses`;
    const body = { ...(a.source.questionId ? { questionId: a.source.questionId } : {}), ...(themeCount ? { themeCount } : {}), ...(planText?.trim() ? { planSubjects: planText } : {}) };
    const { analysis } = await api("POST", path, body);
    navigate(`#/analyses/${analysis.id}`);
  }

  async function edit(edit) {
    const { analysis } = await api("POST", `/analyses/${encodeURIComponent(id)}/edits`, edit);
    draw(analysis);
  }

  function draw(a) {
    const back = h("p", {}, h("a", { href: sourceLink(a) }, `← ${sourceName(a)}`));
    if (a.status === "running") {
      setChildren(
        container,
        pageHeader("意見の分析"),
        back,
        h(
          "div",
          { class: "card", "data-testid": "analysis-running" },
          h("p", {}, "このサーバーの中で分析しています（外部には送りません）。この画面を離れても続きます。"),
          h("progress", { max: "100", value: String(Math.round(a.progress * 100)), "aria-label": "進み具合" }),
          h("p", { role: "status", "data-testid": "analysis-stage" }, `${stageLabels[a.stage] ?? a.stage ?? ""}（${Math.round(a.progress * 100)}%）`),
        ),
      );
      return;
    }
    if (a.status === "failed") {
      const retry = h("button", { type: "button", class: "primary" }, "もう一度分析する");
      retry.addEventListener("click", () => busy(retry, () => restart(a, a.options.themeCount)));
      setChildren(container, pageHeader("意見の分析"), back, errorBox({ message: a.error ?? "分析できませんでした。" }), can("staff") ? retry : null);
      return;
    }
    const r = a.result;
    const themes = r.themes;
    const actions = [];
    if (can("staff")) {
      const fewer = h("button", { type: "button", class: "secondary", "data-testid": "fewer-themes", disabled: r.themeCount <= 2 }, "テーマを減らす");
      const more = h("button", { type: "button", class: "secondary", "data-testid": "more-themes" }, "テーマを増やす");
      fewer.addEventListener("click", () => busy(fewer, () => restart(a, Math.max(2, r.themeCount - 1))));
      more.addEventListener("click", () => busy(more, () => restart(a, Math.min(40, r.themeCount + 1))));
      actions.push(fewer, more);
      if (a.summariesAvailable) {
        // Off unless the city configured its own summary server (THEME_SUMMARY_URL).
        const summarize = h("button", { type: "button", class: "secondary", "data-testid": "summarize-themes" }, "要約を作る");
        summarize.addEventListener("click", () =>
          busy(summarize, async () => {
            try {
              const { analysis } = await api("POST", `/analyses/${encodeURIComponent(id)}/summaries`);
              flash("テーマごとの要約（下書き）を作りました。個人の情報は送る前に取り除いています。");
              draw(analysis);
            } catch (err) {
              flash(err.message, "error");
            }
          }),
        );
        actions.push(summarize);
      }
      if (a.source.kind === "round") {
        const apply = h("button", { type: "button", class: "primary", "data-testid": "apply-themes" }, Object.keys(a.groups).length ? "まとまりを更新" : "テーマをまとまりにする");
        apply.addEventListener("click", () =>
          busy(apply, async () => {
            const { analysis } = await api("POST", `/analyses/${encodeURIComponent(id)}/apply`);
            flash("テーマを意見のまとまりにしました。テーマごとに市の考え方を書けます。");
            draw(analysis);
          }),
        );
        actions.push(apply);
      }
    }
    const selected = new Set();
    const mergeButton = h("button", { type: "button", class: "secondary", "data-testid": "merge-themes", disabled: true }, "選んだテーマを1つにまとめる");
    mergeButton.addEventListener("click", () => busy(mergeButton, () => edit({ kind: "merge", themeIds: themes.filter((t) => selected.has(t.id)).map((t) => t.id) })));
    const onSelect = (themeId, on) => {
      if (on) selected.add(themeId);
      else selected.delete(themeId);
      mergeButton.disabled = selected.size < 2;
    };

    setChildren(
      container,
      pageHeader("意見の分析", ...actions),
      back,
      h(
        "div",
        { class: "stats" },
        stat(`${formatNumber(r.commentCount)}件`, "意見", "analysis-comments"),
        stat(`${formatNumber(r.distinctCount)}件`, "重複をまとめた意見", "analysis-distinct"),
        stat(`${formatNumber(r.themeCount)}`, `テーマ（データからの提案：${r.suggestedThemeCount}）`, "analysis-theme-count"),
      ),
      h("p", { class: "hint" }, `${formatDateTime(a.finishedAt ?? a.createdAt)} に分析。このサーバーの中だけで処理し、外部には送っていません。同じ・ほぼ同じ意見（組織的な意見など）は1件として数えています。`),
      mapCard(r),
      h(
        "section",
        { class: "card", "aria-labelledby": "themes-heading" },
        h("div", { class: "question-head" }, h("h2", { id: "themes-heading" }, "テーマ"), can("staff") ? mergeButton : null),
        h("div", { class: "rows", "data-testid": "themes" }, themes.map((t) => themeCard(a, t, onSelect))),
      ),
      duplicatesCard(a),
      comparisonCard(a),
      can("staff") ? planCard(a) : null,
    );
  }

  /** 計画の柱: the plan's chapters with residents' words for them, so that the themes follow the plan. */
  function planCard(a) {
    const text = h("textarea", { id: "plan-subjects", rows: "8", "data-testid": "plan-subjects", placeholder: "定期航路: 船、フェリー、高速船、欠航、港\n医療: 病院、診療所、医者、通院、薬" }, a.planText ?? "");
    const error = h("p", { class: "form-errors", role: "alert", "data-testid": "plan-subjects-error" });
    error.hidden = true;
    const run = h("button", { type: "button", class: "primary", "data-testid": "plan-reanalyse" }, a.planText ? "この柱で分析し直す" : "柱を使って分析し直す");
    run.addEventListener("click", () =>
      busy(run, async () => {
        error.hidden = true;
        try {
          await restart(a, a.options.themeCount, text.value);
        } catch (err) {
          error.textContent = err.issues?.map((i) => i.message).join(" ") || err.message;
          error.hidden = false;
        }
      }),
    );
    return h(
      "section",
      { class: "card", "aria-labelledby": "plan-heading" },
      h("h2", { id: "plan-heading" }, "計画の柱で分ける（任意）"),
      h(
        "p",
        { class: "hint" },
        "案の章や施策ごとに1行、「柱の名前: 住民が使いそうな言葉、言葉、…」と書くと、その言葉を使う意見が同じテーマに集まりやすくなり、ほとんどがその柱の意見のテーマには柱の名前が付きます。行頭が # の行はメモです。空にして分析し直すと、柱を使いません。",
      ),
      h("label", { for: "plan-subjects" }, "計画の柱と言葉"),
      text,
      error,
      h("div", { class: "actions" }, run),
    );
  }

  function mapCard(r) {
    const size = 360;
    const pos = (v) => ((v + 1) / 2) * (size - 20) + 10;
    const themeOf = new Map();
    for (const t of r.themes) for (const c of t.commentIds) themeOf.set(c, t.id);
    const points = r.map.length > 5000 ? r.map.filter((_, i) => i % Math.ceil(r.map.length / 5000) === 0) : r.map;
    const plot = svg(
      "svg",
      { viewBox: `0 0 ${size} ${size}`, width: "100%", style: "max-width:420px;border:1px solid #d0d7de;border-radius:6px;background:#fff", role: "img", "aria-label": "意見の地図：近い意見ほど近くに、テーマごとに色分け", "data-testid": "theme-map" },
      ...points.map((p) => svg("circle", { cx: pos(p.x).toFixed(1), cy: pos(-p.y).toFixed(1), r: 3.5, fill: colourOf(r.themes, themeOf.get(p.id)), "fill-opacity": 0.7 })),
    );
    const legend = h("ul", { class: "legend", style: "list-style:none;padding:0" }, r.themes.map((t) => h("li", {}, h("span", { style: { display: "inline-block", width: "0.8em", height: "0.8em", background: colourOf(r.themes, t.id), marginRight: "0.4em", borderRadius: "50%" } }), t.label)));
    return h("section", { class: "card", "aria-labelledby": "map-heading" }, h("h2", { id: "map-heading" }, "意見の地図"), h("p", { class: "hint" }, "点が1件の意見です。内容が近い意見ほど近くに並びます。"), h("div", { class: "grid-2" }, plot, legend));
  }

  function themeCard(a, t, onSelect) {
    const r = a.result;
    const group = a.groups[t.id];
    const colour = h("span", { style: { display: "inline-block", width: "0.9em", height: "0.9em", background: colourOf(r.themes, t.id), borderRadius: "50%", marginRight: "0.4em" } });
    const pick = can("staff") ? h("input", { type: "checkbox", "aria-label": `「${t.label}」を選ぶ`, "data-testid": "theme-select" }) : null;
    pick?.addEventListener("change", () => onSelect(t.id, pick.checked));
    const sizes = t.size === t.distinctSize ? `${formatNumber(t.size)}件` : `${formatNumber(t.size)}件（重複をまとめて ${formatNumber(t.distinctSize)}件）`;
    const buttons = [];
    if (can("staff")) {
      const rename = h("button", { type: "button", class: "secondary small", "data-testid": "theme-rename" }, "名前を変える");
      rename.addEventListener("click", () => {
        const input = h("input", { type: "text", value: t.label, maxlength: "100", "data-testid": "theme-label" });
        const save = h("button", { type: "submit", class: "primary small" }, "保存");
        const form = h("form", { class: "actions" }, input, save);
        form.addEventListener("submit", (e) => {
          e.preventDefault();
          busy(save, () => edit({ kind: "rename", themeId: t.id, label: input.value.trim() }).catch((err) => flash(err.message, "error")));
        });
        title.replaceWith(form);
        input.focus();
      });
      buttons.push(rename);
      if (t.children.length >= 2) {
        const split = h("button", { type: "button", class: "secondary small", "data-testid": "theme-split" }, "小テーマに分ける");
        split.addEventListener("click", () => busy(split, () => edit({ kind: "split", themeId: t.id })));
        buttons.push(split);
      }
    }
    const listButton = h("button", { type: "button", class: "secondary small", "data-testid": "theme-comments" }, "意見を見る・移す");
    const list = h("div");
    listButton.addEventListener("click", () => busy(listButton, () => showComments(a, t, list)));
    buttons.push(listButton);
    const title = h("h3", {}, colour, t.label, h("span", { class: "tag" }, sizes));
    return h(
      "div",
      { class: "question", "data-testid": "theme", "data-theme-id": t.id },
      h("div", { class: "question-head" }, h("div", { class: "actions" }, pick, title), h("div", { class: "actions" }, buttons)),
      t.keywords.length ? h("p", {}, "特徴的な言葉：", t.keywords.map((k) => h("span", { class: "tag" }, k))) : null,
      t.representativeIds.length ? h("ul", { "data-testid": "theme-representatives" }, t.representativeIds.map((c) => h("li", { class: "pre" }, a.texts[c]?.text ?? c))) : null,
      t.summary ? h("div", { class: "response pre", "data-testid": "theme-ai-summary" }, h("strong", {}, "要約（下書き・要約サーバー作成）："), t.summary) : null,
      t.children.length ? h("details", {}, h("summary", {}, `小テーマ ${t.children.length}`), h("ul", {}, t.children.map((c) => h("li", {}, `${c.label}（${formatNumber(c.size)}件）`, c.representativeIds[0] && a.texts[c.representativeIds[0]] ? h("div", { class: "hint pre" }, a.texts[c.representativeIds[0]].text) : null)))) : null,
      group ? groupForm(a, t, group) : null,
      list,
    );
  }

  function groupForm(a, t, group) {
    const summary = h("textarea", { rows: "3", "data-testid": "theme-summary" }, group.summary ?? "");
    const response = h("textarea", { rows: "4", "data-testid": "theme-response" }, group.response ?? "");
    const revised = h("select", { "data-testid": "theme-revised" }, [["", "検討中"], ["true", "有（案を修正する）"], ["false", "無"]].map(([v, l]) => h("option", { value: v, selected: String(group.revised ?? "") === v }, l)));
    const save = h("button", { type: "submit", class: "primary", "data-testid": "theme-save" }, "保存");
    const disabled = !can("staff");
    for (const el of [summary, response, revised, save]) el.disabled = disabled;
    const form = h(
      "form",
      { class: "card", novalidate: true, "data-testid": "theme-group" },
      h("p", { class: "hint" }, `意見のまとまり「${group.title}」：ここに書いた市の考え方が、このテーマの意見すべてに付きます。`),
      field({ label: "意見の概要（公表用）", input: summary }),
      t.summary && !disabled ? h("button", { type: "button", class: "secondary small", onclick: () => (summary.value = t.summary) }, "要約の下書きを使う") : null,
      field({ label: "市の考え方", input: response }),
      field({ label: "修正の有無", input: revised }),
      h("div", { class: "actions" }, save),
    );
    form.addEventListener("submit", (e) => {
      e.preventDefault();
      busy(save, async () => {
        try {
          await api("PATCH", `/rounds/${a.source.id}/groups/${group.id}`, { title: t.label, summary: summary.value.trim() || null, response: response.value.trim() || null, revised: revised.value === "" ? null : revised.value === "true" });
          flash(`「${t.label}」の市の考え方を保存しました。`);
        } catch (err) {
          flash(err.message, "error");
        }
      });
    });
    return form;
  }

  async function showComments(a, t, list) {
    const { comments } = await api("GET", `/analyses/${encodeURIComponent(id)}/themes/${encodeURIComponent(t.id)}/comments`);
    const others = a.result.themes.filter((x) => x.id !== t.id);
    setChildren(
      list,
      h(
        "ul",
        { "data-testid": "theme-comment-list" },
        comments.map((c) => {
          const target = h("select", { "aria-label": "移す先のテーマ" }, others.map((o) => h("option", { value: o.id }, o.label)));
          const move = h("button", { type: "button", class: "secondary small" }, "移す");
          move.addEventListener("click", () => busy(move, () => edit({ kind: "move", commentIds: [c.id], toThemeId: target.value })));
          return h("li", {}, h("span", { class: "tag" }, c.label), c.duplicates > 1 ? h("span", { class: "tag" }, `同じ・ほぼ同じ意見 ${c.duplicates}件`) : null, h("span", { class: "pre" }, c.text), can("staff") && others.length ? h("span", { class: "actions" }, target, move) : null);
        }),
      ),
    );
  }

  function duplicatesCard(a) {
    const dups = [...a.result.duplicates].sort((x, y) => y.commentIds.length - x.commentIds.length);
    return h(
      "section",
      { class: "card", "aria-labelledby": "dups-heading" },
      h("h2", { id: "dups-heading" }, "同じ・ほぼ同じ意見"),
      dups.length === 0
        ? h("p", { class: "empty" }, "ありません。")
        : h("ul", { "data-testid": "duplicates" }, dups.map((d) => h("li", {}, h("span", { class: "tag" }, `${formatNumber(d.commentIds.length)}件`), h("span", { class: "pre" }, a.texts[d.commentIds[0]]?.text ?? "")))),
    );
  }

  function comparisonCard(a) {
    const themes = a.result.themes;
    const table = (title, comparison) =>
      h(
        "div",
        {},
        h("h3", {}, title),
        comparison.groups.length === 0
          ? h("p", { class: "empty" }, "人数が少ないため表示しません。")
          : tableWrap(
              h(
                "table",
                {},
                h("thead", {}, h("tr", {}, h("th", {}, ""), h("th", {}, "件数"), themes.map((t) => h("th", {}, t.label)))),
                h("tbody", {}, comparison.groups.map((g) => h("tr", {}, h("th", {}, g.label), h("td", {}, formatNumber(g.answered)), themes.map((t) => h("td", {}, `${g.shares[t.id] ?? 0}%`))))),
              ),
            ),
      );
    return h(
      "section",
      { class: "card", "aria-labelledby": "compare-heading", "data-testid": "theme-comparison" },
      h("h2", { id: "compare-heading" }, "だれが何を"),
      h("p", { class: "hint" }, "年代・地区ごとに、どのテーマの意見が多いか（割合）。5人未満のグループは「その他」にまとめています。"),
      table("年代別", a.comparison.ageBand),
      table("地区別", a.comparison.district),
    );
  }

  await load();
}

function stat(value, label, testid) {
  return h("div", { class: "stat" }, h("div", { class: "value", "data-testid": testid }, value), h("div", { class: "label" }, label));
}
