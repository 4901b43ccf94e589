// The bot as its own process (src/main.ts), for tests of what only separate processes show:
// a kill right after acknowledging, several processes on one database.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import { createServer } from "node:net";

export function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, "127.0.0.1", () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

export type TStartBotOptions = {
  timeoutMs?: number;
  /**
   * Runs the bot as PID 1 of a new pid namespace (`unshare --pid --fork`), as in a container; the
   * returned process is then unshare's: signal the bot itself (`botPid`).
   */
  pidNamespace?: boolean;
};

/** Starts the bot with this environment; resolves once it says where it listens. */
export async function startBot(env: Record<string, string>, options: TStartBotOptions = {}): Promise<ChildProcess> {
  const command = [process.execPath, "--import", "tsx", "src/main.ts"];
  if (options.pidNamespace) command.unshift("unshare", "--pid", "--fork", "--kill-child");
  const child = spawn(command[0]!, command.slice(1), { env: { ...process.env, RICH_MENUS: "off", ...env }, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout!.on("data", (d: Buffer) => (output += d.toString()));
  child.stderr!.on("data", (d: Buffer) => (output += d.toString()));
  // Generous: the machine may be busy.
  const deadline = Date.now() + (options.timeoutMs ?? 90_000);
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`bot exited: ${output}`);
    if (/LINE webhook:|Chat simulator:/.test(output)) return child;
    await new Promise((r) => setTimeout(r, 50));
  }
  child.kill("SIGKILL");
  throw new Error(`bot did not start: ${output}`);
}

/** Stops the bot as an operator would (SIGTERM) and waits for it to exit. */
export async function stopBot(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once("exit", r));
  const pid = botPid(child);
  const signal = (s: NodeJS.Signals) => {
    try {
      process.kill(pid, s);
    } catch {
      // already gone
    }
  };
  signal("SIGTERM");
  const timer = setTimeout(() => signal("SIGKILL"), 10_000);
  await exited;
  clearTimeout(timer);
}

/** Whether this machine lets the tests make pid namespaces (root, or user namespaces allowed). */
export function canUsePidNamespaces(): boolean {
  return spawnSync("unshare", ["--pid", "--fork", "true"], { stdio: "ignore" }).status === 0;
}

/** The bot's own pid as this process sees it (the child of unshare in a pid namespace). */
export function botPid(child: ChildProcess): number {
  if (child.spawnfile !== "unshare") return child.pid!;
  let children = "";
  try {
    children = readFileSync(`/proc/${child.pid}/task/${child.pid}/children`, "utf8").trim();
  } catch {
    // unshare has exited
  }
  const pid = Number(children.split(/\s+/)[0]);
  // Never 0 or NaN: process.kill(0) would signal this whole process group.
  return Number.isInteger(pid) && pid > 0 ? pid : child.pid!;
}
