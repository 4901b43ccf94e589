// npm run bench:faults: what residents get when things go wrong, on the real PostgreSQL and on the
// embedded database. Prints figures beside targets; it does not fail on a missed target.
//
//   kill -9 under load (3 runs): residents answering a question; the bot is killed mid-load and
//     started again; acknowledged answers, handled, next question delivered, delivered twice.
//   429 storm (BENCH_STORM_SECONDS, 60): LINE answers 429 to everything while residents write;
//     answers delivered after it, duplicates.
//   hung reply: one resident's reply never answers while 200 others write: the others' p99.
//   poison: one event with NUL, a lone surrogate and 10,000-deep nesting among 500 requests:
//     requests that failed beside it.
//   follower burst: 500 follows within 5 s: the share welcomed by reply (free) rather than push.
//
// Each scenario runs the bot as its own process (src/main.ts) in LINE mode against a stand-in in
// this process. BENCH_FAULTS=kill,storm,hang,poison,burst picks scenarios; BENCH_DATABASES=postgresql,embedded.
import { loadavg } from "node:os";
import { setTimeout as sleep } from "node:timers/promises";
import { type ChildProcess } from "node:child_process";
import { PGlite } from "@electric-sql/pglite";
import pg from "pg";
import { startLineStandIn, type RunningLineStandIn } from "../src/standin/startLineStandIn.ts";
import { createTestDatabase, type TTestDatabase } from "../test/support/testDatabases.ts";
import { freePort, startBot, stopBot } from "../test/support/botProcess.ts";

const secret = "8c570fa6dd201bb328f1c1eac23a96d8";
const token = "bench-faults-token";
const stormSeconds = Number(process.env.BENCH_STORM_SECONDS ?? 60);
const scenarios = (process.env.BENCH_FAULTS ?? "kill,storm,hang,poison,burst").split(",");
const kinds = (process.env.BENCH_DATABASES ?? "postgresql,embedded").split(",") as ("postgresql" | "embedded")[];
const results: string[][] = [];
const log = (s: string) => console.log(`[faults] ${s}`);

type TBot = { child: ChildProcess; url: string };
type TSetup = { line: RunningLineStandIn; env: Record<string, string>; database: TTestDatabase; embeddedDir?: string; port: number };

async function setUp(kind: "postgresql" | "embedded"): Promise<TSetup> {
  const line = await startLineStandIn({ channelSecret: secret, channelAccessToken: token, port: 0 });
  const database = await createTestDatabase(kind);
  const port = await freePort();
  const env: Record<string, string> = {
    PORT: String(port),
    HOST: "127.0.0.1",
    LINE_CHANNEL_SECRET: secret,
    LINE_CHANNEL_ACCESS_TOKEN: token,
    LINE_API_BASE_URL: line.url,
    LOG_LEVEL: "error",
    EMBEDDED_DB_DIR: database.embeddedDir,
    ...(database.databaseUrl ? { DATABASE_URL: database.databaseUrl } : {}),
  };
  line.standIn.setWebhookUrl(`http://127.0.0.1:${port}/webhook`);
  return { line, env, database, port };
}

async function tearDown(s: TSetup): Promise<void> {
  await s.line.close();
  await s.database.drop();
}

async function start(s: TSetup): Promise<TBot> {
  return { child: await startBot(s.env), url: `http://127.0.0.1:${s.port}` };
}

/** Counts of stored events by status, read after the bot stopped (the embedded folder is one process's). */
async function eventCounts(s: TSetup): Promise<Record<string, number>> {
  const sql = `SELECT "status", count(*)::int AS n FROM "InboundEvent" GROUP BY "status"`;
  if (s.database.databaseUrl) {
    const c = new pg.Client({ connectionString: s.database.databaseUrl });
    await c.connect();
    const { rows } = await c.query<{ status: string; n: number }>(sql);
    await c.end();
    return Object.fromEntries(rows.map((r) => [r.status, r.n]));
  }
  const db = await PGlite.create(s.database.embeddedDir);
  const { rows } = await db.query<{ status: string; n: number }>(sql);
  await db.close();
  return Object.fromEntries(rows.map((r) => [r.status, r.n]));
}

