// What the delivery infrastructure adds to the bot, as a domain module: the closing-reminder job
// (reminders of polls and rounds a resident left unfinished). Its settings, budget and
// delivery-status admin routes work on the store and the delivery queue (wired in src/app.ts).
import { type TDomainDeps, type TDomainModule } from "../domainModule.ts";
import { closingRemindersJob } from "./closingReminders.ts";

export function deliveryModule(deps: TDomainDeps): TDomainModule {
  return {
    services: undefined,
    flowSources: [],
    jobs: [closingRemindersJob({ prisma: deps.prisma, deliveries: deps.deliveries, logger: deps.logger })],
  };
}
