// What the delivery infrastructure adds to the bot, as a domain module: the settings, budget and
// delivery-status routes, and the closing-reminder job (reminders of polls and rounds a resident left unfinished).
import { settingsRoutes } from "../../admin/routes/settingsRoutes.ts";
import { deliveryRoutes } from "../../admin/routes/deliveryRoutes.ts";
import { type TDomainDeps, type TDomainModule } from "../domainModule.ts";
import { closingRemindersJob } from "./closingReminders.ts";

export function deliveryModule(deps: TDomainDeps): TDomainModule {
  return {
    routes: [...settingsRoutes(deps.prisma, deps.deliveries), ...deliveryRoutes(deps.prisma, deps.deliveries)],
    flowSources: [],
    jobs: [closingRemindersJob({ prisma: deps.prisma, deliveries: deps.deliveries, logger: deps.logger })],
  };
}
