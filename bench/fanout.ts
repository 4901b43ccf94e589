// Fan-out bench: how long one reminder to 100,000 and to 1,000,000 residents takes to go out
// through the LINE stand-in, and whether each resident gets it exactly once — also when LINE
// answers 429 to 10% of calls, and with two bot processes sending from the same queue — and how
// much memory the sending process needs for each (it must not grow with the number of residents).
//
//   node --import tsx bench/fanout.ts
//   FANOUT_RESIDENTS (100000,1000000: the sizes, run in turn)  FANOUT_LATENCY_MS (0: the stand-in's own speed; LINE answers in ~50–200 ms)
//   FANOUT_CONCURRENCY (the sender's default)  FANOUT_CPU_PROF=DIR (V8 CPU profiles of the senders; bench/profileSummary.ts)
//
// Layout: this process runs the LINE stand-in (recording counts only); each sender runs in its own
// child process (this same file, FANOUT_ROLE=sender), as a bot process would, so its peak memory
// is its own. The residents are inserted with INSERT … SELECT (topped up for the next size); each
// scenario starts with an empty Delivery table and a reset stand-in, records the message for
// everyone through the real path of an announcement (DeliveryQueue.enqueueAudience: the database
// cuts the audience into deliveries of 500, no id list in the process) and runs the senders
// (DeliverySender.kick) until every delivery is sent.
//
// Targets: all delivered within 60 s, no resident twice, no retry key accepted twice, sender peak
// memory under 250 MB and flat: the largest size's peak within 25 MB of the smallest's.
// Exit code: 0 when every scenario passed, 1 otherwise.
import { performance } from "node:perf_hooks";
import { setTimeout as sleep } from "node:timers/promises";
import { createLineApi } from "../src/line/lineApi.ts";
import pg from "pg";
import { applyMigrations } from "../src/db/applyMigrations.ts";
import { createPrismaClient } from "../src/db/openDatabase.ts";
import { audienceSize } from "../src/domain/audience.ts";
import { DeliveryQueue } from "../src/domain/delivery/DeliveryQueue.ts";
import { DeliverySender } from "../src/line/DeliverySender.ts";
import { createLogger } from "../src/logger.ts";
import { startLineStandIn } from "../src/standin/startLineStandIn.ts";
import { createTestDatabase } from "../test/support/testDatabases.ts";
import { npmStartFlags, reportStartFailure, serveParent, startChild, type ChildHandle } from "./ipc.ts";

const TARGET_SECONDS = 60;
const TARGET_PEAK_MB = 250;
/** "Flat": the sender's peak for the largest audience at most this much above the smallest's. */
const FLAT_MARGIN_MB = 25;
const CHANNEL = { secret: "0f1e2d3c4b5a69788796a5b4c3d2e1f0", token: "fanout-bench-token" };

function envInt(name: string, fallback: number | undefined): number | undefined {
  const raw = process.env[name];
  if (raw === undefined || raw === "") return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0) throw new Error(`${name} must be a non-negative integer, got "${raw}"`);
  return n;
}

type SenderResult = { ms: number; startRssMb: number; peakRssMb: number };

// ---- child: one bot process's sender ----

async function sender(): Promise<void> {
  try {
    const env = process.env;
    const prisma = createPrismaClient(env.FANOUT_DATABASE_URL!, 10);
    await prisma.$connect();
    const queue = new DeliveryQueue();
    // The bot's own LINE client (timeouts, LineApiError), as the serving bot's sender has it.
    const client = createLineApi({ channelAccessToken: CHANNEL.token, baseUrl: env.FANOUT_LINE_URL! });
    const deliverySender = new DeliverySender({ prisma, client, queue, logger: createLogger("error", { silent: true }), concurrency: envInt("FANOUT_CONCURRENCY", undefined) });
    const startRss = process.memoryUsage().rss;
    let peakRss = startRss;
    const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 50);
    sampler.unref();
    const mb = (bytes: number) => Math.round(bytes / 1024 / 1024);
    serveParent(
      "",
      {
        /** The reminder for everyone, recorded as the domain modules record it. */
        async enqueue() {
          const started = performance.now();
          // As an announcement does: the size for the budget check, then the deliveries recorded in the database.
          const size = await audienceSize(prisma, {});
          const recorded = await queue.enqueueAudience(prisma, "bench.fanout", {}, [{ type: "text", text: "【リマインド】明日10:00から市民清掃です。集合場所：長門市役所 前庭" }]);
          if (recorded.recipients !== size) throw new Error(`recorded ${recorded.recipients} recipients of ${size}`);
          return { ms: performance.now() - started, recipients: recorded.recipients, batches: recorded.deliveries, rssMb: mb(process.memoryUsage().rss) };
        },
        /** Sends until no delivery is left pending or in flight (in this process or another). */
        async run(): Promise<SenderResult> {
          const started = performance.now();
          for (;;) {
            await deliverySender.kick();
            const left = await prisma.delivery.count({ where: { status: { in: ["pending", "sending"] } } });
            if (left === 0) break;
            await sleep(20);
          }
          peakRss = Math.max(peakRss, process.memoryUsage().rss);
          // resourceUsage().maxRSS: the kernel's peak, which catches a spike between two samples.
          const m = process.memoryUsage();
          if (process.env.FANOUT_MEMORY_DETAIL) console.log(`[fanout sender] heapUsed ${mb(m.heapUsed)} MB, heapTotal ${mb(m.heapTotal)} MB, external ${mb(m.external)} MB, arrayBuffers ${mb(m.arrayBuffers)} MB, rss ${mb(m.rss)} MB`);
          return { ms: performance.now() - started, startRssMb: mb(startRss), peakRssMb: Math.max(mb(peakRss), Math.round(process.resourceUsage().maxRSS / 1024)) };
        },
      },
      async () => {
        clearInterval(sampler);
        await deliverySender.stop();
        await prisma.$disconnect();
      },
    );
  } catch (err) {
    reportStartFailure(err);
  }
}

