// Footprint bench: how long `npm start` takes until /readyz answers, and how much memory the
// serving process holds 5 s after that, on the real PostgreSQL and on the embedded database
// (a fresh folder, and the same folder again), three runs each.
//
//   npm run bench:footprint
//   FOOTPRINT_RUNS (3)  FOOTPRINT_SETTLE_MS (5000)  FOOTPRINT_COMMAND ("npm start"; e.g. "node dist/main.js")
//
// Each run starts the bot as an operator would, in local mode (the stand-in and the simulator, the
// README's first command), on an unusual port, and polls /readyz every 20 ms from the moment the
// command is spawned. The serving process is the bot's own node process (npm and its shell are not
// counted); "tree" adds every process the command started (a database process, if there is one).
// The PostgreSQL runs use one database migrated before the first run (a deployment's restart).
// Targets (issue 9): < 2 s on PostgreSQL; < 4 s on a fresh embedded database, < 2.5 s on an
// existing one; RSS 5 s after ready < 150 MB on PostgreSQL, < 300 MB embedded.
// Exit code: 0 when every run met its targets, 1 otherwise.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { setTimeout as sleep } from "node:timers/promises";
import { fileURLToPath } from "node:url";
import { freePort } from "../test/support/botProcess.ts";
import { createTestDatabase } from "../test/support/testDatabases.ts";

const repoRoot = fileURLToPath(new URL("..", import.meta.url));
const runs = Number(process.env.FOOTPRINT_RUNS ?? 3);
const settleMs = Number(process.env.FOOTPRINT_SETTLE_MS ?? 5000);
const command = (process.env.FOOTPRINT_COMMAND ?? "npm start").split(" ");

type Scenario = { name: string; startTargetS: number; rssTargetMb: number; env: () => Promise<Record<string, string>> };
type Run = { readyS: number; cpuS: number; rssMb: number; treeMb: number; peakMb: number };

const mb = (kb: number) => Math.round(kb / 1024);

/** Every descendant of a process (children first found through /proc/<pid>/task/<tid>/children). */
async function descendants(pid: number): Promise<number[]> {
  const out: number[] = [];
  const walk = async (p: number) => {
    let tasks: string[] = [];
    try {
      tasks = await readdir(`/proc/${p}/task`);
    } catch {
      return;
    }
    for (const t of tasks) {
      const text = await readFile(`/proc/${p}/task/${t}/children`, "utf8").catch(() => "");
      for (const c of text.split(" ").filter(Boolean).map(Number)) {
        out.push(c);
        await walk(c);
      }
    }
  };
  await walk(pid);
  return out;
}

async function status(pid: number): Promise<{ name: string; cmdline: string; rssKb: number; hwmKb: number } | undefined> {
  try {
    const text = await readFile(`/proc/${pid}/status`, "utf8");
    const cmdline = (await readFile(`/proc/${pid}/cmdline`, "utf8")).split("\0").join(" ");
    const field = (k: string) => Number(new RegExp(`^${k}:\\s+(\\d+)`, "m").exec(text)?.[1] ?? 0);
    return { name: /^Name:\s+(.*)$/m.exec(text)?.[1] ?? "", cmdline, rssKb: field("VmRSS"), hwmKb: field("VmHWM") };
  } catch {
    return undefined;
  }
}

/** CPU seconds (user + system) a process has used, from /proc/<pid>/stat (clock ticks of 1/100 s). */
async function cpuSeconds(pid: number): Promise<number> {
  const stat = await readFile(`/proc/${pid}/stat`, "utf8").catch(() => "");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  // utime + stime, and the same of children it has waited for (the migrate CLI, when it ran).
  return (Number(fields[11] ?? 0) + Number(fields[12] ?? 0) + Number(fields[13] ?? 0) + Number(fields[14] ?? 0)) / 100;
}

/** The bot's own node process: the deepest node process of the tree that is not npm. */
async function servingProcess(root: ChildProcess): Promise<number | undefined> {
  const pids = [root.pid!, ...(await descendants(root.pid!))];
  let found: number | undefined;
  for (const pid of pids) {
    const s = await status(pid);
    if (s && s.name !== "sh" && !/npm/.test(s.cmdline) && /main\.(ts|js)|scripts\/start\.mjs/.test(s.cmdline)) found = pid;
  }
  return found;
}

