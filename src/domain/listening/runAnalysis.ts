// Runs analyzeComments in a child process (analysisProcess.ts) and reports its progress.
//
// A process, not a worker thread: the tokenizer's dictionary and the clustering's arrays take
// hundreds of megabytes, and after a worker thread had ended the bot's process still held about
// 170 MB more than before (4,000 comments: glibc keeps what a thread freed). A process that ends
// gives all of it back.
import { fork } from "node:child_process";
import { type TAnalysisInput, type TProgress } from "./analyzeComments.ts";
import { type TAnalysis, type TAnalysisOptions } from "./listeningTypes.ts";

/** signal: aborting stops the work (the bot is shutting down). */
export type TAnalysisRunner = (comments: TAnalysisInput, options: TAnalysisOptions, onProgress: TProgress, signal?: AbortSignal) => Promise<TAnalysis>;

type TAnalysisMessage = { type: "progress"; fraction: number; stage: string } | { type: "done"; result: TAnalysis } | { type: "error"; message: string };

export const runAnalysisInChildProcess: TAnalysisRunner = (comments, options, onProgress, signal) =>
  new Promise<TAnalysis>((resolve, reject) => {
    // Built like the rest: plain JavaScript beside this module when the bot runs from dist/ (npm
    // start, the Dockerfile); from the TypeScript sources (tests, tsx) it loads through tsx.
    const built = import.meta.url.endsWith(".js");
    const child = fork(new URL(built ? "./analysisProcess.js" : "./analysisProcess.ts", import.meta.url), {
      serialization: "advanced",
      execArgv: built ? [] : ["--import", "tsx"],
      stdio: ["ignore", "inherit", "inherit", "ipc"],
    });
    let settled = false;
    const settle = (fn: () => void) => {
      if (settled) return;
      settled = true;
      fn();
    };
    signal?.addEventListener("abort", () => {
      settle(() => reject(new Error("analysis stopped: the bot is shutting down")));
      child.kill("SIGKILL");
    });
    child.on("message", (m: TAnalysisMessage) => {
      if (m.type === "progress") {
        if (!settled) onProgress(m.fraction, m.stage);
      } else if (m.type === "done") settle(() => resolve(m.result));
      else settle(() => reject(new Error(m.message)));
    });
    child.once("error", (err) => settle(() => reject(err)));
    // "close", not "exit": it comes after every message the process sent.
    child.once("close", (code, sig) => settle(() => reject(new Error(`analysis process stopped (${sig ?? `exit code ${code}`})`))));
    child.send({ comments, options });
  });
