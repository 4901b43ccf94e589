// A round's sections as stored (the Json column Round.sections), read with their one schema: bad
// stored data fails naming the round, instead of reading as a round without sections.
import { z } from "zod";
import { type Round } from "../../generated/prisma/client.ts";
import { storedJson } from "../../db/storedJson.ts";
import { ZRoundSection, type TRoundSection } from "./roundTypes.ts";

export const ZStoredSections = z.array(ZRoundSection);

export const roundSections = (round: Pick<Round, "id" | "sections">): TRoundSection[] => storedJson(ZStoredSections, round.sections, "Round", "sections", round.id);
