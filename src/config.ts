// The process environment, parsed once. Nothing else reads process.env.
import { z } from "zod";

const ZEnv = z.object({
  /** Not an environment variable: whether LINE_API_BASE_URL was given (its default cannot tell). */
  explicitApiBase: z.boolean(),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default("0.0.0.0"),
  /// Public base URL of this bot (for links printed to the console); defaults to http://localhost:PORT.
  PUBLIC_URL: z.url().optional(),
  DATABASE_URL: z.string().startsWith("postgres").optional(),
  /// Where the embedded PostgreSQL keeps its data when DATABASE_URL is not set.
  EMBEDDED_DB_DIR: z.string().default(".data/pglite"),
  LINE_CHANNEL_SECRET: z.string().min(1).optional(),
  LINE_CHANNEL_ACCESS_TOKEN: z.string().min(1).optional(),
  LINE_API_BASE_URL: z.url().default("https://api.line.me"),
  /// The api-data host (rich menu images). Unset: LINE's, or LINE_API_BASE_URL when only that is set (a stand-in serves both).
  LINE_DATA_API_BASE_URL: z.url().optional(),
  /// "off": the bot makes no rich menus (tests of other things keep LINE's call log to what they send).
  RICH_MENUS: z.enum(["on", "off"]).default("on"),
  /// "on": multicasts carry their send's custom aggregation unit and LINE's opens and clicks are fetched the next day
  /// (LINE offers units to channels that applied for them). Default: on in local mode (the stand-in), off with a real channel.
  LINE_STATISTICS: z.enum(["on", "off"]).optional(),
  FLOWS_DIR: z.string().default("flows"),
  LOG_LEVEL: z.enum(["error", "warn", "info", "debug"]).default("info"),
  /// Salt for hashing LINE user ids in logs and event queues; a random one is made per start if unset.
  LOG_HASH_SALT: z.string().optional(),
  /// Version of the privacy notice residents consent to; raise it when the notice changes.
  PRIVACY_NOTICE_VERSION: z.string().default("2026-11"),
  MAX_WEBHOOK_BYTES: z.coerce.number().int().positive().default(1_000_000),
  /// Behind a reverse proxy: which proxies to believe about the client's address and HTTPS
  /// (X-Forwarded-For / X-Forwarded-Proto). "true", a hop count ("1"), or addresses/subnets ("10.0.0.0/8,loopback").
  TRUST_PROXY: z
    .string()
    .regex(/^(true|false|\d+|[\w.:/]+(\s*,\s*[\w.:/]+)*)$/, "true, a number of proxies, or proxy addresses (e.g. 10.0.0.1, loopback)")
    .optional(),
  /** How often scheduled jobs run (reminders, openings, expiry); every minute unless a test needs faster. */
  SCHEDULER_TICK_SECONDS: z.coerce.number().int().min(1).max(60).default(60),
  /** How long a message LINE could not take (429, 5xx, timeouts) is retried before it is given up as expired. */
  SEND_RETRY_HOURS: z.coerce.number().positive().max(24 * 7).default(24),
  /** Every call to LINE: connecting and the whole call, in seconds. */
  LINE_CONNECT_TIMEOUT_SECONDS: z.coerce.number().positive().max(60).default(3),
  LINE_CALL_TIMEOUT_SECONDS: z.coerce.number().positive().max(120).default(10),
  /**
   * With several processes on one PostgreSQL: how long a fresh event waits before its turn, so that a
   * resident's earlier event received by another process at the same moment is taken first.
   */
  TURN_ORDER_WINDOW_MS: z.coerce.number().int().min(0).max(5_000).default(150),
  /** Optional: an OpenAI-compatible server (the city's own model server) that writes theme summaries. Unset: none is ever called. */
  THEME_SUMMARY_URL: z.url({ protocol: /^https?$/ }).optional(),
  THEME_SUMMARY_MODEL: z.string().default("local-model"),
  THEME_SUMMARY_API_KEY: z.string().optional(),
  /** "production" turns off the admin API's check of its own answers against their schemas (on in tests and development). */
  NODE_ENV: z.string().optional(),
});

