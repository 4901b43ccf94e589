import type { AddressInfo } from "node:net";
import { randomUUID } from "node:crypto";
import express from "express";
import { HTTPFetchError, messagingApi, validateSignature, type webhook } from "@line/bot-sdk";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { signWebhookBody } from "./createLineStandIn.ts";
import { createWebhookValidator } from "./createWebhookValidator.ts";
import { startLineStandIn, type RunningLineStandIn } from "./startLineStandIn.ts";

const channelAccessToken = "test-access-token";
const channelSecret = "test-channel-secret";
const alice = "U0123456789abcdef0123456789abcdef";

interface Received {
  signatureValid: boolean;
  body: webhook.CallbackRequest;
  raw: string;
}

/** The webhook target: a bare express app that checks signatures the way the SDK middleware does. */
async function startReceiver() {
  const received: Received[] = [];
  const app = express();
  app.post("/webhook", express.raw({ type: "*/*" }), (req, res) => {
    const raw = (req.body as Buffer).toString("utf8");
    const signatureValid = validateSignature(raw, channelSecret, req.get("x-line-signature") ?? "");
    received.push({ signatureValid, raw, body: JSON.parse(raw) as webhook.CallbackRequest });
    res.status(signatureValid ? 200 : 401).end();
  });
  const server = app.listen(0, "127.0.0.1");
  await new Promise<void>((resolve) => server.once("listening", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/webhook`,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

async function statusOf(promise: Promise<unknown>): Promise<{ status: number; body: string; headers?: Headers }> {
  try {
    await promise;
    return { status: 200, body: "" };
  } catch (error) {
    if (error instanceof HTTPFetchError) return { status: error.status, body: error.body, headers: error.headers };
    throw error;
  }
}

describe("LINE stand-in", () => {
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let running: RunningLineStandIn;
  let client: messagingApi.MessagingApiClient;

  beforeAll(async () => {
    receiver = await startReceiver();
    running = await startLineStandIn({ channelAccessToken, channelSecret, webhookUrl: receiver.url, port: 0 });
    client = new messagingApi.MessagingApiClient({ channelAccessToken, baseURL: running.url });
  });
  afterAll(async () => {
    await running.close();
    await receiver.close();
  });
  beforeEach(() => {
    running.standIn.reset();
    receiver.received.length = 0;
  });

  it("When the official signature vector is signed, then it matches the documented signature", () => {
    const body = '{"destination":"U8e742f61d673b39c7fff3cecb7536ef0","events":[]}';
    expect(signWebhookBody(body, "8c570fa6dd201bb328f1c1eac23a96d8")).toBe("GhRKmvmHys4Pi8DxkF4+EayaH0OqtJtaZxgTD9fMDLs=");
  });

  it("When the SDK pushes a message, then it is answered like LINE and recorded", async () => {
    const response = await client.pushMessageWithHttpInfo({ to: alice, messages: [{ type: "text", text: "お知らせです" }] });
    expect(response.httpResponse.headers.get("x-line-request-id")).toMatch(/^[0-9a-f-]{36}$/);
    expect(response.body.sentMessages).toEqual([{ id: expect.stringMatching(/^\d+$/), quoteToken: expect.any(String) }]);
    const { standIn } = running;
    expect(standIn.deliveries).toEqual([
      expect.objectContaining({ via: "push", to: [alice], messages: [{ type: "text", text: "お知らせです" }] }),
    ]);
    expect(standIn.messagesFor(alice)).toEqual([{ type: "text", text: "お知らせです" }]);
    expect(standIn.requests.map((r) => [r.operation, r.status])).toEqual([["push", 200]]);
  });

  it("When the access token is wrong, then the call answers 401 and nothing is delivered", async () => {
    const wrong = new messagingApi.MessagingApiClient({ channelAccessToken: "nope", baseURL: running.url });
    const result = await statusOf(wrong.pushMessage({ to: alice, messages: [{ type: "text", text: "x" }] }));
    expect(result.status).toBe(401);
    expect(running.standIn.deliveries).toEqual([]);
  });

  it("When a resident sends text, then a signed, contract-valid webhook arrives and its reply token works once", async () => {
    const { standIn } = running;
    const sent = await standIn.sendText(alice, "こんにちは");
    expect(sent.status).toBe(200);
    const [delivery] = receiver.received;
    expect(delivery?.signatureValid).toBe(true);
    expect(createWebhookValidator().validateCallback(delivery?.body)).toEqual([]);
    expect(delivery?.body).toEqual({
      destination: expect.stringMatching(/^U[0-9a-f]{32}$/),
      events: [
        {
          type: "message",
          mode: "active",
          timestamp: expect.any(Number),
          source: { type: "user", userId: alice },
          webhookEventId: expect.stringMatching(/^[0-9A-HJKMNP-TV-Z]{26}$/),
          deliveryContext: { isRedelivery: false },
          replyToken: expect.any(String),
          message: expect.objectContaining({ type: "text", text: "こんにちは", id: expect.any(String), quoteToken: expect.any(String) }),
        },
      ],
    });

    const event = delivery?.body.events[0] as webhook.MessageEvent;
    const replyToken = event.replyToken ?? "";
    await client.replyMessage({ replyToken, messages: [{ type: "text", text: "ようこそ" }] });
    const again = await statusOf(client.replyMessage({ replyToken, messages: [{ type: "text", text: "二回目" }] }));
    expect(again.status).toBe(400);
    expect(JSON.parse(again.body)).toEqual({ message: "Invalid reply token" });
    expect(standIn.messagesFor(alice)).toEqual([{ type: "text", text: "ようこそ" }]);
    expect(standIn.chatFor(alice).map((e) => e.from)).toEqual(["user", "bot"]);
  });

  it("When a reply token is older than its TTL, then it is refused", async () => {
    let clock = 1_000_000;
    const expiring = await startLineStandIn({ channelAccessToken, channelSecret, replyTokenTtlMs: 60_000, now: () => clock });
    try {
      const token = expiring.standIn.issueReplyToken(alice);
      clock += 60_001;
      const res = await fetch(`${expiring.url}/v2/bot/message/reply`, {
        method: "POST",
        headers: { authorization: `Bearer ${channelAccessToken}`, "content-type": "application/json" },
        body: JSON.stringify({ replyToken: token, messages: [{ type: "text", text: "遅い" }] }),
      });
      expect(res.status).toBe(400);
      expect(await res.json()).toEqual({ message: "Invalid reply token" });
    } finally {
      await expiring.close();
    }
  });

  it("When the same retry key is pushed twice, then the second answers 409 and the message is delivered once", async () => {
    const retryKey = randomUUID();
    const request = { to: alice, messages: [{ type: "text" as const, text: "一度だけ" }] };
    const first = await client.pushMessageWithHttpInfo(request, retryKey);
    const second = await statusOf(client.pushMessage(request, retryKey));
    expect(second.status).toBe(409);
    expect(second.headers?.get("x-line-accepted-request-id")).toBe(first.httpResponse.headers.get("x-line-request-id"));
    expect(JSON.parse(second.body)).toMatchObject({ message: "The retry key is already accepted", sentMessages: first.body.sentMessages });
    expect(running.standIn.messagesFor(alice)).toHaveLength(1);
    expect(running.standIn.retryKeysSeen.has(retryKey)).toBe(true);
  });

  it("When a retry key is sent on reply or is not a UUID, then the call answers 400", async () => {
    const { standIn, url } = running;
    const post = (path: string, body: unknown, retryKey: string) =>
      fetch(`${url}${path}`, {
        method: "POST",
        headers: { authorization: `Bearer ${channelAccessToken}`, "content-type": "application/json", "x-line-retry-key": retryKey },
        body: JSON.stringify(body),
      });
    const reply = await post("/v2/bot/message/reply", { replyToken: standIn.issueReplyToken(alice), messages: [{ type: "text", text: "x" }] }, randomUUID());
    expect(reply.status).toBe(400);
    const push = await post("/v2/bot/message/push", { to: alice, messages: [{ type: "text", text: "x" }] }, "not-a-uuid");
    expect(push.status).toBe(400);
    expect(standIn.deliveries).toEqual([]);
  });

  it("When a quick reply has 14 items, then LINE's 400 is answered and the call is recorded as rejected", async () => {
    const items = Array.from({ length: 14 }, (_, i) => ({
      type: "action" as const,
      action: { type: "message" as const, label: `選択${i}`, text: `選択${i}` },
    }));
    const result = await statusOf(client.pushMessage({ to: alice, messages: [{ type: "text", text: "選んで", quickReply: { items } }] }));
    expect(result.status).toBe(400);
    expect(JSON.parse(result.body)).toEqual({
      message: "The request body has 1 error(s)",
      details: [{ message: "must NOT have more than 13 items", property: "messages[0].quickReply.items" }],
    });
    expect(running.standIn.rejected()).toEqual([
      expect.objectContaining({ operation: "push", status: 400, errors: ["messages[0].quickReply.items: must NOT have more than 13 items"] }),
    ]);
    expect(running.standIn.rejectionsFor(alice)).toHaveLength(1);
    expect(running.standIn.deliveries).toEqual([]);
  });

  it("When faults rate429=1 are set, then every call answers 429 until the faults are cleared", async () => {
    const { standIn } = running;
    standIn.setFaults({ rate429: 1 });
    const result = await statusOf(client.pushMessage({ to: alice, messages: [{ type: "text", text: "x" }] }));
    expect(result.status).toBe(429);
    expect(JSON.parse(result.body)).toEqual({ message: "Too many requests" });
    standIn.setFaults({ rate500: 0.5 });
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await statusOf(client.pushMessage({ to: alice, messages: [{ type: "text", text: `${i}` }] }))).status);
    expect(statuses).toEqual([200, 500, 200, 500]);
    expect(standIn.messagesFor(alice)).toHaveLength(2);
  });

  it("When a body is over 2 MB, then the call answers 413", async () => {
    const res = await fetch(`${running.url}/v2/bot/message/push`, {
      method: "POST",
      headers: { authorization: `Bearer ${channelAccessToken}`, "content-type": "application/json" },
      body: JSON.stringify({ to: alice, messages: [{ type: "text", text: "x".repeat(2_200_000) }] }),
    });
    expect(res.status).toBe(413);
  });

  it("When an endpoint the stand-in does not simulate is called, then 404 is answered and recorded", async () => {
    const result = await statusOf(client.linkRichMenuIdToUsers({ richMenuId: "richmenu-1", userIds: [alice] }));
    expect(result.status).toBe(404);
    expect(running.standIn.rejected()).toEqual([
      expect.objectContaining({ operation: "unsupported", errors: ["POST /v2/bot/richmenu/bulk/link is not implemented by the LINE stand-in"] }),
    ]);
  });

  it("When residents follow, get profiled, and a broadcast and multicast go out, then each follower receives it", async () => {
    const { standIn } = running;
    const bob = standIn.createUser({ displayName: "山田 花子" });
    expect(bob.userId).toMatch(/^Usim[0-9a-f]{32}$/);
    await standIn.follow(bob.userId);
    await standIn.follow(alice, "佐藤 一郎");
    expect(receiver.received.map((r) => r.body.events[0]?.type)).toEqual(["follow", "follow"]);
    expect(await client.getProfile(bob.userId)).toMatchObject({ userId: bob.userId, displayName: "山田 花子" });

    await client.broadcast({ messages: [{ type: "text", text: "全員へ" }] });
    await client.multicast({ to: [alice, bob.userId], messages: [{ type: "text", text: "二人へ" }] });
    await standIn.unfollow(bob.userId);
    expect((receiver.received.at(-1)?.body.events[0] as webhook.UnfollowEvent & { replyToken?: string }).replyToken).toBeUndefined();
    await client.broadcast({ messages: [{ type: "text", text: "残った人へ" }] });

    expect(standIn.messagesFor(bob.userId)).toEqual([{ type: "text", text: "全員へ" }, { type: "text", text: "二人へ" }]);
    expect(standIn.messagesFor(alice)).toHaveLength(3);
    expect(await client.getMessageQuotaConsumption()).toEqual({ totalUsage: 5 });
  });

  it("When a webhook body is redelivered or signed wrongly, then ids stay and the receiver sees it", async () => {
    const { standIn } = running;
    const first = await standIn.sendPostback(alice, "action=reserve", { date: "2026-12-01" });
    const again = await standIn.deliverEvents(first.body, { redelivery: true });
    expect(again.events[0]?.webhookEventId).toBe(first.events[0]?.webhookEventId);
    expect(again.events[0]?.deliveryContext.isRedelivery).toBe(true);
    expect(receiver.received[1]?.signatureValid).toBe(true);
    const forged = await standIn.deliverEvents([standIn.build.text(alice, "偽物")], { signature: "AAAA" });
    expect(forged.status).toBe(401);
    const ids = [first, again, forged].map((d) => d.events[0]?.webhookEventId ?? "");
    expect([...ids].sort()).toEqual(ids); // ULIDs are time-ordered
  });

  it("When the counts mode is used, then only counts, rejections and retry keys are kept", async () => {
    const counting = await startLineStandIn({ channelAccessToken, channelSecret, record: "counts" });
    try {
      const c = new messagingApi.MessagingApiClient({ channelAccessToken, baseURL: counting.url });
      const retryKey = randomUUID();
      await c.multicast({ to: [alice, "U1"], messages: [{ type: "text", text: "a" }, { type: "text", text: "b" }] }, retryKey);
      expect(counting.standIn.messageCountFor(alice)).toBe(2);
      expect(counting.standIn.deliveries).toEqual([]);
      expect(counting.standIn.requests).toEqual([]);
      expect(counting.standIn.retryKeysSeen.has(retryKey)).toBe(true);
      expect(counting.standIn.stats()).toMatchObject({ acceptedCalls: 1, deliveredMessages: 4 });
    } finally {
      await counting.close();
    }
  });
});
