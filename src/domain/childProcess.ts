// Work that takes much memory for a while (drawing rich menu images, analysing comments) runs in a
// child process of its own, not in the bot's process or a worker thread: native and WebAssembly-side
// memory that V8 does not count stayed in the bot after the work (80 MB after a rich menu apply,
// 170 MB after an analysis of 4,000 comments); a process that ends gives all of it back, and its CPU
// never holds up a webhook. One protocol for every such child: the parent sends the input, the child
// sends progress, then the result or the error, and ends.
import { fork } from "node:child_process";

type TChildMessage<TResult> = { type: "progress"; progress: unknown } | { type: "done"; result: TResult } | { type: "error"; message: string };

export type TChildProcessOptions<TProgress> = {
  /** What the child does, for the errors staff may read ("drawing the rich menu images"). */
  what: string;
  onProgress?: (progress: TProgress) => void;
  /** Aborting kills the child; the promise rejects with this message (or a default). */
  signal?: AbortSignal;
  abortMessage?: string;
  /** Past this the child is killed and the promise rejects. */
  timeoutMs?: number;
};

/**
 * Runs the child module `name` (e.g. "./analysisProcess") beside `callerUrl` (the caller's
 * import.meta.url): its .js build when the caller runs from dist/, else its TypeScript source through tsx.
 */
export function runInChildProcess<TInput, TResult, TProgress = never>(
  callerUrl: string,
  name: string,
  input: TInput,
  options: TChildProcessOptions<TProgress>,
): Promise<TResult> {
  const built = callerUrl.endsWith(".js");
  const child = fork(new URL(`${name}.${built ? "js" : "ts"}`, callerUrl), {
    serialization: "advanced",
    execArgv: built ? [] : ["--import", "tsx"],
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  return new Promise<TResult>((resolve, reject) => {
    let settled = false;
    const settle = (fn: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      fn();
    };
    const timer = options.timeoutMs
      ? setTimeout(() => {
          settle(() => reject(new Error(`${options.what} took over ${options.timeoutMs! / 1000} s and was stopped`)));
          child.kill("SIGKILL");
        }, options.timeoutMs)
      : undefined;
    options.signal?.addEventListener("abort", () => {
      settle(() => reject(new Error(options.abortMessage ?? `${options.what} was stopped`)));
      child.kill("SIGKILL");
    });
    child.on("message", (m: TChildMessage<TResult>) => {
      if (m.type === "progress") {
        if (!settled) options.onProgress?.(m.progress as TProgress);
      } else if (m.type === "done") settle(() => resolve(m.result));
      else settle(() => reject(new Error(m.message)));
    });
    child.once("error", (err) => settle(() => reject(err)));
    // "close", not "exit": it comes after every message the child sent.
    child.once("close", (code, signal) => settle(() => reject(new Error(`${options.what} stopped (${signal ?? `exit code ${code}`})`))));
    child.send(input as object);
  });
}

/** The child's side: answers the one input it is sent with `work`'s result (or its error), then ends. */
export function serveChildProcess<TInput, TResult, TProgress = never>(work: (input: TInput, progress: (p: TProgress) => void) => Promise<TResult> | TResult): void {
  const send = (m: TChildMessage<TResult>) => new Promise<void>((resolve) => process.send!(m, () => resolve()));
  process.once("message", (input: TInput) => {
    void (async () => {
      try {
        await send({ type: "done", result: await work(input, (progress) => void send({ type: "progress", progress })) });
      } catch (err) {
        await send({ type: "error", message: err instanceof Error ? err.message : String(err) });
      }
      process.disconnect();
    })();
  });
}
