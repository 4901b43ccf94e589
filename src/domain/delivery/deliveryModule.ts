// What the delivery infrastructure adds to the bot, as a domain module: the settings and budget
// routes, and the closing-reminder job (reminders of polls and rounds a resident left unfinished).
import { settingsRoutes } from "../../admin/routes/settingsRoutes.ts";
import { type TDomainDeps, type TDomainModule } from "../domainModule.ts";
import { closingRemindersJob } from "./closingReminders.ts";

export function deliveryModule(deps: TDomainDeps): TDomainModule {
  return {
    routes: settingsRoutes(deps.prisma),
    flowSources: [],
    jobs: [closingRemindersJob({ prisma: deps.prisma, deliveries: deps.deliveries, logger: deps.logger })],
  };
}
