// Rich menu images are drawn in a short-lived child process, not in the bot's own. Skia's bitmaps
// and fonts are native memory that V8 does not count, so in the bot's process they stayed until a
// garbage collection its small JavaScript heap never asked for: about 80 MB more resident memory
// after every apply, and a few seconds of drawing that held up webhooks (bench/footprint.ts). A
// process that ends gives all of it back, and the bot never loads Skia at all.
import { fork } from "node:child_process";
import type { TRichMenuPage } from "./richMenuTypes.ts";

export type TRichMenuImageRequest = { page: TRichMenuPage; language: string };
export type TRichMenuImageAnswer = { images: Uint8Array[] } | { error: string };

/** Drawing all pages of a definition takes a few seconds of CPU; past this the drawing is stopped. */
const DRAW_TIMEOUT_MS = 120_000;

/** The PNG of each page in each language asked for, in the same order. */
export function drawRichMenuImages(requests: TRichMenuImageRequest[]): Promise<Buffer[]> {
  if (requests.length === 0) return Promise.resolve([]);
  // Plain JavaScript beside this module when the bot runs from dist/; from the sources (tests, tsx)
  // Node strips the types itself.
  const built = import.meta.url.endsWith(".js");
  const child = fork(new URL(built ? "./drawRichMenuProcess.js" : "./drawRichMenuProcess.ts", import.meta.url), {
    serialization: "advanced",
    execArgv: [],
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  return new Promise<Buffer[]>((resolve, reject) => {
    let settled = false;
    const settle = (fn: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      fn();
    };
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      settle(() => reject(new Error(`drawing the rich menu images took over ${DRAW_TIMEOUT_MS / 1000} s`)));
    }, DRAW_TIMEOUT_MS);
    child.once("message", (answer: TRichMenuImageAnswer) => {
      if ("images" in answer) settle(() => resolve(answer.images.map((png) => Buffer.from(png.buffer, png.byteOffset, png.byteLength))));
      else settle(() => reject(new Error(answer.error)));
    });
    child.once("error", (err) => settle(() => reject(err)));
    child.once("exit", (code, signal) => settle(() => reject(new Error(`the rich menu drawing process stopped (${signal ?? `exit code ${code}`})`))));
    child.send(requests);
  });
}
