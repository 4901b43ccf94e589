// Opens the bot's database: the real PostgreSQL at DATABASE_URL, or the embedded one in a local
// folder when none is set. Either way migrations are applied first and the app gets a Prisma client.
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { PrismaClient } from "../generated/prisma/client.ts";
import { applyMigrations } from "./applyMigrations.ts";
import { launchEmbeddedDatabase } from "./embeddedTemplate.ts";
import { PRIORITY_APPLICATION, type EmbeddedPostgres, type TEmbeddedUsage } from "./startEmbeddedPostgres.ts";

export type Database = {
  prisma: PrismaClient;
  /**
   * Plain SQL on the same database, for the few statements every webhook event runs: Prisma 6.19
   * compiles each query anew, about 0.2–1.6 ms of CPU apiece, which capped the bot at ~150 events/s
   * (see bench/). Everything else goes through Prisma.
   */
  sql: pg.Pool;
  /**
   * The webhook's insert (InboundEventStore): acknowledgements must never queue behind turns. On the
   * embedded database its own connection, which the wire server serves first whenever the one PGlite
   * session is free; on a real server the same pool as `sql`.
   */
  ingest: pg.Pool;
  /**
   * For records a crash may lose without harm — the outbox's "sent" marks and leases, which the
   * sender re-derives (a lost mark means one more try, which LINE takes once): on a real server
   * committed without waiting for the disk, so they do not take turns' and acknowledgements' flushes.
   * On the embedded database the same pool as `sql`.
   */
  bookkeeping: pg.Pool;
  url: string;
  embedded: boolean;
  /** The embedded database's thread: its CPU time and heap (the bench reports them apart from the bot's). */
  embeddedUsage?: () => Promise<TEmbeddedUsage>;
  close(): Promise<void>;
};

// Prisma's default is to give up on a transaction that waits 2 s for a connection. On the embedded
// database every statement shares one session, and a busy moment (an announcement being queued, an
// export, a burst of turns) holds it longer: a staff member's save waits instead of failing.
const transactionOptions = { maxWait: 20_000, timeout: 60_000 };

export function createPrismaClient(url: string, poolSize: number): PrismaClient {
  return new PrismaClient({ adapter: new PrismaPg({ connectionString: url, max: poolSize }), transactionOptions });
}

/** embedded: the embedded database already starting (src/main.ts starts it while the bot loads); else it is started here. */
export async function openDatabase(options: { databaseUrl?: string; embeddedDir: string; migrate?: boolean; embedded?: Promise<EmbeddedPostgres> }): Promise<Database> {
  const embedded = options.databaseUrl ? undefined : await (options.embedded ?? (await launchEmbeddedDatabase(options.embeddedDir)).ready);
  const url = options.databaseUrl ?? embedded!.url;
  try {
    if (options.migrate !== false) await applyMigrations(url);
    // The embedded database: PGlite has one session, which its wire server (pgliteWireServer.ts) hands
    // to one connection at a time, for a whole extended-protocol sequence or a whole transaction. A few
    // connections let one's statement run while another's turn is in JavaScript; Prisma shares them.
    // The webhook's insert gets a connection of its own that goes first (see Database.ingest).
    const sql = new pg.Pool({ connectionString: url, max: embedded ? 4 : 10 });
    // An idle connection dropped by the server (a restart, a test dropping its database) is
    // replaced on next use; without a listener it would crash the process.
    sql.on("error", () => undefined);
    const ingest = embedded ? new pg.Pool({ connectionString: url, max: 1, application_name: PRIORITY_APPLICATION }) : sql;
    if (ingest !== sql) ingest.on("error", () => undefined);
    const bookkeeping = embedded ? sql : new pg.Pool({ connectionString: url, max: 2, options: "-c synchronous_commit=off" });
    if (bookkeeping !== sql) bookkeeping.on("error", () => undefined);
    const prisma = embedded ? new PrismaClient({ adapter: new PrismaPg(sql), transactionOptions }) : createPrismaClient(url, 10);
    await prisma.$connect();
    return {
      prisma,
      sql,
      ingest,
      bookkeeping,
      url,
      embedded: Boolean(embedded),
      embeddedUsage: embedded?.usage,
      async close() {
        if (ingest !== sql) await ingest.end();
        if (bookkeeping !== sql) await bookkeeping.end();
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
