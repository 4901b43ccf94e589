// Who a message or a round is for: everyone, or residents of some districts, age bands or
// interests. Segments use the profile residents gave at onboarding (only with their consent).
import { z } from "zod";
import { Prisma, type PrismaClient } from "../generated/prisma/client.ts";
import { storedJson } from "../db/storedJson.ts";

export const ZAudience = z
  .object({
    districts: z.array(z.string().min(1)).optional(),
    ageBands: z.array(z.string().min(1)).optional(),
    interests: z.array(z.string().min(1)).optional(),
  })
  .strict();
export type TAudience = z.infer<typeof ZAudience>;

/** The audience stored with a poll, round or event, read strictly (a bad one names its row: see storedJson). */
export const audienceOf = (row: { id: string; audience: unknown }, table = "Poll, Round or Event"): TAudience => storedJson(ZAudience, row.audience, table, "audience", row.id);

type Db = PrismaClient | Prisma.TransactionClient;

const listOrNull = (xs?: string[]) => (xs && xs.length > 0 ? xs : null);

export function isEveryone(a: TAudience): boolean {
  return !listOrNull(a.districts) && !listOrNull(a.ageBands) && !listOrNull(a.interests);
}

/**
 * Who is in the audience, as a condition on "Resident" (its columns unqualified): the one place the
 * rule is written, for the list of ids, the count, and the deliveries recorded in the database.
 */
export function audienceCondition(audience: TAudience): Prisma.Sql {
  // Announcements to everyone reach everyone who follows, also those who gave no consent.
  if (isEveryone(audience)) return Prisma.sql`"reachable"`;
  const districts = listOrNull(audience.districts);
  const ageBands = listOrNull(audience.ageBands);
  const interests = listOrNull(audience.interests);
  return Prisma.sql`"reachable" AND "consentedAt" IS NOT NULL
      AND (${districts}::text[] IS NULL OR "profile"->>'district' = ANY(${districts}::text[]))
      AND (${ageBands}::text[] IS NULL OR "profile"->>'ageBand' = ANY(${ageBands}::text[]))
      AND (${interests}::text[] IS NULL OR ("profile"->'interests') ?| ${interests}::text[])`;
}

/** LINE user ids of the reachable residents in the audience (for city-wide sends, see DeliveryQueue.enqueueAudience). */
export async function audienceLineUserIds(db: Db, audience: TAudience): Promise<string[]> {
  const rows = await db.$queryRaw<{ lineUserId: string }[]>`SELECT "lineUserId" FROM "Resident" WHERE ${audienceCondition(audience)} ORDER BY "createdAt"`;
  return rows.map((r) => r.lineUserId);
}

/** How many residents the audience has (a count in the database: no list of ids). */
export async function audienceSize(db: Db, audience: TAudience): Promise<number> {
  const [row] = await db.$queryRaw<{ n: number }[]>`SELECT count(*)::int AS n FROM "Resident" WHERE ${audienceCondition(audience)}`;
  return row?.n ?? 0;
}
