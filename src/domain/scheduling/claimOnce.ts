// Scheduled work made exactly once across processes: the first to insert the key does it, in
// the same transaction as what it records (if that transaction fails, the key is not taken).
import { type Prisma } from "../../generated/prisma/client.ts";

export async function claimOnce(tx: Prisma.TransactionClient, key: string): Promise<boolean> {
  const rows = await tx.$queryRaw<{ key: string }[]>`INSERT INTO "ScheduledSend" ("key") VALUES (${key}) ON CONFLICT ("key") DO NOTHING RETURNING "key"`;
  return rows.length === 1;
}

/** claimOnce for many keys in one statement (one reminder per resident, say): the keys this caller got. */
export async function claimEach(tx: Prisma.TransactionClient, keys: string[]): Promise<Set<string>> {
  if (keys.length === 0) return new Set();
  const rows = await tx.$queryRaw<{ key: string }[]>`
    INSERT INTO "ScheduledSend" ("key") SELECT DISTINCT k FROM unnest(${keys}::text[]) AS k
    ON CONFLICT ("key") DO NOTHING RETURNING "key"`;
  return new Set(rows.map((r) => r.key));
}
