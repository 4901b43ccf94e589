// Bench child: the city bot itself (its build, bench/builtBot.ts) on the bench's database, talking to the parent's
// LINE stand-in, with nothing else in its process. The parent drives it through bench/ipc.ts.
import { writeFile } from "node:fs/promises";
import { Session } from "node:inspector/promises";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { loadBuiltBot } from "./builtBot.ts";
import { reportStartFailure, serveParent } from "./ipc.ts";

try {
  const { startApp, parseConfig, createLogger } = await loadBuiltBot();
  const env = process.env;
  const config = parseConfig({
    PORT: "0",
    HOST: "127.0.0.1",
    // No URL: the embedded database in the bench's fresh folder.
    ...(env.BENCH_DATABASE_URL ? { DATABASE_URL: env.BENCH_DATABASE_URL } : {}),
    EMBEDDED_DB_DIR: env.BENCH_EMBEDDED_DIR,
    LINE_CHANNEL_SECRET: env.BENCH_CHANNEL_SECRET,
    LINE_CHANNEL_ACCESS_TOKEN: env.BENCH_CHANNEL_ACCESS_TOKEN,
    LINE_API_BASE_URL: env.BENCH_LINE_API_BASE_URL,
    // The webhook is measured alone: no rich menus made or linked while the bench runs.
    RICH_MENUS: "off",
    FLOWS_DIR: "flows",
    LOG_LEVEL: "error",
  });
  // Production logger at level "error", as a deployment would run it; schedules off so that the
  // once-a-minute expiry sweep does not land at a random point of a 10-second measurement.
  const app = await startApp(config, { logger: createLogger(config.logLevel), schedules: false });
  const prisma = app.db.prisma;
  // CPU profile of a chosen window only (the measured load and its drain), not of start-up.
  const inspector = new Session();
  // How long the bot's event loop kept a ready request waiting: part of every acknowledgement's time.
  const loopDelay = monitorEventLoopDelay({ resolution: 5 });
  loopDelay.enable();

  serveParent(
    app.url,
    {
      /** Residents who consented already: the poll needs consent, and onboarding is not what is measured. */
      async seed(args) {
        const { userIds } = args as { userIds: string[] };
        const consentedAt = new Date();
        const { count } = await prisma.resident.createMany({
          data: userIds.map((lineUserId) => ({ lineUserId, consentVersion: config.privacyNoticeVersion, consentedAt, profile: {} })),
        });
        return count;
      },
      async drain() {
        const started = performance.now();
        await app.processor.drain();
        return performance.now() - started;
      },
      /** Which of these webhook events the bot stored (for requests whose answer the load generator never saw). */
      async storedEvents(args) {
        const { ids } = args as { ids: string[] };
        if (ids.length === 0) return [];
        const rows = await prisma.inboundEvent.findMany({ where: { webhookEventId: { in: ids } }, select: { webhookEventId: true } });
        return rows.map((r) => r.webhookEventId);
      },
      async profileStart(args) {
        const { allocations } = (args ?? {}) as { allocations?: boolean };
        inspector.connect();
        if (allocations) {
          // Sampled allocations (one sample per 32 KB on average), with what was already collected kept:
          // what a turn allocates is what the collector then spends the bot's time on.
          await inspector.post("HeapProfiler.enable");
          await inspector.post("HeapProfiler.startSampling", { samplingInterval: 32_768, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true });
        } else {
          await inspector.post("Profiler.enable");
          await inspector.post("Profiler.start");
        }
        return null;
      },
      async profileStop(args) {
        const { file, allocations } = args as { file: string; allocations?: boolean };
        const { profile } = allocations ? await inspector.post("HeapProfiler.stopSampling") : await inspector.post("Profiler.stop");
        inspector.disconnect();
        await writeFile(file, JSON.stringify(profile));
        return file;
      },
      async loopDelayReset() {
        loopDelay.reset();
        return null;
      },
      async loopDelay() {
        const ms = (ns: number) => ns / 1e6;
        return { p50: ms(loopDelay.percentile(50)), p99: ms(loopDelay.percentile(99)), max: ms(loopDelay.max) };
      },
      async memory() {
        const mb = (bytes: number) => bytes / 1024 / 1024;
        const database = await app.db.embeddedUsage?.();
        const usage = process.memoryUsage();
        return {
          rssMb: mb(usage.rss),
          peakRssMb: process.resourceUsage().maxRSS / 1024,
          heapUsedMb: mb(usage.heapUsed),
          heapTotalMb: mb(usage.heapTotal),
          databaseHeapMb: database?.heapMb,
          databaseWasmMb: database?.wasmMb,
        };
      },
      /**
       * The embedded database thread's CPU ms so far (it is inside this process's CPU time too), and
       * how long each webhook insert waited for PGlite's session since the last call.
       */
      async database() {
        const usage = await app.db.embeddedUsage?.();
        return usage ? { cpuMs: usage.cpuMs, insertWaitsMs: usage.insertWaitsMs } : null;
      },
      async stats() {
        const [answers, events, conversations, outbound] = await Promise.all([
          prisma.answer.count(),
          prisma.inboundEvent.groupBy({ by: ["status"], _count: { _all: true } }),
          prisma.conversation.groupBy({ by: ["status"], _count: { _all: true } }),
          prisma.outboundMessage.groupBy({ by: ["via"], _count: { _all: true } }),
        ]);
        const byStatus = (rows: { status: string; _count: { _all: number } }[]) => Object.fromEntries(rows.map((r) => [r.status, r._count._all]));
        // The outbox holds replies too: by how each message went (reply, push, reply+push).
        const byVia = Object.fromEntries(outbound.map((r) => [r.via ?? "unsent", r._count._all]));
        return { answers, events: byStatus(events), conversations: byStatus(conversations), outbound: byVia };
      },
    },
    () => app.close(),
  );
} catch (err) {
  reportStartFailure(err);
}
