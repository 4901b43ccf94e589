// The composition root: the one place that knows every layer. Puts the bot together: database,
// flows, domains, LINE (real or the built-in stand-in), HTTP and the admin API, schedules.
import { randomBytes } from "node:crypto";
import { type Server } from "node:http";
import express from "express";
import { type TConfig } from "./config.ts";
import { openDatabase, type Database } from "./db/openDatabase.ts";
import type { EmbeddedPostgres } from "./db/startEmbeddedPostgres.ts";
import { loadFlows } from "./flows/loadFlows.ts";
import { type FlowSet } from "./flows/FlowSet.ts";
import { ConversationService } from "./conversation/ConversationService.ts";
import { FlowRevisions } from "./conversation/FlowRevisions.ts";
import { actionNames } from "./domain/actions.ts";
import { FlowCatalog } from "./conversation/FlowCatalog.ts";
import { expireConversations } from "./conversation/expireConversations.ts";
import { hashUserId, type Logger } from "./logger.ts";
import { EventProcessor } from "./line/EventProcessor.ts";
import { InboundEventStore } from "./line/InboundEventStore.ts";
import { OutboxSender } from "./line/OutboxSender.ts";
import { createLineApi } from "./line/lineApi.ts";
import { webhookRouter } from "./line/webhookRouter.ts";
import { type TRetryPolicy } from "./line/callWithRetry.ts";
import { type TTurnIds } from "./conversation/Turn.ts";
import { type TOutMessage } from "./flows/engineTypes.ts";
import { newOutboxRow, outboxInsertStatement, type TOutboxSend } from "./domain/delivery/outbox.ts";
import { sqlLiteral } from "./db/sqlLiteral.ts";
import type { LineStandIn } from "./standin/createLineStandIn.ts";
import { healthRouter } from "./http/healthRouter.ts";
import { receiptQrRouter } from "./http/receiptQrRouter.ts";
import { adminApi } from "./admin/adminApi.ts";
import { consoleRouter } from "./admin/consoleRouter.ts";
import { roundResultsPage } from "./publicPages/roundResultsPage.ts";
import { uploadedImagesRouter } from "./publicPages/uploadedImages.ts";
import { imageRoutes } from "./admin/routes/imageRoutes.ts";
import { UploadedImages } from "./domain/images/UploadedImages.ts";
import { staffRoutes } from "./admin/routes/staffRoutes.ts";
import { auditRoutes } from "./admin/routes/auditRoutes.ts";
import { plainLanguageRoutes } from "./admin/routes/plainLanguageRoutes.ts";
import { StaffService } from "./domain/staff/StaffService.ts";
import { DeliveryQueue } from "./domain/delivery/DeliveryQueue.ts";
import { roundsModule } from "./domain/rounds/roundsModule.ts";
import { pollsModule } from "./domain/polls/pollsModule.ts";
import { eventsModule } from "./domain/events/eventsModule.ts";
import { volunteersModule } from "./domain/volunteers/volunteersModule.ts";
import { deliveryModule } from "./domain/delivery/deliveryModule.ts";
import { ListeningService } from "./domain/listening/ListeningService.ts";
import { runAnalysisInChildProcess } from "./domain/listening/runAnalysis.ts";
import { listeningRoutes } from "./admin/routes/listeningRoutes.ts";
import { DeliverySender } from "./line/DeliverySender.ts";
import { reachRoutes } from "./admin/routes/reachRoutes.ts";
import { lineErrorText } from "./line/callWithRetry.ts";
import { reachModule } from "./domain/reach/reachModule.ts";
import { startScheduler } from "./scheduler/startScheduler.ts";
import { RichMenuService } from "./domain/richMenus/RichMenuService.ts";
import { richMenuRoutes } from "./admin/routes/richMenuRoutes.ts";
import { roundRoutes } from "./admin/routes/roundRoutes.ts";
import { pollRoutes } from "./admin/routes/pollRoutes.ts";
import { eventRoutes } from "./admin/routes/eventRoutes.ts";
import { volunteerRoutes } from "./admin/routes/volunteerRoutes.ts";
import { settingsRoutes } from "./admin/routes/settingsRoutes.ts";
import { deliveryRoutes } from "./admin/routes/deliveryRoutes.ts";
import { localize } from "./flows/localize.ts";
import { type TScheduledJob } from "./domain/scheduling/scheduledJob.ts";
import { InboxService } from "./domain/inbox/InboxService.ts";
import { inboxRoutes } from "./admin/routes/inboxRoutes.ts";
import { inquiryRetentionJob } from "./domain/inbox/inquiryRetentionJob.ts";

