// Polls (アンケート) staff create in the console: to be filled in.
import { type TDomainDeps, type TDomainModule } from "../domainModule.ts";

export function pollsModule(_deps: TDomainDeps): TDomainModule {
  return { routes: [], flowSources: [], jobs: [] };
}
