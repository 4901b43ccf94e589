import { readFileSync } from "node:fs";
import { Ajv, type ErrorObject, type ValidateFunction } from "ajv";
import addFormatsModule from "ajv-formats";
import { parse } from "yaml";
import { openApiToJsonSchema } from "./openApiToJsonSchema.ts";

/** One problem in a request or webhook body, located LINE-style: `messages[0].quickReply.items`. */
export interface ContractError {
  property: string;
  message: string;
}

export interface OpenApiSchemas {
  /** The parsed OpenAPI document, for looking up paths and their request bodies. */
  readonly document: Record<string, unknown>;
  /** Validates `value` against `components.schemas[name]` (with discriminators dispatched). */
  validate(name: string, value: unknown): ContractError[];
}

// ajv-formats is CommonJS with `exports.default`; under NodeNext the default import is the module.
const addFormats = addFormatsModule.default;

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
 * Loads an OpenAPI YAML file once per process and compiles validators lazily per schema name.
 * `specUrl` is a file URL (resolve it against `import.meta.url`).
 */
export function loadOpenApiSchemas(specUrl: URL): OpenApiSchemas {
  const key = specUrl.href;
  const cached = cache.get(key);
  if (cached) return cached;

  const document: unknown = parse(readFileSync(specUrl, "utf8"));
  if (!isRecord(document) || !isRecord(document["components"]) || !isRecord(document["components"]["schemas"])) {
    throw new Error(`${key} has no components.schemas`);
  }
  const schemaId = `openapi:${key}`;
  // strict: false because the spec puts `required` beside `allOf` without `type` and similar
  // constructs that are legal JSON Schema but trip Ajv's strict-mode lints.
  const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
  addFormats(ajv, ["uri", "uuid", "date-time"]);
  ajv.addFormat("int32", {
    type: "number",
    validate: (n: number) => Number.isInteger(n) && n >= -(2 ** 31) && n < 2 ** 31,
  });
  ajv.addFormat("int64", { type: "number", validate: (n: number) => Number.isInteger(n) });
  ajv.addFormat("double", { type: "number", validate: () => true });
  ajv.addFormat("binary", true);
  ajv.addSchema(openApiToJsonSchema(document["components"]["schemas"], schemaId));

  const compiled = new Map<string, ValidateFunction>();
  const schemas: OpenApiSchemas = {
    document,
    validate(name, value) {
      let fn = compiled.get(name);
      if (!fn) {
        fn = ajv.compile({ $ref: `${schemaId}#/definitions/${name}` });
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
