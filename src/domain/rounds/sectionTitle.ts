// The title of the section a comment refers to, from the round's sections as they are now; a
// section removed by a later edit still shows its id, so its comments are never without a name.
import { GENERAL_SECTION_ID, GENERAL_SECTION_TITLE, ZRoundSection } from "./roundTypes.ts";

export function sectionTitle(sections: unknown, sectionId: string): string {
  if (sectionId === GENERAL_SECTION_ID) return GENERAL_SECTION_TITLE;
  const list = ZRoundSection.array().safeParse(sections).data ?? [];
  return list.find((s) => s.id === sectionId)?.title ?? sectionId;
}
