// Messages to many residents go out in each resident's language: one delivery per language group.
import { type Prisma, type PrismaClient } from "../../generated/prisma/client.ts";
import { type TLanguage, toLanguage } from "../../flows/flowSchema.ts";

type Db = PrismaClient | Prisma.TransactionClient;

/** Splits LINE user ids by their resident's language (one array parameter, however many ids). */
export async function byLanguage(db: Db, lineUserIds: string[]): Promise<Map<TLanguage, string[]>> {
  if (lineUserIds.length === 0) return new Map();
  const rows = await db.$queryRaw<{ lineUserId: string; language: string }[]>`SELECT "lineUserId", "language" FROM "Resident" WHERE "language" <> 'ja' AND "lineUserId" = ANY(${lineUserIds}::text[])`;
  const languageOf = new Map(rows.map((r) => [r.lineUserId, toLanguage(r.language)]));
  const groups = new Map<TLanguage, string[]>();
  // Every id in exactly one group, in the order given.
  for (const id of lineUserIds) {
    const lang = languageOf.get(id) ?? "ja";
    const group = groups.get(lang);
    if (group) group.push(id);
    else groups.set(lang, [id]);
  }
  return groups;
}
