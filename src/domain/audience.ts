// Who a message or a round is for: everyone, or residents of some districts, age bands or
// interests. Segments use the profile residents gave at onboarding (only with their consent).
import { z } from "zod";
import { type PrismaClient, type Prisma } from "../generated/prisma/client.ts";

export const ZAudience = z
  .object({
    districts: z.array(z.string().min(1)).optional(),
    ageBands: z.array(z.string().min(1)).optional(),
    interests: z.array(z.string().min(1)).optional(),
  })
  .strict();
export type TAudience = z.infer<typeof ZAudience>;

type Db = PrismaClient | Prisma.TransactionClient;

const listOrNull = (xs?: string[]) => (xs && xs.length > 0 ? xs : null);

export function isEveryone(a: TAudience): boolean {
  return !listOrNull(a.districts) && !listOrNull(a.ageBands) && !listOrNull(a.interests);
}

/** LINE user ids of the reachable residents in the audience. */
export async function audienceLineUserIds(db: Db, audience: TAudience): Promise<string[]> {
  if (isEveryone(audience)) {
    // Announcements reach everyone who follows, also those who gave no consent.
    const rows = await db.resident.findMany({ where: { reachable: true }, select: { lineUserId: true }, orderBy: { createdAt: "asc" } });
    return rows.map((r) => r.lineUserId);
  }
  const districts = listOrNull(audience.districts);
  const ageBands = listOrNull(audience.ageBands);
  const interests = listOrNull(audience.interests);
  const rows = await db.$queryRaw<{ lineUserId: string }[]>`
    SELECT "lineUserId" FROM "Resident"
    WHERE "reachable" AND "consentedAt" IS NOT NULL
      AND (${districts}::text[] IS NULL OR "profile"->>'district' = ANY(${districts}::text[]))
      AND (${ageBands}::text[] IS NULL OR "profile"->>'ageBand' = ANY(${ageBands}::text[]))
      AND (${interests}::text[] IS NULL OR ("profile"->'interests') ?| ${interests}::text[])
    ORDER BY "createdAt"`;
  return rows.map((r) => r.lineUserId);
}
