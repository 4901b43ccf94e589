// 対象者: checkboxes of districts, age bands and interests (the onboarding's choices, from the API).
// Nothing checked in a group = no limit on it; nothing checked at all = everyone.
import { api } from "./api.js";
import { h } from "./dom.js";
import { checkboxGroup } from "./ui.js";

let segmentsCache;

/** { districts, ageBands, interests }, each [{ value, label }]; read once per page load. */
export async function loadSegments() {
  segmentsCache ??= api("GET", "/options/segments").catch((err) => {
    segmentsCache = undefined;
    throw err;
  });
  return segmentsCache;
}

/** Labels of a profile value, for showing audiences and comment rows. */
export function segmentLabeller(segments, group) {
  const map = new Map((segments?.[group] ?? []).map((o) => [o.value, o.label]));
  return (value) => (value === null || value === undefined || value === "" ? "" : (map.get(value) ?? value));
}

/** "長門・三隅 / 20代" or "全員". */
export function describeAudience(audience, segments) {
  const parts = [];
  for (const group of ["districts", "ageBands", "interests"]) {
    const values = audience?.[group] ?? [];
    if (values.length) parts.push(values.map(segmentLabeller(segments, group)).join("・"));
  }
  return parts.length ? parts.join(" / ") : "登録しているすべての住民（全員）";
}

/** The audience fieldset; returns { element, value() } where value() is a ZAudience. */
export async function audienceField({ audience = {}, errors }) {
  const wrapper = h("fieldset", { class: "field audience", "data-testid": "audience" }, h("legend", {}, "対象者"));
  let segments;
  try {
    segments = await loadSegments();
  } catch (err) {
    wrapper.appendChild(h("p", { class: "error-box", role: "alert" }, `対象者の選択肢を読み込めませんでした（${err.message}）。このままでは全員が対象になります。`));
    errors?.register("audience", wrapper);
    return { element: wrapper, value: () => ({ ...audience }) };
  }
  wrapper.appendChild(h("p", { class: "hint" }, "何も選ばなければ、登録しているすべての住民が対象です。地区・年代・関心で絞ると、選んだ条件すべてに当てはまる方（同意済みの方）に届きます。"));
  /** @type {[string, { element: HTMLElement, values: () => string[] }][]} */
  const groups = [
    ["districts", "地区"],
    ["ageBands", "年代"],
    ["interests", "関心分野"],
  ].map(([key, legend]) => {
    const group = checkboxGroup({ legend, options: segments[key] ?? [], selected: audience[key] ?? [], name: key, path: `audience.${key}`, errors, testid: `audience-${key}` });
    wrapper.appendChild(group.element);
    return [key, group];
  });
  errors?.register("audience", wrapper);
  return {
    element: wrapper,
    value() {
      const result = {};
      for (const [key, group] of groups) {
        const values = group.values();
        if (values.length) result[key] = values;
      }
      return result;
    },
  };
}
