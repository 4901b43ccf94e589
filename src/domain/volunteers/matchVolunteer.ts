// Who an opportunity is for: a volunteer whose areas, districts and free time fit it. Invitations
// go to these volunteers only, not to everyone: an irrelevant message makes residents block the account.
import { shiftSlot } from "./shiftSlot.ts";
import { youthAgeBands } from "./volunteerTypes.ts";

export type TMatchVolunteer = { areas: string[]; districts: string[]; availability: string[]; ageBand: string | null };
export type TMatchOpportunity = { areas: string[]; districts: string[]; youthTargeted: boolean; shiftStarts: Date[] };

/** Empty on the opportunity's side means "any". */
const fits = (wanted: string[], offered: string[]) => wanted.length === 0 || offered.some((x) => wanted.includes(x));

/**
 * "match": the areas overlap (or the opportunity names none), the districts overlap (or none), and
 * a shift starts in one of the volunteer's free slots. "youth": not a full match, but the
 * opportunity is youth-targeted, the volunteer is under 30 and the area fits. undefined: not invited.
 */
export function matchVolunteer(volunteer: TMatchVolunteer, opportunity: TMatchOpportunity): "match" | "youth" | undefined {
  if (!fits(opportunity.areas, volunteer.areas)) return undefined;
  const slots = new Set(opportunity.shiftStarts.map(shiftSlot));
  const free = volunteer.availability.some((a) => slots.has(a as ReturnType<typeof shiftSlot>));
  if (fits(opportunity.districts, volunteer.districts) && free) return "match";
  if (opportunity.youthTargeted && (youthAgeBands as readonly string[]).includes(volunteer.ageBand ?? "")) return "youth";
  return undefined;
}
