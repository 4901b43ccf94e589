// What the volunteer screens share: the values of areas, districts, age bands and skills with their
// labels (GET /volunteers/options, read once per page load), and the section's tabs (募集 / 集計).
import { api } from "./api.js";
import { h } from "./dom.js";

let optionsCache;

/** { areas, districts, ageBands, skills, availability }, each [{ value, label }]. */
export function loadVolunteerOptions() {
  optionsCache ??= api("GET", "/volunteers/options").catch((err) => {
    optionsCache = undefined;
    throw err;
  });
  return optionsCache;
}

/** value → label (the value itself when the option is gone). */
export function optionLabeller(options, group) {
  const map = new Map((options?.[group] ?? []).map((o) => [o.value, o.label]));
  return (value) => map.get(value) ?? value;
}

/** "まちづくり・環境・美化", or `none` when the list is empty. */
export function labelsOf(options, group, values, none = "指定なし") {
  return values?.length ? values.map(optionLabeller(options, group)).join("・") : none;
}

export const opportunityStatusLabels = { open: "募集中", finished: "終了" };

/** The tabs under ボランティア: 募集 (opportunities) and 集計 (monthly numbers). */
export function volunteerTabs(active) {
  const tab = (id, href, label) => h("li", {}, h("a", { href, "aria-current": id === active ? "page" : undefined, "data-testid": `volunteer-tab-${id}` }, label));
  return h("nav", { class: "subnav", "aria-label": "ボランティア" }, h("ul", {}, tab("opportunities", "#/opportunities", "募集"), tab("stats", "#/volunteers/stats", "集計")));
}