async function oneRun(env: Record<string, string>): Promise<Run> {
  const port = await freePort();
  const started = performance.now();
  const child = spawn(command[0]!, command.slice(1), {
    cwd: repoRoot,
    env: { ...process.env, ...env, PORT: String(port), HOST: "127.0.0.1", LOG_LEVEL: "warn" },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  let output = "";
  child.stdout!.on("data", (d: Buffer) => (output += d.toString()));
  child.stderr!.on("data", (d: Buffer) => (output += d.toString()));
  try {
    let readyS: number | undefined;
    // CPU the bot used to get ready: on a busy machine the wall time waits for the other programs too.
    let cpuS = Number.NaN;
    while (performance.now() - started < 120_000) {
      if (child.exitCode !== null) throw new Error(`the bot exited (${child.exitCode}):\n${output}`);
      const ok = await fetch(`http://127.0.0.1:${port}/readyz`).then((r) => r.ok, () => false);
      if (ok) {
        readyS = (performance.now() - started) / 1000;
        const pid = await servingProcess(child);
        cpuS = pid ? await cpuSeconds(pid) : Number.NaN;
        break;
      }
      await sleep(20);
    }
    if (readyS === undefined) throw new Error(`/readyz did not answer within 120 s:\n${output}`);
    await sleep(settleMs);
    const serving = await servingProcess(child);
    if (!serving) throw new Error("could not find the bot's process");
    const s = (await status(serving))!;
    let treeKb = 0;
    for (const pid of [child.pid!, ...(await descendants(child.pid!))]) {
      const t = await status(pid);
      // npm and sh are the launcher, not the bot.
      if (t && !/npm|^sh$/.test(t.name) && !/npm-cli|bin\/npm/.test(t.cmdline)) treeKb += t.rssKb;
    }
    return { readyS, cpuS, rssMb: mb(s.rssKb), treeMb: mb(treeKb), peakMb: mb(s.hwmKb) };
  } finally {
    // The whole process group: npm, its shell and the bot (SIGTERM: the bot closes its database cleanly).
    const exited = new Promise((r) => (child.exitCode !== null ? r(null) : child.once("exit", r)));
    try {
      process.kill(-child.pid!, "SIGTERM");
    } catch {
      /* already gone */
    }
    const timer = setTimeout(() => process.kill(-child.pid!, "SIGKILL"), 15_000);
    await exited;
    // npm may exit before the bot has: wait until nothing of the group is left.
    for (let i = 0; i < 300; i++) {
      try {
        process.kill(-child.pid!, 0);
        await sleep(50);
      } catch {
        break;
      }
    }
    clearTimeout(timer);
  }
}

async function main(): Promise<void> {
  const pg = await createTestDatabase("postgresql");
  const embeddedRoot = await mkdtemp(path.join(tmpdir(), "cityvoice-footprint-"));
  const existingDir = path.join(embeddedRoot, "existing");
  let freshN = 0;
  const scenarios: Scenario[] = [
    { name: "PostgreSQL (migrated)", startTargetS: 2, rssTargetMb: 150, env: async () => ({ DATABASE_URL: pg.databaseUrl! }) },
    { name: "embedded, fresh folder", startTargetS: 4, rssTargetMb: 300, env: async () => ({ EMBEDDED_DB_DIR: path.join(embeddedRoot, `fresh-${freshN++}`) }) },
    { name: "embedded, existing", startTargetS: 2.5, rssTargetMb: 300, env: async () => ({ EMBEDDED_DB_DIR: existingDir }) },
  ];
  const results: { scenario: Scenario; runs: Run[] }[] = [];
  try {
    // Not measured: the PostgreSQL database is migrated and the existing folder created by one start each.
    console.log(`[footprint] command: ${command.join(" ")}; preparing (one start on PostgreSQL, one on the existing folder)…`);
    await oneRun({ DATABASE_URL: pg.databaseUrl! });
    await oneRun({ EMBEDDED_DB_DIR: existingDir });
    for (const scenario of scenarios) {
      const done: Run[] = [];
      for (let i = 0; i < runs; i++) {
        const r = await oneRun(await scenario.env());
        done.push(r);
        console.log(`[footprint] ${scenario.name} #${i + 1}: ready in ${r.readyS.toFixed(2)} s (${r.cpuS.toFixed(2)} s of CPU), RSS ${r.rssMb} MB (tree ${r.treeMb} MB, peak ${r.peakMb} MB)`);
      }
      results.push({ scenario, runs: done });
    }
  } finally {
    await pg.drop();
    await rm(embeddedRoot, { recursive: true, force: true });
  }

  const header = ["database", "start → /readyz s (3 runs)", "target", "CPU s to ready", "RSS MB 5 s after ready", "target", "tree MB", "peak MB", "result"];
  let allPass = true;
  const rows = results.map(({ scenario, runs: rs }) => {
    const pass = rs.every((r) => r.readyS < scenario.startTargetS && r.rssMb < scenario.rssTargetMb);
    allPass &&= pass;
    return [
      scenario.name,
      rs.map((r) => r.readyS.toFixed(2)).join(" / "),
      `< ${scenario.startTargetS}`,
      rs.map((r) => r.cpuS.toFixed(2)).join(" / "),
      rs.map((r) => String(r.rssMb)).join(" / "),
      `< ${scenario.rssTargetMb}`,
      rs.map((r) => String(r.treeMb)).join(" / "),
      rs.map((r) => String(r.peakMb)).join(" / "),
      pass ? "PASS" : "FAIL",
    ];
  });
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(" | ")} |`;
  console.log(`\nStart-up and memory of \`${command.join(" ")}\` (local mode), ${runs} runs each\n`);
  console.log(line(header));
  console.log(`|${widths.map((w) => "-".repeat(w + 2)).join("|")}|`);
  for (const r of rows) console.log(line(r));
  console.log(`\n${allPass ? "PASS" : "FAIL"}`);
  process.exitCode = allPass ? 0 : 1;
}

await main();
