// The flows loaded at start, looked up the ways conversations begin: by id, on follow, by keyword.
import { type TFlow } from "./flowSchema.ts";
import { normalizeText } from "./normalizeText.ts";

export class FlowSet {
  private readonly byId = new Map<string, TFlow>();
  private readonly byKeyword = new Map<string, TFlow>();

  constructor(readonly flows: readonly TFlow[]) {
    for (const flow of flows) {
      this.byId.set(flow.id, flow);
      for (const word of [...(flow.triggers.keywords?.ja ?? []), ...(flow.triggers.keywords?.en ?? []), ...(flow.triggers.keywords?.easy ?? [])]) {
        this.byKeyword.set(normalizeText(word), flow);
      }
    }
  }

  get(id: string): TFlow | undefined {
    return this.byId.get(id);
  }

  onFollow(): TFlow | undefined {
    return this.flows.find((f) => f.triggers.follow);
  }

  fallback(): TFlow | undefined {
    return this.flows.find((f) => f.triggers.fallback);
  }

  /** The flow whose keyword is exactly this message, if any. */
  byMessage(text: string): TFlow | undefined {
    return this.byKeyword.get(normalizeText(text));
  }
}
