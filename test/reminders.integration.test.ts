// Reminders and sending end to end: the settings and budget API, closing reminders to residents
// who left a poll or a comment round unfinished, quiet hours, a 429 storm across 5,000 recipients,
// residents who unfollowed, and the message budget guarding staff sends.
import { type Server } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import express from "express";
import { z } from "zod";
import { ZBudgetCheck } from "../src/domain/delivery/budgetTypes.ts";
import { adminApi } from "../src/admin/adminApi.ts";
import { defineRoute, ZSendConflict, type TRoute } from "../src/admin/defineRoute.ts";
import { settingsRoutes } from "../src/admin/routes/settingsRoutes.ts";
import { createPrismaClient } from "../src/db/openDatabase.ts";
import { DeliverySender } from "../src/line/DeliverySender.ts";
import { createLineApi } from "../src/line/lineApi.ts";
import { sendClosingReminders } from "../src/domain/delivery/closingReminders.ts";
import { DeliveryQueue } from "../src/domain/delivery/DeliveryQueue.ts";
import { assertWithinBudget, OverBudgetError } from "../src/domain/delivery/messageBudget.ts";
import { createLogger } from "../src/logger.ts";
import { databaseKinds } from "./support/testDatabases.ts";
import { residentId, startTestApp, testChannel, type TTestApp } from "./support/startTestApp.ts";

const HOUR = 3600_000;
const JST = 9 * HOUR;

