// A new embedded database starts as a copy of a migrated template, not from PGlite's initdb.
//
// Why: initdb plus every migration takes about 4–6 s of CPU, and initdb's WebAssembly memory stayed
// in the bot's process for its whole life (a fresh folder served at about 600 MB against 270 MB for
// an existing one, bench/footprint.ts). The template is made once per set of migrations and PGlite
// version — at install (postinstall runs scripts/prepareEmbedded.mjs), else at the first start that
// needs it — in a database thread that then ends and gives its memory back. A new folder is then a
// file copy, and the bot's own check of _prisma_migrations finds nothing pending.
import { createHash } from "node:crypto";
import { cpSync } from "node:fs";
import { mkdir, mkdtemp, readdir, readFile, rename, rm, stat } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { applyMigrations, localMigrations } from "./applyMigrations.ts";
import { launchEmbeddedPostgres, lockFileFor, startEmbeddedPostgres, type EmbeddedPostgres } from "./startEmbeddedPostgres.ts";

const repoRoot = fileURLToPath(new URL("../..", import.meta.url));
/** Beside the installed packages, so `npm ci` starts clean and the Dockerfile can copy it from its build stage. */
export const defaultTemplateRoot = path.join(repoRoot, "node_modules", ".cache", "city-voice");
const PREFIX = "pglite-template-";

let fingerprint: Promise<string> | undefined;

/** Changes with any migration (name or checksum) and with PGlite's version, so a stale template is never used. */
export function templateFingerprint(): Promise<string> {
  // Read once per process: the migrations a running process deploys do not change under it.
  return (fingerprint ??= readFingerprint());
}

async function readFingerprint(): Promise<string> {
  const hash = createHash("sha256");
  const pglite = JSON.parse(await readFile(path.join(repoRoot, "node_modules", "@electric-sql", "pglite", "package.json"), "utf8")) as { version: string };
  hash.update(`pglite ${pglite.version}\n`);
  for (const { name, checksum } of await localMigrations()) hash.update(`${name} ${checksum}\n`);
  return hash.digest("hex").slice(0, 16);
}

const hasCluster = (dir: string) => stat(path.join(dir, "PG_VERSION")).then(() => true, () => false);

/** Makes a migrated database in `dir` (which must not exist yet) in a database thread of its own, stopped after. */
async function buildMigrated(dir: string): Promise<void> {
  const embedded = await startEmbeddedPostgres(dir);
  try {
    await applyMigrations(embedded.url);
  } finally {
    await embedded.stop();
    await rm(lockFileFor(dir), { force: true });
  }
}

/**
 * The template folder for the current migrations, built first if it is missing. Several processes
 * may ask at once: each builds aside and renames into place, and the first rename wins.
 */
export async function embeddedTemplate(root = defaultTemplateRoot): Promise<string> {
  const template = path.join(root, PREFIX + (await templateFingerprint()));
  if (await hasCluster(template)) return template;
  await mkdir(root, { recursive: true });
  const building = await mkdtemp(path.join(root, "building-"));
  try {
    await buildMigrated(building);
    await rename(building, template);
  } catch (err) {
    await rm(building, { recursive: true, force: true });
    if (!(await hasCluster(template))) throw err;
  }
  // Templates of earlier migrations are of no further use.
  for (const name of await readdir(root)) {
    if (name.startsWith(PREFIX) && path.join(root, name) !== template) await rm(path.join(root, name), { recursive: true, force: true });
  }
  return template;
}

/**
 * Fills a new, empty data folder: a copy of the template, or, when the template cannot be kept (a
 * read-only install), a migrated database built beside the folder and moved into it.
 */
export async function initializeFromTemplate(dataDir: string, root = defaultTemplateRoot): Promise<void> {
  let template: string | undefined;
  try {
    template = await embeddedTemplate(root);
  } catch {
    template = undefined;
  }
  if (template) {
    // The synchronous copy is Node's native one, many times faster than the promise API's (the bot is not serving yet).
    cpSync(template, dataDir, { recursive: true });
    return;
  }
  const building = `${path.resolve(dataDir)}.building`;
  await rm(building, { recursive: true, force: true });
  await buildMigrated(building);
  await rm(dataDir, { recursive: true, force: true });
  await rename(building, dataDir);
}

/**
 * The bot's embedded database in dataDir (a folder without one is filled from the template first):
 * resolves once its thread is started, with `ready` for when it answers (launchEmbeddedPostgres).
 */
export function launchEmbeddedDatabase(dataDir: string): Promise<{ ready: Promise<EmbeddedPostgres> }> {
  return launchEmbeddedPostgres(dataDir, { initialize: (dir) => initializeFromTemplate(dir) });
}
