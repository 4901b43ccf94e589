// Faults are normal: bad events, a LINE that refuses, hangs or rate-limits, events left pending,
// two processes receiving one resident's events. Each test is named for what a resident sees.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startLineStandIn, type RunningLineStandIn } from "../src/standin/startLineStandIn.ts";
import { signWebhookBody } from "../src/standin/createLineStandIn.ts";
import { newOutboxRow, outboxInsertStatement } from "../src/domain/delivery/outbox.ts";
import { sqlLiteral } from "../src/db/sqlLiteral.ts";
import { databaseKinds, createMigratedTestDatabase } from "./support/testDatabases.ts";
import { residentId, startTestApp, testChannel, type TTestApp } from "./support/startTestApp.ts";
import { residentView, type TLineMessage } from "./support/conversationHelpers.ts";

const texts = (app: TTestApp, user: string) => (app.standIn!.messagesFor(user) as TLineMessage[]).map((m) => m.text ?? m.altText ?? m.template?.text ?? "");

/** Residents who consented already and wait at the poll's first question. */
async function residentsAtThePoll(app: TTestApp, users: string[]): Promise<void> {
  await app.db.prisma.resident.createMany({ data: users.map((lineUserId) => ({ lineUserId, consentVersion: "2026-11", consentedAt: new Date(), profile: {} })) });
  await Promise.all(users.map((u) => app.standIn!.sendText(u, "アンケート")));
  await app.processor.drain();
}

