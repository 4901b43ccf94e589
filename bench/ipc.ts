// A tiny request/answer protocol over Node's child-process IPC channel. The bench runs each bot in
// its own process so that the load generator (autocannon, in the parent) does not share an event
// loop with the bot it measures; this is how the parent asks a bot to seed, drain, count, close.
import { fork, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";

type Request = { id: number; cmd: string; args?: unknown };
type Answer = { id: number; ok: true; result: unknown } | { id: number; ok: false; error: string };
type Ready = { ready: true; url: string } | { ready: false; error: string };

export type ChildHandle = {
  url: string;
  call<T>(cmd: string, args?: unknown): Promise<T>;
  /** Asks the child to close, then waits for it to exit (kills it if it does not within 30 s). */
  stop(): Promise<void>;
};

/**
 * The Node and V8 flags `npm start` runs the bot with (package.json), so a bench measures the bot as
 * it serves. BENCH_NODE_FLAGS="--flag --other" replaces them, to compare flags before changing npm start.
 */
export function npmStartFlags(): string[] {
  const override = process.env.BENCH_NODE_FLAGS;
  if (override !== undefined) return override.split(/\s+/).filter(Boolean);
  const pkg = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as { scripts: { start: string } };
  return pkg.scripts.start.split(/\s+/).filter((word) => word.startsWith("--"));
}

/** Forks a bench child (a .ts file run with the parent's Node and `--import tsx`) and waits for it to be ready. */
export async function startChild(file: URL, env: Record<string, string>, extraExecArgv: string[] = []): Promise<ChildHandle> {
  const child: ChildProcess = fork(file, [], {
    env: { ...process.env, ...env },
    execArgv: [...process.execArgv, ...extraExecArgv],
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  let nextId = 1;
  const pending = new Map<number, { resolve(v: unknown): void; reject(e: Error): void }>();
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  void exited.then((code) => {
    for (const p of pending.values()) p.reject(new Error(`bench child ${file.pathname} exited (code ${code})`));
    pending.clear();
  });

  const ready = await new Promise<Ready>((resolve, reject) => {
    child.once("message", (m) => resolve(m as Ready));
    void exited.then((code) => reject(new Error(`bench child ${file.pathname} exited before it was ready (code ${code})`)));
  });
  if (!ready.ready) {
    await exited;
    throw new Error(`bench child ${file.pathname} failed to start: ${ready.error}`);
  }
  child.on("message", (m) => {
    const a = m as Answer;
    const p = pending.get(a.id);
    if (!p) return;
    pending.delete(a.id);
    if (a.ok) p.resolve(a.result);
    else p.reject(new Error(a.error));
  });

  const call = <T>(cmd: string, args?: unknown) =>
    new Promise<T>((resolve, reject) => {
      const id = nextId++;
      pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      child.send({ id, cmd, args } satisfies Request);
    });

  return {
    url: ready.url,
    call,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      await call("close").catch(() => undefined);
      const timer = setTimeout(() => child.kill("SIGKILL"), 30_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** Child side: announces readiness, then serves the parent's commands until "close". */
export function serveParent(url: string, handlers: Record<string, (args: unknown) => Promise<unknown>>, close: () => Promise<void>): void {
  const send = (m: Answer | Ready) => process.send!(m);
  process.on("message", (m) => {
    const { id, cmd, args } = m as Request;
    if (cmd === "close") {
      // Answer, then exit (process.exit still lets --cpu-prof write its profile).
      void close().then(
        () => process.send!({ id, ok: true, result: null } satisfies Answer, () => process.exit(0)),
        (err: unknown) => process.send!({ id, ok: false, error: String(err) } satisfies Answer, () => process.exit(1)),
      );
      return;
    }
    const handler = cmd === "cpu" ? cpuMs : handlers[cmd];
    if (!handler) {
      send({ id, ok: false, error: `unknown command ${cmd}` });
      return;
    }
    handler(args).then(
      (result) => send({ id, ok: true, result }),
      (err: unknown) => send({ id, ok: false, error: err instanceof Error ? (err.stack ?? err.message) : String(err) }),
    );
  });
  send({ ready: true, url });
}

/** Built into every child: its own CPU time so far (ms), for bench/cpuSampler.ts. */
async function cpuMs(): Promise<number> {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

/** Child side: reports a start failure to the parent instead of a bare exit code. */
export function reportStartFailure(err: unknown): void {
  process.send?.({ ready: false, error: err instanceof Error ? (err.stack ?? err.message) : String(err) } satisfies Ready, () => process.exit(1));
}
