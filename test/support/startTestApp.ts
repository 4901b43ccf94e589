// Starts the whole bot in local mode (built-in LINE stand-in) on a test database, on a free port.
import { createHash } from "node:crypto";
import { type Writable } from "node:stream";
import { parseConfig } from "../../src/config.ts";
import { startApp, type App, type TAppOptions } from "../../src/app.ts";
import { createLogger } from "../../src/logger.ts";
import { startLineStandIn } from "../../src/standin/startLineStandIn.ts";
import { createContractValidator, OPERATION_PATHS, type SendOperation } from "../../src/standin/validateAgainstContract.ts";
import { createMigratedTestDatabase, type TTestDatabase } from "./testDatabases.ts";

/** lineApiUrl: where the bot's LINE API calls go (the stand-in). */
export type TTestApp = App & { database: TTestDatabase; lineApiUrl: string; stop(): Promise<void> };

export type TTestAppOptions = {
  env?: Record<string, string>;
  /** Reuse a database (to restart the bot on the same data); it is then not dropped on stop. */
  database?: TTestDatabase;
  logStream?: Writable;
  /**
   * LINE mode: the bot gets channel credentials and talks to a separate stand-in at LINE_API_BASE_URL,
   * as in production. Otherwise local mode (the stand-in inside the bot's own process).
   */
  lineMode?: boolean;
  /**
   * Keep the default quiet hours (21:00–08:00 Tokyo). Off by default in tests, so that what a test
   * sends does not depend on the hour CI happens to run at; tests of quiet hours turn them on.
   */
  quietHours?: boolean;
  /** Passed on to startApp (e.g. batchTurns: false, turnIds). */
  app?: Partial<Pick<TAppOptions, "batchTurns" | "turnIds" | "sweepMs" | "retry" | "workingAfterMs">>;
};

export const testChannel = { secret: "8c570fa6dd201bb328f1c1eac23a96d8", token: "test-channel-access-token" };

export async function startTestApp(kind: "postgresql" | "embedded", options: TTestAppOptions = {}): Promise<TTestApp> {
  const database = options.database ?? (await createMigratedTestDatabase(kind));
  const external = options.lineMode
    ? await startLineStandIn({ channelSecret: testChannel.secret, channelAccessToken: testChannel.token, port: 0 })
    : undefined;
  const env = {
    ...(external ? { LINE_CHANNEL_SECRET: testChannel.secret, LINE_CHANNEL_ACCESS_TOKEN: testChannel.token, LINE_API_BASE_URL: external.url } : {}),
    ...options.env,
  };
  const config = parseConfig({
    PORT: "0",
    HOST: "127.0.0.1",
    FLOWS_DIR: "flows",
    EMBEDDED_DB_DIR: database.embeddedDir,
    // Tests of one process need no order window (the two-process test sets one).
    TURN_ORDER_WINDOW_MS: "0",
    // Rich menus only where a test asks for them (RICH_MENUS: "on"): the others count LINE's calls.
    RICH_MENUS: "off",
    ...(database.databaseUrl ? { DATABASE_URL: database.databaseUrl } : {}),
    ...env,
  });
  const app = await startApp(config, {
    logger: options.logStream ? createLogger("debug", { stream: options.logStream }) : createLogger(process.env.TEST_LOGS === "warn" ? "warn" : "error", { silent: !process.env.TEST_LOGS }),
    // Short backoff, but a LINE call timeout a busy machine cannot run into: a call that timed out
    // after LINE took it would be tried again (and, for a reply, refused as a used token). The
    // stand-in's contract is compiled below, before the test acts, for the same reason. In local
    // mode the stand-in answers from the bot's own event loop: when 50 residents' turns end at once
    // on a machine whose cores are both taken by another program, the last reply waited more than
    // 10 s for its answer (the suite under stress-ng saw 400s for used tokens). Tests of timeouts set their own.
    retry: { attempts: 4, baseDelayMs: 5, maxDelayMs: 20, timeoutMs: 60_000 },
    schedules: false,
    sweepMs: 50,
    ...options.app,
  });
  external?.standIn.setWebhookUrl(`${app.url}/webhook`);
  // The stand-in compiles LINE's contract for an operation on its first use (src/standin/loadOpenApiSchemas.ts).
  // Compiled here, before the test acts: on a busy machine that first compile can outlast a send's
  // timeout, and the retry would be refused as a duplicate (the validators are shared per process).
  const validator = createContractValidator();
  for (const operation of Object.keys(OPERATION_PATHS) as SendOperation[]) validator.validateRequest(operation, {});
  if (!options.quietHours && !options.database) {
    await app.db.prisma.setting.create({ data: { key: "quietHours", value: { enabled: false, start: "21:00", end: "08:00" } } });
  }
  return {
    ...app,
    standIn: app.standIn ?? external?.standIn,
    lineApiUrl: external?.url ?? app.url,
    database,
    async stop() {
      await app.close();
      await external?.close();
      if (!options.database) await database.drop();
    },
  };
}

/** A LINE-like user id for a simulated resident. */
export function residentId(n: number | string): string {
  return `U${createHash("md5").update(String(n)).digest("hex")}`;
}
