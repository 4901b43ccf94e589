// A webhook event as PostgreSQL's jsonb can keep it. jsonb refuses NUL characters and unpaired
// surrogates, and very deep nesting costs stack: such parts are replaced (U+FFFD, a marker), so that
// one odd event is stored in a safe form instead of failing the others written with it.
const MAX_DEPTH = 32;
const UNSTORABLE = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

export function storableText(s: string): string {
  return s.replace(UNSTORABLE, "\ufffd");
}

export function storableJson(value: unknown, depth = 0): unknown {
  if (typeof value === "string") return storableText(value);
  if (value === null || typeof value !== "object") return value;
  if (depth >= MAX_DEPTH) return "[nested too deep]";
  if (Array.isArray(value)) return value.map((v) => storableJson(v, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[storableText(k)] = storableJson(v, depth + 1);
  return out;
}