/** The configuration the bot runs with: its type is what this makes of the environment. */
const toConfig = (e: z.output<typeof ZEnv>) => ({
  port: e.PORT,
  host: e.HOST,
  publicUrl: e.PUBLIC_URL,
  databaseUrl: e.DATABASE_URL,
  embeddedDbDir: e.EMBEDDED_DB_DIR,
  /** Real LINE credentials, or undefined for local mode (built-in stand-in and simulator). */
  line:
    e.LINE_CHANNEL_SECRET && e.LINE_CHANNEL_ACCESS_TOKEN
      ? {
          channelSecret: e.LINE_CHANNEL_SECRET,
          channelAccessToken: e.LINE_CHANNEL_ACCESS_TOKEN,
          apiBaseUrl: e.LINE_API_BASE_URL,
          dataApiBaseUrl: e.LINE_DATA_API_BASE_URL ?? (e.explicitApiBase ? e.LINE_API_BASE_URL : "https://api-data.line.me"),
        }
      : undefined,
  /** Whether the bot makes and keeps its rich menus. */
  richMenus: e.RICH_MENUS === "on",
  /** Whether sends carry LINE custom aggregation units and their statistics are fetched. */
  lineStatistics: e.LINE_STATISTICS ? e.LINE_STATISTICS === "on" : !(e.LINE_CHANNEL_SECRET && e.LINE_CHANNEL_ACCESS_TOKEN),
  flowsDir: e.FLOWS_DIR,
  logLevel: e.LOG_LEVEL,
  logHashSalt: e.LOG_HASH_SALT,
  privacyNoticeVersion: e.PRIVACY_NOTICE_VERSION,
  maxWebhookBytes: e.MAX_WEBHOOK_BYTES,
  schedulerTickSeconds: e.SCHEDULER_TICK_SECONDS,
  /** Express's "trust proxy" value; false when the bot faces clients directly. */
  trustProxy: parseTrustProxy(e.TRUST_PROXY),
  sendRetryHours: e.SEND_RETRY_HOURS,
  lineTimeouts: { connectMs: e.LINE_CONNECT_TIMEOUT_SECONDS * 1000, totalMs: e.LINE_CALL_TIMEOUT_SECONDS * 1000 },
  turnOrderWindowMs: e.TURN_ORDER_WINDOW_MS,
  /** Theme summaries by an OpenAI-compatible endpoint; undefined (the default): off. */
  themeSummaries: e.THEME_SUMMARY_URL ? { baseUrl: e.THEME_SUMMARY_URL, model: e.THEME_SUMMARY_MODEL, apiKey: e.THEME_SUMMARY_API_KEY } : undefined,
  /** The admin API checks its answers against their schemas (a wrong one is a 500 that fails a test). */
  checkAdminResponses: e.NODE_ENV !== "production",
});
const ZConfig = ZEnv.transform(toConfig);
export type TConfig = z.output<typeof ZConfig>;

export class ConfigError extends Error {}

export function parseConfig(env: Record<string, string | undefined>): TConfig {
  // An explicit LINE_API_BASE_URL (a stand-in) also serves the api-data host unless that is set too.
  const explicitApiBase = Object.entries(env).some(([k, v]) => k === "LINE_API_BASE_URL" && v);
  const parsed = ZEnv.safeParse({ ...Object.fromEntries(Object.entries(env).filter(([, v]) => v !== "")), explicitApiBase });
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join("\n")}`);
  }
  // Half a credential pair is a mistake, not a request for local mode.
  if (Boolean(parsed.data.LINE_CHANNEL_SECRET) !== Boolean(parsed.data.LINE_CHANNEL_ACCESS_TOKEN)) {
    throw new ConfigError("Set both LINE_CHANNEL_SECRET and LINE_CHANNEL_ACCESS_TOKEN, or neither (local mode).");
  }
  return toConfig(parsed.data);
}

function parseTrustProxy(value: string | undefined): boolean | number | string {
  if (value === undefined || value === "false") return false;
  if (value === "true") return true;
  if (/^\d+$/.test(value)) return Number(value);
  return value;
}
