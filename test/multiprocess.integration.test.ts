// Several bot processes on one PostgreSQL: every scheduled message is still sent exactly once.
// Two real bot processes (src/main.ts) run their schedules every second, so both fire at the same
// moments; an event's day-before reminder becomes due while both run, and a recorded announcement
// waits to be sent. The LINE stand-in counts what each resident received.
import { type ChildProcess } from "node:child_process";
import { afterAll, describe, expect, it } from "vitest";
import pg from "pg";
import { startLineStandIn } from "../src/standin/startLineStandIn.ts";
import { createMigratedTestDatabase, type TTestDatabase } from "./support/testDatabases.ts";
import { testChannel } from "./support/startTestApp.ts";
import { freePort, startBot, stopBot } from "./support/botProcess.ts";

const RESIDENTS = 1200;
const HOUR = 3600_000;
const JST = 9 * HOUR;

/** Tomorrow (Tokyo calendar) at noon: its day-before reminder at 00:00 is due all of today. */
function tomorrowNoonTokyo(): Date {
  const t = new Date(Date.now() + JST);
  return new Date(Date.UTC(t.getUTCFullYear(), t.getUTCMonth(), t.getUTCDate() + 1, 12, 0) - JST);
}

describe("Two bot processes", () => {
  let database: TTestDatabase | undefined;
  afterAll(async () => {
    await database?.drop();
  });

  it("When two processes' schedules fire at the same moment, then every reminder and every delivery reaches each resident exactly once", async () => {
    database = await createMigratedTestDatabase("postgresql");
    const url = database.databaseUrl!;
    const db = new pg.Client({ connectionString: url });
    await db.connect();
    const line = await startLineStandIn({ channelSecret: testChannel.secret, channelAccessToken: testChannel.token, port: 0 });
    const bots: ChildProcess[] = [];
    try {
      // Residents (one of them unfollowed), an event tomorrow they all signed up for, and an announcement to them all.
      await db.query(`INSERT INTO "Setting" ("key", "value", "updatedAt") VALUES
        ('quietHours', '{"enabled": false, "start": "21:00", "end": "08:00"}', now()),
        ('reminders', '{"enabled": false, "dayBeforeAt": "00:00", "hourBefore": false, "note": ""}', now())`);
      await db.query(
        `INSERT INTO "Resident" ("id", "lineUserId", "reachable", "updatedAt")
         SELECT gen_random_uuid(), 'U' || md5('multi-' || i), i <= $1, now() FROM generate_series(1, $1 + 1) AS i`,
        [RESIDENTS],
      );
      const users = (await db.query(`SELECT "lineUserId", "reachable" FROM "Resident" ORDER BY "lineUserId"`)).rows as { lineUserId: string; reachable: boolean }[];
      const reachable = users.filter((u) => u.reachable).map((u) => u.lineUserId);
      const unfollowed = users.find((u) => !u.reachable)!.lineUserId;
      const event = (
        await db.query(
          `INSERT INTO "Event" ("id", "title", "description", "startsAt", "place", "capacity", "signupDeadline", "createdById", "updatedAt")
           VALUES (gen_random_uuid(), '防災訓練', '避難所の開設を体験します。', $1, '長門市役所 前庭', 5000, now(), gen_random_uuid(), now()) RETURNING "id"`,
          [tomorrowNoonTokyo()],
        )
      ).rows[0].id as string;
      await db.query(
        `INSERT INTO "EventRegistration" ("id", "eventId", "residentId", "status")
         SELECT gen_random_uuid(), $1, "id", 'confirmed' FROM "Resident"`,
        [event],
      );
      await db.query(
        `INSERT INTO "Delivery" ("id", "purpose", "lineUserIds", "messages", "retryKey")
         SELECT gen_random_uuid(), 'test.announce', array_agg("lineUserId" ORDER BY "lineUserId"), '[{"type": "text", "text": "ごみ収集日が変わります。"}]', gen_random_uuid()
         FROM (SELECT "lineUserId", (row_number() OVER (ORDER BY "lineUserId") - 1) / 500 AS batch FROM "Resident") AS r GROUP BY batch`,
      );

      const ports = [await freePort(), await freePort()];
      const env = (port: number) => ({
        PORT: String(port),
        HOST: "127.0.0.1",
        DATABASE_URL: url,
        LINE_CHANNEL_SECRET: testChannel.secret,
        LINE_CHANNEL_ACCESS_TOKEN: testChannel.token,
        LINE_API_BASE_URL: line.url,
        LOG_LEVEL: "error",
        // Both processes run their jobs at the start of every second: the same moments.
        SCHEDULER_TICK_SECONDS: "1",
      });
      bots.push(...(await Promise.all(ports.map((p) => startBot(env(p))))));
      for (const p of ports) expect((await fetch(`http://127.0.0.1:${p}/readyz`)).status).toBe(200);

      // The reminder becomes due while both run.
      await db.query(`UPDATE "Setting" SET "value" = jsonb_set("value", '{enabled}', 'true') WHERE "key" = 'reminders'`);
      await line.standIn.waitFor(() => reachable.every((u) => line.standIn.messageCountFor(u) >= 2), 60_000);
      // A few more ticks in both processes: nothing more may arrive.
      await new Promise((r) => setTimeout(r, 3000));

      const rows = (await db.query(`SELECT "purpose", "status", "retryKey", "lineUserIds" FROM "Delivery" ORDER BY "purpose"`)).rows as {
        purpose: string;
        status: string;
        retryKey: string;
        lineUserIds: string[];
      }[];
      const reminders = rows.filter((r) => r.purpose !== "test.announce");
      expect(reminders.length).toBe(Math.ceil(RESIDENTS / 500));
      expect(new Set(reminders.map((r) => r.purpose)).size).toBe(1);
      expect(rows.every((r) => r.status === "sent")).toBe(true);
      // Each recorded delivery was accepted by LINE once; each resident got the reminder and the announcement once.
      const accepted = line.standIn.deliveries.filter((d) => d.via === "multicast");
      expect(accepted.map((d) => d.retryKey).sort()).toEqual(rows.map((r) => r.retryKey).sort());
      const perResident = new Map<string, number>();
      for (const d of accepted) for (const u of d.to) perResident.set(u, (perResident.get(u) ?? 0) + 1);
      for (const u of reachable) expect(perResident.get(u)).toBe(2);
      for (const u of reachable) expect(line.standIn.messageCountFor(u)).toBe(2);
      expect(line.standIn.messageCountFor(unfollowed)).toBe(0);
      expect(JSON.stringify(line.standIn.messagesFor(reachable[0]!))).toContain("防災訓練");
      const marks = (await db.query(`SELECT count(*)::int AS n FROM "ScheduledSend" WHERE "key" LIKE '%' || $1 || '%'`, [event])).rows[0].n;
      expect(marks).toBe(1);
      expect(line.standIn.rejected()).toEqual([]);
    } finally {
      await Promise.all(bots.map(stopBot));
      await line.close();
      await db.end();
    }
  }, 180_000);
});
