import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { Ajv, ErrorObject, ValidateFunction } from "ajv";
import { parse } from "yaml";
import { openApiToJsonSchema } from "./openApiToJsonSchema.ts";

/** One problem in a request or webhook body, located LINE-style: `messages[0].quickReply.items`. */
export interface ContractError {
  property: string;
  message: string;
}

export interface OpenApiSchemas {
  /** The parsed OpenAPI document, for looking up paths and their request bodies (read on first use). */
  readonly document: Record<string, unknown>;
  /** Validates `value` against `components.schemas[name]` (with discriminators dispatched). */
  validate(name: string, value: unknown): ContractError[];
}

// Ajv and ajv-formats are CommonJS: required when a contract is first needed, not at start.
const require = createRequire(import.meta.url);

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** JSON pointer `/messages/0/text` → `messages[0].text` (what LINE puts in `details[].property`). */
export function pointerToProperty(pointer: string): string {
  let out = "";
  for (const raw of pointer.split("/").slice(1)) {
    const segment = raw.replace(/~1/g, "/").replace(/~0/g, "~");
    out += /^\d+$/.test(segment) ? `[${segment}]` : out === "" ? segment : `.${segment}`;
  }
  return out;
}

function joinProperty(base: string, child: string): string {
  return base === "" ? child : `${base}.${child}`;
}

function describe(error: ErrorObject): ContractError {
  const property = pointerToProperty(error.instancePath);
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case "required":
      return { property: joinProperty(property, String(params["missingProperty"])), message: "is required" };
    case "enum": {
      const allowed = Array.isArray(params["allowedValues"]) ? params["allowedValues"].map(String) : [];
      return { property, message: `must be one of: ${allowed.join(", ")}` };
    }
    case "const":
      return { property, message: `must be ${JSON.stringify(params["allowedValue"])}` };
    default:
      return { property, message: error.message ?? error.keyword };
  }
}

const cache = new Map<string, OpenApiSchemas>();

/**
 * The build (scripts/build.mjs) stores each contract parsed, as JSON, beside this module
 * (dist/standin/contracts/<name>.json): parsing LINE's 180 KB of YAML takes about 0.2 s, reading
 * the JSON a few ms. Run from the TypeScript sources (tests), the YAML is parsed.
 */
function readDocument(specUrl: URL): unknown {
  const specPath = fileURLToPath(specUrl);
  const built = fileURLToPath(new URL(`./contracts/${path.basename(specPath, path.extname(specPath))}.json`, import.meta.url));
  try {
    const cached = JSON.parse(readFileSync(built, "utf8")) as { source?: string; document?: unknown };
    // The cache names the file it came from, so a stand-in given another spec never reads it.
    if (cached.source === path.basename(specPath) && cached.document) return cached.document;
  } catch {
    // No build beside this module: parse the YAML.
  }
  return parse(readFileSync(specUrl, "utf8"));
}

/**
 * Loads an OpenAPI YAML file once per process, when it is first needed, and compiles validators
 * lazily per schema name: a start in local mode reads no contract until the bot sends its first
 * message, and compiles only the operations it uses. `specUrl` is a file URL (resolve it against
 * `import.meta.url`).
 */
export function loadOpenApiSchemas(specUrl: URL): OpenApiSchemas {
  const key = specUrl.href;
  const cached = cache.get(key);
  if (cached) return cached;

  const schemaId = `openapi:${key}`;
  let loaded: { document: Record<string, unknown>; ajv: Ajv } | undefined;
  const load = () => {
    if (loaded) return loaded;
    const document = readDocument(specUrl);
    if (!isRecord(document) || !isRecord(document["components"]) || !isRecord(document["components"]["schemas"])) {
      throw new Error(`${key} has no components.schemas`);
    }
    // strict: false because the spec puts `required` beside `allOf` without `type` and similar
    // constructs that are legal JSON Schema but trip Ajv's strict-mode lints.
    const { Ajv: AjvClass } = require("ajv") as typeof import("ajv");
    // ajv-formats has `exports.default`.
    const addFormats = (require("ajv-formats") as typeof import("ajv-formats")).default;
    const ajv: Ajv = new AjvClass({ allErrors: true, strict: false, unicodeRegExp: false });
    addFormats(ajv, ["uri", "uuid", "date-time"]);
    ajv.addFormat("int32", {
      type: "number",
      validate: (n: number) => Number.isInteger(n) && n >= -(2 ** 31) && n < 2 ** 31,
    });
    ajv.addFormat("int64", { type: "number", validate: (n: number) => Number.isInteger(n) });
    ajv.addFormat("double", { type: "number", validate: () => true });
    ajv.addFormat("binary", true);
    ajv.addSchema(openApiToJsonSchema(document["components"]["schemas"], schemaId));
    loaded = { document, ajv };
    return loaded;
  };

  const compiled = new Map<string, ValidateFunction>();
  const schemas: OpenApiSchemas = {
    get document() {
      return load().document;
    },
    validate(name, value) {
      let fn = compiled.get(name);
      if (!fn) {
        fn = load().ajv.compile({ $ref: `${schemaId}#/definitions/${name}` });
        compiled.set(name, fn);
      }
      if (fn(value)) return [];
      const seen = new Set<string>();
      const errors: ContractError[] = [];
      for (const error of fn.errors ?? []) {
        // "must match then schema" only repeats the subtype's own, more precise errors.
        if (error.keyword === "if") continue;
        const described = describe(error);
        const id = `${described.property}\u0000${described.message}`;
        if (seen.has(id)) continue;
        seen.add(id);
        errors.push(described);
      }
      return errors;
    },
  };
  cache.set(key, schemas);
  return schemas;
}
