// The contract of a flow a domain builds from its data (a comment round, a poll, an event, a shift),
// named "PREFIX-ID" (e.g. "round-12"). The conversation runner's FlowCatalog asks the sources for
// the flows that are not files.
import { type Prisma } from "../generated/prisma/client.ts";
import { type TFlow } from "../flows/flowSchema.ts";

/** Builds a flow from the database, or undefined when there is no such thing (or it is not open). */
export type TGeneratedFlowSource = { prefix: string; build(db: Prisma.TransactionClient, id: string): Promise<TFlow | undefined> };
