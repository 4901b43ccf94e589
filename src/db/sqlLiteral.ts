// A value as an SQL literal, for statements sent several at a time (the simple query protocol
// takes no parameters). Strings go through pg's own escapeLiteral; nothing is pasted raw.
import type pg from "pg";

export function sqlLiteral(client: Pick<pg.PoolClient, "escapeLiteral">, value: unknown): string {
  if (value === null || value === undefined) return "NULL";
  if (value instanceof Date) return client.escapeLiteral(value.toISOString());
  if (typeof value === "number") {
    if (!Number.isFinite(value)) throw new Error("not a finite number");
    return String(value);
  }
  if (typeof value === "boolean") return value ? "TRUE" : "FALSE";
  if (typeof value === "string") return client.escapeLiteral(value);
  return client.escapeLiteral(JSON.stringify(value));
}
