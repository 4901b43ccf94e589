// Reads and changes the city's settings; every change is in the audit trail.
import { type PrismaClient, type Prisma } from "../../generated/prisma/client.ts";
import { asJson } from "../../db/asJson.ts";
import { recordAudit } from "../recordAudit.ts";
import { actorName, type TStaffActor } from "../staff/staffTypes.ts";
import { settingKeys, ZSettings, type TSettings } from "./settingsTypes.ts";

type Db = PrismaClient | Prisma.TransactionClient;

export async function readSettings(db: Db): Promise<TSettings> {
  const rows = await db.setting.findMany({ where: { key: { in: settingKeys } } });
  const raw: Record<string, unknown> = {};
  for (const row of rows) raw[row.key] = row.value;
  // A stored value that no longer parses falls back to its default rather than stopping the bot.
  const parsed = ZSettings.safeParse(raw);
  if (parsed.success) return parsed.data;
  const fallback = ZSettings.parse({});
  for (const key of settingKeys) {
    const one = ZSettings.shape[key].safeParse(raw[key]);
    if (one.success) (fallback as Record<string, unknown>)[key] = one.data;
  }
  return fallback;
}

/** Changes some settings (partial: only the keys given), as this staff member. */
export async function updateSettings(prisma: PrismaClient, input: unknown, by: TStaffActor): Promise<TSettings> {
  const patch = ZSettings.partial().parse(input);
  return prisma.$transaction(async (tx) => {
    for (const key of settingKeys) {
      const value = patch[key];
      if (value === undefined) continue;
      await tx.setting.upsert({ where: { key }, create: { key, value: asJson(value), updatedById: by.id }, update: { value: asJson(value), updatedById: by.id } });
      await recordAudit(tx, { actor: actorName(by), action: "settings.updated", target: `setting:${key}`, detail: { value: JSON.stringify(value).slice(0, 200) } });
    }
    return readSettings(tx);
  });
}
