import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { sqlLiteral } from "./sqlLiteral.ts";

// What residents type goes into statements as literals: every one must come back from PostgreSQL
// exactly as it went in, whatever quotes, backslashes or newlines it holds.
const texts = ["", "はい", "it's", "C:\\data\\", "both ' and \\", "改行\nと'引用'と\\\\", JSON.stringify({ text: "a\nb 'c' \\d \"e\"" }), "'; DROP TABLE \"Resident\"; --"];

describe("sqlLiteral", () => {
  const client = new pg.Client({ connectionString: process.env.TEST_POSTGRES_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres" });
  afterAll(() => client.end());

  it("When a text holds quotes, backslashes or newlines, then it is quoted as pg's escapeLiteral quotes it", () => {
    for (const t of texts) expect(sqlLiteral(t)).toBe(pg.escapeLiteral(t));
    const at = new Date("2026-12-02T01:02:03.004Z");
    expect(sqlLiteral(at)).toBe(pg.escapeLiteral(at.toISOString()));
  });

  it("When such texts are sent to PostgreSQL as literals, then each comes back unchanged", async () => {
    await client.connect();
    const { rows } = await client.query<{ t: string }>(texts.map((t) => `SELECT ${sqlLiteral(t)}::text AS t`).join(" UNION ALL "));
    expect(rows.map((r) => r.t)).toEqual(texts);
  });
});
