// What turns decided, as SQL: one statement per kind of change for any number of turns, so a batch of
// fifty residents costs the same few statements as one. Both ways of running a turn use these.
import { type TConversationState, type TResidentProfile } from "../flows/engineTypes.ts";
import { type TLiteral } from "../db/sqlLiteral.ts";
import { type TTurnWrite } from "./Turn.ts";

export type TDecidedTurn = { writes: readonly TTurnWrite[]; actor: string };

type ResidentChange = { created?: { lineUserId: string }; reachable?: boolean; language?: string; profile?: TResidentProfile };
type ConversationChange = {
  started?: { residentId: string; flowId: string; flowRevision: string };
  state?: TConversationState;
  status?: string;
  /** undefined: unchanged. */
  expiresAt?: Date | null;
  endedAt?: Date | null;
  /** Taken up again from paused, on this revision. */
  resumed?: { flowRevision: string };
};

export function turnStatements(turns: readonly TDecidedTurn[], now: Date, lit: TLiteral): string[] {
  const at = `${lit(now)}::timestamptz`;
  const residents = new Map<string, ResidentChange>();
  const conversations = new Map<string, ConversationChange>();
  const unfollowed: string[] = [];
  const answers: string[] = [];
  const audits: string[] = [];
  const resident = (id: string) => residents.get(id) ?? residents.set(id, {}).get(id)!;
  const conversation = (id: string) => conversations.get(id) ?? conversations.set(id, {}).get(id)!;

  for (const turn of turns) {
    for (const w of turn.writes) {
      switch (w.kind) {
        case "residentCreated":
          resident(w.residentId).created = { lineUserId: w.lineUserId };
          break;
        case "residentFollowed":
          resident(w.residentId).reachable = true;
          break;
        case "residentUnfollowed":
          // Also ends their active and paused conversations (below).
          resident(w.residentId).reachable = false;
          unfollowed.push(lit(w.residentId));
          break;
        case "residentChanged":
          Object.assign(resident(w.residentId), { language: w.language, profile: w.profile });
          break;
        case "conversationStarted":
          Object.assign(conversation(w.conversationId), {
            started: { residentId: w.residentId, flowId: w.flowId, flowRevision: w.flowRevision },
            state: w.state,
            status: "active",
            expiresAt: w.expiresAt,
            endedAt: null,
          });
          break;
        case "conversationStepped":
          Object.assign(conversation(w.conversationId), {
            state: w.state,
            status: w.ended ? "completed" : "active",
            expiresAt: w.expiresAt,
            endedAt: w.ended ? now : null,
          });
          break;
        case "conversationEnded":
          Object.assign(conversation(w.conversationId), { status: w.status, endedAt: now });
          break;
        case "conversationPaused":
          Object.assign(conversation(w.conversationId), { status: "paused", endedAt: null });
          break;
        case "conversationResumed":
          Object.assign(conversation(w.conversationId), { status: "active", endedAt: null, resumed: { flowRevision: w.flowRevision } });
          break;
        case "answersGiven":
          for (const a of w.answers) {
            answers.push(
              `(gen_random_uuid(), ${lit(w.residentId)}::uuid, ${lit(w.conversationId)}::uuid, ${lit(w.flowId)}, ${lit(w.flowRevision)}, ${lit(a.stepId)}, ${lit(a.name)}, ${lit(JSON.stringify(a.value ?? null))}::jsonb, ${at})`,
            );
          }
          break;
        case "audited":
          audits.push(`(${at}, ${lit(turn.actor)}, ${lit(w.action)}, ${lit(JSON.stringify(w.detail ?? {}))}::jsonb)`);
          break;
      }
    }
  }

  const statements: string[] = [];
  const created: string[] = [];
  const changed: string[] = [];
  for (const [id, r] of residents) {
    const profile = r.profile === undefined ? "NULL" : lit(JSON.stringify(r.profile));
    if (r.created) {
      created.push(`(${lit(id)}::uuid, ${lit(r.created.lineUserId)}, ${lit(r.language ?? "ja")}, ${r.profile === undefined ? "'{}'" : profile}::jsonb, TRUE, ${at}, ${at})`);
    } else {
      changed.push(`(${lit(id)}::uuid, ${r.reachable === undefined ? "NULL" : lit(r.reachable)}::boolean, ${lit(r.language ?? null)}::text, ${profile}::jsonb)`);
    }
  }
  if (created.length > 0) {
    statements.push(`INSERT INTO "Resident" ("id", "lineUserId", "language", "profile", "reachable", "createdAt", "updatedAt") VALUES ${created.join(", ")}`);
  }
  if (changed.length > 0) {
    statements.push(
      `UPDATE "Resident" AS r SET "reachable" = COALESCE(v.reachable, r."reachable"),
         "unfollowedAt" = CASE WHEN v.reachable IS NULL THEN r."unfollowedAt" WHEN v.reachable THEN NULL ELSE ${at} END,
         "language" = COALESCE(v.language, r."language"), "profile" = COALESCE(v.profile, r."profile"), "updatedAt" = ${at}
       FROM (VALUES ${changed.join(", ")}) AS v(id, reachable, language, profile) WHERE r."id" = v.id`,
    );
  }

  // Existing conversations first: a resident has at most one active conversation (a partial unique
  // index), so the one being left (ended or paused) must be so before the one being started is
  // inserted, or the paused one taken up again is made active (a statement of its own, after).
  const updated: string[] = [];
  const resumed: string[] = [];
  const inserted: string[] = [];
  for (const [id, c] of conversations) {
    const state = c.state === undefined ? "NULL" : lit(JSON.stringify(c.state));
    const expires = c.expiresAt === undefined || c.expiresAt === null ? "NULL" : lit(c.expiresAt);
    if (c.resumed) {
      resumed.push(
        `(${lit(id)}::uuid, ${lit(c.resumed.flowRevision)}, ${state}::jsonb, ${lit(c.status)}, ${lit(c.expiresAt !== undefined)}::boolean, ${expires}::timestamptz, ${c.endedAt ? lit(c.endedAt) : "NULL"}::timestamptz)`,
      );
    } else if (c.started) {
      inserted.push(
        `(${lit(id)}::uuid, ${lit(c.started.residentId)}::uuid, ${lit(c.started.flowId)}, ${lit(c.started.flowRevision)}, ${state}::jsonb, ${lit(c.status)}, ${expires}::timestamptz, ${at}, ${at}, ${c.endedAt ? lit(c.endedAt) : "NULL"}::timestamptz)`,
      );
    } else {
      updated.push(
        `(${lit(id)}::uuid, ${state}::jsonb, ${lit(c.status)}, ${lit(c.expiresAt !== undefined)}::boolean, ${expires}::timestamptz, ${c.endedAt ? lit(c.endedAt) : "NULL"}::timestamptz)`,
      );
    }
  }
  if (updated.length > 0) {
    statements.push(
      `UPDATE "Conversation" AS c SET "state" = COALESCE(v.state, c."state"), "status" = v.status,
         "expiresAt" = CASE WHEN v.set_expiry THEN v.expires ELSE c."expiresAt" END, "endedAt" = v.ended, "updatedAt" = ${at}
       FROM (VALUES ${updated.join(", ")}) AS v(id, state, status, set_expiry, expires, ended) WHERE c."id" = v.id`,
    );
  }
  if (unfollowed.length > 0) {
    statements.push(
      `UPDATE "Conversation" SET "status" = 'cancelled', "endedAt" = ${at}, "updatedAt" = ${at}
       WHERE "status" IN ('active', 'paused') AND "residentId" IN (${unfollowed.map((id) => `${id}::uuid`).join(", ")})`,
    );
  }
  if (resumed.length > 0) {
    statements.push(
      `UPDATE "Conversation" AS c SET "flowRevision" = v.revision, "state" = COALESCE(v.state, c."state"), "status" = v.status,
         "expiresAt" = CASE WHEN v.set_expiry THEN v.expires ELSE c."expiresAt" END, "endedAt" = v.ended, "updatedAt" = ${at}
       FROM (VALUES ${resumed.join(", ")}) AS v(id, revision, state, status, set_expiry, expires, ended) WHERE c."id" = v.id AND c."status" = 'paused'`,
    );
  }
  if (inserted.length > 0) {
    statements.push(
      `INSERT INTO "Conversation" ("id", "residentId", "flowId", "flowRevision", "state", "status", "expiresAt", "startedAt", "updatedAt", "endedAt") VALUES ${inserted.join(", ")}`,
    );
  }
  if (answers.length > 0) {
    statements.push(`INSERT INTO "Answer" ("id", "residentId", "conversationId", "flowId", "flowRevision", "stepId", "name", "value", "answeredAt") VALUES ${answers.join(", ")}`);
  }
  if (audits.length > 0) statements.push(`INSERT INTO "AuditEntry" ("at", "actor", "action", "detail") VALUES ${audits.join(", ")}`);
  return statements;
}
