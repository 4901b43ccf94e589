// A shift as volunteers' messages need it (TShiftFacts), read from its row and its opportunity's:
// one selection and one mapping, so every message carries staff's English and やさしい日本語.
import { type Prisma } from "../../generated/prisma/client.ts";
import { type TShiftFacts } from "./volunteerMessages.ts";

/** The opportunity's texts a shift message shows, in every language staff wrote. */
export const opportunityTextsSelect = {
  title: true,
  organizer: true,
  titleEn: true,
  organizerEn: true,
  titleEasy: true,
  organizerEasy: true,
} satisfies Prisma.OpportunitySelect;

type TOpportunityTexts = Prisma.OpportunityGetPayload<{ select: typeof opportunityTextsSelect }>;
type TShiftRow = Pick<Prisma.ShiftGetPayload<object>, "id" | "startsAt" | "endsAt" | "place" | "placeEn" | "placeEasy">;

/** The facts of a shift of this opportunity. */
export function shiftFacts(shift: TShiftRow, opportunity: TOpportunityTexts): TShiftFacts {
  return {
    id: shift.id,
    title: opportunity.title,
    organizer: opportunity.organizer,
    titleEn: opportunity.titleEn,
    organizerEn: opportunity.organizerEn,
    titleEasy: opportunity.titleEasy,
    organizerEasy: opportunity.organizerEasy,
    startsAt: shift.startsAt,
    endsAt: shift.endsAt,
    place: shift.place,
    placeEn: shift.placeEn,
    placeEasy: shift.placeEasy,
  };
}
