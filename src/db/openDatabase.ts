// Opens the bot's database: the real PostgreSQL at DATABASE_URL, or the embedded one in a local
// folder when none is set. Either way migrations are applied first and the app gets a Prisma client.
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "../generated/prisma/client.ts";
import { applyMigrations } from "./applyMigrations.ts";
import { startEmbeddedPostgres } from "./startEmbeddedPostgres.ts";

export type Database = {
  prisma: PrismaClient;
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
    // PGlite runs one query at a time, so one connection; a real server gets a pool.
    const prisma = createPrismaClient(url, embedded ? 1 : 10);
    await prisma.$connect();
    return {
      prisma,
      url,
      embedded: Boolean(embedded),
      async close() {
        await prisma.$disconnect();
        await embedded?.stop();
      },
    };
  } catch (err) {
    await embedded?.stop();
    throw err;
  }
}
