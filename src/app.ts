// Puts the bot together: database, flows, LINE (real or the built-in stand-in), HTTP, schedules.
import { randomBytes } from "node:crypto";
import { type Server } from "node:http";
import express from "express";
import cron from "node-cron";
import { messagingApi } from "@line/bot-sdk";
import { type TConfig } from "./config.ts";
import { openDatabase, type Database } from "./db/openDatabase.ts";
import { loadFlows } from "./flows/loadFlows.ts";
import { type FlowSet } from "./flows/FlowSet.ts";
import { ConversationService } from "./conversation/ConversationService.ts";
import { FlowRevisions } from "./conversation/FlowRevisions.ts";
import { actionNames } from "./conversation/actions.ts";
import { FlowCatalog, type TGeneratedFlowSource } from "./conversation/FlowCatalog.ts";
import { expireConversations } from "./conversation/expireConversations.ts";
import { hashUserId, type Logger } from "./logger.ts";
import { EventProcessor } from "./line/EventProcessor.ts";
import { InboundEventStore } from "./line/InboundEventStore.ts";
import { LineSender } from "./line/LineSender.ts";
import { webhookRouter } from "./line/webhookRouter.ts";
import { type TRetryPolicy } from "./line/callWithRetry.ts";
import { createLineStandIn, type LineStandIn } from "./standin/createLineStandIn.ts";
import { simulatorRouter } from "./standin/simulatorRouter.ts";
import { healthRouter } from "./http/healthRouter.ts";

export type App = {
  url: string;
  /** Present in local mode: the built-in LINE stand-in the bot talks to. */
  standIn?: LineStandIn;
  db: Database;
  flows: FlowSet;
  processor: EventProcessor;
  sender: LineSender;
  /** Runs the expiry sweep now (the schedule runs it every minute). */
  sweep(): Promise<number>;
  close(): Promise<void>;
};

export type TAppOptions = { logger: Logger; retry?: TRetryPolicy; schedules?: boolean; flowSources?: TGeneratedFlowSource[] };

export async function startApp(config: TConfig, options: TAppOptions): Promise<App> {
  const { logger } = options;
  // Flows first: a broken flow file stops the start before anything else is touched.
  const flows = await loadFlows(config.flowsDir, actionNames);
  const db = await openDatabase({ databaseUrl: config.databaseUrl, embeddedDir: config.embeddedDbDir });
  const stops: (() => Promise<unknown>)[] = [() => db.close()];
  try {
    const revisions = new FlowRevisions(flows);
    await revisions.saveCurrent(db.prisma);

    const app = express();
    app.disable("x-powered-by");
    const server: Server = await new Promise((resolve) => {
      const s = app.listen(config.port, config.host, () => resolve(s));
    });
    stops.unshift(() => new Promise((r) => server.close(r)));
    const address = server.address();
    const port = typeof address === "object" && address ? address.port : config.port;
    const localUrl = `http://127.0.0.1:${port}`;

    // Local mode: no LINE credentials, so the bot talks to the stand-in served by this same process.
    const local = config.line
      ? undefined
      : { channelSecret: randomBytes(16).toString("hex"), channelAccessToken: randomBytes(24).toString("base64url") };
    const line = config.line ?? { ...local!, apiBaseUrl: localUrl };
    const standIn = local ? createLineStandIn({ ...local, webhookUrl: `${localUrl}/webhook` }) : undefined;

    const client = new messagingApi.MessagingApiClient({ channelAccessToken: line.channelAccessToken, baseURL: line.apiBaseUrl });
    const sender = new LineSender({ client, prisma: db.prisma, logger, retry: options.retry });
    const store = new InboundEventStore(db.prisma);
    const catalog = new FlowCatalog(flows, options.flowSources ?? []);
    const conversations = new ConversationService({
      prisma: db.prisma,
      flows: catalog,
      revisions,
      privacyNoticeVersion: config.privacyNoticeVersion,
      logger,
      hashUserId,
    });
    const processor = new EventProcessor({ prisma: db.prisma, store, conversations, sender, logger });
    stops.unshift(() => processor.drain());

    app.use(healthRouter(db.prisma));
    app.use(webhookRouter({ channelSecret: line.channelSecret, maxBytes: config.maxWebhookBytes, store, processor, logger }));
    if (standIn) {
      app.use(standIn.router);
      app.use(simulatorRouter(standIn));
    }

    const sweep = async () => {
      const expired = await expireConversations(db.prisma, revisions);
      for (const e of expired) await sender.push(e.lineUserId, e.messages);
      return expired.length;
    };
    if (options.schedules !== false) {
      const task = cron.schedule("* * * * *", () => void sweep().catch((err) => logger.error("expiry sweep failed", { reason: String(err) })), {
        timezone: "Asia/Tokyo",
      });
      stops.unshift(async () => task.stop());
    }

    const recovered = await processor.recover();
    if (recovered > 0) logger.info("recovered pending events", { count: recovered });

    const url = config.publicUrl ?? `http://localhost:${port}`;
    logger.info("bot started", { url, mode: standIn ? "local" : "line", database: db.embedded ? "embedded" : "postgresql", flows: flows.flows.length });
    return {
      url: localUrl,
      standIn,
      db,
      flows,
      processor,
      sender,
      sweep,
      async close() {
        for (const stop of stops.splice(0)) await stop();
      },
    };
  } catch (err) {
    for (const stop of stops.splice(0)) await stop().catch(() => undefined);
    throw err;
  }
}
