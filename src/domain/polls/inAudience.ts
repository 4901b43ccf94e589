// Whether one resident belongs to a poll's audience, by the same rules as audienceLineUserIds
// (domain/audience.ts): everyone, or consented residents whose profile matches every segment given.
import { type TAudience, isEveryone } from "../audience.ts";
import { ZResidentProfile } from "../../flows/engineTypes.ts";
import { storedJson } from "../../db/storedJson.ts";

export function inAudience(audience: TAudience, resident: { id: string; consentedAt: Date | null; profile: unknown }): boolean {
  if (isEveryone(audience)) return true;
  if (!resident.consentedAt) return false;
  const profile = storedJson(ZResidentProfile, resident.profile, "Resident", "profile", resident.id);
  const matches = (wanted: string[] | undefined, has: (v: string) => boolean) => !wanted || wanted.length === 0 || wanted.some(has);
  return (
    matches(audience.districts, (d) => profile.district === d) &&
    matches(audience.ageBands, (a) => profile.ageBand === a) &&
    matches(audience.interests, (i) => profile.interests?.includes(i) ?? false)
  );
}
