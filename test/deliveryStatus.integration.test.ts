// What staff are told about a send is what really happens to it: held by quiet hours (and released
// when they change or when an administrator sends it now), retried through a LINE 429 storm across a
// restart of the bot without duplicates, expired past its point, refused with LINE's reason.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { startLineStandIn } from "../src/standin/startLineStandIn.ts";
import { databaseKinds } from "./support/testDatabases.ts";
import { residentId, startTestApp, testChannel, type TTestApp } from "./support/startTestApp.ts";

const HOUR = 3600_000;
const JST = 9 * HOUR;
const clock = (at: Date) => new Date(at.getTime() + JST).toISOString().slice(11, 16);

type TApi = (method: string, path: string, body?: unknown) => Promise<{ status: number; json: any }>;

async function until(check: () => Promise<boolean>, step: () => Promise<unknown>, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error("timed out");
    await step();
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe.each(databaseKinds)("Delivery status and retries on %s", (kind) => {
  let line: Awaited<ReturnType<typeof startLineStandIn>>;
  let app: TTestApp;
  /** The first start's database: the restarted bot keeps it, so it is dropped here. */
  let database: TTestApp["database"];
  let asAdmin: TApi;
  let asStaff: TApi;
  const lineEnv = () => ({ LINE_CHANNEL_SECRET: testChannel.secret, LINE_CHANNEL_ACCESS_TOKEN: testChannel.token, LINE_API_BASE_URL: line.url });

  async function start(database?: TTestApp["database"]) {
    const started = await startTestApp(kind, { env: lineEnv(), ...(database ? { database } : {}) });
    line.standIn.setWebhookUrl(`${started.url}/webhook`);
    return started;
  }
  async function staffApi(role: "admin" | "staff"): Promise<TApi> {
    const { staff } = await app.staffService.create({ loginId: `${role}-${kind}-${Math.random().toString(36).slice(2, 8)}`, displayName: `${role}さん`, role }, "system");
    const token = await app.staffService.issueApiToken(staff.id, staff);
    return async (method, path, body) => {
      const r = await fetch(`${app.url}/api/admin${path}`, {
        method,
        headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { "content-type": "application/json" }) },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      return { status: r.status, json: await r.json().catch(() => undefined) };
    };
  }

  beforeAll(async () => {
    line = await startLineStandIn({ channelSecret: testChannel.secret, channelAccessToken: testChannel.token, port: 0 });
    app = await start();
    database = app.database;
    [asAdmin, asStaff] = [await staffApi("admin"), await staffApi("staff")];
  });
  afterAll(async () => {
    await app?.stop();
    await database?.drop();
    await line?.close();
  });

  let seq = 0;
  async function residents(n: number) {
    const ids = Array.from({ length: n }, () => residentId(`status-${kind}-${++seq}`));
    await app.db.prisma.resident.createMany({ data: ids.map((lineUserId) => ({ lineUserId, reachable: true })) });
    return ids;
  }
  async function openPoll(title: string, closesAt = new Date(Date.now() + 48 * HOUR)) {
    return app.db.prisma.poll.create({ data: { title, questions: [], opensAt: new Date(Date.now() - HOUR), closesAt, createdById: "00000000-0000-4000-8000-000000000001" } });
  }
  const got = (user: string, marker: string) => line.standIn.messagesFor(user).filter((m) => JSON.stringify(m).includes(marker)).length;
  const status = async (about: string) => (await asStaff("GET", `/deliveries?about=${about}`)).json.deliveries as any[];
  /** Quiet hours from an hour ago until two hours from now, Tokyo time. */
  const quietNow = () => ({ enabled: true, start: clock(new Date(Date.now() - HOUR)), end: clock(new Date(Date.now() + 2 * HOUR)) });

  afterEach(async () => {
    await asAdmin("PUT", "/settings", { quietHours: { enabled: false } });
  });

  it("When staff announce during quiet hours, then the status says when it will really go; turning quiet hours off sends it now; an administrator can send a held one now", async () => {
    const everyone = await residents(2);
    const poll = await openPoll("ごみ出しアンケート");
    const quiet = quietNow();
    expect((await asAdmin("PUT", "/settings", { quietHours: quiet })).status).toBe(200);

    expect((await asStaff("POST", `/polls/${poll.id}/announce`, {})).status).toBe(200);
    await app.deliverySender.kick();
    let [announce] = await status(poll.id);
    expect(announce).toMatchObject({ kind: "poll.announce", state: "planned", heldByQuietHours: true, recipients: { planned: everyone.length, sent: 0 } });
    expect(clock(new Date(announce.nextAt))).toBe(quiet.end);
    expect(everyone.map((u) => got(u, "ごみ出しアンケート"))).toEqual([0, 0]);

    // Quiet hours off: what they held is released at once.
    expect((await asAdmin("PUT", "/settings", { quietHours: { enabled: false } })).status).toBe(200);
    await app.deliverySender.kick();
    [announce] = await status(poll.id);
    expect(announce).toMatchObject({ state: "done", heldByQuietHours: false, recipients: { planned: 0, sent: everyone.length } });
    expect(everyone.map((u) => got(u, "ごみ出しアンケート"))).toEqual([1, 1]);

    // Held again by quiet hours (a reminder to those who did not answer); only an administrator sends it now.
    await asAdmin("PUT", "/settings", { quietHours: quietNow() });
    expect((await asStaff("POST", `/polls/${poll.id}/announce`, { again: true })).status).toBe(200);
    const [reminder] = await status(poll.id);
    expect(reminder).toMatchObject({ kind: "poll.reminder", state: "planned", heldByQuietHours: true });
    expect((await asStaff("POST", "/deliveries/send-now", { purpose: reminder.purpose })).status).toBe(403);
    const now = await asAdmin("POST", "/deliveries/send-now", { purpose: reminder.purpose });
    expect(now.json).toEqual({ recipients: everyone.length });
    await app.deliverySender.kick();
    expect((await status(poll.id))[0]).toMatchObject({ kind: "poll.reminder", state: "done", urgent: true });
    expect(everyone.map((u) => got(u, "ごみ出しアンケート"))).toEqual([2, 2]);
    expect(await app.db.prisma.auditEntry.count({ where: { action: "delivery.sent_now", target: `delivery:${reminder.purpose}` } })).toBe(1);
    await asAdmin("PUT", "/settings", { quietHours: { enabled: false } });
  });

  it("When an announcement is still held when its poll closes, then it is marked expired and never sent late; a message LINE refuses is failed with LINE's reason", async () => {
    const [resident] = await residents(1);
    await asAdmin("PUT", "/settings", { quietHours: quietNow() });
    const poll = await openPoll("締切間近アンケート", new Date(Date.now() + HOUR));
    await asStaff("POST", `/polls/${poll.id}/announce`, {});
    expect((await status(poll.id))[0]).toMatchObject({ state: "planned", heldByQuietHours: true });
    // Morning comes after the poll closed.
    await app.deliverySender.kick(new Date(Date.now() + 3 * HOUR));
    const [expired] = await status(poll.id);
    expect(expired).toMatchObject({ state: "expired", recipients: { expired: await app.db.prisma.resident.count({ where: { reachable: true } }), sent: 0 } });
    expect(got(resident!, "締切間近アンケート")).toBe(0);
    await asAdmin("PUT", "/settings", { quietHours: { enabled: false } });

    // A message over LINE's limit: 400, not retried, its reason kept for staff.
    const bad = `event.message:${crypto.randomUUID()}`;
    await app.deliveries.enqueue(app.db.prisma, bad, [resident!], [{ type: "flex", altText: "壊れたカード", contents: { type: "bubble", body: { type: "nope" } } }]);
    await app.deliverySender.kick();
    const [failed] = await status(bad.split(":")[1]!);
    expect(failed).toMatchObject({ state: "failed", recipients: { failed: 1 } });
    expect(failed.problems[0]).toMatchObject({ status: "failed" });
    expect(failed.problems[0].reason).toMatch(/^400 /);
    expect(line.standIn.requests.filter((q) => q.operation === "multicast" && JSON.stringify(q.body).includes("壊れたカード"))).toHaveLength(1);
  });

  it("When LINE answers 429 for a while and the bot restarts during it, then every resident gets each message once, with one retry key per message", async () => {
    const everyone = await residents(1200);
    const purposes = Array.from({ length: 4 }, () => `event.message:${crypto.randomUUID()}`);
    line.standIn.setFaults({ rate429: 1 });
    try {
      for (const [i, purpose] of purposes.entries()) {
        await app.deliveries.enqueue(app.db.prisma, purpose, everyone.slice(i * 300, i * 300 + 300), [{ type: "text", text: `storm ${purpose}` }]);
      }
      // Far more tries than the 6 that used to give up: each is refused, and waits longer each time.
      const attempted = async (n: number) => (await app.db.prisma.delivery.count({ where: { purpose: { in: purposes }, attempts: { gte: n } } })) === purposes.length;
      await until(() => attempted(8), () => app.deliverySender.kick(new Date(Date.now() + HOUR)));
      const [retrying] = await status(purposes[0]!.split(":")[1]!);
      expect(retrying).toMatchObject({ state: "sending", retrying: true, recipients: { planned: 300, sent: 0 } });
      expect(retrying.problems[0]).toMatchObject({ status: "retrying", reason: "429 Too many requests" });

      // The bot stops in the middle of the storm; another start takes over from the database.
      await app.close();
      app = await start(database);
      [asStaff] = [await staffApi("staff")];
      await app.deliverySender.kick(new Date(Date.now() + 2 * HOUR));
      expect(await app.db.prisma.delivery.count({ where: { purpose: { in: purposes }, status: "pending" } })).toBe(purposes.length);
    } finally {
      line.standIn.setFaults({});
    }
    await until(
      async () => (await app.db.prisma.delivery.count({ where: { purpose: { in: purposes }, status: { not: "sent" } } })) === 0,
      () => app.deliverySender.kick(new Date(Date.now() + 4 * HOUR)),
    );
    expect(everyone.map((u) => got(u, "storm ")).filter((n) => n !== 1)).toEqual([]);
    const rows = await app.db.prisma.delivery.findMany({ where: { purpose: { in: purposes } } });
    for (const row of rows) {
      const tries = line.standIn.requests.filter((q) => q.operation === "multicast" && JSON.stringify(q.body).includes(row.purpose));
      expect(new Set(tries.map((q) => q.retryKey))).toEqual(new Set([row.retryKey]));
      expect(tries.filter((q) => q.status === 200)).toHaveLength(1);
      expect(tries.length).toBeGreaterThan(8);
    }
    expect((await status(purposes[0]!.split(":")[1]!))[0]).toMatchObject({ state: "done", recipients: { sent: 300 } });
  });
});
