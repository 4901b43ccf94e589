// A value as an SQL literal, for statements sent several at a time (the simple query protocol
// takes no parameters). Strings are quoted exactly as pg's escapeLiteral quotes them (quotes
// doubled; with a backslash, the E'' form and backslashes doubled), by one native replace instead
// of its loop over every character: a turn's messages are kilobytes of JSON. Nothing is pasted raw.

export type TLiteral = (value: unknown) => string;

export const sqlLiteral: TLiteral = (value) => {
  if (value === null || value === undefined) return "NULL";
  if (value instanceof Date) return `'${value.toISOString()}'`;
  if (typeof value === "number") {
    if (!Number.isFinite(value)) throw new Error("not a finite number");
    return String(value);
  }
  if (typeof value === "boolean") return value ? "TRUE" : "FALSE";
  if (typeof value === "string") return quote(value);
  return quote(JSON.stringify(value));
};

function quote(s: string): string {
  return s.includes("\\") ? ` E'${s.replace(/['\\]/g, "$&$&")}'` : `'${s.replace(/'/g, "''")}'`;
}
