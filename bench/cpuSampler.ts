// Where the machine's CPU went during a load: this process (load generator + LINE stand-in), the
// bot's process, PostgreSQL, and everything else. On a 2-core machine the bot competes with all of
// them, and other people's test runs show up as "other": a result is only comparable when "other"
// is near zero. Linux only (reads /proc); elsewhere the figures are left out.
import { readdirSync, readFileSync } from "node:fs";

const TICK_MS = 10; // USER_HZ is 100 on Linux

type Snapshot = { at: number; machineBusyMs: number; selfMs: number; helperMs: number; childMs: number; postgres: Map<string, number> } | undefined;

/** self: the load generator and the stand-in together (generator and standIn: each of them). */
export type CpuShare = { cores: number; machine: number; self: number; generator: number; standIn: number; bot: number; postgres: number; other: number };

function machineBusyMs(): number {
  const fields = readFileSync("/proc/stat", "utf8").split("\n", 1)[0]!.trim().split(/\s+/).slice(1).map(Number);
  const [user = 0, nice = 0, system = 0, , , irq = 0, softirq = 0, steal = 0] = fields;
  return (user + nice + system + irq + softirq + steal) * TICK_MS;
}

/** CPU ms of every postgres process (server and backends), by pid. */
function postgresByPid(): Map<string, number> {
  const byPid = new Map<string, number>();
  for (const pid of readdirSync("/proc")) {
    if (!/^\d+$/.test(pid)) continue;
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
      const close = stat.lastIndexOf(")");
      if (stat.slice(stat.indexOf("(") + 1, close) !== "postgres") continue;
      const rest = stat.slice(close + 2).split(" ");
      byPid.set(pid, (Number(rest[11]) + Number(rest[12])) * TICK_MS); // utime, stime
    } catch {
      // the process ended between readdir and read
    }
  }
  return byPid;
}

/** A backend that ended between the snapshots takes its time with it: an underestimate, never negative. */
function postgresDeltaMs(before: Map<string, number>, after: Map<string, number>): number {
  let ms = 0;
  for (const [pid, t] of after) ms += t - (before.get(pid) ?? 0);
  return ms;
}

const selfMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

/** Takes a snapshot; childMs is the bot process's own CPU time, helperMs that of the bench's other children (the stand-in), both asked over IPC. */
export function snapshot(childMs: number, helperMs = 0): Snapshot {
  if (process.platform !== "linux") return undefined;
  return { at: performance.now(), machineBusyMs: machineBusyMs(), selfMs: selfMs(), helperMs, childMs, postgres: postgresByPid() };
}

/** Average cores used between two snapshots (1.0 = one core fully busy). */
export function share(before: Snapshot, after: Snapshot, cores: number): CpuShare | undefined {
  if (!before || !after) return undefined;
  const wall = after.at - before.at;
  const c = (ms: number) => ms / wall;
  const machine = c(after.machineBusyMs - before.machineBusyMs);
  const generator = c(after.selfMs - before.selfMs);
  const standIn = c(after.helperMs - before.helperMs);
  const self = generator + standIn;
  const bot = c(after.childMs - before.childMs);
  const postgres = c(postgresDeltaMs(before.postgres, after.postgres));
  return { cores, machine, self, generator, standIn, bot, postgres, other: Math.max(0, machine - self - bot - postgres) };
}
