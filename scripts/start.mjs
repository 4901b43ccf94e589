// `npm start`: builds dist/ first when a source is newer than the build (a fresh clone, a pull, an
// edit), then runs the bot from plain JavaScript in this same process.
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