const users = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `U${prefix}${i.toString(16).padStart(32 - prefix.length, "0")}`);
const textsOf = (s: TSetup, u: string) => (s.line.standIn.messagesFor(u) as { text?: string; altText?: string }[]).map((m) => m.text ?? m.altText ?? "");
/** The onboarding's second question: what a resident who chose a language must get next. */
const isPrivacyNotice = (t: string) => t.includes("個人情報");

async function inBatches<T>(items: T[], size: number, fn: (item: T) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < items.length; i += size) await Promise.all(items.slice(i, i + size).map(fn));
}

/** Residents who added the account and wait at the language question. */
async function followed(s: TSetup, list: string[]): Promise<void> {
  await inBatches(list, 50, (u) => s.line.standIn.follow(u));
  await s.line.standIn.waitFor(() => list.every((u) => textsOf(s, u).length > 0), 120_000);
}

async function killUnderLoad(kind: "postgresql" | "embedded", run: number): Promise<void> {
  const s = await setUp(kind);
  try {
    let bot = await start(s);
    const list = users(`k${run}`, 200);
    await followed(s, list);
    const before = new Map(list.map((u) => [u, textsOf(s, u).length]));
    s.line.standIn.setFaults({ delayMs: 200 });
    let acknowledged = 0;
    const answered = new Set<string>();
    const sending = inBatches(list, 50, async (u) => {
      const r = await s.line.standIn.sendText(u, "日本語").catch(() => undefined);
      if (r?.status === 200) {
        acknowledged++;
        answered.add(u);
      }
    });
    // Killed mid-load: about half the answers acknowledged, some turns and sends in flight.
    while (acknowledged < list.length / 2) await sleep(5);
    bot.child.kill("SIGKILL");
    await sending;
    s.line.standIn.setFaults({});
    bot = await start(s);
    const got = (u: string) => textsOf(s, u).slice(before.get(u)).filter(isPrivacyNotice).length;
    await s.line.standIn.waitFor(() => [...answered].every((u) => got(u) > 0), 90_000).catch(() => undefined);
    await sleep(12_000); // past a sender's lease: anything that would go twice has gone
    await stopBot(bot.child);
    const counts = await eventCounts(s);
    const delivered = [...answered].filter((u) => got(u) > 0).length;
    const twice = [...answered].filter((u) => got(u) > 1).length;
    results.push([kind, `kill -9 run ${run}`, `acknowledged ${acknowledged}, handled ${(counts.done ?? 0) - list.length} (pending ${counts.pending ?? 0}), next question delivered ${delivered}, twice ${twice}`, `lost ${acknowledged - delivered}, duplicates ${twice}`, "0 lost, 0 duplicates"]);
  } finally {
    await tearDown(s);
  }
}

async function storm(kind: "postgresql" | "embedded"): Promise<void> {
  const s = await setUp(kind);
  try {
    const bot = await start(s);
    const list = users("s", 50);
    await followed(s, list);
    const before = new Map(list.map((u) => [u, textsOf(s, u).length]));
    s.line.standIn.setFaults({ rate429: 1 });
    await inBatches(list, 50, (u) => s.line.standIn.sendText(u, "日本語"));
    await sleep(stormSeconds * 1000);
    const refused = s.line.standIn.requests.filter((q) => q.injectedFault && q.status === 429).length;
    s.line.standIn.setFaults({});
    const got = (u: string) => textsOf(s, u).slice(before.get(u)).filter(isPrivacyNotice).length;
    await s.line.standIn.waitFor(() => list.every((u) => got(u) > 0), 5 * 60_000).catch(() => undefined);
    await sleep(2_000);
    await stopBot(bot.child);
    const delivered = list.filter((u) => got(u) > 0).length;
    const twice = list.filter((u) => got(u) > 1).length;
    results.push([kind, `429 storm ${stormSeconds} s`, `${list.length} answers, ${refused} calls refused during it, delivered after ${delivered}, twice ${twice}`, `lost ${list.length - delivered}, duplicates ${twice}`, "0 lost, 0 duplicates"]);
  } finally {
    await tearDown(s);
  }
}