/** The Tokyo calendar day `days` from today, at "HH:MM" Tokyo time. */
function tokyoDay(days: number, clock: string): Date {
  const t = new Date(Date.now() + JST);
  return new Date(Date.UTC(t.getUTCFullYear(), t.getUTCMonth(), t.getUTCDate() + days, Number(clock.slice(0, 2)), Number(clock.slice(3))) - JST);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

type TApi = (method: string, path: string, body?: unknown) => Promise<{ status: number; json: any; text: string }>;

/**
 * The admin API with these routes on its own port (the settings routes as the app mounts them, and
 * a staff send guarded by the budget as the domain modules do it), for staff with bearer tokens.
 */
async function serveAdmin(app: TTestApp, routes: TRoute[]) {
  const web = express();
  web.use(adminApi({ staffService: app.staffService, routes, logger: createLogger("error", { silent: true }), secureCookies: false, checkResponses: true }));
  const server: Server = await new Promise((resolve) => {
    const s = web.listen(0, "127.0.0.1", () => resolve(s));
  });
  const url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  let n = 0;
  return {
    async as(role: "admin" | "staff" | "viewer"): Promise<TApi> {
      const { staff } = await app.staffService.create({ loginId: `${role}-${++n}-${app.database.kind}`, displayName: `${role}さん`, role }, "system");
      const token = await app.staffService.issueApiToken(staff.id, staff);
      return async (method, path, body) => {
        const headers: Record<string, string> = { authorization: `Bearer ${token}` };
        if (body !== undefined) headers["content-type"] = "application/json";
        const r = await fetch(`${url}/api/admin${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
        const text = await r.text();
        let json: unknown;
        try {
          json = JSON.parse(text);
        } catch {
          json = undefined;
        }
        return { status: r.status, json, text };
      };
    },
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

/** A staff send as a domain module makes one: budget first, then the delivery, in one transaction. */
function guardedSendRoute(app: TTestApp): TRoute {
  return defineRoute({
    method: "post", path: "/test/send", tag: "test", role: "staff", summary: "A guarded staff send (test only)",
    body: z.object({ purpose: z.string(), lineUserIds: z.array(z.string()), confirmOverBudget: z.boolean().default(false) }),
    response: z.object({ budget: ZBudgetCheck }),
    conflict: ZSendConflict,
    handler: async ({ body, staff }) =>
      app.db.prisma.$transaction(async (tx) => {
        const budget = await assertWithinBudget(tx, body.lineUserIds.length, staff, body.confirmOverBudget, { purpose: body.purpose });
        await app.deliveries.enqueue(tx, body.purpose, body.lineUserIds, [{ type: "text", text: "お知らせです。" }]);
        return { budget };
      }),
  });
}

/** Messages a resident received whose JSON contains `marker`. */
const received = (app: TTestApp, user: string, marker: string) => app.standIn!.messagesFor(user).filter((m) => JSON.stringify(m).includes(marker));
/** What LINE refused for what the bot sent (faults the test injected are not the bot's doing). */
const refused = (app: TTestApp) => app.standIn!.rejected().filter((r) => !r.injectedFault);

let polls = 0;
async function createPoll(app: TTestApp, closesAt: Date, title = `ごみ収集アンケート ${++polls}`) {
  return app.db.prisma.poll.create({
    data: { title, questions: [], opensAt: new Date(Date.now() - 24 * HOUR), closesAt, createdById: "00000000-0000-4000-8000-000000000001" },
  });
}

describe.each(databaseKinds)("Reminders and sending on %s", (kind) => {
  let app: TTestApp;
  let admin: Awaited<ReturnType<typeof serveAdmin>>;
  let asAdmin: TApi;
  let asStaff: TApi;
  let asViewer: TApi;
  beforeAll(async () => {
    // LINE mode: the stand-in runs apart from the bot, as LINE does, and a second sender can reach it.
    app = await startTestApp(kind, { lineMode: true });
    admin = await serveAdmin(app, [...settingsRoutes(app.db.prisma, app.deliveries), guardedSendRoute(app)]);
    // One after another: on the embedded database (one connection) three staff transactions at once
    // wait for each other, and on a busy machine the last one waited past Prisma's 2 s to start.
    asAdmin = await admin.as("admin");
    asStaff = await admin.as("staff");
    asViewer = await admin.as("viewer");
  });
  afterAll(async () => {
    await admin?.close();
    await app?.stop();
  });

  let seq = 0;
  async function residents(n: number, options: { reachable?: boolean; language?: string } = {}) {
    const ids = Array.from({ length: n }, () => residentId(`rem-${kind}-${++seq}`));
    await app.db.prisma.resident.createMany({ data: ids.map((lineUserId) => ({ lineUserId, reachable: options.reachable ?? true, language: options.language ?? "ja" })) });
    return ids;
  }
  /** Residents in the middle of a flow, last touched at `touchedAt`. */
  async function inFlow(flowId: string, ids: string[], touchedAt: Date, status = "active") {
    const rows = await app.db.prisma.resident.findMany({ where: { lineUserId: { in: ids } }, select: { id: true } });
    for (const r of rows) {
      await app.db.prisma.conversation.create({ data: { residentId: r.id, flowId, flowRevision: "test", state: {}, status } });
    }
    await app.db.prisma.$executeRaw`UPDATE "Conversation" SET "updatedAt" = ${touchedAt} WHERE "residentId" = ANY(${rows.map((r) => r.id)}::uuid[])`;
  }
  const remind = (at: Date) => sendClosingReminders({ prisma: app.db.prisma, deliveries: app.deliveries }, at);

  it("When staff read and change settings, then only the fields given change, only administrators may change them, and each change is audited", async () => {
    const initial = await asViewer("GET", "/settings");
    expect(initial.status).toBe(200);
    expect(initial.json.settings.reminders).toEqual({ enabled: true, dayBeforeAt: "18:00", hourBefore: false, note: "" });
    expect(initial.json.settings.budget).toEqual({ monthlyLimit: null });

    const changed = await asAdmin("PUT", "/settings", { reminders: { dayBeforeAt: "17:30", note: "雨天中止の場合はLINEでお知らせします。" } });
    expect(changed.status, changed.text).toBe(200);
    expect(changed.json.settings.reminders).toEqual({ enabled: true, dayBeforeAt: "17:30", hourBefore: false, note: "雨天中止の場合はLINEでお知らせします。" });
    // A later change of another field keeps the time set before (no defaults creep back in).
    const again = await asAdmin("PUT", "/settings", { reminders: { hourBefore: true } });
    expect(again.json.settings.reminders.dayBeforeAt).toBe("17:30");
    expect(again.json.settings.reminders.hourBefore).toBe(true);
    expect((await asViewer("GET", "/settings")).json.settings.reminders.dayBeforeAt).toBe("17:30");

    expect((await asStaff("PUT", "/settings", { reminders: { enabled: false } })).status).toBe(403);
    const invalid = await asAdmin("PUT", "/settings", { reminders: { dayBeforeAt: "25:00" } });
    expect(invalid.status).toBe(400);
    expect(invalid.text).toContain("HH:MM");
    expect((await asAdmin("PUT", "/settings", { reminder: { enabled: false } })).status).toBe(400);
    expect((await asAdmin("PUT", "/settings", { budget: { monthlyLimit: -1 } })).status).toBe(400);

    const audit = await app.db.prisma.auditEntry.findMany({ where: { action: "settings.updated" }, orderBy: { id: "asc" } });
    expect(audit.map((a) => a.target)).toEqual(["setting:reminders", "setting:reminders"]);
    expect(audit.every((a) => a.actor.startsWith("staff:admin-"))).toBe(true);
    // Back to the defaults for the tests that follow.
    await asAdmin("PUT", "/settings", { reminders: { dayBeforeAt: "18:00", hourBefore: false, note: "" } });
  });

  it("When a resident left a poll or a round unfinished and it closes within a day, then they are reminded once, with a button back to it", async () => {
    const at = new Date(Date.now() + 2 * HOUR);
    const poll = await createPoll(app, new Date(at.getTime() + 20 * HOUR), "公園の利用に関するアンケート");
    const farPoll = await createPoll(app, new Date(at.getTime() + 30 * HOUR));
    const round = await app.db.prisma.round.create({
      data: {
        title: "第3次環境基本計画（案）",
        summary: "",
        documentUrl: "https://example.org/plan.pdf",
        sections: [],
        opensAt: new Date(Date.now() - 48 * HOUR),
        closesAt: new Date(at.getTime() + 10 * HOUR),
        createdById: "00000000-0000-4000-8000-000000000001",
      },
    });
    const pollFlow = `poll-${poll.number}`;
    const roundFlow = `round-${round.number}`;
    const [left, answering, finished, blocked] = [await residents(3), await residents(1), await residents(1), await residents(1, { reachable: false })];
    const [english] = await residents(1, { language: "en" });
    const [far] = await residents(1);
    const [commenting] = await residents(1);
    const [paused] = await residents(1);
    await inFlow(pollFlow, [...left, english!, blocked[0]!], new Date(at.getTime() - 3 * HOUR));
    await inFlow(pollFlow, answering, new Date(at.getTime() - 10 * 60_000));
    await inFlow(pollFlow, finished, new Date(at.getTime() - 3 * HOUR), "completed");
    await inFlow(`poll-${farPoll.number}`, [far!], new Date(at.getTime() - 3 * HOUR));
    await inFlow(roundFlow, [commenting!], new Date(at.getTime() - 3 * HOUR));
    // Sent やめる with a draft kept (続きから): reminded as well, and the button brings the draft back.
    await inFlow(roundFlow, [paused!], new Date(at.getTime() - 3 * HOUR), "paused");

    expect(await remind(at)).toBe(6);
    expect(await remind(at)).toBe(0);
    expect(await remind(new Date(at.getTime() + 60_000))).toBe(0);
    await app.deliverySender.kick(at);

    for (const u of left) {
      const got = received(app, u, pollFlow);
      expect(got).toHaveLength(1);
      const template = (got[0] as { template: { text: string; actions: { label: string; data: string }[] } }).template;
      expect(template.text).toContain("「公園の利用に関するアンケート」の締切は");
      expect(template.text).toContain("続きはこちら");
      expect(template.actions).toEqual([expect.objectContaining({ type: "postback", data: `flow=${pollFlow}`, label: "続きを回答する" })]);
    }
    expect(JSON.stringify(received(app, english!, pollFlow))).toContain("closes on");
    expect(received(app, commenting!, roundFlow)).toHaveLength(1);
    expect(JSON.stringify(received(app, commenting!, roundFlow))).toContain("第3次環境基本計画（案）");
    expect(received(app, paused!, roundFlow)).toHaveLength(1);
    for (const u of [...answering, ...finished, ...blocked, far!]) expect(app.standIn!.messagesFor(u)).toEqual([]);
    expect(await app.db.prisma.scheduledSend.count({ where: { key: { startsWith: `closing:${pollFlow}:` } } })).toBe(4);

    // The one who was answering a few minutes ago stops too: reminded later, once.
    expect(await remind(new Date(at.getTime() + HOUR))).toBe(1);
    await app.deliverySender.kick(new Date(at.getTime() + HOUR));
    expect(received(app, answering[0]!, pollFlow)).toHaveLength(1);
    expect(refused(app)).toEqual([]);
  });

  it("When two processes run the closing reminders at the same moment, then each resident is reminded once", async () => {
    const at = new Date(Date.now() + 2 * HOUR);
    const poll = await createPoll(app, new Date(at.getTime() + 5 * HOUR));
    const ids = await residents(40);
    await inFlow(`poll-${poll.number}`, ids, new Date(at.getTime() - 2 * HOUR));
    const other = createPrismaClient(app.db.url, 2);
    try {
      const otherQueue = new DeliveryQueue();
      const made = await Promise.all([remind(at), sendClosingReminders({ prisma: other, deliveries: otherQueue }, at), remind(at)]);
      expect(made.reduce((a, b) => a + b, 0)).toBe(40);
    } finally {
      await other.$disconnect();
    }
    await app.deliverySender.kick(at);
    for (const u of ids) expect(received(app, u, `poll-${poll.number}`)).toHaveLength(1);
  });

  it("When reminders are turned off, then no closing reminder is made", async () => {
    const at = new Date(Date.now() + 2 * HOUR);
    const poll = await createPoll(app, new Date(at.getTime() + 5 * HOUR));
    const [u] = await residents(1);
    await inFlow(`poll-${poll.number}`, [u!], new Date(at.getTime() - 2 * HOUR));
    expect((await asAdmin("PUT", "/settings", { reminders: { enabled: false } })).status).toBe(200);
    try {
      expect(await remind(at)).toBe(0);
    } finally {
      await asAdmin("PUT", "/settings", { reminders: { enabled: true } });
      await app.db.prisma.conversation.updateMany({ where: { flowId: `poll-${poll.number}` }, data: { status: "cancelled" } });
    }
    expect(await app.db.prisma.scheduledSend.count({ where: { key: { startsWith: `closing:poll-${poll.number}:` } } })).toBe(0);
  });

  it("When a resident unfollowed, before or after the message was recorded, then it never reaches them", async () => {
    const [before, after, stays] = [residentId(`unf-before-${kind}`), residentId(`unf-after-${kind}`), residentId(`unf-stays-${kind}`)];
    for (const u of [before, after, stays]) await app.standIn!.follow(u);
    await app.standIn!.unfollow(before);
    await app.processor.drain();
    const purpose = `test.unfollow.${kind}`;
    // Due in a minute, so that the one who unfollows does so between recording and sending.
    const due = new Date(Date.now() + 60_000);
    await app.deliveries.enqueue(app.db.prisma, purpose, [before, after, stays], [{ type: "text", text: purpose }], { notBefore: due });
    await app.standIn!.unfollow(after);
    await app.processor.drain();
    await app.deliverySender.kick(due);
    expect(received(app, stays, purpose)).toHaveLength(1);
    expect(received(app, before, purpose)).toEqual([]);
    expect(received(app, after, purpose)).toEqual([]);
    const row = await app.db.prisma.delivery.findFirstOrThrow({ where: { purpose } });
    expect(row.status).toBe("sent");
    // Recorded as sent to the one who got it: the month's count is not charged for the others.
    expect(row.lineUserIds).toEqual([stays]);
    expect(refused(app)).toEqual([]);
  });

  it("When LINE answers 429 to half the calls for a while, then 5,000 residents each get the message once, only later", async () => {
    const ids = await residents(5000);
    const purpose = `test.storm.${kind}`;
    expect(await app.deliveries.enqueue(app.db.prisma, purpose, ids, [{ type: "text", text: purpose }])).toBe(10);
    const rows = await app.db.prisma.delivery.findMany({ where: { purpose } });
    const keys = new Set(rows.map((r) => r.retryKey));
    const calls = () => app.standIn!.requests.filter((q) => q.operation === "multicast" && q.retryKey !== undefined && keys.has(q.retryKey));
    app.standIn!.setFaults({ rate429: 0.5 });
    try {
      const stormUntil = Date.now() + 1500;
      while (Date.now() < stormUntil && calls().filter((q) => q.status === 429).length < 15) {
        await app.deliverySender.kick();
        await sleep(5);
      }
    } finally {
      app.standIn!.setFaults({});
    }
    const deadline = Date.now() + 60_000;
    while ((await app.db.prisma.delivery.count({ where: { purpose, status: { not: "sent" } } })) > 0) {
      if (Date.now() > deadline) throw new Error("deliveries still not sent after the storm");
      await app.deliverySender.kick();
      await sleep(10);
    }
    const statuses = calls().map((q) => q.status);
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(5);
    expect(statuses.filter((s) => s === 200)).toHaveLength(10);
    // Every accepted call carried a different delivery's retry key: no batch went twice.
    expect(new Set(calls().filter((q) => q.status === 200).map((q) => q.retryKey))).toEqual(keys);
    for (const u of ids) expect(app.standIn!.messageCountFor(u)).toBe(1);
    const after = await app.db.prisma.delivery.findMany({ where: { purpose } });
    expect(after.every((r) => r.status === "sent" && r.lineUserIds.length === 500)).toBe(true);
    expect(after.some((r) => r.attempts > 1)).toBe(true);
    expect(refused(app)).toEqual([]);
  });

  it("When LINE took a multicast but its answer was lost (timeout), then the retry with the same key is refused as a duplicate and each resident gets it once", async () => {
    const ids = await residents(3);
    const purpose = `test.lost-answer.${kind}`;
    // A sender of its own, whose retry waits long enough to tell the tries apart.
    // Its client gives up after 300 ms, as the bot's own gives up after LINE_CALL_TIMEOUT_SECONDS.
    const client = createLineApi({ baseUrl: app.lineApiUrl, channelAccessToken: testChannel.token, timeouts: { connectMs: 300, totalMs: 300 } });
    const sender = new DeliverySender({ prisma: app.db.prisma, client, queue: new DeliveryQueue(), logger: createLogger("error", { silent: true }), backoffMs: 1000 });
    await app.deliveries.enqueue(app.db.prisma, purpose, ids, [{ type: "text", text: purpose }], { notBefore: new Date(Date.now() + 60_000) });
    const row = await app.db.prisma.delivery.findFirstOrThrow({ where: { purpose } });
    const tries = () => app.standIn!.requests.filter((q) => q.retryKey === row.retryKey).map((q) => q.status);
    app.standIn!.setFaults({ delayMs: 600 });
    try {
      await sender.kick(new Date(Date.now() + 60_000));
      // LINE delivers after the sender gave up waiting.
      await app.standIn!.waitFor(() => ids.every((u) => app.standIn!.messageCountFor(u) === 1), 60_000);
    } finally {
      app.standIn!.setFaults({});
    }
    expect((await app.db.prisma.delivery.findUniqueOrThrow({ where: { id: row.id } })).status).toBe("pending");
    await sender.kick(new Date(Date.now() + 120_000));
    expect(tries()).toEqual([200, 409]);
    for (const u of ids) expect(received(app, u, purpose)).toHaveLength(1);
    expect(await app.db.prisma.delivery.findUniqueOrThrow({ where: { id: row.id } })).toMatchObject({ status: "sent", attempts: 2 });
    await client.close();
  });

  it("When a staff send would exceed the month's budget, then staff are refused (409, nothing recorded) and an administrator who confirms sends it (audited); reminders still go and count", async () => {
    const usedBefore = (await asViewer("GET", "/budget")).json.used as number;
    const ids = await residents(20);
    expect((await asAdmin("PUT", "/settings", { budget: { monthlyLimit: usedBefore + 10 } })).status).toBe(200);
    try {
      const budget = await asViewer("GET", "/budget");
      expect(budget.json).toEqual({ limit: usedBefore + 10, used: usedBefore, remaining: 10, month: expect.stringMatching(/^\d{4}-\d{2}$/) });
      const estimate = await asViewer("POST", "/budget/estimate", { audience: {} });
      expect(estimate.status, estimate.text).toBe(200);
      const reachable = await app.db.prisma.resident.count({ where: { reachable: true } });
      expect(estimate.json).toMatchObject({ recipients: reachable, cost: reachable, limit: usedBefore + 10, used: usedBefore, remaining: 10, exceeds: true });
      expect(estimate.json.budget).toEqual({ cost: reachable, limit: usedBefore + 10, used: usedBefore, remaining: 10, exceeds: true });
      expect((await asViewer("POST", "/budget/estimate", { audience: { districts: ["nowhere"] } })).json).toMatchObject({ recipients: 0, cost: 0, exceeds: false });
      expect((await asViewer("POST", "/budget/estimate", { audience: { district: "typo" } })).status).toBe(400);

      const purpose = `test.budget.${kind}`;
      const refusedSend = await asStaff("POST", "/test/send", { purpose, lineUserIds: ids, confirmOverBudget: true });
      expect(refusedSend.status).toBe(409);
      expect(refusedSend.json.error).toContain(`今月の上限 ${usedBefore + 10}通`);
      expect(refusedSend.json.error).toContain(`使用済み ${usedBefore}通`);
      expect(refusedSend.json.error).toContain("今回 20通");
      expect(refusedSend.json.error).toContain("管理者");
      // The console reads the numbers from the answer to offer an administrator to send anyway.
      expect(refusedSend.json.budget).toEqual({ limit: usedBefore + 10, used: usedBefore, cost: 20, remaining: 10, exceeds: true });
      expect((await asAdmin("POST", "/test/send", { purpose, lineUserIds: ids })).status).toBe(409);
      expect(await app.db.prisma.delivery.count({ where: { purpose } })).toBe(0);
      // Within the budget, staff send as usual.
      expect((await asStaff("POST", "/test/send", { purpose: `${purpose}.small`, lineUserIds: ids.slice(0, 5) })).status).toBe(200);

      const confirmed = await asAdmin("POST", "/test/send", { purpose, lineUserIds: ids, confirmOverBudget: true });
      expect(confirmed.status, confirmed.text).toBe(200);
      expect(confirmed.json.budget).toMatchObject({ exceeds: true, cost: 20, used: usedBefore + 5 });
      expect(await app.db.prisma.delivery.count({ where: { purpose } })).toBe(1);
      const audit = await app.db.prisma.auditEntry.findFirstOrThrow({ where: { action: "budget.exceeded_confirmed" } });
      expect(audit.actor).toMatch(/^staff:admin-/);
      expect(audit.target).toBe(purpose);
      expect(audit.detail).toMatchObject({ limit: usedBefore + 10, used: usedBefore + 5, cost: 20 });
      await app.deliverySender.kick();
      expect(received(app, ids[0]!, "お知らせです。")).toHaveLength(2);

      // Over budget now, a scheduled reminder still goes, and counts.
      const at = new Date(Date.now() + 2 * HOUR);
      const poll = await createPoll(app, new Date(at.getTime() + 5 * HOUR));
      await inFlow(`poll-${poll.number}`, ids.slice(0, 3), new Date(at.getTime() - 2 * HOUR));
      expect(await remind(at)).toBe(3);
      await app.deliverySender.kick(at);
      expect(received(app, ids[0]!, `poll-${poll.number}`)).toHaveLength(1);
      expect((await asViewer("GET", "/budget")).json).toMatchObject({ used: usedBefore + 5 + 20 + 3, remaining: 0 });
    } finally {
      await asAdmin("PUT", "/settings", { budget: { monthlyLimit: null } });
    }
  });

  it("When two staff sends that each fit the budget but not together are made at once, then one of them is refused", async () => {
    const usedBefore = (await asViewer("GET", "/budget")).json.used as number;
    await asAdmin("PUT", "/settings", { budget: { monthlyLimit: usedBefore + 15 } });
    try {
      const [a, b] = [await residents(10), await residents(10)];
      const results = await Promise.all([
        asStaff("POST", "/test/send", { purpose: `test.race.a.${kind}`, lineUserIds: a }),
        asStaff("POST", "/test/send", { purpose: `test.race.b.${kind}`, lineUserIds: b }),
      ]);
      expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
      expect((await asViewer("GET", "/budget")).json.used).toBe(usedBefore + 10);
    } finally {
      await asAdmin("PUT", "/settings", { budget: { monthlyLimit: null } });
    }
  });

  it("When the budget guard is called outside the API, then it throws an OverBudgetError with status 409", async () => {
    await asAdmin("PUT", "/settings", { budget: { monthlyLimit: 0 } });
    try {
      const staff = { id: "00000000-0000-4000-8000-000000000002", loginId: "suzuki", displayName: "鈴木", role: "staff" as const };
      const err = await app.db.prisma.$transaction((tx) => assertWithinBudget(tx, 1, staff)).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(OverBudgetError);
      expect((err as OverBudgetError).status).toBe(409);
      expect((err as OverBudgetError).budget).toMatchObject({ limit: 0, cost: 1, exceeds: true });
      // Nothing to send costs nothing, even at a limit of 0.
      expect((await app.db.prisma.$transaction((tx) => assertWithinBudget(tx, 0, staff))).exceeds).toBe(false);
    } finally {
      await asAdmin("PUT", "/settings", { budget: { monthlyLimit: null } });
    }
  });
});

describe.each(databaseKinds)("Quiet hours on %s", (kind) => {
  let app: TTestApp;
  beforeAll(async () => {
    app = await startTestApp(kind, { quietHours: true });
  });
  afterAll(async () => {
    await app?.stop();
  });

  it("When a message is due at 22:00 Tokyo, then it goes out at 08:00 the next morning; an urgent one goes at once", async () => {
    const ids = Array.from({ length: 3 }, (_, i) => residentId(`quiet-${kind}-${i}`));
    await app.db.prisma.resident.createMany({ data: ids.map((lineUserId) => ({ lineUserId })) });
    const [due, night, justBefore, morning] = [tokyoDay(3, "22:00"), tokyoDay(3, "22:05"), tokyoDay(4, "07:59"), tokyoDay(4, "08:00")];
    await app.deliveries.enqueue(app.db.prisma, "test.quiet.reminder", ids, [{ type: "text", text: "明日は資源ごみの日です。" }], { notBefore: due });
    await app.deliveries.enqueue(app.db.prisma, "test.quiet.urgent", ids, [{ type: "text", text: "大雨のため明日の清掃は中止します。" }], { notBefore: due, urgent: true });
    const at = async (when: Date) => {
      await app.runSchedules(when);
      await app.deliverySender.kick(when);
    };
    const got = (text: string) => ids.map((u) => received(app, u, text).length);

    await at(night);
    expect(got("中止します")).toEqual([1, 1, 1]);
    expect(got("資源ごみ")).toEqual([0, 0, 0]);
    const held = await app.db.prisma.delivery.findFirstOrThrow({ where: { purpose: "test.quiet.reminder" } });
    expect(held.nextAttemptAt).toEqual(morning);
    await at(justBefore);
    expect(got("資源ごみ")).toEqual([0, 0, 0]);
    await at(morning);
    expect(got("資源ごみ")).toEqual([1, 1, 1]);
    await at(new Date(morning.getTime() + 60_000));
    expect(got("資源ごみ")).toEqual([1, 1, 1]);
    expect(got("中止します")).toEqual([1, 1, 1]);
    expect(refused(app)).toEqual([]);
  });

  it("When a closing reminder falls in quiet hours, then it waits for the morning, unless the poll closes before then", async () => {
    const [u1, u2] = [residentId(`quiet-close-${kind}-1`), residentId(`quiet-close-${kind}-2`)];
    await app.db.prisma.resident.createMany({ data: [{ lineUserId: u1 }, { lineUserId: u2 }] });
    const night = tokyoDay(2, "23:00");
    const closesLate = await createPoll(app, tokyoDay(3, "12:00"));
    const closesEarly = await createPoll(app, tokyoDay(3, "07:00"));
    const ids = await app.db.prisma.resident.findMany({ where: { lineUserId: { in: [u1, u2] } }, orderBy: { lineUserId: "asc" } });
    const byLine = new Map(ids.map((r) => [r.lineUserId, r.id]));
    await app.db.prisma.conversation.create({ data: { residentId: byLine.get(u1)!, flowId: `poll-${closesLate.number}`, flowRevision: "test", state: {} } });
    await app.db.prisma.conversation.create({ data: { residentId: byLine.get(u2)!, flowId: `poll-${closesEarly.number}`, flowRevision: "test", state: {} } });
    const remind = (at: Date) => sendClosingReminders({ prisma: app.db.prisma, deliveries: app.deliveries }, at);

    expect(await remind(night)).toBe(1);
    await app.deliverySender.kick(night);
    expect(app.standIn!.messagesFor(u1)).toEqual([]);
    await app.deliverySender.kick(tokyoDay(3, "08:00"));
    expect(received(app, u1, `poll-${closesLate.number}`)).toHaveLength(1);
    expect(app.standIn!.messagesFor(u2)).toEqual([]);
    expect(refused(app)).toEqual([]);
  });
});
