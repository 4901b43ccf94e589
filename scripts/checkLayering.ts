// The layering check (`npm run layering:check`, part of `npm test`): reads every import in src/
// with the TypeScript compiler's parser and fails on one that runs against the layers README's
// Development section describes. Prints `file:line imports X: rule` for each.
//
// Tests (*.test.ts) are not checked: they may set a layer up with another's parts.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";

/** kind "spells": a literal of a table or format another file owns. */
export type TViolation = { file: string; line: number; kind: "imports" | "spells"; imported: string; rule: string };

type TLayerName = "composition" | "shared" | "config" | "engine" | "store" | "domain" | "runner" | "edge";
type TLayer = { name: TLayerName; label: string; paths: readonly string[]; may: readonly TLayerName[]; rule: string };

/** The edges: each talks to the outside world (HTTP, LINE, the clock, the command line) and none to another. */
export const EDGES = ["admin", "line", "standin", "scheduler", "cli", "publicPages", "http"] as const;

// Paths are relative to src/, with "/" at the end for a folder.
const LAYERS: readonly TLayer[] = [
  { name: "composition", label: "the composition root", paths: ["app.ts", "main.ts"], may: ["composition", "shared", "config", "engine", "store", "domain", "runner", "edge"], rule: "" },
  { name: "shared", label: "errors.ts, logger.ts and tokyoTime.ts", paths: ["errors.ts", "logger.ts", "tokyoTime.ts"], may: ["shared"], rule: "errors.ts, logger.ts and tokyoTime.ts import nothing of src/ but each other" },
  { name: "config", label: "config.ts", paths: ["config.ts"], may: ["shared"], rule: "config.ts imports only errors.ts and logger.ts" },
  { name: "engine", label: "the flow engine", paths: ["flows/"], may: ["engine"], rule: "the flow engine (src/flows) imports only itself, src/errors.ts and src/tokyoTime.ts" },
  { name: "store", label: "the store", paths: ["db/", "generated/"], may: ["store", "shared"], rule: "the store (src/db) imports only itself, errors.ts and logger.ts" },
  { name: "domain", label: "the domain", paths: ["domain/"], may: ["domain", "engine", "store", "shared"], rule: "the domain imports only the domain, the flow engine, the store, errors.ts and logger.ts (no edge, not the conversation runner)" },
  { name: "runner", label: "the conversation runner", paths: ["conversation/"], may: ["runner", "domain", "engine", "store", "shared"], rule: "the conversation runner imports only itself, the domain, the flow engine, the store, errors.ts and logger.ts (no edge)" },
  { name: "edge", label: "an edge", paths: EDGES.map((e) => `${e}/`), may: ["runner", "domain", "engine", "store", "shared", "config"], rule: "an edge imports only itself, the conversation runner, the domain, the flow engine, the store, errors.ts, logger.ts and config.ts (never another edge)" },
];

/** The files of src/ the engine may import besides its own: leaves that do no I/O. */
const ENGINE_ALSO = ["errors.ts", "tokyoTime.ts"];

/** Packages of the outside world: only the composition root and the edges may use them. */
const EDGE_PACKAGES = ["express", "@line/bot-sdk", "undici", "node-cron", "ajv", "ajv-formats"];

/** Tables and wire formats with one owner: no other file of src/ may spell them. */
const OWNERS: readonly { owner: string; what: string; matches(literal: string): boolean; matchesProperty?: string; except?: readonly string[] }[] = [
  {
    owner: "line/InboundEventStore.ts",
    what: 'the InboundEvent table (the LINE edge\'s store of webhook events; the runner reaches it through conversation/inbox.ts)',
    matches: (text) => text.includes('"InboundEvent"'),
    matchesProperty: "inboundEvent",
  },
  {
    owner: "flows/postback.ts",
    what: "the postback format (flow=, tab=, c=&s=&v=): encode and decode it with flows/postback.ts",
    matches: (text) => /^(flow|tab|c)=/.test(text),
    // The console runs in the browser and cannot import it; it only shows staff what to put on a button.
    except: ["admin/console/"],
  },
];

function layerOf(relative: string): TLayer | undefined {
  return LAYERS.find((l) => l.paths.some((p) => (p.endsWith("/") ? relative.startsWith(p) : relative === p)));
}

function edgeOf(relative: string): string | undefined {
  return EDGES.find((e) => relative.startsWith(`${e}/`));
}

const CODE = /\.(ts|mts|js|mjs)$/;

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === "generated" || entry.name === "node_modules" ? [] : filesUnder(full);
    return CODE.test(entry.name) && !entry.name.endsWith(".d.ts") && !/\.test\.[mc]?[jt]s$/.test(entry.name) ? [full] : [];
  });
}

/** url: a file handed to a worker or a child process, which may lie outside src/ (a CLI's script). */
type TReference = { specifier: string; line: number; url?: boolean };
type TLiteral = { text: string; line: number };

