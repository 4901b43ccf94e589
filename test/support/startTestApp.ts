// Starts the whole bot in local mode (built-in LINE stand-in) on a test database, on a free port.
import { parseConfig } from "../../src/config.ts";
import { startApp, type App } from "../../src/app.ts";
import { createLogger } from "../../src/logger.ts";
import { createTestDatabase, type TTestDatabase } from "./testDatabases.ts";

export type TTestApp = App & { database: TTestDatabase; stop(): Promise<void> };

export async function startTestApp(kind: "postgresql" | "embedded", env: Record<string, string> = {}): Promise<TTestApp> {
  const database = await createTestDatabase(kind);
  const config = parseConfig({
    PORT: "0",
    HOST: "127.0.0.1",
    FLOWS_DIR: "flows",
    EMBEDDED_DB_DIR: database.embeddedDir,
    ...(database.databaseUrl ? { DATABASE_URL: database.databaseUrl } : {}),
    ...env,
  });
  const app = await startApp(config, {
    logger: createLogger("error", !process.env.TEST_LOGS),
    retry: { attempts: 4, baseDelayMs: 5, maxDelayMs: 20, timeoutMs: 2000 },
    schedules: false,
  });
  return {
    ...app,
    database,
    async stop() {
      await app.close();
      await database.drop();
    },
  };
}

/** A LINE-like user id for a simulated resident. */
export function residentId(n: number | string): string {
  const hex = Buffer.from(String(n)).toString("hex").padEnd(32, "0").slice(0, 32);
  return `U${hex}`;
}
