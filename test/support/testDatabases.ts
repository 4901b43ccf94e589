// The two databases every integration test runs on: the real PostgreSQL of this machine (a fresh
// database per test file, dropped after) and the embedded one (a fresh folder).
import { randomBytes } from "node:crypto";
import { accessSync, constants, statfsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { applyMigrations } from "../../src/db/applyMigrations.ts";
import { templateFingerprint } from "../../src/db/embeddedTemplate.ts";
import { lockFileFor } from "../../src/db/startEmbeddedPostgres.ts";

/** The server the project's machines run; TEST_POSTGRES_URL points elsewhere. */
const adminUrl = process.env.TEST_POSTGRES_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";

/**
 * Where test databases keep their embedded folders: a memory file system (/dev/shm) when there is one
 * with room, else the temp directory; TEST_DATA_DIR chooses. The bot uses the folder exactly as one on
 * disk (same code path, same OS lock), but writing PGlite's ~1,200 files of a new folder cost about
 * 1 s of kernel time per database on this machine's ext4, and about 0.07 s on tmpfs.
 */
export const testDataRoot: string = (() => {
  if (process.env.TEST_DATA_DIR) return process.env.TEST_DATA_DIR;
  try {
    accessSync("/dev/shm", constants.W_OK);
    const { bavail, bsize } = statfsSync("/dev/shm");
    // Docker's default /dev/shm is 64 MB: too small for a few databases of 40 MB each.
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
    await rm(lockFileFor(embeddedDir), { force: true });
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
      await rm(lockFileFor(embeddedDir), { force: true });
    },
  };
}

export const databaseKinds = ["postgresql", "embedded"] as const;

// A migrated database for a test that starts the bot (startTestApp): a copy of one template per set of
// migrations, built once and then reused, instead of running Prisma's migrate CLI (about
// 2 s on the real server) and PGlite's initdb plus migrations (about 6 s of CPU) for every test app.
// The bot still reads _prisma_migrations at start and finds nothing pending, as on an existing
// database. Tests of migrations themselves use createTestDatabase, which stays empty.

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

/** A fresh test database that already has every migration (see above). */
export async function createMigratedTestDatabase(kind: "postgresql" | "embedded"): Promise<TTestDatabase> {
  if (kind === "postgresql") return postgresDatabase(await postgresTemplate());
  // The bot itself fills a new embedded folder from the template (src/db/embeddedTemplate.ts).
  return emptyEmbeddedDatabase();
}
