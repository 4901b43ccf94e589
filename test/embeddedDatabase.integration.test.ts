// The embedded database serves several connections at once on PGlite's one session: the webhook's
// inserts on their own connection beside the turns' (issue 7, point 7), without one connection's
// statements mixing into another's, and one folder is open in one place only (point 9).
import { spawn } from "node:child_process";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import pg from "pg";
import { EmbeddedDatabaseInUseError, PRIORITY_APPLICATION, startEmbeddedPostgres, type EmbeddedPostgres } from "../src/db/startEmbeddedPostgres.ts";
import { holdFolderLock } from "../src/db/holdFolderLock.ts";
import { createMigratedTestDatabase, type TTestDatabase } from "./support/testDatabases.ts";

describe("Embedded database", () => {
  let database: TTestDatabase;
  let embedded: EmbeddedPostgres;
  const pools: pg.Pool[] = [];
  beforeAll(async () => {
    database = await createMigratedTestDatabase("embedded");
    embedded = await startEmbeddedPostgres(database.embeddedDir);
  }, 120_000);
  afterAll(async () => {
    for (const p of pools) await p.end();
    await embedded?.stop();
    await database?.drop();
  });
  const pool = (options: pg.PoolConfig = {}) => {
    const p = new pg.Pool({ connectionString: embedded.url, ...options });
    pools.push(p);
    return p;
  };

  it("When several connections send statements at once, then each gets its own answer, a transaction's writes stay its own, and one left open by a vanished client is rolled back", async () => {
    const turns = pool({ max: 4 });
    const ingest = pool({ max: 1, application_name: PRIORITY_APPLICATION });
    await turns.query(`CREATE TABLE said ("id" serial PRIMARY KEY, "text" text NOT NULL)`);

    // Different parameterised statements (Parse, Bind, Execute, Sync) from five connections at once.
    const texts = Array.from({ length: 300 }, (_, i) => `こんにちは ${i}`);
    const answers = await Promise.all(
      texts.map((text, i) =>
        i % 2 === 0
          ? ingest.query<{ text: string }>(`INSERT INTO said ("text") VALUES ($1) RETURNING "text"`, [text])
          : turns.query<{ text: string }>(`INSERT INTO said ("text") SELECT $1 || '' WHERE $2::int >= 0 RETURNING "text"`, [text, i]),
      ),
    );
    expect(answers.map((a) => a.rows[0]!.text)).toEqual(texts);

    // A transaction in progress: another connection neither sees its writes nor runs inside it.
    const a = await turns.connect();
    await a.query("BEGIN");
    await a.query(`INSERT INTO said ("text") VALUES ($1)`, ["取り消される"]);
    const seen = ingest.query<{ n: number }>(`SELECT count(*)::int AS n FROM said WHERE "text" = $1`, ["取り消される"]);
    await a.query("ROLLBACK");
    a.release();
    expect((await seen).rows[0]!.n).toBe(0);

    // A client that vanishes mid-transaction: the others go on, and its writes are gone.
    const vanishing = new pg.Client({ connectionString: embedded.url });
    vanishing.on("error", () => undefined);
    await vanishing.connect();
    await vanishing.query("BEGIN");
    await vanishing.query(`INSERT INTO said ("text") VALUES ($1)`, ["消えた"]);
    (vanishing as unknown as { connection: { stream: { destroy(): void } } }).connection.stream.destroy();
    const after = await ingest.query<{ n: number; vanished: number }>(`SELECT count(*)::int AS n, count(*) FILTER (WHERE "text" = $1)::int AS vanished FROM said`, ["消えた"]);
    expect(after.rows[0]).toEqual({ n: 300, vanished: 0 });
  }, 120_000);

  it("When the folder is opened a second time while open, then it is refused naming the process that holds it", async () => {
    const second = startEmbeddedPostgres(database.embeddedDir);
    await expect(second).rejects.toBeInstanceOf(EmbeddedDatabaseInUseError);
    await expect(second).rejects.toThrow(`is in use by process ${process.pid} on host`);
    // The first is untouched.
    expect((await pool({ max: 1 }).query<{ n: number }>(`SELECT count(*)::int AS n FROM said`)).rows[0]!.n).toBe(300);
  }, 60_000);

  it("When the process holding a folder's lock is killed with SIGKILL, then the lock goes with it and the folder can be taken at once", async () => {
    const lockFile = path.join(database.embeddedDir, "killed.lock");
    const lockModule = new URL("../src/db/holdFolderLock.ts", import.meta.url).href;
    // A plain process (no pid namespace to tear down after it): only the pipe to its flock child can release the lock.
    const holder = spawn(process.execPath, ["--input-type=module", "-e", `const { holdFolderLock } = await import(${JSON.stringify(lockModule)}); await holdFolderLock(${JSON.stringify(lockFile)}, "killed"); console.log("held"); setInterval(() => {}, 1000);`], {
      stdio: ["ignore", "pipe", "inherit"],
    });
    try {
      await new Promise<void>((resolve, reject) => {
        holder.stdout.on("data", (d: Buffer) => d.toString().includes("held") && resolve());
        holder.once("exit", (code) => reject(new Error(`the holder exited (${code})`)));
      });
      await expect(holdFolderLock(lockFile, "killed")).rejects.toThrow(`is in use by process ${holder.pid} on host`);
    } finally {
      const exited = new Promise((r) => holder.once("exit", r));
      holder.kill("SIGKILL");
      await exited;
    }
    const lock = await holdFolderLock(lockFile, "killed");
    await lock.release();
  }, 60_000);
});
