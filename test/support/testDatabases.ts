// The two databases every integration test runs on: the real PostgreSQL of this machine (a fresh
// database per test file, dropped after) and the embedded one (a fresh folder).
import { createHash, randomBytes } from "node:crypto";
import { accessSync, constants, cpSync, statfsSync } from "node:fs";
import { mkdtemp, rename, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { applyMigrations, localMigrations } from "../../src/db/applyMigrations.ts";
import { startEmbeddedPostgres } from "../../src/db/startEmbeddedPostgres.ts";

/** The server the project's machines run; TEST_POSTGRES_URL points elsewhere. */
const adminUrl = process.env.TEST_POSTGRES_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";

/**
 * Where embedded test databases live: a memory file system (/dev/shm) when there is one with room,
 * else the temp directory; TEST_DATA_DIR chooses. The bot uses the folder exactly as it would use one
 * on disk (same code path, same OS lock); but creating and copying PGlite's ~1,200 files costs about
 * 1 s of kernel time per database on this machine's ext4, and about 0.07 s on tmpfs.
 */
export const testDataRoot: string = (() => {
  if (process.env.TEST_DATA_DIR) return process.env.TEST_DATA_DIR;
  try {
    accessSync("/dev/shm", constants.W_OK);
    const { bavail, bsize } = statfsSync("/dev/shm");
    // Docker's default /dev/shm is 64 MB: too small for a template and a few copies (40 MB each).
    if (bavail * bsize > 2 * 1024 ** 3) return "/dev/shm";
  } catch {
    // no /dev/shm here
  }
  return tmpdir();
})();

export type TTestDatabase = { kind: "postgresql" | "embedded"; databaseUrl?: string; embeddedDir: string; drop(): Promise<void> };

export async function createTestDatabase(kind: "postgresql" | "embedded"): Promise<TTestDatabase> {
  return kind === "embedded" ? emptyEmbeddedDatabase() : postgresDatabase();
}

async function emptyEmbeddedDatabase(): Promise<TTestDatabase> {
  const embeddedDir = await mkdtemp(path.join(testDataRoot, "cityvoice-pglite-"));
  // The folder and the lock file the bot keeps beside it (released once the bot has stopped).
  const drop = async () => {
    await rm(embeddedDir, { recursive: true, force: true });
    await rm(`${embeddedDir}.lock`, { force: true });
  };
  return { kind: "embedded", embeddedDir, drop };
}

/** A new database on the real server: empty, or a copy of `template`. */
async function postgresDatabase(template?: string): Promise<TTestDatabase> {
  const embeddedDir = await mkdtemp(path.join(testDataRoot, "cityvoice-pglite-"));
  const name = `cityvoice_test_${randomBytes(6).toString("hex")}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"${template ? ` TEMPLATE "${template}"` : ""}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    kind: "postgresql",
    databaseUrl: url.toString(),
    embeddedDir,
    async drop() {
      const a = new pg.Client({ connectionString: adminUrl });
      await a.connect();
      await a.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await a.end();
      await rm(embeddedDir, { recursive: true, force: true });
      await rm(`${embeddedDir}.lock`, { force: true });
    },
  };
}

export const databaseKinds = ["postgresql", "embedded"] as const;

// A migrated database for a test that starts the bot (startTestApp): a copy of one template per set of
// migrations, built once and then reused, instead of running Prisma's migrate CLI (about
// 2 s on the real server) and PGlite's initdb plus migrations (about 6 s of CPU) for every test app.
// The bot still reads _prisma_migrations at start and finds nothing pending, as on an existing
// database. Tests of migrations themselves use createTestDatabase, which stays empty.

/** Changes whenever a migration is added or edited (the checksums the bot compares at start), so a stale template is never used. */
async function migrationsFingerprint(): Promise<string> {
  const hash = createHash("sha256");
  for (const { name, checksum } of await localMigrations()) hash.update(name).update(checksum);
  return hash.digest("hex").slice(0, 16);
}

let fingerprint: Promise<string> | undefined;
const templateFingerprint = () => (fingerprint ??= migrationsFingerprint());

async function postgresTemplate(): Promise<string> {
  const template = `cityvoice_template_${await templateFingerprint()}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    // One builder at a time across vitest's workers; the others wait, then find it built.
    await admin.query(`SELECT pg_advisory_lock(hashtext('cityvoice test template'))`);
    const found = await admin.query(`SELECT 1 FROM pg_database WHERE datname = $1`, [template]);
    if (found.rowCount === 0) {
      const building = `${template}_building`;
      await admin.query(`DROP DATABASE IF EXISTS "${building}" WITH (FORCE)`);
      await admin.query(`CREATE DATABASE "${building}"`);
      const url = new URL(adminUrl);
      url.pathname = `/${building}`;
      await applyMigrations(url.toString());
      await admin.query(`ALTER DATABASE "${building}" RENAME TO "${template}"`);
      // Templates of older migrations are of no further use.
      const stale = await admin.query<{ datname: string }>(`SELECT datname FROM pg_database WHERE datname LIKE 'cityvoice\\_template\\_%' AND datname <> $1`, [template]);
      for (const { datname } of stale.rows) await admin.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
    }
    await admin.query(`SELECT pg_advisory_unlock(hashtext('cityvoice test template'))`);
  } finally {
    await admin.end();
  }
  return template;
}

async function embeddedTemplate(): Promise<string> {
  const template = path.join(testDataRoot, `cityvoice-pglite-template-${await templateFingerprint()}`);
  if (await stat(path.join(template, "PG_VERSION")).then(() => true, () => false)) return template;
  // Built aside and renamed into place: a rename is atomic, so a half-built folder is never copied;
  // when two workers build at once, the first rename wins and the other's copy is dropped.
  const building = await mkdtemp(path.join(testDataRoot, "cityvoice-pglite-building-"));
  const embedded = await startEmbeddedPostgres(building);
  try {
    await applyMigrations(embedded.url);
  } finally {
    await embedded.stop();
  }
  await rename(building, template).catch(() => rm(building, { recursive: true, force: true }));
  await rm(`${building}.lock`, { force: true });
  return template;
}

/** A fresh test database that already has every migration (see above). */
export async function createMigratedTestDatabase(kind: "postgresql" | "embedded"): Promise<TTestDatabase> {
  if (kind === "postgresql") return postgresDatabase(await postgresTemplate());
  const template = await embeddedTemplate();
  const database = await emptyEmbeddedDatabase();
  // Node's native copy: fs/promises' cp walks the ~1,200 files in JavaScript (about 1.5 s of CPU each time).
  cpSync(template, database.embeddedDir, { recursive: true });
  return database;
}
