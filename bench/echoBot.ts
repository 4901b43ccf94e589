// Bench child: the floor to compare with. A bot that stores nothing, built only from
// @line/bot-sdk's own parts the way its echo example is: express 5, line.middleware (signature
// check on the raw body), and replyMessage before answering the webhook.
import type { AddressInfo } from "node:net";
import express from "express";
import { messagingApi, middleware, type webhook } from "@line/bot-sdk";
import { reportStartFailure, serveParent } from "./ipc.ts";

try {
  const channelSecret = process.env.BENCH_CHANNEL_SECRET!;
  const client = new messagingApi.MessagingApiClient({
    channelAccessToken: process.env.BENCH_CHANNEL_ACCESS_TOKEN!,
    baseURL: process.env.BENCH_LINE_API_BASE_URL,
  });

  const echo = (event: webhook.Event) => {
    if (event.type !== "message" || event.message.type !== "text" || !event.replyToken) return Promise.resolve(null);
    return client.replyMessage({ replyToken: event.replyToken, messages: [{ type: "text", text: event.message.text }] });
  };

  const app = express();
  app.disable("x-powered-by");
  app.post("/webhook", middleware({ channelSecret }), (req, res) => {
    const body = req.body as webhook.CallbackRequest;
    Promise.all(body.events.map(echo)).then(
      (result) => res.json(result),
      () => res.status(500).end(),
    );
  });

  const server = await new Promise<ReturnType<typeof app.listen>>((resolve, reject) => {
    const s = app.listen(0, "127.0.0.1", (error?: Error) => (error ? reject(error) : resolve(s)));
  });
  const { port } = server.address() as AddressInfo;

  serveParent(`http://127.0.0.1:${port}`, {}, async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });
} catch (err) {
  reportStartFailure(err);
}
