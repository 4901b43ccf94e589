// Every flow a conversation can run: the files in flows/, and flows built from what staff create
// in the console (a comment round, a poll), named "PREFIX-ID" (e.g. "round-<uuid>").
import { type Prisma } from "../generated/prisma/client.ts";
import { type TFlow } from "../flows/flowSchema.ts";
import { type FlowSet } from "../flows/FlowSet.ts";
import { asJson } from "../db/asJson.ts";
import { type TGeneratedFlowSource } from "../domain/flowSource.ts";

type Db = Prisma.TransactionClient;

export class FlowCatalog {
  constructor(
    readonly files: FlowSet,
    private readonly sources: TGeneratedFlowSource[] = [],
  ) {}

  /** The current version of a flow; a generated flow's revision is recorded so conversations can continue on it. */
  async current(db: Db, flowId: string): Promise<TFlow | undefined> {
    const fromFile = this.files.get(flowId);
    if (fromFile) return fromFile;
    for (const source of this.sources) {
      if (!flowId.startsWith(`${source.prefix}-`)) continue;
      const flow = await source.build(db, flowId.slice(source.prefix.length + 1));
      if (!flow) return undefined;
      const { revision, file: _file, ...definition } = flow;
      await db.flowRevision.createMany({ data: [{ flowId, revision, definition: asJson(definition) }], skipDuplicates: true });
      return flow;
    }
    return undefined;
  }
}
