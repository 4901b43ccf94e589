// Messages to many residents go out in each resident's language: one delivery per language group.
import { type Prisma, type PrismaClient } from "../../generated/prisma/client.ts";
import { langOf, type TLang } from "../messages/lang.ts";

type Db = PrismaClient | Prisma.TransactionClient;

/** Splits LINE user ids by their resident's language (one array parameter, however many ids). */
export async function byLanguage(db: Db, lineUserIds: string[]): Promise<Map<TLang, string[]>> {
  if (lineUserIds.length === 0) return new Map();
  const rows = await db.$queryRaw<{ lineUserId: string; language: string }[]>`SELECT "lineUserId", "language" FROM "Resident" WHERE "language" <> 'ja' AND "lineUserId" = ANY(${lineUserIds}::text[])`;
  const languageOf = new Map(rows.map((r) => [r.lineUserId, langOf(r.language)]));
  const groups = new Map<TLang, string[]>();
  // Every id in exactly one group, in the order given.
  for (const id of lineUserIds) {
    const lang = languageOf.get(id) ?? "ja";
    const group = groups.get(lang);
    if (group) group.push(id);
    else groups.set(lang, [id]);
  }
  return groups;
}

/** Splits residents already read (LINE user id and language) by language: one delivery per group. */
export function groupByLanguage(recipients: { lineUserId: string; language: string }[]): Map<TLang, string[]> {
  const groups = new Map<TLang, string[]>();
  for (const r of recipients) {
    const lang = langOf(r.language);
    const group = groups.get(lang);
    if (group) group.push(r.lineUserId);
    else groups.set(lang, [r.lineUserId]);
  }
  return groups;
}
