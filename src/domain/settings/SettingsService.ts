// Reads and changes the city's settings; every change is in the audit trail.
//
// A city once lost its reminder settings in an upgrade (LINE SMART CITY GovTech v1.17.0). So a
// stored value is never thrown away whole: missing fields take their defaults, and a field that no
// longer parses falls back alone while every other field keeps what the city set.
import { z } from "zod";
import { type PrismaClient, type Prisma } from "../../generated/prisma/client.ts";
import { asJson } from "../../db/asJson.ts";
import { recordAudit } from "../recordAudit.ts";
import { actorName, type TStaffActor } from "../staff/staffTypes.ts";
import { settingKeys, ZSettings, type TSettingKey, type TSettings } from "./settingsTypes.ts";

type Db = PrismaClient | Prisma.TransactionClient;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/** One setting as stored, read as forgivingly as possible (see the file's comment). */
export function parseSetting<K extends TSettingKey>(key: K, stored: unknown): TSettings[K] {
  const schema = ZSettings.shape[key];
  const whole = schema.safeParse(stored);
  if (whole.success) return whole.data as TSettings[K];
  const defaults = schema.parse(undefined) as Record<string, unknown>;
  if (!isObject(stored)) return defaults as TSettings[K];
  // Field by field: keep every stored field that still parses on its own.
  const salvaged: Record<string, unknown> = { ...defaults };
  for (const field of Object.keys(defaults)) {
    const one = schema.safeParse({ ...defaults, [field]: stored[field] });
    if (one.success) salvaged[field] = (one.data as Record<string, unknown>)[field];
  }
  return salvaged as TSettings[K];
}

export async function readSettings(db: Db): Promise<TSettings> {
  const rows = await db.setting.findMany({ where: { key: { in: settingKeys } } });
  const stored = new Map(rows.map((r) => [r.key, r.value as unknown]));
  return Object.fromEntries(settingKeys.map((key) => [key, parseSetting(key, stored.get(key))])) as TSettings;
}

/** The same fields with no defaults, all optional: zod 4 would fill a partial's defaults in, overwriting what the city set. */
function fieldsWithoutDefaults(section: z.ZodObject): z.ZodObject {
  return z
    .object(Object.fromEntries(Object.entries(section.shape).map(([name, field]) => [name, (field instanceof z.ZodDefault ? field.unwrap() : field).optional()])))
    .strict();
}

/**
 * A change: some settings, and within each only the fields given (the rest keep their current
 * values). Unknown settings or fields are refused, not silently dropped.
 */
export const ZSettingsPatch = z
  .object(Object.fromEntries(settingKeys.map((key) => [key, fieldsWithoutDefaults(ZSettings.shape[key].unwrap() as z.ZodObject).optional()])))
  .strict();

/** Changes some settings (partial, see ZSettingsPatch), as this staff member. */
export async function updateSettings(prisma: PrismaClient, input: unknown, by: TStaffActor): Promise<TSettings> {
  const patch = ZSettingsPatch.parse(input) as Partial<Record<TSettingKey, Record<string, unknown>>>;
  return prisma.$transaction(async (tx) => {
    const current = await readSettings(tx);
    for (const key of settingKeys) {
      const fields = patch[key];
      if (fields === undefined) continue;
      // Fields sent as undefined (absent in JSON) leave the current value alone.
      const given = Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined));
      const value = ZSettings.shape[key].parse({ ...current[key], ...given });
      await tx.setting.upsert({ where: { key }, create: { key, value: asJson(value), updatedById: by.id }, update: { value: asJson(value), updatedById: by.id } });
      await recordAudit(tx, { actor: actorName(by), action: "settings.updated", target: `setting:${key}`, detail: { value: JSON.stringify(value).slice(0, 200) } });
    }
    return readSettings(tx);
  });
}
