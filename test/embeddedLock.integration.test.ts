// One embedded database folder, one process: a second bot (or `npm run admin:create`) on a running
// bot's folder refuses and names the holder, the first keeps working with everything it acknowledged,
// and a bot killed with SIGKILL leaves no lock behind that blocks its restart. Issue 7, point 9.
import { spawn, type ChildProcess } from "node:child_process";
import { hostname } from "node:os";
import { afterAll, describe, expect, it } from "vitest";
import pg from "pg";
import { startLineStandIn } from "../src/standin/startLineStandIn.ts";
import { startEmbeddedPostgres } from "../src/db/startEmbeddedPostgres.ts";
import { createMigratedTestDatabase, type TTestDatabase } from "./support/testDatabases.ts";
import { residentId, testChannel } from "./support/startTestApp.ts";
import { botPid, canUsePidNamespaces, freePort, startBot, stopBot, type TStartBotOptions } from "./support/botProcess.ts";

/**
 * Where the machine allows it, every bot runs as PID 1 of its own pid namespace, like two containers
 * sharing one /data volume: both have the same pid, which is what defeated a pid-file lock.
 */
const asContainers: TStartBotOptions = { timeoutMs: 90_000, pidNamespace: canUsePidNamespaces() };

/** Every process the test started, so none outlives it whatever happens. */
const started: ChildProcess[] = [];

/**
 * Runs a command of the project until it exits — or, if it is a bot that started serving instead of
 * refusing, until it says so (code "started"); it is then killed.
 */
function run(args: string[], env: Record<string, string>): Promise<{ code: number | null | "started"; output: string }> {
  const command = [process.execPath, ...args];
  if (asContainers.pidNamespace) command.unshift("unshare", "--pid", "--fork", "--kill-child");
  const child = spawn(command[0]!, command.slice(1), { env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
  started.push(child);
  let output = "";
  return new Promise((resolve) => {
    const collect = (d: Buffer) => {
      output += d.toString();
      if (/LINE webhook:|Chat simulator:/.test(output)) {
        resolve({ code: "started", output });
        kill(child);
      }
    };
    child.stdout.on("data", collect);
    child.stderr.on("data", collect);
    child.once("exit", (code) => resolve({ code, output }));
  });
}

function kill(child: ChildProcess): void {
  if (child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(botPid(child), "SIGKILL");
  } catch {
    child.kill("SIGKILL");
  }
}

describe("Embedded database folder lock", () => {
  let database: TTestDatabase | undefined;
  afterAll(async () => {
    for (const child of started) kill(child);
    await database?.drop();
  });

  it("When a second process opens a running bot's embedded folder, then it refuses naming the bot; after a kill -9 the bot restarts on it and nothing acknowledged is lost", async () => {
    database = await createMigratedTestDatabase("embedded");
    const line = await startLineStandIn({ channelSecret: testChannel.secret, channelAccessToken: testChannel.token, port: 0 });
    const env = async () => {
      const port = await freePort();
      return {
        PORT: String(port),
        HOST: "127.0.0.1",
        EMBEDDED_DB_DIR: database!.embeddedDir,
        LINE_CHANNEL_SECRET: testChannel.secret,
        LINE_CHANNEL_ACCESS_TOKEN: testChannel.token,
        LINE_API_BASE_URL: line.url,
        LOG_LEVEL: "error",
      };
    };
    const users = Array.from({ length: 30 }, (_, i) => residentId(`locked-${i}`));
    const follow = async (some: string[]) => {
      const delivered = await line.standIn.deliverEvents(some.map((u) => line.standIn.build.follow(u)));
      expect(delivered.status).toBe(200);
    };
    try {
      const firstEnv = await env();
      line.standIn.setWebhookUrl(`http://127.0.0.1:${firstEnv.PORT}/webhook`);
      const first = await startBot(firstEnv, asContainers);
      started.push(first);
      const holder = asContainers.pidNamespace ? 1 : first.pid;
      try {
        await follow(users.slice(0, 10));

        // A second bot on the same folder: refused, with who holds it.
        const second = await run(["--import", "tsx", "src/main.ts"], await env());
        expect(second.code).not.toBe("started");
        expect(second.code).not.toBe(0);
        expect(second.output).toContain(`is in use by process ${holder} on host ${hostname()}`);
        // Staff tooling too: creating an administrator while the bot runs is refused the same way.
        const admin = await run(["--import", "tsx", "src/cli/createAdmin.ts", "kanri", "管理者"], { EMBEDDED_DB_DIR: database.embeddedDir });
        expect(admin.code).not.toBe(0);
        expect(admin.output).toContain(`is in use by process ${holder}`);

        // The first bot was not disturbed: it still answers, and greets everyone who followed.
        await follow(users.slice(10, 20));
        await line.standIn.waitFor(() => users.slice(0, 20).every((u) => line.standIn.messageCountFor(u) > 0), 60_000);
        // LINE is slow now: some of the next follows are acknowledged but not handled when the bot dies.
        line.standIn.setFaults({ delayMs: 400 });
        await follow(users.slice(20));
      } finally {
        const exited = new Promise((r) => (first.exitCode !== null || first.signalCode !== null ? r(null) : first.once("exit", r)));
        process.kill(botPid(first), "SIGKILL");
        await exited;
      }

      // Killed, not stopped: its lock file is still there, but the lock went with the process.
      line.standIn.setFaults({});
      const againEnv = await env();
      line.standIn.setWebhookUrl(`http://127.0.0.1:${againEnv.PORT}/webhook`);
      const again = await startBot(againEnv, asContainers);
      started.push(again);
      try {
        await line.standIn.waitFor(() => users.every((u) => line.standIn.messageCountFor(u) > 0), 60_000);
      } finally {
        await stopBot(again);
      }

      // Stopped cleanly: the folder opens here, with every acknowledged event handled.
      const embedded = await startEmbeddedPostgres(database.embeddedDir);
      const db = new pg.Client({ connectionString: embedded.url });
      await db.connect();
      try {
        const events = await db.query(`SELECT "status", count(*)::int AS n FROM "InboundEvent" GROUP BY "status"`);
        expect(events.rows).toEqual([{ status: "done", n: 30 }]);
        const residents = await db.query(`SELECT "lineUserId" FROM "Resident" ORDER BY "lineUserId"`);
        expect(residents.rows.map((r: { lineUserId: string }) => r.lineUserId)).toEqual([...users].sort());
      } finally {
        await db.end();
        await embedded.stop();
      }
    } finally {
      await line.close();
    }
  }, 300_000);
});
