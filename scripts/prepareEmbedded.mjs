// Makes the embedded database's template (src/db/embeddedTemplate.ts) at install, so that the first
// `npm start` on a new folder copies a migrated database instead of running initdb and every
// migration. Run by postinstall after the build; also safe to run by hand. --if-possible: skip,
// saying so, when there is no build (`npm ci --omit=dev`) — the bot then makes it at its first start.
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

const built = fileURLToPath(new URL("../dist/db/embeddedTemplate.js", import.meta.url));
if (!existsSync(built)) {
  if (process.argv.includes("--if-possible")) {
    console.log("embedded database template: no build in dist/; the bot makes it at its first start.");
    process.exit(0);
  }
  console.error("embedded database template: run `npm run build` first.");
  process.exit(1);
}
const started = Date.now();
const { embeddedTemplate } = await import(built);
try {
  const dir = await embeddedTemplate();
  console.log(`embedded database template: ${dir} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
} catch (err) {
  // Not fatal for an install: the bot makes the database at its first start and says what is wrong.
  console.warn(`embedded database template not made: ${err instanceof Error ? err.message : String(err)}`);
}
