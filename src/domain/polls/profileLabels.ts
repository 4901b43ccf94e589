// Names of profile values as residents chose them at onboarding ("nagato" → "長門"), for results
// and exports. The flow files are the one place these lists live.
import { type FlowSet } from "../../flows/FlowSet.ts";
import { choicesOf } from "../../flows/parseReply.ts";
import { localize } from "../../flows/localize.ts";

/** Respondents whose profile lacks the field (registered before it was asked, or skipped it). */
export const NO_PROFILE_GROUP = "none";
export const NO_PROFILE_LABEL = "未登録";

export type TProfileLabels = { order: string[]; label(value: string | null | undefined): string };

export function profileLabels(files: FlowSet, field: "ageBand" | "district"): TProfileLabels {
  const flows = [...files.flows].sort((a, b) => Number(b.id === "onboarding") - Number(a.id === "onboarding"));
  const labels = new Map<string, string>();
  for (const flow of flows) {
    for (const step of flow.steps) {
      if (step.ask?.profile !== field) continue;
      for (const c of choicesOf(step.ask)) if (!labels.has(c.value)) labels.set(c.value, localize(c.label, "ja"));
    }
  }
  return {
    order: [...labels.keys()],
    label: (value) => (value ? (labels.get(value) ?? value) : NO_PROFILE_LABEL),
  };
}
