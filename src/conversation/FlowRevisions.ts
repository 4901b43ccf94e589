// Every flow revision ever loaded is kept in the database, so a conversation that started on an
// older version of a flow file goes on with that version after the file is edited and the bot restarted.
import { type PrismaClient, type Prisma } from "../generated/prisma/client.ts";
import { ZFlowFile, type TFlow } from "../flows/flowSchema.ts";
import { type FlowSet } from "../flows/FlowSet.ts";
import { asJson } from "../db/asJson.ts";

export class FlowRevisions {
  private readonly cache = new Map<string, TFlow>();

  constructor(private readonly flows: FlowSet) {
    for (const flow of flows.flows) this.cache.set(`${flow.id}@${flow.revision}`, flow);
  }

  /** Records the revisions loaded now; run once at start. */
  async saveCurrent(prisma: PrismaClient): Promise<void> {
    await prisma.flowRevision.createMany({
      data: this.flows.flows.map(({ revision, file: _file, ...definition }) => ({ flowId: definition.id, revision, definition: asJson(definition) })),
      skipDuplicates: true,
    });
  }

  /** A revision already in memory (the current files, or one read before), without a query. */
  cached(flowId: string, revision: string): TFlow | undefined {
    return this.cache.get(`${flowId}@${revision}`);
  }

  async get(db: Pick<Prisma.TransactionClient, "flowRevision">, flowId: string, revision: string): Promise<TFlow | undefined> {
    const key = `${flowId}@${revision}`;
    const cached = this.cache.get(key);
    if (cached) return cached;
    const row = await db.flowRevision.findUnique({ where: { flowId_revision: { flowId, revision } } });
    if (!row) return undefined;
    const parsed = ZFlowFile.safeParse(row.definition);
    if (!parsed.success) return undefined;
    const flow: TFlow = { ...parsed.data, revision, file: `(revision ${revision})` };
    this.cache.set(key, flow);
    return flow;
  }
}
