// Events: to be filled in.
import { type TDomainDeps, type TDomainModule } from "../domainModule.ts";

export function eventsModule(_deps: TDomainDeps): TDomainModule {
  return { routes: [], flowSources: [], jobs: [] };
}
