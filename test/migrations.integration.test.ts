// An upgrade must carry every setting forward: a city once lost its reminder settings in one
// (LINE SMART CITY GovTech v1.17.0). The database is migrated only as far as the migration that
// created Setting, settings are stored as that version stored them, then the bot is upgraded with
// every later migration and one more (synthetic, altering other tables, as the next release
// might), and every setting must read back exactly as the city set it. Real PostgreSQL only: the
// migrations are applied by the Prisma CLI as in production.
import { spawn } from "node:child_process";
import { cp, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { applyMigrations } from "../src/db/applyMigrations.ts";
import { createPrismaClient } from "../src/db/openDatabase.ts";
import { readSettings } from "../src/domain/settings/SettingsService.ts";
import { settingKeys } from "../src/domain/settings/settingsTypes.ts";
import { createTestDatabase, type TTestDatabase } from "./support/testDatabases.ts";

const repoRoot = fileURLToPath(new URL("..", import.meta.url));
const migrationsDir = path.join(repoRoot, "prisma", "migrations");
const prismaCli = path.join(repoRoot, "node_modules", "prisma", "build", "index.js");
const preload = new URL("../src/db/unrefSchemaEngineTimers.mjs", import.meta.url).href;

/** `prisma migrate deploy` with a schema (and so a migrations folder) of the test's choosing. */
function deploy(databaseUrl: string, schemaFile: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", preload, prismaCli, "migrate", "deploy", "--schema", schemaFile], {
      cwd: repoRoot,
      env: { ...process.env, DATABASE_URL: databaseUrl, PRISMA_HIDE_UPDATE_MESSAGE: "1", CHECKPOINT_DISABLE: "1" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (d: Buffer) => (output += d.toString()));
    child.stderr.on("data", (d: Buffer) => (output += d.toString()));
    child.on("close", (code) => (code === 0 ? resolve(output) : reject(new Error(`migrate deploy failed (${code}):\n${output}`))));
  });
}

/** A migrations folder holding these migrations (and the lock file), next to a copy of the schema. */
async function migrationsFolder(root: string, names: string[], extra?: { name: string; sql: string }): Promise<string> {
  await rm(root, { recursive: true, force: true });
  await mkdir(path.join(root, "migrations"), { recursive: true });
  await cp(path.join(repoRoot, "prisma", "schema.prisma"), path.join(root, "schema.prisma"));
  await cp(path.join(migrationsDir, "migration_lock.toml"), path.join(root, "migrations", "migration_lock.toml"));
  for (const name of names) await cp(path.join(migrationsDir, name), path.join(root, "migrations", name), { recursive: true });
  if (extra) {
    await mkdir(path.join(root, "migrations", extra.name));
    await writeFile(path.join(root, "migrations", extra.name, "migration.sql"), extra.sql);
  }
  return path.join(root, "schema.prisma");
}

/** Every setting changed from its default, as the console stores them. */
const citySettings = {
  reminders: { enabled: false, dayBeforeAt: "17:45", hourBefore: true, note: "雨天の場合は市のLINEでお知らせします。", noteEn: "If it rains, we will tell you on LINE.", noteEasy: "雨の ときは LINEで 知らせます。" },
  quietHours: { enabled: true, start: "20:30", end: "07:15" },
  budget: { monthlyLimit: 12000 },
  participation: { population: 32000, targetPercent: 25 },
  inbox: { officeDays: [1, 2, 3, 4, 5], officeStart: "08:45", officeEnd: "17:30", closedDates: ["2026-12-29", "2026-12-30"], retentionDays: 180 },
};

/** The next release, as far as this test can foresee it: it changes other tables, not Setting. */
const syntheticUpgrade = {
  name: "99991231235959_synthetic_next_release",
  sql: `ALTER TABLE "Event" ADD COLUMN "syntheticAccessibility" TEXT NOT NULL DEFAULT '';
CREATE INDEX "Resident_synthetic_language_idx" ON "Resident"("language");
ALTER TABLE "Delivery" ALTER COLUMN "purpose" SET DATA TYPE VARCHAR(500);
`,
};

