// Ends conversations left waiting past their flow's time and tells each resident kindly: the
// closing message goes into the outbox in the same transaction, so it is sent once, crash or not.
// Claims rows with SKIP LOCKED, so with several bot processes each conversation is closed once.
// A paused conversation (left with やめる, メニュー or another flow) expires at the same time as it
// would have, silently — the resident is not waiting on it — and what it held goes with it.
import { type PrismaClient } from "../generated/prisma/client.ts";
import { localize } from "../flows/localize.ts";
import { newOutboxRow, outboxInsertStatement, type TOutboxPolicy } from "../domain/delivery/outbox.ts";
import { sqlLiteral } from "../db/sqlLiteral.ts";
import { type FlowRevisions } from "./FlowRevisions.ts";
import { languageOf } from "./Turn.ts";

/** Returns how many conversations were closed (active and paused). */
export async function expireConversations(prisma: PrismaClient, revisions: FlowRevisions, policy: TOutboxPolicy, now = new Date(), limit = 500): Promise<number> {
  return prisma.$transaction(async (tx) => {
    const rows = await tx.$queryRaw<{ flowId: string; flowRevision: string; lineUserId: string; language: string; reachable: boolean }[]>`
      UPDATE "Conversation" c SET "status" = 'expired', "endedAt" = ${now}, "updatedAt" = ${now}
      FROM "Resident" r
      WHERE r."id" = c."residentId" AND c."id" IN (
        SELECT "id" FROM "Conversation" WHERE "status" = 'active' AND "expiresAt" <= ${now}
        ORDER BY "expiresAt" LIMIT ${limit} FOR UPDATE SKIP LOCKED)
      RETURNING c."flowId", c."flowRevision", r."lineUserId", r."language", r."reachable"`;
    const messages = [];
    for (const row of rows) {
      const flow = await revisions.get(tx, row.flowId, row.flowRevision);
      if (!row.reachable || !flow?.on_expire) continue;
      messages.push(newOutboxRow({ lineUserId: row.lineUserId, messages: [{ type: "text", text: localize(flow.on_expire, languageOf(row)) }] }, now, policy));
    }
    if (messages.length > 0) await tx.$executeRawUnsafe(outboxInsertStatement(messages, now, sqlLiteral, false));
    // Its answers so far and its draft are dropped from the state; answers recorded as given stay, as
    // for any conversation not finished.
    const paused = await tx.$executeRaw`
      UPDATE "Conversation" SET "status" = 'expired', "endedAt" = ${now}, "updatedAt" = ${now},
        "state" = ("state" - 'picked') || '{"answers": {}}'::jsonb
      WHERE "id" IN (
        SELECT "id" FROM "Conversation" WHERE "status" = 'paused' AND "expiresAt" <= ${now}
        ORDER BY "expiresAt" LIMIT ${limit} FOR UPDATE SKIP LOCKED)`;
    return rows.length + paused;
  });
}
