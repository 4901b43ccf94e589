// The analysis in a child process of its own (started by runAnalysis.ts): tokenising and clustering
// thousands of comments takes seconds of CPU, and the bot's event loop must keep answering
// residents meanwhile. Receives the comments and options, sends progress, then the result or the error.
import { analyzeComments, type TAnalysisInput } from "./analyzeComments.ts";
import { loadJapaneseTokenizer } from "./japaneseTokenizer.ts";
import { type TAnalysisOptions } from "./listeningTypes.ts";

process.once("message", (input: { comments: TAnalysisInput; options: TAnalysisOptions }) => {
  void (async () => {
    const send = (m: unknown) => new Promise<void>((resolve) => process.send!(m, () => resolve()));
    try {
      const tokenize = await loadJapaneseTokenizer();
      let last = 0;
      const result = await analyzeComments(input.comments, tokenize, input.options, (fraction, stage) => {
        const now = Date.now();
        if (now - last < 250 && fraction < 1) return;
        last = now;
        void send({ type: "progress", fraction, stage });
      });
      await send({ type: "done", result });
    } catch (err) {
      await send({ type: "error", message: err instanceof Error ? err.message : String(err) });
    }
    process.disconnect();
  })();
});
