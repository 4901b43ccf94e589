// Names of profile values as residents chose them at onboarding ("nagato" → "長門"), for results
// and exports. The flow files are the one place these lists live.
import { type FlowSet } from "../../flows/FlowSet.ts";
import { profileOptions } from "../rounds/segmentOptions.ts";

/** Respondents whose profile lacks the field (registered before it was asked, or skipped it). */
export const NO_PROFILE_GROUP = "none";
export const NO_PROFILE_LABEL = "未登録";

export type TProfileLabels = { order: string[]; label(value: string | null | undefined): string };

export function profileLabels(files: FlowSet, field: "ageBand" | "district"): TProfileLabels {
  const labels = new Map(profileOptions(files, field).map((o) => [o.value, o.label]));
  return {
    order: [...labels.keys()],
    label: (value) => (value ? (labels.get(value) ?? value) : NO_PROFILE_LABEL),
  };
}
