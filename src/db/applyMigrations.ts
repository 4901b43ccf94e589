// Applies pending migrations with the Prisma CLI (`migrate deploy`), which runs offline through
// the driver adapter configured in prisma.config.ts. The CLI is a second Node process that loads
// Prisma's wasm schema engine: about a second and 100 MB on every start, for nothing on most
// starts. So the database's own record (_prisma_migrations) is read first, and the CLI runs only
// when a migration folder is not recorded there as applied with the same checksum (the SHA-256 of
// its migration.sql, as Prisma computes it), when one is recorded as failed, or when the table is
// missing (a new database). Anything unusual goes to the CLI, which says what is wrong.
import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";

const repoRoot = fileURLToPath(new URL("../..", import.meta.url));
const prismaCli = fileURLToPath(new URL("../../node_modules/prisma/build/index.js", import.meta.url));
const preload = new URL("./unrefSchemaEngineTimers.mjs", import.meta.url).href;
const defaultMigrationsDir = path.join(repoRoot, "prisma", "migrations");

export class MigrationError extends Error {}

export type TMigrationOptions = {
  /** The schema file whose migrations folder is deployed (default prisma/schema.prisma, from prisma.config.ts). */
  schemaFile?: string;
  /** Run the CLI even when nothing looks pending. */
  force?: boolean;
};

export type TMigrationResult = {
  /** Whether the Prisma CLI ran (false: the database already had every migration). */
  ranCli: boolean;
  /** The migrations that were pending before (folder names), or "no table" on a new database. */
  pending: string[] | "no table";
  output: string;
};

type TLocalMigration = { name: string; checksum: string };

export async function localMigrations(dir = defaultMigrationsDir): Promise<TLocalMigration[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const out: TLocalMigration[] = [];
  for (const e of entries.filter((d) => d.isDirectory()).sort((a, b) => a.name.localeCompare(b.name))) {
    const sql = await readFile(path.join(dir, e.name, "migration.sql")).catch(() => undefined);
    // A folder without migration.sql: let the CLI judge it.
    out.push({ name: e.name, checksum: sql ? createHash("sha256").update(sql).digest("hex") : "" });
  }
  return out;
}

/** Folder names not (or not cleanly) applied to this database; "no table" when it was never migrated. */
export async function pendingMigrations(databaseUrl: string, migrationsDir = defaultMigrationsDir): Promise<string[] | "no table"> {
  const local = await localMigrations(migrationsDir);
  // One short connection, closed before anything else connects (the embedded database serves one at a time).
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const table = await client.query<{ exists: boolean }>(`SELECT to_regclass('_prisma_migrations') IS NOT NULL AS "exists"`);
    if (!table.rows[0]?.exists) return "no table";
    const rows = await client.query<{ migration_name: string; checksum: string; finished_at: Date | null; rolled_back_at: Date | null }>(
      `SELECT "migration_name", "checksum", "finished_at", "rolled_back_at" FROM "_prisma_migrations"`,
    );
    // A failed migration (not finished, not rolled back) blocks every later one: the CLI reports it.
    const failed = rows.rows.filter((r) => r.finished_at === null && r.rolled_back_at === null).map((r) => r.migration_name);
    const applied = new Map(rows.rows.filter((r) => r.finished_at !== null && r.rolled_back_at === null).map((r) => [r.migration_name, r.checksum]));
    const pending = local.filter((m) => applied.get(m.name) !== m.checksum).map((m) => m.name);
    return [...new Set([...failed, ...pending])];
  } finally {
    await client.end();
  }
}

function runCli(databaseUrl: string, schemaFile: string | undefined): Promise<string> {
  return new Promise((resolve, reject) => {
    const args = ["--import", preload, prismaCli, "migrate", "deploy", ...(schemaFile ? ["--schema", schemaFile] : [])];
    const child = spawn(process.execPath, args, {
      cwd: repoRoot,
      env: { ...process.env, DATABASE_URL: databaseUrl, PRISMA_HIDE_UPDATE_MESSAGE: "1", CHECKPOINT_DISABLE: "1" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (d: Buffer) => (output += d.toString()));
    child.stderr.on("data", (d: Buffer) => (output += d.toString()));
    child.on("error", reject);
    child.on("close", (code) =>
      code === 0 ? resolve(output) : reject(new MigrationError(`prisma migrate deploy failed (exit ${code}):\n${output}`)),
    );
  });
}

export async function applyMigrations(databaseUrl: string, options: TMigrationOptions = {}): Promise<TMigrationResult> {
  const migrationsDir = options.schemaFile ? path.join(path.dirname(options.schemaFile), "migrations") : defaultMigrationsDir;
  const pending = await pendingMigrations(databaseUrl, migrationsDir);
  if (!options.force && pending !== "no table" && pending.length === 0) return { ranCli: false, pending, output: "" };
  return { ranCli: true, pending, output: await runCli(databaseUrl, options.schemaFile) };
}
