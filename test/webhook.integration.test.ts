// The LINE edge, driven as LINE drives it: signed webhook requests, replies, pushes, faults.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signWebhookBody } from "../src/standin/createLineStandIn.ts";
import { databaseKinds } from "./support/testDatabases.ts";
import { residentId, startTestApp, testChannel, type TTestApp } from "./support/startTestApp.ts";
import { onboard, residentView } from "./support/conversationHelpers.ts";

describe.each(databaseKinds)("Webhook on %s", (kind) => {
  let app: TTestApp;
  beforeAll(async () => {
    // LINE mode: the bot has channel credentials and talks to a separate stand-in, as in production.
    app = await startTestApp(kind, { env: { MAX_WEBHOOK_BYTES: "20000" }, lineMode: true });
  });
  afterAll(async () => {
    await app?.stop();
  });

  const post = (body: string, signature: string) =>
    fetch(`${app.url}/webhook`, { method: "POST", body, headers: { "content-type": "application/json", "x-line-signature": signature } });
  const counts = async () => ({ events: await app.db.prisma.inboundEvent.count(), residents: await app.db.prisma.resident.count() });

  it("When the signature is wrong, then the webhook answers 401 and nothing is stored", async () => {
    const before = await counts();
    const event = app.standIn!.build.follow(residentId("sig"));
    const r = await app.standIn!.deliverEvents([event], { signature: "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=" });
    expect(r.status).toBe(401);
    const missing = await post(JSON.stringify({ destination: "x", events: [] }), "");
    expect(missing.status).toBe(401);
    await app.processor.drain();
    expect(await counts()).toEqual(before);
  });

  it("When LINE's console verifies the webhook with no events, then it answers 200", async () => {
    const r = await app.standIn!.deliverEvents([]);
    expect(r.status).toBe(200);
  });

  it("When a signed body is not JSON or not a webhook, then it answers 400 and the bot keeps working", async () => {
    const before = await counts();
    const notJson = "this is not json";
    expect((await post(notJson, signWebhookBody(notJson, testChannel.secret))).status).toBe(400);
    for (const body of [JSON.stringify({ hello: "world" }), JSON.stringify({ destination: "U1", events: "none" })]) {
      expect((await post(body, signWebhookBody(body, testChannel.secret))).status).toBe(400);
    }
    expect(await counts()).toEqual(before);
    expect((await fetch(`${app.url}/healthz`)).status).toBe(200);
  });

  it("When the body is larger than allowed, then it answers 413", async () => {
    const big = JSON.stringify({ destination: "U1", events: [], padding: "x".repeat(30_000) });
    const r = await app.standIn!.deliverEvents(big);
    expect(r.status).toBe(413);
  });

  it("When LINE delivers the same event twice, then it has its effect once", async () => {
    const user = residentId(`redeliver-${kind}`);
    const r = await onboard(app, user);
    await r.say("アンケート");
    const answersBefore = await app.db.prisma.answer.count({ where: { resident: { lineUserId: user } } });
    const first = await app.standIn!.sendText(user, "1");
    expect(first.status).toBe(200);
    await app.processor.drain();
    const sent = r.messages().length;
    const again = await app.standIn!.deliverEvents(first.body, { redelivery: true });
    expect(again.status).toBe(200);
    await app.processor.drain();
    expect(await app.db.prisma.answer.count({ where: { resident: { lineUserId: user } } })).toBe(answersBefore + 1);
    expect(r.messages().length).toBe(sent);
  });

  it("When one request carries a resident's events out of order, then they are handled in the order they happened", async () => {
    const user = residentId(`order-${kind}`);
    await onboard(app, user);
    const start = app.standIn!.build.text(user, "アンケート");
    const answer = app.standIn!.build.text(user, "よく参加した");
    answer.timestamp = start.timestamp + 1000;
    const r = await app.standIn!.deliverEvents([answer, start]);
    expect(r.status).toBe(200);
    await app.processor.drain();
    const stored = await app.db.prisma.answer.findMany({ where: { resident: { lineUserId: user }, flowId: "poll-community" } });
    expect(stored.map((a) => [a.name, a.value])).toEqual([["participation", "often"]]);
  });

  it("When an event comes in standby mode, then the bot does not answer it", async () => {
    const user = residentId(`standby-${kind}`);
    const event = app.standIn!.build.follow(user);
    event.mode = "standby";
    const r = await app.standIn!.deliverEvents([event]);
    expect(r.status).toBe(200);
    await app.processor.drain();
    expect(app.standIn!.messagesFor(user)).toEqual([]);
  });

  it("When a resident blocks the account, then they are unreachable; when they add it again, they are welcomed back", async () => {
    const user = residentId(`unfollow-${kind}`);
    const r = await onboard(app, user);
    await app.standIn!.unfollow(user);
    await app.processor.drain();
    expect((await app.db.prisma.resident.findUniqueOrThrow({ where: { lineUserId: user } })).reachable).toBe(false);
    const pushed = await app.push(user, [{ type: "text", text: "お知らせ" }]);
    expect(pushed).toBe("skipped");
    await r.follow();
    expect((await app.db.prisma.resident.findUniqueOrThrow({ where: { lineUserId: user } })).reachable).toBe(true);
    expect(r.texts().some((t) => t.includes("おかえりなさい"))).toBe(true);
  });

  it("When the reply token cannot be used, then the answer arrives by push with a retry key", async () => {
    const user = residentId(`push-${kind}`);
    const event = app.standIn!.build.follow(user);
    event.replyToken = "0f3779fba3b349968c5d07db31eab56f"; // never issued: LINE answers "Invalid reply token"
    await app.standIn!.deliverEvents([event]);
    await app.processor.drain();
    const deliveries = app.standIn!.deliveries.filter((d) => d.to.includes(user));
    expect(deliveries.length).toBeGreaterThan(0);
    expect(deliveries.every((d) => d.via === "push" && /^[0-9a-f-]{36}$/.test(d.retryKey ?? ""))).toBe(true);
    expect(residentView(app, user).texts()[0]).toContain("友だち追加ありがとうございます");
  });

  it("When LINE answers 429 or 500 for a while, then pushes are retried and each message arrives exactly once", async () => {
    const user = residentId(`faults-${kind}`);
    await residentView(app, user).follow();
    for (const faults of [{ rate429: 0.5 }, { rate500: 0.5 }]) {
      app.standIn!.setFaults(faults);
      try {
        for (const n of [1, 2, 3]) expect(await app.push(user, [{ type: "text", text: `お知らせ${n} ${JSON.stringify(faults)}` }])).toBe("sent");
      } finally {
        app.standIn!.setFaults({});
      }
    }
    const pushes = app.standIn!.deliveries.filter((d) => d.to.includes(user) && d.via === "push");
    expect(pushes.length).toBe(6);
    expect(new Set(pushes.map((p) => p.retryKey)).size).toBe(6);
    const faulted = app.standIn!.requests.filter((q) => q.userIds.includes(user) && q.injectedFault);
    expect(faulted.map((q) => q.status).sort()).toEqual(expect.arrayContaining([429, 500]));
    const outbound = await app.db.prisma.outboundMessage.findMany({ where: { lineUserId: user, via: "push" } });
    expect(outbound.map((o) => o.status)).toEqual(Array(6).fill("sent"));
  });

  it("When LINE refuses a message as invalid, then it is not retried and the failure is recorded", async () => {
    const user = residentId(`invalid-${kind}`);
    await residentView(app, user).follow();
    const before = app.standIn!.requests.length;
    const label = "このラベルは二十文字をこえているのでLINEに断られます";
    const ok = await app.push(user, [{ type: "text", text: "選んでください", quickReplies: [{ type: "message", label, text: "x" }] }]);
    expect(app.standIn!.requests.slice(before).map((q) => [q.operation, q.status, q.errors])).toEqual([["push", 400, [expect.stringContaining("label")]]]);
    expect(ok).toBe("failed");
    const failed = await app.db.prisma.outboundMessage.findFirstOrThrow({ where: { lineUserId: user, status: "failed" } });
    expect(failed.lastError).toMatch(/^400/);
  });

  it("When a body is signed with another channel's secret, then it is refused", async () => {
    const body = JSON.stringify({ destination: "U1", events: [] });
    const r = await post(body, signWebhookBody(body, "not-the-channel-secret"));
    expect(r.status).toBe(401);
  });

  it("When LINE's official signature test vector is posted, then it is accepted", async () => {
    const body = '{"destination":"U8e742f61d673b39c7fff3cecb7536ef0","events":[]}';
    expect((await post(body, "GhRKmvmHys4Pi8DxkF4+EayaH0OqtJtaZxgTD9fMDLs=")).status).toBe(200);
  });
});
