// Builds src/ into plain JavaScript in dist/ (tsc with tsconfig.build.json, plus the files that are
// not TypeScript: the console, the simulator page, the migrate preload), so that the bot starts
// without compiling TypeScript. Run by `npm install` (postinstall), by `npm start` when a source is
// newer than the build, and by the Dockerfile.
//
//   node scripts/build.mjs             build
//   node scripts/build.mjs --if-needed build only when dist/ is missing or older than a source
//   node scripts/build.mjs --if-possible  as --if-needed, but say so and go on when TypeScript is
//                                      not installed (`npm ci --omit=dev`: the build comes from elsewhere)
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const dist = path.join(root, "dist");
const stamp = path.join(dist, ".built");
const tsc = path.join(root, "node_modules", "typescript", "bin", "tsc");
/** What the build is made of: a change to any of them makes dist/ out of date. */
const inputs = ["src", "vendor/line-openapi", "tsconfig.json", "tsconfig.build.json"];

function newestInput() {
  let newest = 0;
  const visit = (p) => {
    const s = statSync(p, { throwIfNoEntry: false });
    if (!s) return;
    if (s.isDirectory()) {
      for (const name of readdirSync(p)) visit(path.join(p, name));
    } else if (!p.endsWith(".test.ts")) {
      newest = Math.max(newest, s.mtimeMs);
    }
  };
  for (const i of inputs) visit(path.join(root, i));
  return newest;
}

/** True when dist/ holds a build of the current sources. */
export function isBuildCurrent() {
  const built = statSync(stamp, { throwIfNoEntry: false });
  return Boolean(built) && built.mtimeMs >= newestInput();
}

/** Copies the files under src/ that tsc does not emit (HTML, CSS, browser JavaScript, .mjs). */
function copyAssets(from, to) {
  for (const entry of readdirSync(from, { withFileTypes: true })) {
    const source = path.join(from, entry.name);
    const target = path.join(to, entry.name);
    if (entry.isDirectory()) copyAssets(source, target);
    else if (!entry.name.endsWith(".ts")) cpSync(source, target);
  }
}

/**
 * Files Node loads as TypeScript itself at run time (its own type stripping), not through the
 * build: the embedded database's worker thread (src/db/startEmbeddedPostgres.ts starts
 * ./embeddedDatabaseWorker.ts). They are copied as they are, with the .ts files they import.
 */
const RUN_AS_TYPESCRIPT = ["db/embeddedDatabaseWorker.ts"];

function copyTypeScriptEntries(to) {
  const pending = [...RUN_AS_TYPESCRIPT];
  const done = new Set();
  while (pending.length > 0) {
    const file = pending.pop();
    if (done.has(file)) continue;
    done.add(file);
    const source = path.join(root, "src", file);
    mkdirSync(path.dirname(path.join(to, file)), { recursive: true });
    cpSync(source, path.join(to, file));
    for (const [, spec] of readFileSync(source, "utf8").matchAll(/from\s+"(\.{1,2}\/[^"]+\.ts)"/g)) {
      pending.push(path.normalize(path.join(path.dirname(file), spec)));
    }
  }
}

/** LINE's contracts, parsed once here: the stand-in reads JSON instead of 200 KB of YAML (src/standin/loadOpenApiSchemas.ts). */
async function writeContracts(to) {
  const { parse } = await import("yaml");
  const dir = path.join(to, "standin", "contracts");
  mkdirSync(dir, { recursive: true });
  const vendor = path.join(root, "vendor", "line-openapi");
  for (const name of readdirSync(vendor).filter((n) => n.endsWith(".yml"))) {
    const document = parse(readFileSync(path.join(vendor, name), "utf8"));
    writeFileSync(path.join(dir, `${path.basename(name, ".yml")}.json`), JSON.stringify({ source: name, document }));
  }
}

/**
 * Prisma's generated client loads its query compiler from a 2.6 MB base64 string in a JavaScript
 * module, and that module's source and the string stay in the bot's heap for its whole life (about
 * 5 MB of a 150 MB bot). The build decodes it once into a .wasm file beside the built client, which
 * then reads that file. If Prisma's generated code ever changes shape, the build says so and keeps it.
 */
async function loadQueryCompilerFromFile(to) {
  const client = path.join(to, "generated", "prisma", "internal", "class.js");
  const code = readFileSync(client, "utf8");
  const loader = /const \{ wasm \} = await import\("@prisma\/client\/runtime\/(query_compiler_bg\.postgresql)\.wasm-base64\.mjs"\);\s*return await decodeBase64AsWasm\(wasm\);/;
  const found = loader.exec(code);
  if (!found) {
    console.warn("build: Prisma's query compiler loader has changed shape; it stays as generated (base64 in the heap).");
    return;
  }
  const { wasm } = await import(`@prisma/client/runtime/${found[1]}.wasm-base64.mjs`);
  writeFileSync(path.join(path.dirname(client), `${found[1]}.wasm`), Buffer.from(wasm, "base64"));
  const fromFile = `const { readFile } = await import("node:fs/promises");\n        return new WebAssembly.Module(await readFile(new URL("./${found[1]}.wasm", import.meta.url)));`;
  writeFileSync(client, code.replace(loader, fromFile));
}

export async function build() {
  if (!existsSync(tsc)) throw new Error("TypeScript is not installed (npm ci --omit=dev?): run `npm install`, then `npm run build`.");
  if (!existsSync(path.join(root, "src", "generated", "prisma", "client.ts"))) {
    throw new Error("The Prisma client is not generated: run `npx prisma generate` (npm install does it).");
  }
  const started = Date.now();
  // Built beside dist/ and swapped in whole: a start running at the same moment sees the old or the new build.
  const next = `${dist}.${process.pid}`;
  rmSync(next, { recursive: true, force: true });
  const result = spawnSync(process.execPath, [tsc, "-p", path.join(root, "tsconfig.build.json"), "--outDir", next], { cwd: root, stdio: "inherit" });
  if (result.status !== 0) {
    rmSync(next, { recursive: true, force: true });
    throw new Error(`tsc failed (exit ${result.status})`);
  }
  copyAssets(path.join(root, "src"), next);
  copyTypeScriptEntries(next);
  await writeContracts(next);
  await loadQueryCompilerFromFile(next);
  writeFileSync(path.join(next, ".built"), `${new Date().toISOString()}\n`);
  const old = `${dist}.old.${process.pid}`;
  if (existsSync(dist)) renameSync(dist, old);
  renameSync(next, dist);
  rmSync(old, { recursive: true, force: true });
  return Date.now() - started;
}

const isMain = process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isMain) {
  const ifNeeded = process.argv.includes("--if-needed") || process.argv.includes("--if-possible");
  try {
    if (ifNeeded && isBuildCurrent()) process.exit(0);
    if (process.argv.includes("--if-possible") && !existsSync(tsc)) {
      console.log("build: TypeScript is not installed; skipping (dist/ must come from a build).");
      process.exit(0);
    }
    const ms = await build();
    console.log(`build: src/ → dist/ in ${(ms / 1000).toFixed(1)} s`);
  } catch (err) {
    console.error(`build: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  }
}
