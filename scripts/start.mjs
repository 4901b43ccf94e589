// `npm start`: builds dist/ first when a source is newer than the build (a fresh clone, a pull, an
// edit), then runs the bot from plain JavaScript in this same process. package.json starts it with
// --max-semi-space-size=8 (MB): V8's young generation otherwise grows to 16 MB × 3, about 25 MB
// more of a 150 MB process at rest (4 MB saved another 6 MB but cost about a fifth more CPU per
// webhook event in scavenges, bench/webhook.ts); --heap-growing-percent=50:
// after each full collection V8 lets the heap grow by half of what is live (about 40 MB) instead of
// up to four times it, so a busy bot holds ~200 MB instead of ~300 and an export's or a fan-out's
// peak no longer grows with its size; and --liftoff-only:
// WebAssembly (PGlite's PostgreSQL, Prisma's query compiler) stays on V8's baseline code instead of
// being recompiled when hot, which held about 80 MB more on the embedded database and 15 MB on
// PostgreSQL with no loss of events handled per second (bench/footprint.ts, bench/webhook.ts);
// --expose-gc: for the one collection a second after start (src/main.ts, compactAfterStart).
import { build, isBuildCurrent } from "./build.mjs";

if (!isBuildCurrent()) {
  try {
    const ms = await build();
    console.log(`build: src/ → dist/ in ${(ms / 1000).toFixed(1)} s`);
  } catch (err) {
    console.error(`The bot did not start: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  }
}
await import("../dist/main.js");
