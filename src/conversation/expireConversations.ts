// Ends conversations left waiting past their flow's time and tells each resident kindly.
// Claims rows with SKIP LOCKED, so with several bot processes each conversation is closed once.
import { type PrismaClient } from "../generated/prisma/client.ts";
import { type TOutMessage } from "../flows/engineTypes.ts";
import { localize } from "../flows/localize.ts";
import { toLanguage } from "../flows/flowSchema.ts";
import { type FlowRevisions } from "./FlowRevisions.ts";

export type TExpired = { lineUserId: string; messages: TOutMessage[] };

export async function expireConversations(prisma: PrismaClient, revisions: FlowRevisions, now = new Date(), limit = 500): Promise<TExpired[]> {
  const rows = await prisma.$queryRaw<{ flowId: string; flowRevision: string; lineUserId: string; language: string; reachable: boolean }[]>`
    UPDATE "Conversation" c SET "status" = 'expired', "endedAt" = ${now}, "updatedAt" = ${now}
    FROM "Resident" r
    WHERE r."id" = c."residentId" AND c."id" IN (
      SELECT "id" FROM "Conversation" WHERE "status" = 'active' AND "expiresAt" <= ${now}
      ORDER BY "expiresAt" LIMIT ${limit} FOR UPDATE SKIP LOCKED)
    RETURNING c."flowId", c."flowRevision", r."lineUserId", r."language", r."reachable"`;
  const expired: TExpired[] = [];
  for (const row of rows) {
    const flow = await revisions.get(prisma, row.flowId, row.flowRevision);
    if (!row.reachable || !flow?.on_expire) continue;
    expired.push({ lineUserId: row.lineUserId, messages: [{ type: "text", text: localize(flow.on_expire, toLanguage(row.language)) }] });
  }
  return expired;
}
