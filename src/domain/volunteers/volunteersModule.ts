// Volunteers: to be filled in.
import { type TDomainDeps, type TDomainModule } from "../domainModule.ts";

export function volunteersModule(_deps: TDomainDeps): TDomainModule {
  return { routes: [], flowSources: [], jobs: [] };
}
