// Messages to many residents go out in each resident's language: one delivery per language group.
// Which language a resident reads is decided here, in SQL and in JavaScript alike: one the bot
// speaks, else Japanese (as toLanguage reads a stored value).
import { Prisma, type PrismaClient } from "../../generated/prisma/client.ts";
import { languages, toLanguage, type TLanguage } from "../../flows/flowSchema.ts";

type Db = PrismaClient | Prisma.TransactionClient;

/** The resident's language in SQL (on "Resident"): one the bot speaks, else 'ja'. */
export const residentLanguageSql = Prisma.sql`(CASE WHEN "language" IN (${Prisma.join(languages.filter((l) => l !== "ja"))}) THEN "language" ELSE 'ja' END)`;

/** Groups residents by the language they read, each in the order given. */
export function groupByLanguage(recipients: { lineUserId: string; language: string | null }[]): Map<TLanguage, string[]> {
  const groups = new Map<TLanguage, string[]>();
  for (const r of recipients) {
    const lang = toLanguage(r.language);
    const group = groups.get(lang);
    if (group) group.push(r.lineUserId);
    else groups.set(lang, [r.lineUserId]);
  }
  return groups;
}

/** Splits LINE user ids by their resident's language (one array parameter, however many ids); every id in exactly one group. */
export async function byLanguage(db: Db, lineUserIds: string[]): Promise<Map<TLanguage, string[]>> {
  if (lineUserIds.length === 0) return new Map();
  const rows = await db.$queryRaw<{ lineUserId: string; language: string }[]>`
    SELECT "lineUserId", ${residentLanguageSql} AS "language" FROM "Resident" WHERE ${residentLanguageSql} <> 'ja' AND "lineUserId" = ANY(${lineUserIds}::text[])`;
  const languageOf = new Map(rows.map((r) => [r.lineUserId, r.language]));
  return groupByLanguage(lineUserIds.map((lineUserId) => ({ lineUserId, language: languageOf.get(lineUserId) ?? "ja" })));
}
