// The analysis in a child process of its own (started by runAnalysis.ts): tokenising and clustering
// thousands of comments takes seconds of CPU and hundreds of megabytes.
import { serveChildProcess } from "../childProcess.ts";
import { analyzeComments, type TAnalysisInput } from "./analyzeComments.ts";
import { loadJapaneseTokenizer } from "./japaneseTokenizer.ts";
import { type TAnalysisOptions } from "./listeningTypes.ts";
import type { TAnalysisProgress } from "./runAnalysis.ts";

serveChildProcess(async (input: { comments: TAnalysisInput; options: TAnalysisOptions }, progress: (p: TAnalysisProgress) => void) => {
  const tokenize = await loadJapaneseTokenizer();
  let last = 0;
  return analyzeComments(input.comments, tokenize, input.options, (fraction, stage) => {
    const now = Date.now();
    if (now - last < 250 && fraction < 1) return;
    last = now;
    progress({ fraction, stage });
  });
});
