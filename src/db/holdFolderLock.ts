// One embedded database folder, one process: an exclusive OS lock (flock) held for the life of the
// process that opened the folder. Two PGlite instances on one folder corrupt it and lose what was
// acknowledged (issue 7: two containers sharing /data, each bot PID 1, both opened it — a pid in a
// lock file cannot tell processes of two pid namespaces apart).
//
// Node has no flock, so the lock is held by a small child: `flock` (util-linux) takes it, then runs
// `cat` with its standard input a pipe from this process. The lock lives as long as that child, and
// the child lives as long as this process: when this process ends in any way (kill -9 included) the
// kernel closes the pipe, cat reads end-of-file and exits, and the lock is released with it. The
// lock file's text (pid, host, start time) is only there to name the holder in the refusal.
import { spawn } from "node:child_process";
import { readFile, writeFile } from "node:fs/promises";
import { hostname } from "node:os";
import type { Socket } from "node:net";

export class EmbeddedDatabaseInUseError extends Error {}

export type FolderLock = { file: string; release(): Promise<void> };

type THolder = { pid: number; host: string; startedAt: string };

/** flock's exit status when another process holds the lock (its --conflict-exit-code). */
const CONFLICT = 75;
/**
 * How long to wait for a lock that is held: a process killed a moment ago releases it within
 * milliseconds (its cat reads end-of-file), so a restart right after a crash still starts.
 */
const WAIT_SECONDS = 2;

export async function holdFolderLock(lockFile: string, folder: string): Promise<FolderLock> {
  const child = spawn(
    "flock",
    ["--exclusive", "--wait", String(WAIT_SECONDS), "--conflict-exit-code", String(CONFLICT), lockFile, "sh", "-c", "echo locked; exec cat >/dev/null"],
    { stdio: ["pipe", "pipe", "pipe"] },
  );
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  let stderr = "";
  child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
  const outcome = await new Promise<"locked" | { code: number | null } | { error: Error }>((resolve) => {
    child.stdout.once("data", () => resolve("locked"));
    child.once("error", (error) => resolve({ error }));
    void exited.then((code) => resolve({ code }));
  });
  if (outcome !== "locked") {
    child.stdin.destroy();
    if ("error" in outcome) {
      throw new Error(
        `The embedded database needs the "flock" command (util-linux) to make sure only one process opens ${folder}: ${outcome.error.message}. Install util-linux, or set DATABASE_URL.`,
      );
    }
    if (outcome.code === CONFLICT) throw new EmbeddedDatabaseInUseError(inUseMessage(folder, await readHolder(lockFile)));
    throw new Error(`Could not lock the embedded database folder ${folder} (flock exited with ${outcome.code}): ${stderr.trim()}`);
  }
  // Held. Nothing here may keep the process alive by itself: the bot's own shutdown releases it.
  child.unref();
  for (const stream of [child.stdin, child.stdout, child.stderr]) (stream as unknown as Socket).unref();
  const holder: THolder = { pid: process.pid, host: hostname(), startedAt: new Date().toISOString() };
  await writeFile(lockFile, `${JSON.stringify(holder)}\n`);
  let released: Promise<void> | undefined;
  return {
    file: lockFile,
    // The file itself stays: deleting a lock file lets a waiting process lock the old one while a
    // newcomer locks a new one, and both would open the folder.
    release: () =>
      (released ??= (async () => {
        child.ref(); // wait for it to be gone: the next opener must find the lock free
        child.stdin.end();
        await exited;
      })()),
  };
}

async function readHolder(lockFile: string): Promise<THolder | undefined> {
  try {
    const parsed = JSON.parse(await readFile(lockFile, "utf8")) as Partial<THolder>;
    return typeof parsed.pid === "number" ? { pid: parsed.pid, host: String(parsed.host ?? "?"), startedAt: String(parsed.startedAt ?? "?") } : undefined;
  } catch {
    return undefined; // written by an older version, or being written right now
  }
}

function inUseMessage(folder: string, holder: THolder | undefined): string {
  const who = holder ? `process ${holder.pid} on host ${holder.host} (started ${holder.startedAt})` : "another process";
  return `The embedded database in ${folder} is in use by ${who}. Only one process may open it at a time: stop the bot that uses it first, or set DATABASE_URL to use a PostgreSQL server.`;
}
