// Local mode: the stand-in's residents and chats are kept in the bot's own database (table
// SimulatorState), so a restart changes nothing a person sees in the simulator, and the residents
// the database knows are still there to play. Saved shortly after each change, and at shutdown.
import { type PrismaClient } from "../generated/prisma/client.ts";
import { type Logger } from "../logger.ts";
import { type LineStandIn } from "./createLineStandIn.ts";

const KEY = "standIn";
const SAVE_EVERY_MS = 500;

/** Restores what was kept, then keeps it; returns the stop that saves a last time. */
export async function keepStandInState(standIn: LineStandIn, prisma: PrismaClient, logger: Logger): Promise<() => Promise<void>> {
  const saved = await prisma.simulatorState.findUnique({ where: { key: KEY } });
  if (saved) standIn.restore(saved.value);
  let savedVersion = standIn.version;
  let saving: Promise<void> | undefined;
  const save = async () => {
    const version = standIn.version;
    if (version === savedVersion) return;
    const value = JSON.parse(JSON.stringify(standIn.snapshot())) as object;
    await prisma.simulatorState.upsert({ where: { key: KEY }, create: { key: KEY, value }, update: { value } });
    savedVersion = version;
  };
  const tick = () => {
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
