import type { AddressInfo } from "node:net";
import express from "express";
import { messagingApi, validateSignature, type webhook } from "@line/bot-sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLineStandIn, type ChatEntry, type LineStandIn } from "./createLineStandIn.ts";
import { simulatorRouter } from "./simulatorRouter.ts";

const channelAccessToken = "local-token";
const channelSecret = "local-secret";

/**
 * Local mode in one process: the stand-in, the simulator and a tiny bot share one express app,
 * with the stand-in router mounted first to prove it leaves the webhook's raw body alone.
 */
describe("simulator API", () => {
  let server: ReturnType<express.Express["listen"]>;
  let base: string;
  let standIn: LineStandIn;

  beforeAll(async () => {
    standIn = createLineStandIn({ channelAccessToken, channelSecret });
    const app = express();
    app.use(standIn.router);
    app.use(simulatorRouter(standIn));
    app.post("/webhook", express.raw({ type: "application/json" }), (req, res) => {
      const raw = req.body as Buffer;
      if (!validateSignature(raw, channelSecret, req.get("x-line-signature") ?? "")) return void res.status(401).end();
      res.status(200).end();
      const client = new messagingApi.MessagingApiClient({ channelAccessToken, baseURL: base });
      for (const event of (JSON.parse(raw.toString("utf8")) as webhook.CallbackRequest).events) {
        if (event.type !== "message" || event.message.type !== "text" || !event.replyToken) continue;
        const count = event.message.text === "壊して" ? 14 : 2;
        const items = Array.from({ length: count }, (_, i) => ({
          type: "action" as const,
          action: { type: "message" as const, label: `はい${i}`, text: `はい${i}` },
        }));
        void client
          .replyMessage({ replyToken: event.replyToken, messages: [{ type: "text", text: `「${event.message.text}」ですね`, quickReply: { items } }] })
          .catch(() => undefined);
      }
    });
    server = app.listen(0, "127.0.0.1");
    await new Promise<void>((resolve) => server.once("listening", resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    standIn.setWebhookUrl(`${base}/webhook`);
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  const call = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${base}/simulator/api${path}`, {
      method,
      ...(body === undefined ? {} : { headers: { "content-type": "application/json" }, body: JSON.stringify(body) }),
    });
    return { status: res.status, json: (await res.json()) as Record<string, unknown> };
  };

  it("When the page is requested, then one self-contained HTML page with the test ids is served", async () => {
    const res = await fetch(`${base}/simulator`);
    const html = await res.text();
    expect(res.headers.get("content-type")).toMatch(/text\/html/);
    for (const id of ["chat-log", "message-input", "send-button", "follow-button", "unfollow-button", "resident-select", "new-resident-button", "datetime-input", "datetime-submit"]) {
      expect(html).toContain(`data-testid="${id}"`);
    }
    for (const id of ["bot-message", "user-message", "quick-reply", "template-action"]) expect(html).toContain(`"${id}"`);
    expect(html).not.toMatch(/<(script|link)[^>]+(src|href)=/); // no external assets
  });

  it("When a resident is created, follows and sends text, then the chat shows both sides and the bot's quick reply", async () => {
    const created = await call("POST", "/residents", { displayName: "高橋 ミツ" });
    expect(created.status).toBe(201);
    const userId = String(created.json["userId"]);
    expect(userId).toMatch(/^Usim[0-9a-f]{32}$/);
    expect((await call("POST", `/residents/${userId}/follow`)).json).toMatchObject({ status: 200, ok: true });
    expect((await call("POST", `/residents/${userId}/text`, { text: "ごみの日は？" })).json).toMatchObject({ ok: true });
    await standIn.waitFor(() => standIn.messagesFor(userId).length === 1);

    const chat = await call("GET", `/residents/${userId}/chat`);
    const entries = chat.json["entries"] as ChatEntry[];
    expect(entries.map((e) => e.from)).toEqual(["system", "user", "bot"]);
    expect(entries[2]).toMatchObject({ from: "bot", via: "reply", message: { text: "「ごみの日は？」ですね" } });
    expect(chat.json["resident"]).toMatchObject({ displayName: "高橋 ミツ", following: true });

    const unchanged = await call("GET", `/residents/${userId}/chat?since=${String(chat.json["version"])}`);
    expect(unchanged.json).toEqual({ version: chat.json["version"], unchanged: true });
  });

  it("When the bot sends something LINE would reject, then the chat reports the rejection with its errors", async () => {
    const userId = String((await call("POST", "/residents", {})).json["userId"]);
    await call("POST", `/residents/${userId}/follow`);
    await call("POST", `/residents/${userId}/text`, { text: "壊して" });
    await standIn.waitFor(() => standIn.rejectionsFor(userId).length === 1);
    const chat = await call("GET", `/residents/${userId}/chat`);
    expect(chat.json["rejections"]).toEqual([
      { at: expect.any(Number), operation: "reply", status: 400, errors: ["messages[0].quickReply.items: must NOT have more than 13 items"] },
    ]);
  });

  it("When a postback with date params is sent, then it reaches the bot and shows its displayText", async () => {
    const userId = String((await call("POST", "/residents", {})).json["userId"]);
    const result = await call("POST", `/residents/${userId}/postback`, { data: "reserve", params: { date: "2026-12-01" }, displayText: "12月1日" });
    expect(result.json).toMatchObject({ ok: true });
    const entries = (await call("GET", `/residents/${userId}/chat`)).json["entries"] as ChatEntry[];
    expect(entries).toEqual([
      expect.objectContaining({ from: "user", message: { type: "postback", data: "reserve", params: { date: "2026-12-01" }, displayText: "12月1日" } }),
    ]);
    expect((await call("POST", `/residents/${userId}/text`, { text: "" })).status).toBe(400);
    expect((await call("POST", "/residents/Unobody/text", { text: "x" })).status).toBe(404);
  });
});
