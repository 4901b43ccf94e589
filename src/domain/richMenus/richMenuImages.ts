// Rich menu images are drawn in a short-lived child process (domain/childProcess.ts), so the bot
// never loads Skia: its bitmaps and fonts are native memory that V8 does not count, and in the
// bot's process they stayed after every apply (about 80 MB, bench/footprint.ts).
import { runInChildProcess } from "../childProcess.ts";
import type { TRichMenuPage } from "./richMenuTypes.ts";

export type TRichMenuImageRequest = { page: TRichMenuPage; language: string };

/** Drawing all pages of a definition takes a few seconds of CPU; past this the drawing is stopped. */
const DRAW_TIMEOUT_MS = 120_000;

/** The PNG of each page in each language asked for, in the same order. */
export async function drawRichMenuImages(requests: TRichMenuImageRequest[]): Promise<Buffer[]> {
  if (requests.length === 0) return [];
  const images = await runInChildProcess<TRichMenuImageRequest[], Uint8Array[]>(import.meta.url, "./drawRichMenuProcess", requests, {
    what: "drawing the rich menu images",
    timeoutMs: DRAW_TIMEOUT_MS,
  });
  return images.map((png) => Buffer.from(png.buffer, png.byteOffset, png.byteLength));
}
