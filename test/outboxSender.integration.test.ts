// The outbox sender, on the real PostgreSQL, where the order of its own writes matters: a sent
// message whose mark waits behind other writes must not be taken and sent again by the sweep.
import { afterAll, describe, expect, it } from "vitest";
import pg from "pg";
import { LineApiError } from "../src/line/callWithRetry.ts";
import { OutboxSender } from "../src/line/OutboxSender.ts";
import { type TLineApi } from "../src/line/lineApi.ts";
import { newOutboxRow, outboxInsertStatement } from "../src/domain/delivery/outbox.ts";
import { sqlLiteral } from "../src/db/sqlLiteral.ts";
import { createLogger } from "../src/logger.ts";
import { createMigratedTestDatabase, type TTestDatabase } from "./support/testDatabases.ts";

describe("Outbox sender", () => {
  let database: TTestDatabase | undefined;
  let pool: pg.Pool | undefined;
  afterAll(async () => {
    await pool?.end();
    await database?.drop();
  });

  it("When the sent mark is slow to be written and the lease has run out, then the resident's reply is sent once, not again by the sweep", async () => {
    database = await createMigratedTestDatabase("postgresql");
    pool = new pg.Pool({ connectionString: database.databaseUrl!, max: 4 });
    const sql = pool;
    const now = new Date();
    const row = newOutboxRow({ lineUserId: "U0123456789abcdef0123456789abcdef", messages: [{ type: "text", text: "次の質問です" }], reply: { token: "reply-token-1", receivedAt: now.getTime() } }, now, { retryWindowMs: 3_600_000 });
    await sql.query(outboxInsertStatement([row], now, sqlLiteral, true));
    // The lease this process took at the commit has already run out (a busy process, a slow disk).
    await sql.query(`UPDATE "OutboundMessage" SET "claimedUntil" = now() - interval '1 second' WHERE "id" = $1`, [row.id]);

    // LINE takes a reply token once; a second use is refused, as LINE does.
    const replies: string[] = [];
    let firstReply!: () => void;
    const replied = new Promise<void>((resolve) => (firstReply = resolve));
    const api = {
      replyMessage: async (request: { replyToken: string }) => {
        replies.push(request.replyToken);
        if (replies.length > 1) {
          throw new LineApiError({ status: 400, statusText: "Bad Request", headers: new Headers(), body: JSON.stringify({ message: "Invalid reply token" }) });
        }
        firstReply();
        return {};
      },
      pushMessage: async () => ({}),
    } as unknown as TLineApi;

    // Sent marks go through a pool that answers only when the test lets it.
    let openMarks!: () => void;
    const marksOpen = new Promise<void>((resolve) => (openMarks = resolve));
    const slowMarks = { query: async (...args: unknown[]) => (await marksOpen, (sql.query as (...a: unknown[]) => Promise<unknown>)(...args)) } as unknown as pg.Pool;
    let claimed!: () => void;
    const sweepClaimed = new Promise<void>((resolve) => (claimed = resolve));
    const watchedSql = {
      query: async (...args: unknown[]) => {
        const result = await (sql.query as (...a: unknown[]) => Promise<unknown>)(...args);
        if (typeof args[0] === "string" && args[0].includes("WITH due AS")) claimed();
        return result;
      },
    } as unknown as pg.Pool;

    const sender = new OutboxSender({ sql: watchedSql, bookkeeping: slowMarks, api, logger: createLogger("error", { silent: true }), backoff: { baseMs: 10, maxMs: 100 }, sweepMs: 60_000 });
    sender.deliver([row]);
    await replied;
    // The reply went out; its mark is still waiting. The sweep looks for what is due meanwhile.
    const swept = sender.sweep();
    await sweepClaimed;
    openMarks();
    await swept;
    await sender.idle();

    expect(replies).toEqual(["reply-token-1"]);
    const { rows } = await sql.query<{ status: string; via: string; attempts: number }>(`SELECT "status", "via", "attempts" FROM "OutboundMessage" WHERE "id" = $1`, [row.id]);
    expect(rows).toEqual([{ status: "sent", via: "reply", attempts: 1 }]);
  });
});