describe.each(databaseKinds)("Faults on %s", (kind) => {
  let app: TTestApp;
  beforeAll(async () => {
    // A short call timeout, for the hung reply.
    app = await startTestApp(kind, { app: { retry: { attempts: 4, baseDelayMs: 5, maxDelayMs: 20, timeoutMs: 2_000 } } });
  });
  afterAll(async () => {
    await app?.stop();
  });

  it("When one resident's message holds a NUL, a lone surrogate or absurd nesting, then it is answered and nobody else's request fails", async () => {
    const standIn = app.standIn!;
    const normal = Array.from({ length: 40 }, (_, i) => residentId(`poison-neighbour-${kind}-${i}`));
    const odd = [residentId(`poison-nul-${kind}`), residentId(`poison-surrogate-${kind}`), residentId(`poison-deep-${kind}`)];
    for (const u of odd) await residentView(app, u).follow();
    const before = odd.map((u) => texts(app, u).length);
    const body = (event: Record<string, unknown>, extra = "") => `${JSON.stringify({ destination: standIn.botUserId, events: [event] }).slice(0, -3)}${extra}}]}`;
    const nul = body(standIn.build.text(odd[0]!, "やめる\u0000") as unknown as Record<string, unknown>);
    const surrogate = body(standIn.build.text(odd[1]!, "やめる\ud800") as unknown as Record<string, unknown>);
    const deep = body(standIn.build.text(odd[2]!, "やめる") as unknown as Record<string, unknown>, `,"x":${"[".repeat(10_000)}${"]".repeat(10_000)}`);
    const results = await Promise.all([
      ...normal.map((u) => standIn.follow(u)),
      standIn.deliverEvents(nul),
      standIn.deliverEvents(surrogate),
      standIn.deliverEvents(deep),
    ]);
    expect(results.map((r) => r.status)).toEqual(results.map(() => 200));
    await app.processor.drain();
    for (const u of normal) expect(texts(app, u)[0]).toContain("友だち追加ありがとうございます");
    // The odd messages were stored in a safe form and answered like any other (here: the question again).
    odd.forEach((u, i) => expect(texts(app, u).length, u).toBeGreaterThan(before[i]!));
    expect(await app.db.prisma.inboundEvent.count({ where: { status: { not: "done" } } })).toBe(0);
  });

  it("When a request carries an event of a mode LINE added since, or one without deliveryContext, then the other events in it are still answered", async () => {
    const standIn = app.standIn!;
    const [a, b, c] = [residentId(`mode-a-${kind}`), residentId(`mode-b-${kind}`), residentId(`mode-c-${kind}`)];
    for (const u of [a, b, c]) await residentView(app, u).follow();
    const before = [a, b, c].map((u) => texts(app, u).length);
    const future = { ...standIn.build.text(a, "メニュー"), mode: "future-mode" };
    const noContext: Record<string, unknown> = { ...standIn.build.text(b, "メニュー") };
    delete noContext.deliveryContext;
    const good = standIn.build.text(c, "メニュー");
    const r = await standIn.deliverEvents(JSON.stringify({ destination: standIn.botUserId, events: [future, noContext, good, { type: "message" }] }));
    expect(r.status).toBe(200);
    await app.processor.drain();
    expect(texts(app, a).length).toBe(before[0]); // an unknown mode is stored and not answered
    expect(texts(app, b).length).toBeGreaterThan(before[1]!);
    expect(texts(app, c).length).toBeGreaterThan(before[2]!);
    const stored = await app.db.prisma.inboundEvent.findUniqueOrThrow({ where: { webhookEventId: future.webhookEventId } });
    expect(stored.status).toBe("done");
  });

  it("When LINE never answers one resident's reply, then the others are answered meanwhile and that resident gets theirs once, after the timeout", async () => {
    const standIn = app.standIn!;
    const stuck = residentId(`hang-stuck-${kind}`);
    const others = Array.from({ length: 5 }, (_, i) => residentId(`hang-other-${kind}-${i}`));
    await residentsAtThePoll(app, [stuck, ...others]);
    const counts = new Map([stuck, ...others].map((u) => [u, standIn.messageCountFor(u)]));
    standIn.setFaults({ hang: { userIds: [stuck], calls: 1 } });
    try {
      await standIn.sendText(stuck, "1");
      await Promise.all(others.map((u) => standIn.sendText(u, "1")));
      // The others' next question arrives while the stuck call is still open.
      await standIn.waitFor(() => others.every((u) => standIn.messageCountFor(u) > counts.get(u)!), 20_000);
      expect(standIn.messageCountFor(stuck)).toBe(counts.get(stuck));
      await app.processor.drain();
    } finally {
      standIn.setFaults({});
    }
    await app.processor.drain();
    const stuckTexts = texts(app, stuck).slice(counts.get(stuck));
    expect(stuckTexts.filter((t) => t.startsWith("問3"))).toHaveLength(1);
  });

  it("When LINE answers 429 to everything for a while, then each message goes out after it, exactly once", async () => {
    const standIn = app.standIn!;
    const users = Array.from({ length: 10 }, (_, i) => residentId(`storm-${kind}-${i}`));
    for (const u of users) await residentView(app, u).follow();
    const now = new Date();
    const rows = users.map((u) => newOutboxRow({ lineUserId: u, messages: [{ type: "text", text: "嵐のあとのお知らせ" }] }, now, { retryWindowMs: 3_600_000 }));
    standIn.setFaults({ rate429: 1 });
    try {
      await app.db.sql.query(outboxInsertStatement(rows, now, sqlLiteral, false));
      await standIn.waitFor(() => standIn.requests.filter((q) => q.injectedFault && q.status === 429).length >= 30, 60_000);
    } finally {
      standIn.setFaults({});
    }
    await app.processor.drain();
    for (const u of users) expect(texts(app, u).filter((t) => t === "嵐のあとのお知らせ")).toHaveLength(1);
    const stored = await app.db.prisma.outboundMessage.findMany({ where: { id: { in: rows.map((r) => r.id) } } });
    expect(stored.map((s) => s.status)).toEqual(rows.map(() => "sent"));
  });
});

