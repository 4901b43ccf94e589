// The embedded PostgreSQL: PGlite in a local folder, served on a loopback port so that the app
// and the Prisma CLI reach it exactly as they reach a real server (one code path for both).
import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { PGLiteSocketServer } from "@electric-sql/pglite-socket";

export type EmbeddedPostgres = { url: string; stop(): Promise<void> };

export class EmbeddedDatabaseInUseError extends Error {}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** One folder, one process: a second opener would corrupt it, so it is refused with the other's pid. */
async function lock(dataDir: string): Promise<string> {
  const file = path.join(dataDir, "..", `${path.basename(dataDir)}.lock`);
  const holder = Number((await readFile(file, "utf8").catch(() => "")).trim());
  if (holder && holder !== process.pid && isRunning(holder)) {
    throw new EmbeddedDatabaseInUseError(
      `The embedded database in ${dataDir} is in use by process ${holder} (is the bot running?). Stop it first, or set DATABASE_URL.`,
    );
  }
  await writeFile(file, String(process.pid));
  return file;
}

export async function startEmbeddedPostgres(dataDir: string, port = 0): Promise<EmbeddedPostgres> {
  await mkdir(dataDir, { recursive: true });
  const lockFile = await lock(dataDir);
  const db = await PGlite.create(dataDir);
  const server = new PGLiteSocketServer({ db, host: "127.0.0.1", port, maxConnections: 4 });
  await server.start();
  const address = server.getServerConn();
  const actualPort = Number(address.split(":").pop());
  let stopped = false;
  return {
    url: `postgresql://postgres@127.0.0.1:${actualPort}/postgres`,
    async stop() {
      if (stopped) return;
      stopped = true;
      // Close cleanly: a PGlite folder left open can refuse the next start.
      await server.stop();
      await db.close();
      await rm(lockFile, { force: true });
    },
  };
}
