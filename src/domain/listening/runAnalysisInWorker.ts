// Runs analyzeComments in a worker thread (analysisWorker.ts) and reports its progress.
import { Worker } from "node:worker_threads";
import { type TAnalysisInput, type TProgress } from "./analyzeComments.ts";
import { type TAnalysis, type TAnalysisOptions } from "./listeningTypes.ts";

/** signal: aborting stops the work (the bot is shutting down). */
export type TAnalysisRunner = (comments: TAnalysisInput, options: TAnalysisOptions, onProgress: TProgress, signal?: AbortSignal) => Promise<TAnalysis>;

export const runAnalysisInWorker: TAnalysisRunner = (comments, options, onProgress, signal) =>
  new Promise<TAnalysis>((resolve, reject) => {
    // The worker is built like the rest: plain JavaScript beside this module when the bot runs from
    // dist/ (npm start, the Dockerfile); from the TypeScript sources (tests, tsx) it loads through tsx.
    const built = import.meta.url.endsWith(".js");
    const worker = new Worker(new URL(built ? "./analysisWorker.js" : "./analysisWorker.ts", import.meta.url), {
      workerData: { comments, options },
      execArgv: built ? [] : ["--import", "tsx"],
    });
    let settled = false;
    signal?.addEventListener("abort", () => {
      if (!settled) reject(new Error("analysis stopped: the bot is shutting down"));
      settled = true;
      void worker.terminate();
    });
    worker.on("message", (m: { type: "progress"; fraction: number; stage: string } | { type: "done"; result: TAnalysis } | { type: "error"; message: string }) => {
      if (m.type === "progress") onProgress(m.fraction, m.stage);
      else if (m.type === "done") {
        settled = true;
        resolve(m.result);
        void worker.terminate();
      } else {
        settled = true;
        reject(new Error(m.message));
        void worker.terminate();
      }
    });
    worker.on("error", (err) => {
      if (!settled) reject(err);
      settled = true;
    });
    worker.on("exit", (code) => {
      if (!settled) reject(new Error(`analysis worker stopped (exit code ${code})`));
      settled = true;
    });
  });
