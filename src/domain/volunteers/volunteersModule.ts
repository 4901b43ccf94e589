// Volunteers: registration (flows/volunteer.yaml), opportunities with shifts posted by staff or
// citizens' groups, invitations to the volunteers who match, sign-ups with a waiting list
// (generated "shift-<id>" flows), day-before reminders, hours and thanks, and the numbers.
import { type TDomainDeps, type TDomainModule } from "../domainModule.ts";
import { volunteerRoutes } from "../../admin/routes/volunteerRoutes.ts";
import { OpportunityService } from "./OpportunityService.ts";
import { ShiftSignupRecords } from "./ShiftSignupRecords.ts";
import { shiftFlowSource } from "./shiftFlowSource.ts";
import { shiftReminderJob } from "./shiftReminderJob.ts";
import { volunteerOptions } from "./volunteerOptions.ts";
import { volunteerStats, volunteerSummary } from "./volunteerStats.ts";

export function volunteersModule(deps: TDomainDeps): TDomainModule {
  const { prisma, deliveries, files, logger } = deps;
  const routes = volunteerRoutes({
    opportunities: new OpportunityService({ prisma, deliveries, files }),
    signups: new ShiftSignupRecords({ prisma, deliveries, files }),
    options: () => volunteerOptions(files),
    summary: () => volunteerSummary(prisma, files),
    stats: (query) => volunteerStats(prisma, files, query),
  });
  return { routes, flowSources: [shiftFlowSource()], jobs: [shiftReminderJob({ prisma, deliveries, logger })] };
}
