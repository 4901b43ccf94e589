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
  return sectionTitles(round, lang)(sectionId);
}

/**
 * The same, with the sections read once: for lists and exports that name every comment's section
 * (reading the sections for each of 100,000 rows took a third of a comment export).
 */
export function sectionTitles(round: Pick<Round, "id" | "sections">, lang: TLanguage = "ja"): (sectionId: string) => string {
  const general = lang === "en" ? GENERAL_SECTION_TITLE_EN : lang === "easy" ? GENERAL_SECTION_TITLE_EASY : GENERAL_SECTION_TITLE;
  const titles = new Map(roundSections(round).map((s) => [s.id, staffTr(lang, s.title, s.titleEn, s.titleEasy)]));
  return (sectionId) => (sectionId === GENERAL_SECTION_ID ? general : (titles.get(sectionId) ?? sectionId));
}
