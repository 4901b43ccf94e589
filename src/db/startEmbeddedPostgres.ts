// The embedded PostgreSQL: PGlite in a local folder, served on a loopback port so that the app
// and the Prisma CLI reach it exactly as they reach a real server (one code path for both).
//
// PGlite and its wire server run in a worker thread (embeddedDatabaseWorker.ts: its own core, so a
// turn's queries do not stop the webhook), and the folder is held under an OS lock for the life of
// this process (holdFolderLock.ts).
import { mkdir, readdir, readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import { Worker } from "node:worker_threads";
import { holdFolderLock } from "./holdFolderLock.ts";
import type { TWorkerData, TWorkerMessage } from "./embeddedDatabaseWorker.ts";

export { EmbeddedDatabaseInUseError } from "./holdFolderLock.ts";
export { PRIORITY_APPLICATION } from "./pgliteWireServer.ts";

/** insertWaitsMs: how long each webhook insert waited for PGlite's session since the last call. */
export type TEmbeddedUsage = { cpuMs: number; heapMb: number; wasmMb: number; insertWaitsMs: number[] };

export type EmbeddedPostgres = {
  url: string;
  /** The database thread's own CPU time so far, its JS heap and PGlite's WebAssembly memory (for the bench). */
  usage(): Promise<TEmbeddedUsage>;
  stop(): Promise<void>;
};

/** Beside the folder, not in it: PGlite owns what is inside. */
export function lockFileFor(dataDir: string): string {
  return path.join(path.dirname(path.resolve(dataDir)), `${path.basename(dataDir)}.lock`);
}

// PGlite's PostgreSQL (9 MB of WebAssembly), compiled once per process and handed to each database
// thread: a compiled module shares its machine code with every thread it is posted to, so a second
// database in the same process (a restart in place, the tests' many databases) neither compiles it
// again nor optimises it again.
let pgliteModule: Promise<WebAssembly.Module> | undefined;
function compiledPglite(): Promise<WebAssembly.Module> {
  const wasm = path.join(path.dirname(createRequire(import.meta.url).resolve("@electric-sql/pglite")), "pglite.wasm");
  return (pgliteModule ??= readFile(wasm).then((bytes) => WebAssembly.compile(bytes)));
}

export type TEmbeddedStartOptions = {
  port?: number;
  /** Fills a new folder (one without a database yet) before PGlite opens it, under the folder's lock. */
  initialize?: (dataDir: string) => Promise<void>;
};

export async function startEmbeddedPostgres(dataDir: string, options: TEmbeddedStartOptions = {}): Promise<EmbeddedPostgres> {
  return (await launchEmbeddedPostgres(dataDir, options)).ready;
}

/**
 * Resolves once the folder is locked and the database thread is started; `ready` resolves when the
 * database answers. In between the calling thread is free: src/main.ts loads the rest of the bot
 * meanwhile (a module import never lets the event loop run, so the steps that need it come first).
 */
export async function launchEmbeddedPostgres(dataDir: string, options: TEmbeddedStartOptions = {}): Promise<{ ready: Promise<EmbeddedPostgres> }> {
  const port = options.port ?? 0;
  await mkdir(dataDir, { recursive: true });
  const lock = await holdFolderLock(lockFileFor(dataDir), dataDir);
  let worker: Worker | undefined;
  const fail = async (err: unknown): Promise<never> => {
    await worker?.terminate();
    await lock.release();
    throw err;
  };
  try {
    if (options.initialize && (await readdir(dataDir)).length === 0) await options.initialize(dataDir);
    // execArgv []: Node strips the worker's types itself; the parent's loaders (tsx, vitest) are not needed there.
    worker = new Worker(new URL("./embeddedDatabaseWorker.ts", import.meta.url), {
      workerData: { dataDir: path.resolve(dataDir), host: "127.0.0.1", port, pgliteWasmModule: await compiledPglite() } satisfies TWorkerData,
      execArgv: [],
    });
  } catch (err) {
    return fail(err);
  }
  const w = worker;
  const ready = (async (): Promise<EmbeddedPostgres> => {
    const starting = new AbortController();
    const answer = await new Promise<TWorkerMessage>((resolve, reject) => {
      w.once("message", resolve);
      const failed = (err: Error) => reject(err);
      const exited = (code: number) => reject(new Error(`the embedded database thread exited while starting (code ${code})`));
      w.once("error", failed);
      w.once("exit", exited);
      starting.signal.addEventListener("abort", () => {
        w.off("error", failed);
        w.off("exit", exited);
      });
    }).finally(() => starting.abort());
    if (!("ready" in answer) || !answer.ready) throw new Error(`The embedded database did not start: ${"error" in answer ? answer.error : "unknown"}`);
    // From here a failing database thread is a failing bot: the 'error' event is left unhandled on
    // purpose, so the process ends and its supervisor restarts it rather than answer 500 forever.
    // (Not removeAllListeners: a Worker's own 'newListener' hooks carry its messages.)
    let stopped: Promise<void> | undefined;
    return {
      url: `postgresql://postgres@127.0.0.1:${answer.port}/postgres`,
      usage: () =>
        new Promise<TEmbeddedUsage>((resolve) => {
          const onUsage = (m: TWorkerMessage) => {
            if (!("usage" in m)) return;
            w.off("message", onUsage);
            resolve(m.usage);
          };
          w.on("message", onUsage);
          w.postMessage({ usage: true });
        }),
      stop: () =>
        (stopped ??= (async () => {
          const done = new Promise<void>((resolve) => {
            w.on("message", (m: TWorkerMessage) => "stopped" in m && resolve());
            w.once("exit", () => resolve());
          });
          w.postMessage({ stop: true });
          await done;
          await w.terminate();
          await lock.release();
        })()),
    };
  })().catch(fail);
  return { ready };
}
