// Runs analyzeComments in a child process (analysisProcess.ts, through domain/childProcess.ts) and
// reports its progress: after a worker thread had ended, the bot's process still held about 170 MB
// more than before (4,000 comments); a process that ends gives all of it back.
import { runInChildProcess } from "../childProcess.ts";
import { type TAnalysisInput, type TProgress } from "./analyzeComments.ts";
import { type TAnalysis, type TAnalysisOptions } from "./listeningTypes.ts";

/** signal: aborting stops the work (the bot is shutting down). */
export type TAnalysisRunner = (comments: TAnalysisInput, options: TAnalysisOptions, onProgress: TProgress, signal?: AbortSignal) => Promise<TAnalysis>;

export type TAnalysisProgress = { fraction: number; stage: string };

export const runAnalysisInChildProcess: TAnalysisRunner = (comments, options, onProgress, signal) =>
  runInChildProcess<{ comments: TAnalysisInput; options: TAnalysisOptions }, TAnalysis, TAnalysisProgress>(import.meta.url, "./analysisProcess", { comments, options }, {
    what: "the analysis",
    onProgress: (p) => onProgress(p.fraction, p.stage),
    signal,
    abortMessage: "analysis stopped: the bot is shutting down",
  });
