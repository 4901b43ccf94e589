// Public comment rounds (パブリックコメント): to be filled in.
import { type TDomainDeps, type TDomainModule } from "../domainModule.ts";

export function roundsModule(_deps: TDomainDeps): TDomainModule {
  return { routes: [], flowSources: [], jobs: [] };
}
