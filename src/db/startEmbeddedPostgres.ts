// The embedded PostgreSQL: PGlite in a local folder, served on a loopback port so that the app
// and the Prisma CLI reach it exactly as they reach a real server (one code path for both).
import { mkdir } from "node:fs/promises";
import { PGlite } from "@electric-sql/pglite";
import { PGLiteSocketServer } from "@electric-sql/pglite-socket";

export type EmbeddedPostgres = { url: string; stop(): Promise<void> };

export async function startEmbeddedPostgres(dataDir: string, port = 0): Promise<EmbeddedPostgres> {
  await mkdir(dataDir, { recursive: true });
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
    },
  };
}