describe("Recovery", () => {
  it("When more than 12,000 acknowledged events are left pending, then every one of them is handled after a restart, and one left later is taken up without a restart", async () => {
    const database = await createMigratedTestDatabase("postgresql");
    let app = await startTestApp("postgresql", { database });
    try {
      await app.stop();
      // Events the stopped bot acknowledged and never handled: blocks by residents it never knew.
      const pg = (await import("pg")).default;
      const db = new pg.Client({ connectionString: database.databaseUrl });
      await db.connect();
      const insertPending = (from: number, to: number) =>
        db.query(
          `INSERT INTO "InboundEvent" ("webhookEventId", "sourceKey", "occurredAt", "payload")
           SELECT 'E' || n, substr(md5('U' || n), 1, 24), 1700000000000 + n,
                  jsonb_build_object('type', 'unfollow', 'mode', 'active', 'timestamp', 1700000000000 + n, 'webhookEventId', 'E' || n,
                                     'source', jsonb_build_object('type', 'user', 'userId', 'U' || md5('U' || n)))
           FROM generate_series($1::int, $2::int) AS n`,
          [from, to],
        );
      await insertPending(1, 12_903);
      app = await startTestApp("postgresql", { database });
      const waitForNone = async () => {
        const deadline = Date.now() + 60_000;
        let left = -1;
        while (Date.now() < deadline) {
          left = (await db.query(`SELECT count(*)::int AS n FROM "InboundEvent" WHERE "status" = 'pending'`)).rows[0].n;
          if (left === 0) break;
          await new Promise((r) => setTimeout(r, 200));
        }
        return left;
      };
      expect(await waitForNone()).toBe(0);
      // Stored by another process, say, and never handed to this one: the sweep finds it.
      await insertPending(20_000, 20_000);
      expect(await waitForNone()).toBe(0);
      await db.end();
    } finally {
      await app.stop();
      await database.drop();
    }
  }, 120_000);
});

describe("Two processes", () => {
  let line: RunningLineStandIn;
  let first: TTestApp;
  let second: TTestApp;
  beforeAll(async () => {
    line = await startLineStandIn({ channelSecret: testChannel.secret, channelAccessToken: testChannel.token, port: 0 });
    // The order window is a wait, so a machine kept busy by others needs a wide one: 3 s, not the 150 ms default.
    const env = { LINE_CHANNEL_SECRET: testChannel.secret, LINE_CHANNEL_ACCESS_TOKEN: testChannel.token, LINE_API_BASE_URL: line.url, TURN_ORDER_WINDOW_MS: "3000" };
    first = await startTestApp("postgresql", { env });
    second = await startTestApp("postgresql", { env, database: first.database });
    line.standIn.setWebhookUrl(`${first.url}/webhook`);
  });
  afterAll(async () => {
    await second?.stop();
    await first?.stop();
    await line?.close();
  });

  it("When two processes receive one resident's two answers at the same moment, then they are taken in the order the resident sent them", async () => {
    const standIn = line.standIn;
    const users = Array.from({ length: 30 }, (_, i) => residentId(`two-${i}`));
    await first.db.prisma.resident.createMany({ data: users.map((lineUserId) => ({ lineUserId, consentVersion: "2026-11", consentedAt: new Date(), profile: {} })) });
    await Promise.all(users.map((u) => standIn.sendText(u, "アンケート")));
    await Promise.all([first.processor.drain(), second.processor.drain()]);
    const post = (url: string, events: unknown[]) => {
      const body = JSON.stringify({ destination: standIn.botUserId, events });
      return fetch(`${url}/webhook`, { method: "POST", headers: { "content-type": "application/json", "x-line-signature": signWebhookBody(body, testChannel.secret) }, body });
    };
    const sent = users.flatMap((u) => {
      const often = standIn.build.text(u, "1"); // 問1: よく参加した → 問3
      const four = { ...standIn.build.text(u, "4"), timestamp: often.timestamp + 1 }; // 問3: 4
      // The later answer reaches the first process, the earlier one the second, at once.
      return [post(first.url, [four]), post(second.url, [often])];
    });
    expect((await Promise.all(sent)).map((r) => r.status)).toEqual(sent.map(() => 200));
    await Promise.all([first.processor.drain(), second.processor.drain()]);
    await Promise.all([first.processor.drain(), second.processor.drain()]);
    const answers = await first.db.prisma.answer.findMany({ where: { resident: { lineUserId: { in: users } }, flowId: "poll-community" }, include: { resident: true } });
    for (const u of users) {
      const mine = Object.fromEntries(answers.filter((a) => a.resident.lineUserId === u).map((a) => [a.name, a.value]));
      expect(mine, u).toEqual({ participation: "often", willingness: 4 });
    }
  }, 90_000);
});