// ---- parent: the stand-in, the database, the scenarios ----

type Scenario = { name: string; rate429: number; processes: number };
type Row = Scenario & {
  residents: number;
  seconds: number;
  enqueueMs: number;
  delivered: number;
  duplicates: number;
  acceptedTwice: number;
  refused409: number;
  calls429: number;
  failed: number;
  senderStartRssMb: number;
  senderRecordedRssMb: number;
  senderPeakRssMb: number;
  standInRssMb: number;
  pass: boolean;
};

async function main(): Promise<void> {
  const sizes = (process.env.FANOUT_RESIDENTS ?? "100000,1000000").split(",").map((x) => Number(x.trim()));
  if (sizes.some((n) => !Number.isInteger(n) || n <= 0)) throw new Error(`FANOUT_RESIDENTS must be positive integers, got "${process.env.FANOUT_RESIDENTS}"`);
  sizes.sort((a, b) => a - b);
  const latencyMs = envInt("FANOUT_LATENCY_MS", 0)!;
  const log = (msg: string) => console.log(`[fanout] ${msg}`);
  const scenarios: Scenario[] = [
    { name: "1 process", rate429: 0, processes: 1 },
    { name: "1 process, 10% 429", rate429: 0.1, processes: 1 },
    { name: "2 processes, 10% 429", rate429: 0.1, processes: 2 },
  ];

  const database = await createTestDatabase("postgresql");
  const line = await startLineStandIn({ channelSecret: CHANNEL.secret, channelAccessToken: CHANNEL.token, record: "counts", port: 0 });
  const rows: Row[] = [];
  try {
    const url = database.databaseUrl!;
    await applyMigrations(url);
    const db = new pg.Client({ connectionString: url });
    await db.connect();
    let started = performance.now();
    await db.query(`INSERT INTO "Setting" ("key", "value", "updatedAt") VALUES ('quietHours', '{"enabled": false}', now())`);
    let inserted = 0;
    for (const residents of sizes) {
    started = performance.now();
    await db.query(
      `INSERT INTO "Resident" ("id", "lineUserId", "updatedAt", "createdAt")
       SELECT gen_random_uuid(), 'U' || md5('fanout-' || i), now(), now() + i * interval '1 microsecond' FROM generate_series($1::int, $2::int) AS i`,
      [inserted + 1, residents],
    );
    inserted = residents;
    await db.query(`ANALYZE "Resident"`);
    log(`${residents.toLocaleString("en")} residents in the database (inserted in ${Math.round(performance.now() - started)} ms); LINE latency ${latencyMs} ms`);

    for (const scenario of scenarios) {
      await db.query(`TRUNCATE "Delivery"`);
      line.standIn.reset();
      line.standIn.setFaults({ rate429: scenario.rate429, delayMs: latencyMs });
      const env: Record<string, string> = { FANOUT_ROLE: "sender", FANOUT_DATABASE_URL: url, FANOUT_LINE_URL: line.url };
      // FANOUT_SENDER_NODE_OPTIONS: V8 flags for the senders only (e.g. --max-old-space-size=128 to tell a leak from lazy collection).
      if (process.env.FANOUT_SENDER_NODE_OPTIONS) env.NODE_OPTIONS = `${process.env.NODE_OPTIONS ?? ""} ${process.env.FANOUT_SENDER_NODE_OPTIONS}`.trim();
      const children: ChildHandle[] = [];
      let standInPeak = process.memoryUsage().rss;
      const sampler = setInterval(() => (standInPeak = Math.max(standInPeak, process.memoryUsage().rss)), 50);
      try {
        const profile = process.env.FANOUT_CPU_PROF ? ["--cpu-prof", `--cpu-prof-dir=${process.env.FANOUT_CPU_PROF}`] : [];
        // The V8 flag `npm start` and the Dockerfile run the bot with (scripts/start.mjs).
        for (let i = 0; i < scenario.processes; i++) children.push(await startChild(new URL(import.meta.url), env, [...npmStartFlags(), ...profile]));
        started = performance.now();
        const enqueued = await children[0]!.call<{ ms: number; recipients: number; batches: number; rssMb: number }>("enqueue");
        const results = await Promise.all(children.map((c) => c.call<SenderResult>("run")));
        const seconds = (performance.now() - started) / 1000;
        const counts = [...line.standIn.messageCounts.values()];
        const stats = line.standIn.stats();
        const failed = Number((await db.query(`SELECT count(*)::int AS n FROM "Delivery" WHERE "status" = 'failed'`)).rows[0].n);
        // Every accepted multicast carries its delivery's retry key: more accepted calls than keys = a key accepted twice.
        const acceptedTwice = (stats.byStatus[200] ?? 0) - line.standIn.retryKeysSeen.size;
        const delivered = counts.filter((n) => n >= 1).length;
        const duplicates = counts.filter((n) => n > 1).length;
        const row: Row = {
          ...scenario,
          residents,
          seconds,
          enqueueMs: enqueued.ms,
          delivered,
          duplicates,
          acceptedTwice,
          refused409: stats.byStatus[409] ?? 0,
          calls429: stats.byStatus[429] ?? 0,
          failed,
          senderStartRssMb: Math.max(...results.map((r) => r.startRssMb)),
          senderRecordedRssMb: enqueued.rssMb,
          senderPeakRssMb: Math.max(...results.map((r) => r.peakRssMb)),
          standInRssMb: Math.round(standInPeak / 1024 / 1024),
          pass: seconds < TARGET_SECONDS && duplicates === 0 && acceptedTwice === 0 && delivered === residents && failed === 0 && Math.max(...results.map((r) => r.peakRssMb)) < TARGET_PEAK_MB,
        };
        rows.push(row);
        log(`${residents.toLocaleString("en")}, ${scenario.name}: ${seconds.toFixed(1)} s (recording ${Math.round(enqueued.ms)} ms, ${enqueued.batches} deliveries), ${delivered} delivered, ${row.calls429} × 429`);
      } finally {
        clearInterval(sampler);
        await Promise.all(children.map((c) => c.stop()));
      }
    }
    }
    await db.end();
  } finally {
    await line.close();
    await database.drop();
  }

  const header = ["residents", "scenario", "wall s", "record ms", "delivered", "dupes", "key twice", "409", "429", "failed", "sender RSS MB start→recorded→peak", "stand-in RSS MB", "result"];
  const table = rows.map((r) => [
    r.residents.toLocaleString("en"),
    r.name,
    r.seconds.toFixed(2),
    String(Math.round(r.enqueueMs)),
    r.delivered.toLocaleString("en"),
    String(r.duplicates),
    String(r.acceptedTwice),
    String(r.refused409),
    String(r.calls429),
    String(r.failed),
    `${r.senderStartRssMb}→${r.senderRecordedRssMb}→${r.senderPeakRssMb}`,
    String(r.standInRssMb),
    r.pass ? "PASS" : "FAIL",
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...table.map((t) => t[i]!.length)));
  const line_ = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(" | ")} |`;
  console.log(`\nOne message to ${sizes.map((n) => n.toLocaleString("en")).join(" and to ")} residents (targets: under ${TARGET_SECONDS} s, all delivered, no duplicates, sender peak < ${TARGET_PEAK_MB} MB)\n`);
  console.log(line_(header));
  console.log(`|${widths.map((w) => "-".repeat(w + 2)).join("|")}|`);
  for (const t of table) console.log(line_(t));
  // Flat in the number of recipients: the same scenario's sender peak, smallest size beside largest.
  let flat = true;
  if (sizes.length > 1) {
    const [small, large] = [sizes[0]!, sizes.at(-1)!];
    console.log(`\nSender peak RSS, ${small.toLocaleString("en")} → ${large.toLocaleString("en")} residents (target: flat, within ${FLAT_MARGIN_MB} MB):`);
    for (const scenario of scenarios) {
      const a = rows.find((r) => r.residents === small && r.name === scenario.name);
      const b = rows.find((r) => r.residents === large && r.name === scenario.name);
      if (!a || !b) continue;
      const ok = b.senderPeakRssMb - a.senderPeakRssMb <= FLAT_MARGIN_MB;
      flat &&= ok;
      console.log(`  ${scenario.name}: ${a.senderPeakRssMb} MB → ${b.senderPeakRssMb} MB ${ok ? "flat" : "GROWS"}`);
    }
  }
  const allPass = rows.length === scenarios.length * sizes.length && rows.every((r) => r.pass) && flat;
  console.log(`\n${allPass ? "PASS" : "FAIL"}`);
  process.exitCode = allPass ? 0 : 1;
}

if (process.env.FANOUT_ROLE === "sender") {
  await sender();
} else {
  await main();
}
