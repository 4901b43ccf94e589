// Public comment rounds (パブリックコメント): the service (behind the admin API's roundRoutes), the generated commenting flow
// "round-<number>", and the jobs that announce each round at its opening time and close it at its
// closing time. Flow actions are in roundActions.ts (registered in domain/actions.ts); the
// public results page is roundResultsPage (src/publicPages), mounted by app.ts.
import { type TDomainDeps, type TDomainModule } from "../domainModule.ts";
import { RoundService } from "./RoundService.ts";
import { roundFlowSource } from "./roundFlowSource.ts";

export function roundsModule(deps: TDomainDeps): TDomainModule<RoundService> {
  const service = new RoundService({ prisma: deps.prisma, deliveries: deps.deliveries, files: deps.files, logger: deps.logger, publicUrl: deps.publicUrl });
  return {
    services: service,
    flowSources: [roundFlowSource()],
    jobs: [
      { name: "open rounds", run: (now) => service.announceDue(now) },
      { name: "close rounds", run: (now) => service.closeDue(now) },
    ],
  };
}