export type App = {
  url: string;
  /** Set at a start with no administrator: the one-time address where the first one is created (24 h). */
  setupUrl?: string;
  staffService: StaffService;
  /** Comment analyses (themes), run in worker threads. */
  listening: ListeningService;
  deliveries: DeliveryQueue;
  deliverySender: DeliverySender;
  /** Runs every scheduled job now, as the minute schedule does (tests pass a moment). */
  runSchedules(now?: Date): Promise<void>;
  /** Present in local mode: the built-in LINE stand-in the bot talks to. */
  standIn?: LineStandIn;
  db: Database;
  flows: FlowSet;
  /** The bot's rich menus on LINE (undefined with RICH_MENUS=off). */
  richMenus?: RichMenuService;
  /** Settles once the start's rich menu check (and first apply) is done. */
  richMenusReady: Promise<void>;
  processor: EventProcessor;
  /** Delivers the outbox: what turns and the bot decided to say to residents. */
  outbox: OutboxSender;
  /**
   * Records a message to one resident in the outbox and waits until it is sent or given up; returns
   * its status. send: a staff send (a 1:1 reply), counted in 配信の到達 like any other send.
   */
  push(lineUserId: string, messages: TOutMessage[], send?: TOutboxSend): Promise<string>;
  /** Runs the expiry sweep now (the schedule runs it every minute). */
  sweep(): Promise<number>;
  close(): Promise<void>;
};

export type TAppOptions = {
  logger: Logger;
  /** The embedded database already starting (no DATABASE_URL): src/main.ts starts it while the bot loads. */
  embedded?: Promise<EmbeddedPostgres>;
  /** Backoff and timeouts of LINE calls (tests make them short). */
  retry?: TRetryPolicy;
  schedules?: boolean;
  /** How often the outbox and the pending events are swept (tests make it short). */
  sweepMs?: number;
  /** false: every turn alone in a Prisma transaction (the differential test). */
  batchTurns?: boolean;
  /** A turn still running after this long shows LINE's loading animation (default 1 s). */
  workingAfterMs?: number;
  turnIds?: TTurnIds;
};

