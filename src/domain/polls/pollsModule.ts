// Polls (アンケート) staff create in the console: the service (behind the admin API's pollRoutes), the generated answering flow
// "poll-<number>", and the job that announces each poll at its opening time. Flow actions are in
// pollActions.ts (registered in domain/actions.ts). No job closes polls: every check
// compares with closesAt.
import { type TDomainDeps, type TDomainModule } from "../domainModule.ts";
import { PollService } from "./PollService.ts";
import { pollFlowSource } from "./pollFlowSource.ts";

export function pollsModule(deps: TDomainDeps): TDomainModule<PollService> {
  const service = new PollService({ prisma: deps.prisma, deliveries: deps.deliveries, files: deps.files, logger: deps.logger });
  return {
    services: service,
    flowSources: [pollFlowSource()],
    jobs: [{ name: "open polls", run: (now) => service.announceDue(now) }],
  };
}