describe("Migrations", () => {
  let database: TTestDatabase | undefined;
  let work: string | undefined;
  afterAll(async () => {
    await database?.drop();
    if (work) await rm(work, { recursive: true, force: true });
  });

  it("When the bot is upgraded from the version that introduced settings, then every setting reads back exactly as the city set it", async () => {
    database = await createTestDatabase("postgresql");
    work = await mkdtemp(path.join(tmpdir(), "cityvoice-migrations-"));
    const all = (await readdir(migrationsDir, { withFileTypes: true })).filter((d) => d.isDirectory()).map((d) => d.name).sort();
    let settingsVersion = -1;
    for (const [i, name] of all.entries()) {
      if ((await readFile(path.join(migrationsDir, name, "migration.sql"), "utf8")).includes('CREATE TABLE "Setting"')) settingsVersion = i;
    }
    expect(settingsVersion).toBeGreaterThanOrEqual(0);
    // Every setting the bot has is in the city's set: a new one must be added above to be covered.
    expect(Object.keys(citySettings).sort()).toEqual([...settingKeys].sort());

    // The version that introduced settings, and the city's settings as that version stored them.
    await deploy(database.databaseUrl!, await migrationsFolder(path.join(work, "old"), all.slice(0, settingsVersion + 1)));
    const db = new pg.Client({ connectionString: database.databaseUrl });
    await db.connect();
    try {
      for (const [key, value] of Object.entries(citySettings)) {
        await db.query(`INSERT INTO "Setting" ("key", "value", "updatedById", "updatedAt") VALUES ($1, $2, $3, now())`, [key, JSON.stringify(value), "00000000-0000-4000-8000-00000000000a"]);
      }
      const stored = async () => (await db.query(`SELECT "key", "value", "updatedById", "updatedAt" FROM "Setting" ORDER BY "key"`)).rows;
      const before = await stored();

      // The upgrade: every later migration there is, and the next release's.
      const output = await deploy(database.databaseUrl!, await migrationsFolder(path.join(work, "new"), all, syntheticUpgrade));
      expect(output).toContain(syntheticUpgrade.name);
      const applied = (await db.query(`SELECT count(*)::int AS n FROM "_prisma_migrations" WHERE "finished_at" IS NOT NULL`)).rows[0].n;
      expect(applied).toBe(all.length + 1);

      expect(await stored()).toEqual(before);
      const prisma = createPrismaClient(database.databaseUrl!, 1);
      try {
        expect(await readSettings(prisma)).toEqual(citySettings);
      } finally {
        await prisma.$disconnect();
      }
    } finally {
      await db.end();
    }
  }, 180_000);

  it("When the bot starts on a database that has every migration, then the migrate CLI is not run; when a new migration appears, it is applied", async () => {
    const db2 = await createTestDatabase("postgresql");
    const dir = await mkdtemp(path.join(tmpdir(), "cityvoice-migrations-skip-"));
    const client = new pg.Client({ connectionString: db2.databaseUrl });
    try {
      const all = (await readdir(migrationsDir, { withFileTypes: true })).filter((d) => d.isDirectory()).map((d) => d.name).sort();
      const schemaFile = await migrationsFolder(dir, all);
      // A new database: no _prisma_migrations table, so the CLI runs and applies everything.
      const first = await applyMigrations(db2.databaseUrl!, { schemaFile });
      expect(first).toMatchObject({ ranCli: true, pending: "no table" });
      await client.connect();
      const recorded = async () => (await client.query(`SELECT "migration_name", "finished_at" FROM "_prisma_migrations" ORDER BY 1`)).rows;
      const before = await recorded();
      expect(before.map((r) => r.migration_name)).toEqual(all);

      // Up to date: the start reads the table and goes on. A CLI run would fail on this schema file.
      const schemaText = await readFile(schemaFile, "utf8");
      await writeFile(schemaFile, "this is not a Prisma schema {");
      const second = await applyMigrations(db2.databaseUrl!, { schemaFile });
      expect(second).toEqual({ ranCli: false, pending: [], output: "" });
      expect(await recorded()).toEqual(before);

      // The next release brings a migration: it is pending, the CLI runs, the change is in the database.
      await writeFile(schemaFile, schemaText);
      await mkdir(path.join(dir, "migrations", syntheticUpgrade.name));
      await writeFile(path.join(dir, "migrations", syntheticUpgrade.name, "migration.sql"), syntheticUpgrade.sql);
      const third = await applyMigrations(db2.databaseUrl!, { schemaFile });
      expect(third).toMatchObject({ ranCli: true, pending: [syntheticUpgrade.name] });
      expect((await recorded()).map((r) => r.migration_name)).toEqual([...all, syntheticUpgrade.name]);
      const column = await client.query(`SELECT 1 FROM information_schema.columns WHERE table_name = 'Event' AND column_name = 'syntheticAccessibility'`);
      expect(column.rowCount).toBe(1);

      // An edited migration (its checksum differs from the recorded one) is not taken as applied: the CLI judges it.
      await writeFile(path.join(dir, "migrations", syntheticUpgrade.name, "migration.sql"), `${syntheticUpgrade.sql}-- edited\n`);
      expect((await applyMigrations(db2.databaseUrl!, { schemaFile })).pending).toEqual([syntheticUpgrade.name]);
    } finally {
      await client.end().catch(() => undefined);
      await db2.drop();
      await rm(dir, { recursive: true, force: true });
    }
  }, 180_000);

  it("When age bands change to tell adulthood (18), then stored profiles, volunteer profiles and audiences map to the new bands and staff texts gain an empty English", async () => {
    const bands = await createTestDatabase("postgresql");
    const folder = await mkdtemp(path.join(tmpdir(), "cityvoice-bands-"));
    try {
      const all = (await readdir(migrationsDir, { withFileTypes: true })).filter((d) => d.isDirectory()).map((d) => d.name).sort();
      const mine = all.findIndex((n) => n.includes("adult_age_bands"));
      expect(mine).toBeGreaterThan(0);
      await deploy(bands.databaseUrl!, await migrationsFolder(path.join(folder, "old"), all.slice(0, mine)));
      const db = new pg.Client({ connectionString: bands.databaseUrl });
      await db.connect();
      try {
        const residents = { teen: "under20", young: "20s", old: "70plus", none: null } as const;
        for (const [name, band] of Object.entries(residents)) {
          await db.query(`INSERT INTO "Resident" ("id", "lineUserId", "profile", "updatedAt") VALUES (gen_random_uuid(), $1, $2, now())`, [`U-${name}`, JSON.stringify(band ? { ageBand: band, district: "nagato" } : { district: "nagato" })]);
        }
        await db.query(`INSERT INTO "VolunteerProfile" ("residentId", "areas", "skills", "districts", "availability", "ageBand", "isMinor", "updatedAt") SELECT "id", '{}', '{}', '{}', '{}', 'under20', true, now() FROM "Resident" WHERE "lineUserId" = 'U-teen'`);
        await db.query(
          `INSERT INTO "Round" ("id", "title", "summary", "documentUrl", "sections", "opensAt", "closesAt", "audience", "createdById", "updatedAt") VALUES (gen_random_uuid(), '案', '概要', 'https://example.jp', '[]', now(), now() + interval '1 day', $1, gen_random_uuid(), now())`,
          [JSON.stringify({ ageBands: ["under20", "20s", "60s"], districts: ["nagato"] })],
        );
        await deploy(bands.databaseUrl!, await migrationsFolder(path.join(folder, "new"), all));
        const profiles = Object.fromEntries((await db.query(`SELECT "lineUserId", "profile" FROM "Resident"`)).rows.map((r: { lineUserId: string; profile: unknown }) => [r.lineUserId, r.profile]));
        expect(profiles).toEqual({
          "U-teen": { ageBand: "under18", district: "nagato" },
          "U-young": { ageBand: "18to29", district: "nagato" },
          "U-old": { ageBand: "70plus", district: "nagato" },
          "U-none": { district: "nagato" },
        });
        expect((await db.query(`SELECT "ageBand", "isMinor" FROM "VolunteerProfile"`)).rows).toEqual([{ ageBand: "under18", isMinor: true }]);
        expect((await db.query(`SELECT "audience", "titleEn", "summaryEn" FROM "Round"`)).rows).toEqual([
          { audience: { ageBands: ["under18", "18to29", "60s"], districts: ["nagato"] }, titleEn: null, summaryEn: null },
        ]);
      } finally {
        await db.end();
      }
    } finally {
      await bands.drop();
      await rm(folder, { recursive: true, force: true });
    }
  }, 180_000);
});