export async function startApp(config: TConfig, options: TAppOptions): Promise<App> {
  const { logger } = options;
  // Flows first: a broken flow file stops the start before the database is opened or migrated
  // (an embedded one main.ts started early is only running; main.ts stops it cleanly).
  const flows = await loadFlows(config.flowsDir, actionNames);
  const db = await openDatabase({ databaseUrl: config.databaseUrl, embeddedDir: config.embeddedDbDir, embedded: options.embedded });
  const stops: (() => Promise<unknown>)[] = [() => db.close()];
  try {
    const revisions = new FlowRevisions(flows);
    await revisions.saveCurrent(db.prisma);

    const app = express();
    app.disable("x-powered-by");
    // Behind a proxy (TRUST_PROXY): req.ip is the client's address and req.secure follows X-Forwarded-Proto.
    app.set("trust proxy", config.trustProxy);
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
    const line = config.line ?? { ...local!, apiBaseUrl: localUrl, dataApiBaseUrl: localUrl };
    // Loaded only in local mode: a city's bot on LINE never loads the stand-in, its contract or the simulator.
    const localParts = local
      ? await Promise.all([import("./standin/createLineStandIn.ts"), import("./standin/simulatorRouter.ts"), import("./standin/keepStandInState.ts")])
      : undefined;
    const standIn = local && localParts ? localParts[0].createLineStandIn({ ...local, webhookUrl: `${localUrl}/webhook` }) : undefined;

    // The simulator's residents and chats outlive a restart, as the database's residents do.
    if (standIn && localParts) stops.unshift(await localParts[2].keepStandInState(standIn, db.prisma, logger));
    const timeouts = options.retry ? { connectMs: Math.min(options.retry.timeoutMs, config.lineTimeouts.connectMs), totalMs: options.retry.timeoutMs } : config.lineTimeouts;
    const client = createLineApi({ baseUrl: line.apiBaseUrl, dataBaseUrl: line.dataApiBaseUrl, channelAccessToken: line.channelAccessToken, timeouts });
    stops.push(() => client.close());
    const sweepMs = options.sweepMs ?? 1_000;
    const outbox = new OutboxSender({
      sql: db.sql,
      bookkeeping: db.bookkeeping,
      api: client,
      logger,
      backoff: { baseMs: options.retry?.baseDelayMs ?? 1_000, maxMs: options.retry?.maxDelayMs ?? 5 * 60_000 },
      sweepMs,
    });
    const outboxPolicy = { retryWindowMs: config.sendRetryHours * 3_600_000 };
    const store = new InboundEventStore(db.ingest, logger);
    const deliveries = new DeliveryQueue();
    const publicUrl = config.publicUrl ?? localUrl;
    const domainDeps = { prisma: db.prisma, deliveries, files: flows, logger, publicUrl };
    const rounds = roundsModule(domainDeps);
    const polls = pollsModule(domainDeps);
    const events = eventsModule(domainDeps);
    const volunteers = volunteersModule(domainDeps);
    // Reach reads LINE's statistics of sends through the LINE edge's client (when the channel uses them).
    const reach = reachModule({
      ...domainDeps,
      ...(config.lineStatistics
        ? { statistics: { fetchUnit: (unit: string, from: string, to: string) => client.getStatisticsPerUnit(unit, from, to), describeError: lineErrorText } }
        : {}),
    });
    const modules = [rounds, polls, events, volunteers, deliveryModule(domainDeps), reach];
    const catalog = new FlowCatalog(flows, modules.flatMap((m) => m.flowSources));
    const conversations = new ConversationService({
      prisma: db.prisma,
      sql: db.sql,
      inbox: store,
      deliveries,
      flows: catalog,
      revisions,
      privacyNoticeVersion: config.privacyNoticeVersion,
      outbox: outboxPolicy,
      logger,
      hashUserId,
      // LINE's loading animation while a slow turn runs: not awaited, and its failure is only logged.
      showWorking: (lineUserId, seconds) =>
        void client.showLoadingAnimation({ chatId: lineUserId, loadingSeconds: seconds }).catch((err: unknown) =>
          logger.warn("loading animation not shown", { reason: err instanceof Error ? err.name : "unknown" }),
        ),
      workingAfterMs: options.workingAfterMs,
      batch: options.batchTurns,
      ids: options.turnIds,
    });
    const processor = new EventProcessor({
      store,
      conversations,
      sender: outbox,
      logger,
      sweep: options.sweepMs ? { everyMs: options.sweepMs * 5, olderThanMs: options.sweepMs * 10 } : undefined,
      // The embedded database is one process's alone: nobody else can receive a resident's events.
      orderWindowMs: db.embedded ? 0 : config.turnOrderWindowMs,
    });
    // Stopping: turns finish first, then what they said is sent (each call within its timeout).
    outbox.start();
    stops.unshift(() => outbox.stop());
    stops.unshift(() => processor.stop());
    const deliverySender = new DeliverySender({ prisma: db.prisma, client, queue: deliveries, logger, backoffMs: options.retry?.baseDelayMs, retryWindowMs: config.sendRetryHours * 3_600_000, aggregationUnits: config.lineStatistics });
    deliverySender.start();
    stops.unshift(() => deliverySender.stop());
    const staffService = new StaffService(db.prisma);
    // Staff replies are recorded in the outbox unclaimed: the sweep, woken at once, sends them.
    const inbox = new InboxService({ prisma: db.prisma, outbox: outboxPolicy, wake: () => void outbox.sweep().catch(() => undefined) });
    const images = new UploadedImages(db.prisma);
    const richMenus = config.richMenus
      ? new RichMenuService({ prisma: db.prisma, api: client, logger, retryBaseMs: options.retry?.baseDelayMs })
      : undefined;
    if (richMenus) stops.unshift(() => richMenus.stop());
    const flowChoices = () => flows.flows.map((f) => ({ id: f.id, title: localize(f.title, "ja") }));
    // Comment analysis runs in worker threads: the webhook's event loop never waits for it.
    const listening = new ListeningService({ prisma: db.prisma, files: flows, logger, run: runAnalysisInChildProcess, summaries: config.themeSummaries });
    stops.unshift(() => listening.close());

    // The webhook first: LINE's requests are most of the traffic and should not walk the admin routes.
    app.use(webhookRouter({ channelSecret: line.channelSecret, maxBytes: config.maxWebhookBytes, store, processor, logger }));
    app.use(healthRouter(db.prisma));
    app.use(
      adminApi({
        staffService,
        routes: [
          ...staffRoutes(staffService),
          ...auditRoutes(db.prisma),
          ...imageRoutes(images, publicUrl),
          ...plainLanguageRoutes(),
          ...roundRoutes(rounds.services, flows),
          ...pollRoutes(polls.services),
          ...eventRoutes(events.services),
          ...volunteerRoutes(volunteers.services),
          ...settingsRoutes(db.prisma, deliveries),
          ...deliveryRoutes(db.prisma, deliveries),
          ...listeningRoutes(listening),
          ...inboxRoutes(inbox, db.prisma),
          ...(richMenus ? richMenuRoutes(richMenus, flowChoices) : []),
          ...reachRoutes(reach.services),
        ],
        logger,
        secureCookies: publicUrl.startsWith("https:"),
        checkResponses: config.checkAdminResponses,
      }),
    );
    app.use(consoleRouter());
    // Published public comment results: no login, never a name or address.
    app.use(roundResultsPage({ prisma: db.prisma }));
    app.use(uploadedImagesRouter(images));
    // The QR code of an event receipt number, for the resident's 「マイイベント」 card.
    app.use(receiptQrRouter());
    if (standIn && localParts) {
      app.use(standIn.router);
      app.use(localParts[1].simulatorRouter(standIn));
    }

    const sweep = async (now = new Date()) => {
      const expired = await expireConversations(db.prisma, revisions, outboxPolicy, now);
      // The closing messages are in the outbox: send them now rather than at the next sweep.
      if (expired > 0) await outbox.sweep().catch(() => undefined);
      return expired;
    };
    const jobs: TScheduledJob[] = [{ name: "expire conversations", run: sweep }, inquiryRetentionJob(db.prisma), ...modules.flatMap((m) => m.jobs)];
    const scheduler = options.schedules !== false ? startScheduler(jobs, logger, config.schedulerTickSeconds) : undefined;
    if (scheduler) stops.unshift(async () => scheduler.stop());
    const runSchedules = async (now = new Date()) => {
      for (const job of jobs) await job.run(now);
      await deliverySender.kick(now);
    };

    const setupToken = await staffService.firstAdminSetupToken();
    const setupUrl = setupToken ? `${(config.publicUrl ?? `http://localhost:${port}`).replace(/\/+$/, "")}/admin/setup#${setupToken}` : undefined;

    const recovered = await processor.recover();
    if (recovered > 0) logger.info("recovered pending events", { count: recovered });
    processor.startSweeping();
    // Not awaited: a LINE that is slow or down must not hold up the webhook; the passes keep trying.
    const richMenusReady = richMenus
      ? richMenus.start(options.sweepMs ? options.sweepMs * 4 : 2_000).catch((err: unknown) => logger.warn("rich menus not started", { reason: err instanceof Error ? err.message : String(err) }))
      : Promise.resolve();

    const url = config.publicUrl ?? `http://localhost:${port}`;
    logger.info("bot started", { url, mode: standIn ? "local" : "line", database: db.embedded ? "embedded" : "postgresql", flows: flows.flows.length });
    return {
      url: localUrl,
      setupUrl,
      staffService,
      listening,
      deliveries,
      deliverySender,
      runSchedules,
      standIn,
      db,
      flows,
      richMenus,
      richMenusReady,
      processor,
      outbox,
      async push(lineUserId, messages, send) {
        const now = new Date();
        const row = newOutboxRow({ lineUserId, messages, ...(send ? { send } : {}) }, now, outboxPolicy);
        await db.sql.query(outboxInsertStatement([row], now, sqlLiteral, false));
        await outbox.settle();
        const { rows } = await db.sql.query<{ status: string }>(`SELECT "status" FROM "OutboundMessage" WHERE "id" = $1`, [row.id]);
        return rows[0]!.status;
      },
      sweep: () => sweep(),
      async close() {
        for (const stop of stops.splice(0)) await stop();
      },
    };
  } catch (err) {
    for (const stop of stops.splice(0)) await stop().catch(() => undefined);
    throw err;
  }
}
