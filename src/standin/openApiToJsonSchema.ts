/**
 * Turns the `components.schemas` of an OpenAPI 3.0 document into one JSON Schema (draft-07)
 * document that Ajv can compile, with `definitions/<Name>` for every component.
 *
 * What needs translating (LINE's specs use all of it):
 * - `discriminator.mapping`: Ajv has no support for mappings. A base schema such as `Message`
 *   is replaced by a dispatcher that requires the discriminator property, lists the allowed
 *   values, and applies the mapped subtype through an if/then chain. The subtypes themselves say
 *   `allOf: [{ $ref: Message }, {...}]`; those references must reach the plain base (kept as
 *   `Message__base`), otherwise the subtype would dispatch to itself forever.
 * - `nullable: true` becomes a `null` member of `type`.
 * - annotations Ajv does not know (`example`, `externalDocs`, `x-*`, ...) are dropped, and
 *   formats other than the ones we register are dropped (the spec has `format: "^[0-9]{8}$"`).
 *
 * Only schema-valued keywords are walked: a property may be *named* `oneOf` (LINE's demographic
 * filters have one), so `properties` keys are never interpreted as keywords.
 */

export type JsonSchema = { [keyword: string]: unknown };

export const BASE_SUFFIX = "__base";
export const KNOWN_FORMATS = new Set(["uri", "uuid", "date-time", "int32", "int64", "double", "binary"]);

const COMPONENT_REF = "#/components/schemas/";
const DROPPED_KEYWORDS = new Set([
  "discriminator",
  "example",
  "examples",
  "externalDocs",
  "xml",
  "nullable",
  "deprecated",
  "readOnly",
  "writeOnly",
]);

interface Discriminator {
  propertyName: string;
  mapping: Record<string, string>;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function componentName(ref: string): string {
  if (!ref.startsWith(COMPONENT_REF)) throw new Error(`Unsupported $ref ${ref}`);
  return ref.slice(COMPONENT_REF.length);
}

function readDiscriminator(schema: Record<string, unknown>): Discriminator | undefined {
  const d = schema["discriminator"];
  if (!isRecord(d) || typeof d["propertyName"] !== "string" || !isRecord(d["mapping"])) return undefined;
  const mapping: Record<string, string> = {};
  for (const [value, ref] of Object.entries(d["mapping"])) {
    if (typeof ref === "string") mapping[value] = componentName(ref);
  }
  return { propertyName: d["propertyName"], mapping };
}

export function openApiToJsonSchema(components: Record<string, unknown>, id: string): JsonSchema {
  const discriminators = new Map<string, Discriminator>();
  for (const [name, schema] of Object.entries(components)) {
    if (!isRecord(schema)) continue;
    const d = readDiscriminator(schema);
    if (d && Object.keys(d.mapping).length > 0) discriminators.set(name, d);
  }
  // subtype name -> the bases whose mapping lists it
  const parentsOf = new Map<string, Set<string>>();
  for (const [base, d] of discriminators) {
    for (const subtype of Object.values(d.mapping)) {
      const set = parentsOf.get(subtype) ?? new Set<string>();
      set.add(base);
      parentsOf.set(subtype, set);
    }
  }

  const refTo = (name: string): JsonSchema => ({ $ref: `#/definitions/${name}` });

  const convert = (node: unknown, ownParents: ReadonlySet<string> | undefined): unknown => {
    if (!isRecord(node)) return node;
    const out: JsonSchema = {};
    for (const [key, value] of Object.entries(node)) {
      if (DROPPED_KEYWORDS.has(key) || key.startsWith("x-")) continue;
      switch (key) {
        case "$ref": {
          if (typeof value !== "string") throw new Error("$ref must be a string");
          out[key] = `#/definitions/${componentName(value)}`;
          break;
        }
        case "properties":
        case "patternProperties":
        case "definitions": {
          const props: JsonSchema = {};
          if (isRecord(value)) {
            for (const [prop, sub] of Object.entries(value)) props[prop] = convert(sub, undefined);
          }
          out[key] = props;
          break;
        }
        case "allOf": {
          // Only the top-level allOf of a mapped subtype may reach its base undispatched.
          out[key] = Array.isArray(value)
            ? value.map((sub) => {
                if (isRecord(sub) && typeof sub["$ref"] === "string" && ownParents) {
                  const target = componentName(sub["$ref"]);
                  if (ownParents.has(target)) return refTo(target + BASE_SUFFIX);
                }
                return convert(sub, undefined);
              })
            : value;
          break;
        }
        case "anyOf":
        case "oneOf": {
          out[key] = Array.isArray(value) ? value.map((sub) => convert(sub, undefined)) : value;
          break;
        }
        case "items":
        case "additionalProperties":
        case "not": {
          out[key] = isRecord(value) ? convert(value, undefined) : value;
          break;
        }
        case "format": {
          if (typeof value === "string" && KNOWN_FORMATS.has(value)) out[key] = value;
          break;
        }
        default:
          out[key] = value;
      }
    }
    if (node["nullable"] === true) {
      if (typeof out["type"] === "string") out["type"] = [out["type"], "null"];
      if (Array.isArray(out["enum"])) out["enum"] = [...out["enum"], null];
    }
    return out;
  };

  const definitions: JsonSchema = {};
  for (const [name, schema] of Object.entries(components)) {
    const converted = convert(schema, parentsOf.get(name));
    const d = discriminators.get(name);
    if (!d) {
      definitions[name] = converted;
      continue;
    }
    definitions[name + BASE_SUFFIX] = converted;
    const values = Object.keys(d.mapping);
    definitions[name] = {
      type: "object",
      required: [d.propertyName],
      properties: { [d.propertyName]: { type: "string", enum: values } },
      allOf: values.map((value) => ({
        if: { required: [d.propertyName], properties: { [d.propertyName]: { const: value } } },
        then: refTo(d.mapping[value] ?? ""),
      })),
    };
  }
  return { $id: id, definitions };
}
