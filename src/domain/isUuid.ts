// Ids come from postbacks and URLs residents and staff can type: anything not shaped like a uuid is
// turned away before it reaches the database (PostgreSQL would reject it with an error, not a miss).
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const isUuid = (v: unknown): v is string => typeof v === "string" && UUID.test(v);
