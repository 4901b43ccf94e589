// The audit trail, for administrators: who did what, when.
import { type PrismaClient } from "../../generated/prisma/client.ts";
import { z } from "zod";
import { defineRoute } from "../defineRoute.ts";
import { auditActionLabels, auditActorLabel, auditDetails, auditTargetLabel } from "../../domain/auditLabels.ts";

const ZAuditQuery = z.object({
  actor: z.string().optional(),
  action: z.string().optional(),
  before: z.coerce.number().int().optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

export const ZAuditEntry = z.object({
  id: z.int(),
  at: z.date(),
  actor: z.string(),
  action: z.string(),
  target: z.string().nullable(),
  /** What the action changed, as recorded (JSON); `details` says it in Japanese. */
  detail: z.unknown(),
  actionLabel: z.string(),
  actorLabel: z.string(),
  targetLabel: z.string().nullable(),
  details: z.array(z.object({ key: z.string(), label: z.string(), value: z.string() })),
});

export function auditRoutes(prisma: PrismaClient) {
  return [
    defineRoute({
      method: "get", path: "/audit", tag: "audit", role: "admin", summary: "Read the audit trail, newest first (page with `before`); each entry also carries Japanese labels (actionLabel, actorLabel, targetLabel, details)",
      query: ZAuditQuery,
      response: z.object({ entries: z.array(ZAuditEntry) }),
      handler: async ({ query }) => {
        const rows = await prisma.auditEntry.findMany({
          where: {
            ...(query.actor ? { actor: { contains: query.actor } } : {}),
            ...(query.action ? { action: { startsWith: query.action } } : {}),
            ...(query.before ? { id: { lt: BigInt(query.before) } } : {}),
          },
          orderBy: { id: "desc" },
          take: query.limit,
        });
        return {
          entries: rows.map((r) => ({
            ...r,
            id: Number(r.id),
            actionLabel: auditActionLabels[r.action] ?? r.action,
            actorLabel: auditActorLabel(r.actor),
            targetLabel: auditTargetLabel(r.target),
            details: auditDetails(r.detail),
          })),
        };
      },
    }),
  ];
}
