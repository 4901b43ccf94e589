// The embedded database's own thread: PGlite (PostgreSQL compiled to WASM) and its wire server.
//
// Why a thread: PGlite runs every query synchronously on the event loop that owns it. In the bot's
// own loop, each statement of each turn also stopped the webhook's JavaScript (signature checks,
// acknowledgements) — 21 events/s and a 2.3 s median acknowledgement at 50 connections (issue 7).
// In a worker thread it gets its own core and its own loop, and it still dies with the bot's process
// whatever ends it (kill -9 included): no orphan can keep the folder open. Started by
// startEmbeddedPostgres.ts; loaded by Node's own type stripping, so erasable TypeScript only.
import { parentPort, workerData } from "node:worker_threads";
import { PGlite } from "@electric-sql/pglite";
import { PgliteWireServer } from "./pgliteWireServer.ts";

export type TWorkerData = { dataDir: string; host: string; port: number; pgliteWasmModule?: WebAssembly.Module };
export type TWorkerMessage =
  | { ready: true; port: number }
  | { ready: false; error: string }
  | { stopped: true }
  | { usage: { cpuMs: number; heapMb: number; wasmMb: number; insertWaitsMs: number[] } };

const { dataDir, host, port, pgliteWasmModule } = workerData as TWorkerData;
const SHARED_BUFFERS = "32MB";
const post = (m: TWorkerMessage) => parentPort!.postMessage(m);

try {
  // PostgreSQL's own defaults are sized for a shared server: 128 MB of shared buffers (with 100
  // connections' worth of lock and process tables) all live in this thread's WebAssembly memory and
  // stay resident. One bot on one folder needs far less; the operating system's file cache still
  // holds the rest of the data (bench/footprint.ts).
  const db = await PGlite.create(dataDir, { startParams: [...PGlite.defaultStartParams, "-c", `shared_buffers=${SHARED_BUFFERS}`, "-c", "max_connections=10"], ...(pgliteWasmModule ? { pgliteWasmModule } : {}) });
  const server = new PgliteWireServer(db);
  const actualPort = await server.listen(host, port);
  parentPort!.on("message", (m: { stop?: true; usage?: true }) => {
    if (m.usage) {
      // For the bench: this thread's CPU and JS heap (PGlite's WASM memory is in the process's RSS).
      const cpu = process.threadCpuUsage();
      // PGlite's WebAssembly memory (PostgreSQL's own: shared buffers, caches) is not public API: read where it is, else 0.
      const wasm = (db as unknown as { mod?: { HEAPU8?: Uint8Array } }).mod?.HEAPU8?.byteLength ?? 0;
      const mb = (bytes: number) => bytes / 1024 / 1024;
      post({ usage: { cpuMs: (cpu.user + cpu.system) / 1000, heapMb: mb(process.memoryUsage().heapUsed), wasmMb: mb(wasm), insertWaitsMs: server.takeWaits() } });
      return;
    }
    if (!m.stop) return;
    // Close cleanly: a PGlite folder left open can refuse the next start.
    void (async () => {
      await server.close();
      await db.close();
      post({ stopped: true });
    })();
  });
  post({ ready: true, port: actualPort });
} catch (err) {
  post({ ready: false, error: err instanceof Error ? (err.stack ?? err.message) : String(err) });
}