async function hungReply(kind: "postgresql" | "embedded"): Promise<void> {
  const s = await setUp(kind);
  try {
    const bot = await start(s);
    const stuck = users("h0", 1);
    const list = users("h1", 200);
    await followed(s, [...stuck, ...list]);
    s.line.standIn.setFaults({ hang: { userIds: stuck, calls: 1_000 } });
    await s.line.standIn.sendText(stuck[0]!, "日本語");
    const latencies: number[] = [];
    await inBatches(list, 20, async (u) => {
      const n = textsOf(s, u).length;
      const sent = Date.now();
      await s.line.standIn.sendText(u, "日本語");
      await s.line.standIn.waitFor(() => textsOf(s, u).length > n, 30_000).catch(() => undefined);
      latencies.push(Date.now() - sent);
    });
    s.line.standIn.setFaults({});
    await stopBot(bot.child);
    latencies.sort((a, b) => a - b);
    const p = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))]!;
    results.push([kind, "hung reply", `others (200, 20 at a time) answered in p50 ${p(0.5)} ms, p99 ${p(0.99)} ms, max ${latencies.at(-1)} ms`, `p99 ${p(0.99)} ms`, "p99 < 1000 ms (call timeout 10 s)"]);
  } finally {
    await tearDown(s);
  }
}

async function poison(kind: "postgresql" | "embedded"): Promise<void> {
  const s = await setUp(kind);
  try {
    const bot = await start(s);
    const standIn = s.line.standIn;
    const list = users("p", 499);
    const odd = users("q", 1)[0]!;
    const event = standIn.build.text(odd, "こんにちは\u0000\ud800");
    const body = `${JSON.stringify({ destination: standIn.botUserId, events: [event] }).slice(0, -3)},"x":${"[".repeat(10_000)}${"]".repeat(10_000)}}]}`;
    const statuses: number[] = [];
    await Promise.all([
      standIn.deliverEvents(body).then((r) => statuses.push(r.status)),
      inBatches(list, 50, (u) => standIn.follow(u).then((r) => statuses.push(r.status))),
    ]);
    await standIn.waitFor(() => list.every((u) => textsOf(s, u).length > 0), 120_000).catch(() => undefined);
    await stopBot(bot.child);
    const failed = statuses.filter((c) => c !== 200).length;
    const welcomed = list.filter((u) => textsOf(s, u).length > 0).length;
    results.push([kind, "poison event", `500 requests, ${failed} not 200, ${welcomed}/499 others welcomed, odd one answered: ${textsOf(s, odd).length > 0}`, `collateral ${failed}`, "0 collateral"]);
  } finally {
    await tearDown(s);
  }
}

async function burst(kind: "postgresql" | "embedded"): Promise<void> {
  const s = await setUp(kind);
  try {
    const bot = await start(s);
    const standIn = s.line.standIn;
    const list = users("b", 500);
    const started = Date.now();
    // 500 follows spread over 5 s, 10 every 100 ms.
    await inBatches(list, 10, async (u) => {
      await standIn.follow(u);
    }).then(() => undefined);
    const spread = Date.now() - started;
    await standIn.waitFor(() => list.every((u) => standIn.messageCountFor(u) > 0), 120_000).catch(() => undefined);
    await stopBot(bot.child);
    const first = new Map<string, string>();
    for (const d of standIn.deliveries) for (const u of d.to) if (!first.has(u)) first.set(u, d.via);
    const byReply = list.filter((u) => first.get(u) === "reply").length;
    results.push([kind, "500 follows", `sent in ${(spread / 1000).toFixed(1)} s; welcomed ${first.size}, by reply ${byReply} (${((100 * byReply) / list.length).toFixed(1)} %)`, `${((100 * byReply) / list.length).toFixed(1)} % by reply`, "≥ 95 % by reply"]);
  } finally {
    await tearDown(s);
  }
}

async function main(): Promise<void> {
  log(`load average ${loadavg().map((l) => l.toFixed(2)).join(" ")} (other work on the machine skews timings)`);
  for (const kind of kinds) {
    if (scenarios.includes("kill")) for (const run of [1, 2, 3]) await killUnderLoad(kind, run);
    if (scenarios.includes("storm")) await storm(kind);
    if (scenarios.includes("hang")) await hungReply(kind);
    if (scenarios.includes("poison")) await poison(kind);
    if (scenarios.includes("burst")) await burst(kind);
    log(`${kind} done`);
  }
  const widths = [0, 1, 2, 3, 4].map((i) => Math.max(...results.map((r) => r[i]!.length), 6));
  console.log("\n" + ["database", "scenario", "what happened", "figure", "target"].map((h, i) => h.padEnd(widths[i]!)).join(" | "));
  for (const r of results) console.log(r.map((c, i) => c.padEnd(widths[i]!)).join(" | "));
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
