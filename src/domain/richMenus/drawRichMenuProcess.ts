// The child process that draws rich menu images (started by richMenuImages.ts): it receives the
// pages and languages to draw, sends back one PNG each or the error, and exits. Loaded by Node's own
// type stripping when run from the sources, so erasable TypeScript only.
import { drawRichMenu } from "./drawRichMenu.ts";
import type { TRichMenuImageAnswer, TRichMenuImageRequest } from "./richMenuImages.ts";

process.once("message", (requests: TRichMenuImageRequest[]) => {
  let answer: TRichMenuImageAnswer;
  try {
    answer = { images: requests.map((r) => drawRichMenu(r.page, r.language)) };
  } catch (err) {
    answer = { error: err instanceof Error ? err.message : String(err) };
  }
  process.send!(answer, () => process.disconnect());
});
