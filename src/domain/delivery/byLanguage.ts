// Messages to many residents go out in each resident's language: one delivery per language group.
import { type Prisma, type PrismaClient } from "../../generated/prisma/client.ts";
import { type TLang } from "../messages/lang.ts";

type Db = PrismaClient | Prisma.TransactionClient;

/** Splits LINE user ids by their resident's language (one array parameter, however many ids). */
export async function byLanguage(db: Db, lineUserIds: string[]): Promise<Map<TLang, string[]>> {
  if (lineUserIds.length === 0) return new Map();
  const english = new Set(
    (await db.$queryRaw<{ lineUserId: string }[]>`SELECT "lineUserId" FROM "Resident" WHERE "language" = 'en' AND "lineUserId" = ANY(${lineUserIds}::text[])`).map((r) => r.lineUserId),
  );
  const groups = new Map<TLang, string[]>();
  const ja = lineUserIds.filter((id) => !english.has(id));
  const en = lineUserIds.filter((id) => english.has(id));
  if (ja.length > 0) groups.set("ja", ja);
  if (en.length > 0) groups.set("en", en);
  return groups;
}
