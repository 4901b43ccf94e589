// ボランティアの集計: the register now (active, minors, ended), then per month (Asia/Tokyo) registered
// volunteers, sign-ups and hours, with one month broken down by age band and district. The API
// merges groups of fewer than 5 volunteers so that no one can be picked out.
import { api } from "./api.js";
import { h, setChildren } from "./dom.js";
import { formatNumber } from "./format.js";
import { volunteerTabs } from "./volunteerShared.js";
import { busy, errorBox, field, loading, pageHeader, tableWrap } from "./ui.js";
import { stat } from "./views.js";

/** "2026-11" → "2026年11月". */
const monthLabel = (key) => `${key.slice(0, 4)}年${Number(key.slice(5, 7))}月`;
const hoursText = (n) => `${formatNumber(Math.round((n ?? 0) * 100) / 100)}時間`;

export async function volunteerStatsView(container, { query }) {
  const summary = h("div", {}, loading());
  const results = h("div", { "data-testid": "volunteer-stats" });
  const from = h("input", { type: "month", value: query.get("from") ?? "", "data-testid": "stats-from" });
  const to = h("input", { type: "month", value: query.get("to") ?? "", "data-testid": "stats-to" });
  const show = h("button", { type: "submit", class: "secondary", "data-testid": "stats-show" }, "表示");
  const form = h(
    "form",
    { class: "card filters", novalidate: true },
    field({ label: "開始月", input: from, hint: "空欄なら直近12か月" }),
    field({ label: "終了月", input: to }),
    h("div", { class: "actions" }, show),
  );
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    busy(show, loadStats);
  });
  setChildren(container, pageHeader("ボランティアの集計"), volunteerTabs("stats"), summary, h("h2", {}, "月別の活動"), form, results);

  async function loadSummary() {
    try {
      const s = await api("GET", "/volunteers");
      setChildren(
        summary,
        h(
          "div",
          { class: "stats" },
          stat(`${formatNumber(s.active)}人`, "登録中のボランティア", "volunteers-active"),
          stat(`${formatNumber(s.minors)}人`, "うち未成年（保護者の同意が必要）", "volunteers-minors"),
          stat(`${formatNumber(s.ended)}人`, "登録を終えた方", "volunteers-ended"),
        ),
      );
    } catch (err) {
      setChildren(summary, errorBox(err));
    }
  }

  async function loadStats() {
    const q = new URLSearchParams();
    if (from.value) q.set("from", from.value);
    if (to.value) q.set("to", to.value);
    setChildren(results, loading());
    let data;
    try {
      data = await api("GET", `/volunteers/stats${q.toString() ? `?${q}` : ""}`);
    } catch (err) {
      setChildren(results, errorBox(err.issues?.length ? { message: `${err.message} ${err.issues.map((i) => i.message).join(" ")}` } : err));
      return;
    }
    from.value = data.from;
    to.value = data.to;
    const months = data.months ?? [];
    const monthSelect = h(
      "select",
      { "data-testid": "breakdown-month" },
      [...months].reverse().map((m) => h("option", { value: m.month }, monthLabel(m.month))),
    );
    const breakdown = h("div");
    const drawBreakdown = () => {
      const m = months.find((x) => x.month === monthSelect.value);
      setChildren(breakdown, m ? breakdownTables(m, data.minGroupSize) : null);
    };
    monthSelect.addEventListener("change", drawBreakdown);
    setChildren(
      results,
      tableWrap(
        h(
          "table",
          { class: "data", "data-testid": "stats-table" },
          h(
            "thead",
            {},
            h(
              "tr",
              {},
              h("th", { scope: "col" }, "月"),
              h("th", { scope: "col", class: "num" }, "登録ボランティア"),
              h("th", { scope: "col", class: "num" }, "参加申込"),
              h("th", { scope: "col", class: "num" }, "活動時間"),
              h("th", { scope: "col", class: "num" }, "参加した人"),
            ),
          ),
          h(
            "tbody",
            {},
            months.map((m) =>
              h(
                "tr",
                { "data-testid": "stats-row", "data-month": m.month },
                h("th", { scope: "row" }, monthLabel(m.month)),
                h("td", { class: "num", "data-testid": "stats-registered" }, `${formatNumber(m.registered)}人`),
                h("td", { class: "num", "data-testid": "stats-signups" }, `${formatNumber(m.signups)}件`),
                h("td", { class: "num", "data-testid": "stats-hours" }, hoursText(m.hours)),
                h("td", { class: "num" }, `${formatNumber(m.participants)}人`),
              ),
            ),
          ),
        ),
      ),
      h("p", { class: "hint" }, "登録ボランティアは月末時点（今月は現在）の人数、参加申込と活動時間はその月に始まるシフトの分です。"),
      months.length
        ? h(
            "section",
            { class: "card", "aria-labelledby": "breakdown-heading" },
            h("div", { class: "page-header" }, h("h2", { id: "breakdown-heading" }, "年代別・地区別の内訳"), field({ label: "月", input: monthSelect })),
            breakdown,
          )
        : null,
    );
    // The latest month with any activity, else the latest month.
    monthSelect.value = ([...months].reverse().find((m) => m.signups > 0 || m.hours > 0) ?? months.at(-1))?.month ?? "";
    drawBreakdown();
  }

  await Promise.all([loadSummary(), loadStats()]);
}

function breakdownTables(month, minGroupSize) {
  const table = (caption, groups, testid) =>
    tableWrap(
      h(
        "table",
        { class: "data", "data-testid": testid },
        h("caption", { class: "hint" }, `${caption}（${monthLabel(month.month)}）`),
        h(
          "thead",
          {},
          h(
            "tr",
            {},
            h("th", { scope: "col" }, caption.replace("別", "")),
            h("th", { scope: "col", class: "num" }, "ボランティア"),
            h("th", { scope: "col", class: "num" }, "登録"),
            h("th", { scope: "col", class: "num" }, "申込"),
            h("th", { scope: "col", class: "num" }, "時間"),
          ),
        ),
        h(
          "tbody",
          {},
          groups.length === 0
            ? h("tr", {}, h("td", { colspan: "5", class: "empty" }, "この月の活動はありません。"))
            : groups.map((g) =>
                h(
                  "tr",
                  { "data-testid": "breakdown-row" },
                  h("th", { scope: "row" }, g.label),
                  h("td", { class: "num" }, `${formatNumber(g.volunteers)}人`),
                  h("td", { class: "num" }, `${formatNumber(g.registered)}人`),
                  h("td", { class: "num" }, `${formatNumber(g.signups)}件`),
                  h("td", { class: "num nowrap" }, hoursText(g.hours)),
                ),
              ),
        ),
      ),
    );
  const suppressed = (month.suppressedGroups?.ageBand ?? 0) + (month.suppressedGroups?.district ?? 0) > 0;
  return [
    h("div", { class: "grid-2" }, table("年代別", month.byAgeBand ?? [], "stats-by-age-band"), table("地区別", month.byDistrict ?? [], "stats-by-district")),
    suppressed ? h("p", { class: "note", "data-testid": "stats-suppressed-note" }, `${minGroupSize ?? 5}人未満のグループは、個人が特定されないよう「その他」にまとめています。`) : null,
  ];
}
