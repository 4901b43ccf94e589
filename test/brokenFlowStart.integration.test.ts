// A flow file with a mistake stops `npm start` with the file, line and column. On the embedded
// database, which src/main.ts starts (filling a new folder from the template) while it loads the
// rest of the bot, the refused start must leave the folder whole and unlocked: once the file is
// mended, the next start on the same folder serves.
import { cp, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { spawn } from "node:child_process";
import { afterAll, describe, expect, it } from "vitest";
import { startLineStandIn } from "../src/standin/startLineStandIn.ts";
import { createTestDatabase, type TTestDatabase } from "./support/testDatabases.ts";
import { residentId, testChannel } from "./support/startTestApp.ts";
import { freePort, startBot, stopBot } from "./support/botProcess.ts";

function runUntilExit(env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  const child = spawn(process.execPath, ["--import", "tsx", "src/main.ts"], { env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout.on("data", (d: Buffer) => (output += d.toString()));
  child.stderr.on("data", (d: Buffer) => (output += d.toString()));
  // Generous: the machine may be busy. A bot that started instead of refusing is killed here.
  const timer = setTimeout(() => child.kill("SIGKILL"), 120_000);
  return new Promise((resolve) =>
    child.once("exit", (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    }),
  );
}

describe("Start with a broken flow file", () => {
  let database: TTestDatabase | undefined;
  let flowsDir: string | undefined;
  afterAll(async () => {
    await database?.drop();
    if (flowsDir) await rm(flowsDir, { recursive: true, force: true });
  });

  it("When a flow file is broken, then the bot does not start and names its file, line and column; once it is mended the bot starts on the same new embedded folder and welcomes a resident", async () => {
    database = await createTestDatabase("embedded");
    flowsDir = await mkdtemp(path.join(tmpdir(), "cityvoice-flows-"));
    await cp("flows", flowsDir, { recursive: true });
    const broken = path.join(flowsDir, "zz-broken.yaml");
    await writeFile(broken, "id: broken\nsteps: [\n");
    const line = await startLineStandIn({ channelSecret: testChannel.secret, channelAccessToken: testChannel.token, port: 0 });
    try {
      const env = {
        PORT: String(await freePort()),
        HOST: "127.0.0.1",
        EMBEDDED_DB_DIR: database.embeddedDir,
        FLOWS_DIR: flowsDir,
        LINE_CHANNEL_SECRET: testChannel.secret,
        LINE_CHANNEL_ACCESS_TOKEN: testChannel.token,
        LINE_API_BASE_URL: line.url,
        LOG_LEVEL: "error",
        RICH_MENUS: "off",
      };
      const refused = await runUntilExit(env);
      expect(refused.output).toContain("The bot did not start: 1 problem(s) in flow files");
      expect(refused.output).toContain(`${broken}:3:1: not valid YAML`);
      expect(refused.code).toBe(1);

      await rm(broken);
      line.standIn.setWebhookUrl(`http://127.0.0.1:${env.PORT}/webhook`);
      const bot = await startBot(env);
      try {
        const resident = residentId("mended-flow");
        expect((await line.standIn.deliverEvents([line.standIn.build.follow(resident)])).status).toBe(200);
        await line.standIn.waitFor(() => line.standIn.messageCountFor(resident) > 0, 60_000);
      } finally {
        await stopBot(bot);
      }
    } finally {
      await line.close();
    }
  }, 300_000);
});
