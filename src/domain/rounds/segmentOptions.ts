// The segments staff pick audiences and filters from — districts, age bands, interests — with the
// labels residents chose them by. The onboarding flow's choices are the one place these lists live
// (other flows that ask the same profile field add theirs after onboarding's).
import { type FlowSet } from "../../flows/FlowSet.ts";
import { type TProfileField } from "../../flows/flowSchema.ts";
import { choicesOf } from "../../flows/parseReply.ts";
import { localize } from "../../flows/localize.ts";

export type TSegmentOption = { value: string; label: string };
export type TSegmentOptions = { districts: TSegmentOption[]; ageBands: TSegmentOption[]; interests: TSegmentOption[] };

/** The choices flows offer for a profile field, onboarding's first, each value once with its first (Japanese) label. */
export function profileOptions(files: FlowSet, field: TProfileField): TSegmentOption[] {
  const flows = [...files.flows].sort((a, b) => Number(b.id === "onboarding") - Number(a.id === "onboarding"));
  const seen = new Map<string, string>();
  for (const flow of flows) {
    for (const step of flow.steps) {
      if (step.ask?.profile !== field) continue;
      for (const c of choicesOf(step.ask)) if (!seen.has(c.value)) seen.set(c.value, localize(c.label, "ja"));
    }
  }
  return [...seen].map(([value, label]) => ({ value, label }));
}

export function segmentOptions(files: FlowSet): TSegmentOptions {
  return { districts: profileOptions(files, "district"), ageBands: profileOptions(files, "ageBand"), interests: profileOptions(files, "interests") };
}

/** value → label for one list; an unknown value shows as itself, none as "". */
export function labeller(options: TSegmentOption[]): (value: string | null | undefined) => string {
  const map = new Map(options.map((o) => [o.value, o.label]));
  return (value) => (value ? (map.get(value) ?? value) : "");
}
