// A value as an SQL literal, for statements sent several at a time (the simple query protocol
// takes no parameters). Strings go through pg's own escapeLiteral; nothing is pasted raw.
import pg from "pg";

export type TLiteral = (value: unknown) => string;

export const sqlLiteral: TLiteral = (value) => {
  if (value === null || value === undefined) return "NULL";
  if (value instanceof Date) return pg.escapeLiteral(value.toISOString());
  if (typeof value === "number") {
    if (!Number.isFinite(value)) throw new Error("not a finite number");
    return String(value);
  }
  if (typeof value === "boolean") return value ? "TRUE" : "FALSE";
  if (typeof value === "string") return pg.escapeLiteral(value);
  return pg.escapeLiteral(JSON.stringify(value));
};
