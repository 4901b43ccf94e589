// Json columns read back: parsed strictly, so bad data is found where it is read (naming the table
// and the row) instead of silently read as empty. Only paths and zod's messages go in the error,
// never the values (a profile is personal data).
import { type z } from "zod";

export class StoredDataError extends Error {
  override name = "StoredDataError";
}

export function storedJson<S extends z.ZodType>(schema: S, value: unknown, table: string, column: string, id: string | number | bigint): z.output<S> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues.map((i) => `${i.path.join(".") || "(top)"}: ${i.message}`).join("; ");
  throw new StoredDataError(`${table} ${String(id)}: the stored ${column} is not valid (${issues})`);
}
