// Starts the bot: `npm start`. Configuration comes from the environment (see README).
import { ConfigError, parseConfig } from "./config.ts";
import { launchEmbeddedDatabase } from "./db/embeddedTemplate.ts";
import type { EmbeddedPostgres } from "./db/startEmbeddedPostgres.ts";
import { FlowFileError } from "./errors.ts";
import { preloadLineClient } from "./line/lineApi.ts";
import { createLogger, setUserIdHashSalt } from "./logger.ts";

let embedded: Promise<EmbeddedPostgres> | undefined;
try {
  const config = parseConfig(process.env);
  // The embedded database starts in a thread of its own (about 0.7 s) while this thread loads the
  // rest of the bot (about as long); startApp takes it from here, and reports its failure.
  embedded = config.databaseUrl ? undefined : (await launchEmbeddedDatabase(config.embeddedDbDir)).ready;
  embedded?.catch(() => undefined);
  // Imported only now, for the same reason: loading it takes this thread's next 0.6 s.
  const { startApp } = await import("./app.ts");
  const logger = createLogger(config.logLevel);
  setUserIdHashSalt(config.logHashSalt);
  const app = await startApp(config, { logger, embedded });
  const shown = config.publicUrl ?? app.url.replace("127.0.0.1", "localhost");
  if (app.standIn) {
    console.log(`\n  Local mode (no LINE credentials): the bot talks to a built-in LINE stand-in.\n  Chat simulator: ${shown}/simulator\n`);
  } else {
    console.log(`\n  LINE webhook: ${shown}/webhook\n`);
  }
  if (app.setupUrl) {
    console.log(`  No administrator yet. Create the first one in the browser (this address works once, for 24 hours):\n  ${app.setupUrl}\n`);
  }
  // Ready first, then the HTTP client for LINE's API, before the first reply needs it.
  void preloadLineClient();
  compactAfterStart();
  let stopping = false;
  const stopDeadlineMs = Math.max(30_000, 2 * config.lineTimeouts.totalMs + 5_000);
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info("stopping", { signal });
    // A stop that cannot finish (a connection never given back, say) still ends the process: what
    // was pending is stored, and the next start takes it up. Longer than two LINE calls' timeouts.
    setTimeout(() => {
      logger.error("stop did not finish in time; exiting", { seconds: stopDeadlineMs / 1000 });
      process.exit(1);
    }, stopDeadlineMs).unref();
    await app.close();
    process.exit(0);
  };
  process.on("SIGTERM", () => void stop("SIGTERM"));
  process.on("SIGINT", () => void stop("SIGINT"));
  process.on("unhandledRejection", (reason) => logger.error("unhandled rejection", { reason: reason instanceof Error ? reason.name : String(reason) }));
} catch (err) {
  if (err instanceof FlowFileError) {
    console.error(`The bot did not start: ${err.problems.length} problem(s) in flow files:\n${err.message}`);
  } else if (err instanceof ConfigError) {
    console.error(`The bot did not start. ${err.message}`);
  } else {
    console.error("The bot did not start:", err);
  }
  // Started early and not yet handed over (a broken flow file stops the start first): closed
  // cleanly, so that the folder is not left to PostgreSQL's crash recovery.
  await embedded?.then((db) => db.stop()).catch(() => undefined);
  process.exit(1);
}

/**
 * Start-up leaves garbage behind (flow files and the LINE contract as parsed text, migration
 * checks, compiled schemas' scaffolding) and a young generation grown to its maximum by the burst of
 * allocation; an idle bot may not run a full collection for hours, so that memory stays held. One
 * collection that also shrinks the young generation, a second after ready: about 15 MB less at
 * rest on PostgreSQL for one pause of ~0.1 s (bench/footprint.ts). `npm start` and the image pass
 * --expose-gc for it; without the flag nothing happens.
 */
function compactAfterStart(): void {
  if (typeof gc !== "function") return;
  setTimeout(() => gc!({ type: "major", execution: "sync", flavor: "last-resort" }), 1000).unref();
}
