// The two databases every integration test runs on: the real PostgreSQL of this machine (a fresh
// database per test file, dropped after) and the embedded one (a fresh folder).
import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";

/** The server the project's machines run; TEST_POSTGRES_URL points elsewhere. */
const adminUrl = process.env.TEST_POSTGRES_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";

export type TTestDatabase = { kind: "postgresql" | "embedded"; databaseUrl?: string; embeddedDir: string; drop(): Promise<void> };

export async function createTestDatabase(kind: "postgresql" | "embedded"): Promise<TTestDatabase> {
  const embeddedDir = await mkdtemp(path.join(tmpdir(), "cityvoice-pglite-"));
  if (kind === "embedded") return { kind, embeddedDir, drop: () => rm(embeddedDir, { recursive: true, force: true }) };
  const name = `cityvoice_test_${randomBytes(6).toString("hex")}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    kind,
    databaseUrl: url.toString(),
    embeddedDir,
    async drop() {
      const a = new pg.Client({ connectionString: adminUrl });
      await a.connect();
      await a.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await a.end();
      await rm(embeddedDir, { recursive: true, force: true });
    },
  };
}

export const databaseKinds = ["postgresql", "embedded"] as const;
