// The one thing a caller may add to a conversation turn's transaction: a statement.
import { type Prisma } from "../generated/prisma/client.ts";

export type TSqlExecutor = {
  /** Runs a statement with $1.. parameters; resolves with the number of rows it touched. */
  execute(sql: string, ...params: unknown[]): Promise<number>;
};

export function prismaExecutor(tx: Prisma.TransactionClient): TSqlExecutor {
  return { execute: (sql, ...params) => tx.$executeRawUnsafe(sql, ...params) };
}

