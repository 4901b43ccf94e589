// The project's logger: winston behind a small interface, JSON one line per record.
// Request context (request id) comes from AsyncLocalStorage. Never pass message text or
// personal data here; identify residents by hashUserId().
import { AsyncLocalStorage } from "node:async_hooks";
import { createHash, randomBytes } from "node:crypto";
import { type Writable } from "node:stream";
import winston from "winston";

export type LogFields = Record<string, string | number | boolean | null | undefined>;

export interface Logger {
  error(msg: string, fields?: LogFields): void;
  warn(msg: string, fields?: LogFields): void;
  info(msg: string, fields?: LogFields): void;
  debug(msg: string, fields?: LogFields): void;
}

const context = new AsyncLocalStorage<LogFields>();

/** Runs fn with fields (e.g. requestId) added to every log record written inside it. */
export function withLogContext<T>(fields: LogFields, fn: () => T): T {
  return context.run({ ...context.getStore(), ...fields }, fn);
}

let salt = randomBytes(16).toString("hex");

export function setUserIdHashSalt(value: string | undefined): void {
  if (value) salt = value;
}

/** A short, salted, one-way name for a LINE user id: enough to follow one resident through the logs. */
export function hashUserId(lineUserId: string): string {
  return createHash("sha256").update(salt).update(lineUserId).digest("hex").slice(0, 16);
}

/** stream: where the JSON lines go (tests read them); standard output by default. */
export function createLogger(level: string = "info", options: { silent?: boolean; stream?: Writable } = {}): Logger {
  const w = winston.createLogger({
    level,
    silent: options.silent,
    format: winston.format.combine(winston.format.timestamp(), winston.format.json()),
    transports: [options.stream ? new winston.transports.Stream({ stream: options.stream }) : new winston.transports.Console()],
  });
  // Checked first: winston formats a record before its transports drop it for its level.
  const write = (lvl: "error" | "warn" | "info" | "debug") => (msg: string, fields?: LogFields) => {
    if (w.isLevelEnabled(lvl)) w.log(lvl, msg, { ...context.getStore(), ...fields });
  };
  return { error: write("error"), warn: write("warn"), info: write("info"), debug: write("debug") };
}
