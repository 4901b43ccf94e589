// The bot as `npm start` runs it, for the bench children that measure it: the plain JavaScript
// build in dist/ (made first when a source is newer, as npm start does), not the TypeScript
// sources through tsx, whose transforms and source-map lookups are not in a deployed bot.
import { build, isBuildCurrent } from "../scripts/build.mjs";

type TApp = typeof import("../src/app.ts");
type TConfig = typeof import("../src/config.ts");
type TLogger = typeof import("../src/logger.ts");

export async function loadBuiltBot(): Promise<{ startApp: TApp["startApp"]; parseConfig: TConfig["parseConfig"]; createLogger: TLogger["createLogger"] }> {
  if (!isBuildCurrent()) await build();
  // tsx turned source maps on for this process; a deployed bot runs without them.
  process.setSourceMapsEnabled(false);
  const dist = (file: string) => new URL(`../dist/${file}`, import.meta.url).href;
  const [app, config, logger] = (await Promise.all([import(dist("app.js")), import(dist("config.js")), import(dist("logger.js"))])) as [TApp, TConfig, TLogger];
  return { startApp: app.startApp, parseConfig: config.parseConfig, createLogger: logger.createLogger };
}
