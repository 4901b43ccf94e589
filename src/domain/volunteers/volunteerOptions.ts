// Labels of the values volunteers and opportunities use. Areas, districts and age bands are the
// choices of onboarding's questions (read from the flow files, so a city that edits onboarding's
// districts edits them here too); skills and free times are this domain's own lists.
import { type TLanguage } from "../../flows/flowSchema.ts";
import { type FlowSet } from "../../flows/FlowSet.ts";
import { localize } from "../../flows/localize.ts";
import { choicesOf } from "../../flows/parseReply.ts";
import { availabilitySlots, volunteerSkills, type TVolunteerOption, type TVolunteerOptions } from "./volunteerTypes.ts";

type TProfileField = "interests" | "district" | "ageBand";

/** The choices of the question that fills this profile field (onboarding's first). */
export function profileChoices(files: FlowSet, field: TProfileField, language: TLanguage = "ja"): TVolunteerOption[] {
  const flows = [files.get("onboarding"), ...files.flows].filter((f) => f !== undefined);
  for (const flow of flows) {
    for (const step of flow.steps) {
      if (step.ask?.profile !== field) continue;
      return choicesOf(step.ask).map((c) => ({ value: c.value, label: localize(c.label, language) }));
    }
  }
  return [];
}

export function volunteerOptions(files: FlowSet, language: TLanguage = "ja"): TVolunteerOptions {
  const own = (list: readonly { value: string; label: string; en: string; easy: string }[]) =>
    list.map((o) => ({ value: o.value, label: language === "en" ? o.en : language === "easy" ? o.easy : o.label }));
  return {
    areas: profileChoices(files, "interests", language),
    districts: profileChoices(files, "district", language),
    ageBands: profileChoices(files, "ageBand", language),
    skills: own(volunteerSkills),
    availability: own(availabilitySlots),
  };
}

/** value → label, the value itself when unknown (an option removed from the flow since). */
export function labeller(options: TVolunteerOption[]): (value: string | null | undefined) => string | null {
  const map = new Map(options.map((o) => [o.value, o.label]));
  return (value) => (value === null || value === undefined ? null : (map.get(value) ?? value));
}
