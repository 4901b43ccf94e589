// Opens the bot's database: the real PostgreSQL at DATABASE_URL, or the embedded one in a local
// folder when none is set. Either way migrations are applied first and the app gets a Prisma client.
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { PrismaClient } from "../generated/prisma/client.ts";
import { applyMigrations } from "./applyMigrations.ts";
import { startEmbeddedPostgres } from "./startEmbeddedPostgres.ts";

export type Database = {
  prisma: PrismaClient;
  /**
   * Plain SQL on the same database, for the few statements every webhook event runs: Prisma 6.19
   * compiles each query anew, about 0.2–1.6 ms of CPU apiece, which capped the bot at ~150 events/s
   * (see bench/). Everything else goes through Prisma.
   */
  sql: pg.Pool;
  url: string;
  embedded: boolean;
  close(): Promise<void>;
};

export function createPrismaClient(url: string, poolSize: number): PrismaClient {
  return new PrismaClient({ adapter: new PrismaPg({ connectionString: url, max: poolSize }) });
}

export async function openDatabase(options: { databaseUrl?: string; embeddedDir: string; migrate?: boolean }): Promise<Database> {
  const embedded = options.databaseUrl ? undefined : await startEmbeddedPostgres(options.embeddedDir);
  const url = options.databaseUrl ?? embedded!.url;
  try {
    if (options.migrate !== false) await applyMigrations(url);
    // The embedded database gets one connection, shared by Prisma and plain SQL: PGlite runs one
    // query at a time anyway, and pglite-socket 0.2.17 can interleave two connections' extended-protocol
    // messages outside a transaction ("unnamed prepared statement does not exist"). A real server gets pools.
    const sql = new pg.Pool({ connectionString: url, max: embedded ? 1 : 10 });
    // An idle connection dropped by the server (a restart, a test dropping its database) is
    // replaced on next use; without a listener it would crash the process.
    sql.on("error", () => undefined);
    const prisma = embedded ? new PrismaClient({ adapter: new PrismaPg(sql) }) : createPrismaClient(url, 10);
    await prisma.$connect();
    return {
      prisma,
      sql,
      url,
      embedded: Boolean(embedded),
      async close() {
        await sql.end();
        await prisma.$disconnect();
        await embedded?.stop();
      },
    };
  } catch (err) {
    await embedded?.stop();
    throw err;
  }
}
