// An acknowledged event is never lost: the bot process is killed (SIGKILL) right after LINE got
// its 200, and started again on the same database.
import { afterAll, describe, expect, it } from "vitest";
import pg from "pg";
import { startLineStandIn } from "../src/standin/startLineStandIn.ts";
import { createMigratedTestDatabase, type TTestDatabase } from "./support/testDatabases.ts";
import { residentId, testChannel } from "./support/startTestApp.ts";
import { freePort, startBot } from "./support/botProcess.ts";

describe("Durability", () => {
  let database: TTestDatabase | undefined;
  afterAll(async () => {
    await database?.drop();
  });

  it("When the bot is killed right after acknowledging events, then after a restart every one of them has its effect", async () => {
    database = await createMigratedTestDatabase("postgresql");
    const line = await startLineStandIn({ channelSecret: testChannel.secret, channelAccessToken: testChannel.token, port: 0 });
    const port = await freePort();
    const env = {
      PORT: String(port),
      HOST: "127.0.0.1",
      DATABASE_URL: database.databaseUrl!,
      LINE_CHANNEL_SECRET: testChannel.secret,
      LINE_CHANNEL_ACCESS_TOKEN: testChannel.token,
      LINE_API_BASE_URL: line.url,
      LOG_LEVEL: "error",
    };
    line.standIn.setWebhookUrl(`http://127.0.0.1:${port}/webhook`);
    try {
      let bot = await startBot(env);
      // LINE is slow: handling lags behind acknowledging.
      line.standIn.setFaults({ delayMs: 300 });
      const users = Array.from({ length: 40 }, (_, i) => residentId(`durable-${i}`));
      const delivered = await line.standIn.deliverEvents(users.map((u) => line.standIn.build.follow(u)));
      expect(delivered.status).toBe(200);
      bot.kill("SIGKILL");
      await new Promise((r) => bot.once("exit", r));

      const db = new pg.Client({ connectionString: database.databaseUrl });
      await db.connect();
      const stored = await db.query(`SELECT count(*)::int AS n FROM "InboundEvent"`);
      expect(stored.rows[0].n).toBe(40);
      // Some were acknowledged but not yet handled when the process died: those are what recovery is for.
      const unhandled = await db.query(`SELECT count(*)::int AS n FROM "InboundEvent" WHERE status = 'pending'`);
      expect(unhandled.rows[0].n).toBeGreaterThan(0);

      line.standIn.setFaults({});
      bot = await startBot(env);
      try {
        const deadline = Date.now() + 20_000;
        let pending = -1;
        while (Date.now() < deadline) {
          pending = (await db.query(`SELECT count(*)::int AS n FROM "InboundEvent" WHERE status <> 'done'`)).rows[0].n;
          if (pending === 0) break;
          await new Promise((r) => setTimeout(r, 100));
        }
        expect(pending).toBe(0);
        const residents = await db.query(`SELECT "lineUserId" FROM "Resident"`);
        expect(residents.rows.map((r: { lineUserId: string }) => r.lineUserId).sort()).toEqual([...users].sort());
        const conversations = await db.query(`SELECT count(DISTINCT "residentId")::int AS n FROM "Conversation" WHERE "flowId" = 'onboarding'`);
        expect(conversations.rows[0].n).toBe(40);
        // Every resident was greeted (by reply, or by push once the reply token had gone stale).
        await line.standIn.waitFor(() => users.every((u) => line.standIn.messageCountFor(u) > 0), 60_000);
      } finally {
        bot.kill("SIGTERM");
        await new Promise((r) => bot.once("exit", r));
        await db.end();
      }
    } finally {
      await line.close();
    }
  }, 180_000);

  it("When the bot is killed while residents are answering the poll, then after a restart each resident gets their next question exactly once", async () => {
    const db2 = await createMigratedTestDatabase("postgresql");
    const line = await startLineStandIn({ channelSecret: testChannel.secret, channelAccessToken: testChannel.token, port: 0 });
    const port = await freePort();
    const env = {
      PORT: String(port),
      HOST: "127.0.0.1",
      DATABASE_URL: db2.databaseUrl!,
      LINE_CHANNEL_SECRET: testChannel.secret,
      LINE_CHANNEL_ACCESS_TOKEN: testChannel.token,
      LINE_API_BASE_URL: line.url,
      LOG_LEVEL: "error",
    };
    line.standIn.setWebhookUrl(`http://127.0.0.1:${port}/webhook`);
    const db = new pg.Client({ connectionString: db2.databaseUrl });
    try {
      let bot = await startBot(env);
      await db.connect();
      const users = Array.from({ length: 60 }, (_, i) => residentId(`answering-${i}`));
      await db.query(
        `INSERT INTO "Resident" ("id", "lineUserId", "consentVersion", "consentedAt", "updatedAt") SELECT gen_random_uuid(), u, '2026-11', now(), now() FROM unnest($1::text[]) u`,
        [users],
      );
      await Promise.all(users.map((u) => line.standIn.sendText(u, "アンケート")));
      await line.standIn.waitFor(() => users.every((u) => (line.standIn.messagesFor(u) as { text?: string; altText?: string }[]).some((m) => (m.text ?? m.altText)?.startsWith("問1"))), 60_000);
      // LINE is slow, so turns and sends are in flight when the process dies.
      line.standIn.setFaults({ delayMs: 300 });
      const before = new Map(users.map((u) => [u, line.standIn.messagesFor(u).length]));
      const acknowledged = await Promise.all(users.map((u) => line.standIn.sendText(u, "1")));
      expect(acknowledged.map((r) => r.status)).toEqual(users.map(() => 200));
      bot.kill("SIGKILL");
      await new Promise((r) => bot.once("exit", r));

      line.standIn.setFaults({});
      bot = await startBot(env);
      try {
        const nextQuestions = (u: string) => (line.standIn.messagesFor(u).slice(before.get(u)) as { text?: string; altText?: string }[]).filter((m) => (m.text ?? m.altText)?.startsWith("問3"));
        await line.standIn.waitFor(() => users.every((u) => nextQuestions(u).length > 0), 60_000);
        const deadline = Date.now() + 30_000;
        while (Date.now() < deadline) {
          const { rows } = await db.query(
            `SELECT (SELECT count(*) FROM "InboundEvent" WHERE "status" <> 'done')::int AS events, (SELECT count(*) FROM "OutboundMessage" WHERE "status" = 'pending')::int AS messages`,
          );
          if (rows[0].events === 0 && rows[0].messages === 0) break;
          await new Promise((r) => setTimeout(r, 100));
        }
        // Nobody asked twice, nobody never; every answer kept once.
        for (const u of users) expect(nextQuestions(u), u).toHaveLength(1);
        const answers = await db.query(`SELECT count(*)::int AS n FROM "Answer" WHERE "name" = 'participation'`);
        expect(answers.rows[0].n).toBe(users.length);
      } finally {
        bot.kill("SIGTERM");
        await new Promise((r) => bot.once("exit", r));
      }
    } finally {
      await db.end();
      await line.close();
      await db2.drop();
    }
  }, 300_000);
});
