// The analysis in a worker thread: tokenising and clustering thousands of comments takes seconds
// of CPU, and the bot's event loop must keep answering residents meanwhile.
import { parentPort, workerData } from "node:worker_threads";
import { analyzeComments, type TAnalysisInput } from "./analyzeComments.ts";
import { loadJapaneseTokenizer } from "./japaneseTokenizer.ts";
import { type TAnalysisOptions } from "./listeningTypes.ts";

const { comments, options } = workerData as { comments: TAnalysisInput; options: TAnalysisOptions };
try {
  const tokenize = await loadJapaneseTokenizer();
  let last = 0;
  const result = await analyzeComments(comments, tokenize, options, (fraction, stage) => {
    const now = Date.now();
    if (now - last < 250 && fraction < 1) return;
    last = now;
    parentPort!.postMessage({ type: "progress", fraction, stage });
  });
  parentPort!.postMessage({ type: "done", result });
} catch (err) {
  parentPort!.postMessage({ type: "error", message: err instanceof Error ? err.message : String(err) });
}
