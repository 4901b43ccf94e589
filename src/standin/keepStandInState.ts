// Local mode: the stand-in's residents and chats are kept in the bot's own database (table
// SimulatorState), so a restart changes nothing a person sees in the simulator, and the residents
// the database knows are still there to play. Saved shortly after each change, and at shutdown.
//
// One row for the residents, one per resident's chat, and only the chats that changed are written,
// in one statement, at a quiet moment: saving must never hold up the bot's turns.
import { type PrismaClient } from "../generated/prisma/client.ts";
import { type Logger } from "../logger.ts";
import { type ChatEntry, type LineStandIn } from "./createLineStandIn.ts";

const USERS = "standIn:users";
const CHAT = "standIn:chat:";
const SAVE_EVERY_MS = 500;
const MAX_DELAY_MS = 5000;

/** Restores what was kept, then keeps it; returns the stop that saves a last time. */
export async function keepStandInState(standIn: LineStandIn, prisma: PrismaClient, logger: Logger): Promise<() => Promise<void>> {
  const rows = await prisma.simulatorState.findMany({ where: { key: { startsWith: "standIn:" } } });
  const users = rows.find((r) => r.key === USERS)?.value as { users?: unknown; blocked?: unknown } | undefined;
  if (users) {
    const chats = Object.fromEntries(rows.filter((r) => r.key.startsWith(CHAT)).map((r) => [r.key.slice(CHAT.length), r.value]));
    standIn.restore({ format: 1, users: users.users, blocked: users.blocked, chats });
  }

  let savedVersion = standIn.version;
  let savedUsers = "";
  /** The last entry saved of each chat: a chat whose last entry is the same is not written again. */
  const savedLast = new Map<string, number>();
  for (const [userId, list] of Object.entries(standIn.snapshot().chats)) savedLast.set(userId, list.at(-1)?.seq ?? 0);

  const save = async () => {
    const version = standIn.version;
    if (version === savedVersion) return;
    const snapshot = standIn.snapshot();
    const rows: Record<string, unknown> = {};
    const usersValue = JSON.stringify({ users: snapshot.users, blocked: snapshot.blocked });
    if (usersValue !== savedUsers) rows[USERS] = { users: snapshot.users, blocked: snapshot.blocked };
    const changed: [string, number][] = [];
    for (const [userId, list] of Object.entries(snapshot.chats) as [string, ChatEntry[]][]) {
      const last = list.at(-1)?.seq ?? 0;
      if (savedLast.get(userId) === last) continue;
      changed.push([userId, last]);
      rows[`${CHAT}${userId}`] = list;
    }
    // One statement for everything that changed: many small upserts would each cost the bot's turns CPU.
    if (Object.keys(rows).length > 0) {
      await prisma.$executeRaw`
        INSERT INTO "SimulatorState" ("key", "value", "updatedAt")
        SELECT r.key, r.value, now() FROM jsonb_each(${JSON.stringify(rows)}::jsonb) AS r(key, value)
        ON CONFLICT ("key") DO UPDATE SET "value" = EXCLUDED."value", "updatedAt" = now()`;
    }
    savedVersion = version;
    savedUsers = usersValue;
    for (const [userId, last] of changed) savedLast.set(userId, last);
  };

  let saving: Promise<void> | undefined;
  // While residents are busy (the stand-in changed since the last look), wait for a quiet moment,
  // but never longer than MAX_DELAY_MS: a burst of turns is not slowed by saving it.
  let seen = standIn.version;
  let lastSave = Date.now();
  const tick = () => {
    const busy = standIn.version !== seen;
    seen = standIn.version;
    if (busy && Date.now() - lastSave < MAX_DELAY_MS) return;
    lastSave = Date.now();
    saving ??= save()
      .catch((err: unknown) => logger.warn("keeping the simulator's residents failed", { reason: err instanceof Error ? err.name : "unknown" }))
      .finally(() => (saving = undefined));
  };
  const timer = setInterval(tick, SAVE_EVERY_MS);
  timer.unref();
  return async () => {
    clearInterval(timer);
    await saving;
    await save().catch(() => undefined);
  };
}
