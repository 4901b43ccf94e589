// Messages to many residents: recorded first, sent by multicast once, retried through LINE's faults.
import { createLineApi } from "../src/line/lineApi.ts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPrismaClient } from "../src/db/openDatabase.ts";
import { DeliverySender } from "../src/line/DeliverySender.ts";
import { createLogger } from "../src/logger.ts";
import { databaseKinds } from "./support/testDatabases.ts";
import { residentId, startTestApp, testChannel, type TTestApp } from "./support/startTestApp.ts";

async function until(check: () => Promise<boolean>, step: () => Promise<unknown>, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error("timed out");
    await step();
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe.each(databaseKinds)("Deliveries on %s", (kind) => {
  let app: TTestApp;
  beforeAll(async () => {
    app = await startTestApp(kind, { lineMode: true });
  });
  afterAll(async () => {
    await app?.stop();
  });

  async function residents(prefix: string, n: number, reachable = true) {
    const ids = Array.from({ length: n }, (_, i) => residentId(`${prefix}-${kind}-${i}`));
    await app.db.prisma.resident.createMany({ data: ids.map((lineUserId) => ({ lineUserId, reachable })) });
    return ids;
  }
  const delivered = (purpose: string) => app.standIn!.deliveries.filter((d) => d.via === "multicast" && JSON.stringify(d.messages).includes(purpose));

  it("When a message goes to 1,200 residents, then it is sent in batches of 500, once each, and not to those who blocked the account", async () => {
    const following = await residents("many", 1200);
    const blocked = await residents("blocked", 3, false);
    const purpose = `test.many.${kind}`;
    await app.deliveries.enqueue(app.db.prisma, purpose, [...following, ...blocked, following[0]!], [{ type: "text", text: purpose }]);
    await app.deliverySender.kick();
    const sent = delivered(purpose);
    expect(sent.map((d) => d.to.length).sort()).toEqual([200, 500, 500]);
    const recipients = sent.flatMap((d) => d.to);
    expect(new Set(recipients).size).toBe(1200);
    expect(recipients.filter((id) => blocked.includes(id))).toEqual([]);
    expect(await app.db.prisma.delivery.count({ where: { purpose, status: "sent" } })).toBe(3);
  });

  it("When LINE answers 429 and 500 for a while, then each batch still arrives once, with the same retry key on every try", async () => {
    const ids = await residents("storm", 30);
    const purpose = `test.storm.${kind}`;
    await app.deliveries.enqueue(app.db.prisma, purpose, ids, [{ type: "text", text: purpose }]);
    const tried = (status: number) => async () =>
      app.standIn!.requests.some((q) => q.operation === "multicast" && q.status === status && JSON.stringify(q.body).includes(purpose));
    try {
      // First LINE is rate-limited, then it fails, then it recovers.
      app.standIn!.setFaults({ rate429: 1 });
      await until(tried(429), () => app.deliverySender.kick());
      app.standIn!.setFaults({ rate500: 1 });
      await until(tried(500), () => app.deliverySender.kick());
    } finally {
      app.standIn!.setFaults({});
    }
    await until(async () => (await app.db.prisma.delivery.count({ where: { purpose, status: { not: "sent" } } })) === 0, () => app.deliverySender.kick());
    const sent = delivered(purpose);
    expect(sent).toHaveLength(1);
    expect(sent[0]!.to.sort()).toEqual([...ids].sort());
    const row = await app.db.prisma.delivery.findFirstOrThrow({ where: { purpose } });
    const tries = app.standIn!.requests.filter((q) => q.operation === "multicast" && JSON.stringify(q.body).includes(purpose));
    const statuses = tries.map((q) => q.status);
    expect(statuses.at(-1)).toBe(200);
    expect(statuses.filter((x) => x === 200)).toHaveLength(1);
    expect(statuses).toEqual(expect.arrayContaining([429, 500]));
    expect(row.attempts).toBe(tries.length);
    expect(new Set(tries.map((q) => q.retryKey))).toEqual(new Set([row.retryKey]));
  });

  it("When two bot processes send at the same moment, then every delivery goes out exactly once", async () => {
    const ids = await residents("twice", 2000);
    const purpose = `test.twice.${kind}`;
    const otherPrisma = createPrismaClient(app.db.url, 2);
    // The bot's own LINE client, as a second process would have it.
    const client = createLineApi({ channelAccessToken: testChannel.token, baseUrl: app.lineApiUrl });
    const other = new DeliverySender({ prisma: otherPrisma, client, queue: app.deliveries, logger: createLogger("error", { silent: true }) });
    try {
      for (let i = 0; i < 4; i++) await app.deliveries.enqueue(app.db.prisma, `${purpose}.${i}`, ids.slice(i * 500, i * 500 + 500), [{ type: "text", text: `${purpose}.${i}` }]);
      await Promise.all([app.deliverySender.kick(), other.kick(), app.deliverySender.kick(), other.kick()]);
      const sent = app.standIn!.deliveries.filter((d) => d.via === "multicast" && JSON.stringify(d.messages).includes(purpose));
      expect(sent).toHaveLength(4);
      expect(new Set(sent.flatMap((d) => d.to)).size).toBe(2000);
    } finally {
      await client.close();
      await otherPrisma.$disconnect();
    }
  });
});

