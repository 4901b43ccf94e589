// The audit trail: who did what, when. Actors are "staff:<id>", "resident:<hash>" or "system";
// details never carry personal data.
import { type Prisma } from "../generated/prisma/client.ts";

export type TAuditEntry = { actor: string; action: string; target?: string; detail?: Record<string, string | number | boolean | null> };

export async function recordAudit(db: Pick<Prisma.TransactionClient, "auditEntry">, entry: TAuditEntry): Promise<void> {
  await db.auditEntry.create({ data: { actor: entry.actor, action: entry.action, target: entry.target, detail: entry.detail ?? {} } });
}
