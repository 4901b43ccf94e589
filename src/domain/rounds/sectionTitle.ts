// The title of the section a comment refers to, from the round's sections as they are now; a
// section removed by a later edit still shows its id, so its comments are never without a name.
import { type Round } from "../../generated/prisma/client.ts";
import { GENERAL_SECTION_ID, GENERAL_SECTION_TITLE, GENERAL_SECTION_TITLE_EASY, GENERAL_SECTION_TITLE_EN } from "./roundTypes.ts";
import { roundSections } from "./roundSections.ts";
import { staffTr } from "../messages/lang.ts";
import { type TLanguage } from "../../flows/flowSchema.ts";

/**
 * In Japanese unless `lang` is given: residents read it in theirs (staff's English where they wrote
 * one). Sections stored in a shape their schema refuses are an error naming the round (StoredDataError).
 */
export function sectionTitle(round: Pick<Round, "id" | "sections">, sectionId: string, lang: TLanguage = "ja"): string {
  if (sectionId === GENERAL_SECTION_ID) return lang === "en" ? GENERAL_SECTION_TITLE_EN : lang === "easy" ? GENERAL_SECTION_TITLE_EASY : GENERAL_SECTION_TITLE;
  const section = roundSections(round).find((s) => s.id === sectionId);
  return section ? staffTr(lang, section.title, section.titleEn, section.titleEasy) : sectionId;
}
