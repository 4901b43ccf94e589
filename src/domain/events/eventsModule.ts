// Events residents sign up for: the service (behind the admin API's eventRoutes), the generated sign-up flow "event-<number>",
// and the reminder job. Flow actions are in eventActions.ts (registered in domain/actions.ts).
import { type TDomainDeps, type TDomainModule } from "../domainModule.ts";
import { useEventDeliveries } from "./eventActions.ts";
import { EventService } from "./EventService.ts";
import { eventRemindersJob } from "./eventReminders.ts";
import { signupFlowSource } from "./signupFlowSource.ts";

export function eventsModule(deps: TDomainDeps): TDomainModule<EventService> {
  const registrations = useEventDeliveries(deps.deliveries, deps.publicUrl);
  const service = new EventService({ prisma: deps.prisma, deliveries: deps.deliveries, files: deps.files, registrations });
  return {
    services: service,
    flowSources: [signupFlowSource()],
    jobs: [eventRemindersJob({ prisma: deps.prisma, deliveries: deps.deliveries })],
  };
}