/** Every module a file reaches: import/export … from, import(), require(), and new URL("./x.ts", import.meta.url) (workers). */
function readFile(file: string): { references: TReference[]; literals: TLiteral[]; properties: TLiteral[] } {
  const source = ts.createSourceFile(file, readFileSync(file, "utf8"), ts.ScriptTarget.Latest, true, file.endsWith("js") ? ts.ScriptKind.JS : ts.ScriptKind.TS);
  const references: TReference[] = [];
  const literals: TLiteral[] = [];
  const properties: TLiteral[] = [];
  const lineOf = (node: ts.Node) => source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1;
  const visit = (node: ts.Node): void => {
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      references.push({ specifier: node.moduleSpecifier.text, line: lineOf(node) });
    } else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference) && ts.isStringLiteral(node.moduleReference.expression)) {
      references.push({ specifier: node.moduleReference.expression.text, line: lineOf(node) });
    } else if (ts.isCallExpression(node) && node.arguments.length > 0 && ts.isStringLiteralLike(node.arguments[0]!)) {
      const callee = node.expression;
      if (callee.kind === ts.SyntaxKind.ImportKeyword || (ts.isIdentifier(callee) && callee.text === "require")) {
        references.push({ specifier: (node.arguments[0] as ts.StringLiteralLike).text, line: lineOf(node) });
      }
    } else if (ts.isNewExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === "URL" && node.arguments?.length === 2) {
      const [first, second] = node.arguments;
      if (ts.isStringLiteralLike(first!) && CODE.test(first.text) && first.text.startsWith(".") && second!.getText(source) === "import.meta.url") {
        references.push({ specifier: first.text, line: lineOf(node), url: true });
      }
    }
    if (ts.isStringLiteralLike(node)) literals.push({ text: node.text, line: lineOf(node) });
    else if (ts.isTemplateExpression(node)) literals.push({ text: node.head.text, line: lineOf(node) });
    if (ts.isPropertyAccessExpression(node)) properties.push({ text: node.name.text, line: lineOf(node.name) });
    ts.forEachChild(node, visit);
  };
  visit(source);
  return { references, literals, properties };
}

const packageName = (specifier: string) => specifier.split("/").slice(0, specifier.startsWith("@") ? 2 : 1).join("/");

/** The violations of the layering in `srcDir` (a project's src/). Paths in them are relative to its parent. */
export function checkLayering(srcDir: string): TViolation[] {
  const root = path.dirname(srcDir);
  const shown = (file: string) => path.relative(root, file).split(path.sep).join("/");
  const violations: TViolation[] = [];
  for (const file of filesUnder(srcDir)) {
    const relative = path.relative(srcDir, file).split(path.sep).join("/");
    const layer = layerOf(relative);
    if (!layer) {
      violations.push({ file: shown(file), line: 1, kind: "imports", imported: "-", rule: `src/${relative} is in no layer: put it in one of them, or add its folder to scripts/checkLayering.ts and README's Development section` });
      continue;
    }
    const { references, literals, properties } = readFile(file);
    for (const { specifier, line, url } of references) {
      if (!specifier.startsWith(".")) {
        const name = packageName(specifier);
        if (layer.name !== "composition" && layer.name !== "edge" && EDGE_PACKAGES.includes(name)) {
          violations.push({ file: shown(file), line, kind: "imports", imported: name, rule: `${layer.label} knows nothing of ${name}: only the composition root and the edges use it` });
        }
        continue;
      }
      const target = path.relative(srcDir, path.resolve(path.dirname(file), specifier)).split(path.sep).join("/");
      if (target.startsWith("..")) {
        if (url) continue;
        violations.push({ file: shown(file), line, kind: "imports", imported: specifier, rule: "src/ imports nothing from outside src/" });
        continue;
      }
      const targetLayer = layerOf(target);
      let allowed: boolean;
      if (!targetLayer) allowed = false;
      else if (layer.name === "engine") allowed = targetLayer.name === "engine" || ENGINE_ALSO.includes(target);
      else if (layer.name === "edge" && targetLayer.name === "edge") allowed = edgeOf(relative) === edgeOf(target);
      else allowed = layer.may.includes(targetLayer.name);
      if (!allowed) violations.push({ file: shown(file), line, kind: "imports", imported: `src/${target}`, rule: layer.rule });
    }
    for (const owned of OWNERS) {
      if (relative === owned.owner || owned.except?.some((p) => relative.startsWith(p))) continue;
      const hits = [...literals.filter((l) => owned.matches(l.text)), ...properties.filter((p) => p.text === owned.matchesProperty)];
      for (const hit of hits) violations.push({ file: shown(file), line: hit.line, kind: "spells", imported: JSON.stringify(hit.text.slice(0, 40)), rule: `only src/${owned.owner} spells ${owned.what}` });
    }
  }
  return violations.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line);
}

export const formatViolation = (v: TViolation) => `${v.file}:${v.line} ${v.kind} ${v.imported}: ${v.rule}`;

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const srcDir = path.resolve(process.argv[2] ?? path.join(path.dirname(fileURLToPath(import.meta.url)), "..", "src"));
  const violations = checkLayering(srcDir);
  for (const v of violations) console.error(formatViolation(v));
  if (violations.length > 0) {
    console.error(`\n${violations.length} import(s) against the layering (README.md, Development: the layers).`);
    process.exit(1);
  }
  console.log("layering: every import in src/ keeps to its layer");
}
