// Plain SVG charts for ホーム and 配信の到達 (no chart library): a line chart of series over days and
// horizontal bars. Built with createElementNS, text through textContent only; each chart carries a
// <title> and its figures are also in a table or list beside it, for screen readers and the CSV.

const SVG = "http://www.w3.org/2000/svg";

function s(tag, attrs = {}, ...children) {
  const el = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) if (v !== undefined && v !== null) el.setAttribute(k, String(v));
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    el.appendChild(typeof c === "string" || typeof c === "number" ? document.createTextNode(String(c)) : c);
  }
  return el;
}

/** Colours that stay apart for common colour blindness (Okabe–Ito). */
export const chartColors = ["#0072B2", "#009E73", "#E69F00", "#D55E00", "#CC79A7", "#56B4E9"];

/**
 * lineChart({ title, days: ["2026-12-01", …], series: [{ label, values: [n, …] }] }): one line per
 * series, the days along the bottom (first, middle, last labelled), a legend above.
 */
export function lineChart({ title, days, series, testid }) {
  const width = 640;
  const height = 220;
  const left = 48;
  const right = 12;
  const top = 28;
  const bottom = 28;
  const max = Math.max(1, ...series.flatMap((x) => x.values));
  const x = (i) => left + (days.length <= 1 ? (width - left - right) / 2 : (i * (width - left - right)) / (days.length - 1));
  const y = (v) => top + (height - top - bottom) * (1 - v / max);
  const svg = s("svg", { viewBox: `0 0 ${width} ${height}`, role: "img", class: "chart", "data-testid": testid, "aria-label": title }, s("title", {}, title));
  for (const frac of [0, 0.5, 1]) {
    const v = Math.round(max * frac);
    svg.appendChild(s("line", { x1: left, x2: width - right, y1: y(v), y2: y(v), class: "chart-grid" }));
    svg.appendChild(s("text", { x: left - 6, y: y(v) + 4, "text-anchor": "end", class: "chart-axis" }, v.toLocaleString("ja-JP")));
  }
  const labelled = new Set([0, Math.floor((days.length - 1) / 2), days.length - 1]);
  days.forEach((d, i) => {
    if (labelled.has(i)) svg.appendChild(s("text", { x: x(i), y: height - 8, "text-anchor": "middle", class: "chart-axis" }, d.slice(5).replace("-", "/")));
  });
  series.forEach((line, n) => {
    const color = chartColors[n % chartColors.length];
    const points = line.values.map((v, i) => `${x(i).toFixed(1)},${y(v).toFixed(1)}`).join(" ");
    svg.appendChild(s("polyline", { points, fill: "none", stroke: color, "stroke-width": 2.5, "data-series": line.label }));
    line.values.forEach((v, i) => svg.appendChild(s("circle", { cx: x(i), cy: y(v), r: days.length > 40 ? 1.5 : 3, fill: color }, s("title", {}, `${days[i]} ${line.label} ${v.toLocaleString("ja-JP")}`))));
    svg.appendChild(s("rect", { x: left + n * 120, y: 6, width: 12, height: 12, fill: color }));
    svg.appendChild(s("text", { x: left + n * 120 + 16, y: 16, class: "chart-legend" }, line.label));
  });
  return svg;
}

/**
 * barChart({ title, bars: [{ label, value, note? }], max? }): horizontal bars with their values.
 * @param {{ title: string, bars: { label: string, value: number, note?: string, color?: string }[], max?: number, testid: string, format?: (v: number) => string }} spec
 */
export function barChart({ title, bars, max, testid, format = (v) => v.toLocaleString("ja-JP") }) {
  const width = 640;
  const row = 26;
  const labelWidth = 190;
  const height = Math.max(row, bars.length * row) + 8;
  const top = Math.max(1, max ?? Math.max(0, ...bars.map((b) => b.value)));
  const svg = s("svg", { viewBox: `0 0 ${width} ${height}`, role: "img", class: "chart", "data-testid": testid, "aria-label": title }, s("title", {}, title));
  bars.forEach((b, i) => {
    const yTop = 4 + i * row;
    const w = ((width - labelWidth - 90) * Math.min(b.value, top)) / top;
    svg.appendChild(s("text", { x: labelWidth - 8, y: yTop + 16, "text-anchor": "end", class: "chart-label" }, b.label));
    svg.appendChild(s("rect", { x: labelWidth, y: yTop + 3, width: Math.max(w, 1), height: row - 8, fill: b.color ?? chartColors[0] }));
    svg.appendChild(s("text", { x: labelWidth + Math.max(w, 1) + 6, y: yTop + 16, class: "chart-value" }, format(b.value)));
  });
  return svg;
}

/** A progress bar against a target: value / target, with the target marked. */
export function progressBar({ title, value, target, testid }) {
  const width = 640;
  const height = 34;
  const max = Math.max(value, target, 1);
  const x = (v) => 8 + ((width - 16) * v) / max;
  return s(
    "svg",
    { viewBox: `0 0 ${width} ${height}`, role: "img", class: "chart", "data-testid": testid, "aria-label": title },
    s("title", {}, title),
    s("rect", { x: 8, y: 8, width: width - 16, height: 16, class: "chart-track" }),
    s("rect", { x: 8, y: 8, width: Math.max(x(value) - 8, 1), height: 16, fill: value >= target ? chartColors[1] : chartColors[0] }),
    s("line", { x1: x(target), x2: x(target), y1: 2, y2: 30, stroke: "#333", "stroke-width": 2, "stroke-dasharray": "4 2" }),
  );
}

/**
 * columnChart({ title, columns: [{ label, values: [n, …] }], series: ["…", …] }): for each column
 * (a week), one bar per series side by side, the labels below and a legend above.
 */
export function columnChart({ title, columns, series, testid }) {
  const width = 640;
  const height = 200;
  const left = 40;
  const top = 28;
  const bottom = 24;
  const max = Math.max(1, ...columns.flatMap((c) => c.values));
  const slot = (width - left - 8) / Math.max(1, columns.length);
  const barWidth = Math.max(2, (slot * 0.8) / series.length);
  const y = (v) => top + (height - top - bottom) * (1 - v / max);
  const svg = s("svg", { viewBox: `0 0 ${width} ${height}`, role: "img", class: "chart", "data-testid": testid, "aria-label": title }, s("title", {}, title));
  for (const v of [0, max]) {
    svg.appendChild(s("line", { x1: left, x2: width - 8, y1: y(v), y2: y(v), class: "chart-grid" }));
    svg.appendChild(s("text", { x: left - 6, y: y(v) + 4, "text-anchor": "end", class: "chart-axis" }, v.toLocaleString("ja-JP")));
  }
  columns.forEach((c, i) => {
    const x0 = left + i * slot + slot * 0.1;
    c.values.forEach((v, n) => {
      svg.appendChild(s("rect", { x: x0 + n * barWidth, y: y(v), width: barWidth - 1, height: Math.max(y(0) - y(v), 0), fill: chartColors[n % chartColors.length] }, s("title", {}, `${c.label} ${series[n]} ${v}`)));
    });
    svg.appendChild(s("text", { x: x0 + (barWidth * series.length) / 2, y: height - 6, "text-anchor": "middle", class: "chart-axis" }, c.label));
  });
  series.forEach((label, n) => {
    svg.appendChild(s("rect", { x: left + n * 170, y: 6, width: 12, height: 12, fill: chartColors[n % chartColors.length] }));
    svg.appendChild(s("text", { x: left + n * 170 + 16, y: 16, class: "chart-legend" }, label));
  });
  return svg;
}
