// Volunteers: registration (flows/volunteer.yaml), opportunities with shifts posted by staff or
// citizens' groups, invitations to the volunteers who match, sign-ups with a waiting list
// (generated "shift-<id>" flows), day-before reminders, hours and thanks, and the numbers. Its
// services are what the admin API's volunteerRoutes work through.
import { type TDomainDeps, type TDomainModule } from "../domainModule.ts";
import { OpportunityService } from "./OpportunityService.ts";
import { ShiftSignupRecords } from "./ShiftSignupRecords.ts";
import { shiftFlowSource } from "./shiftFlowSource.ts";
import { shiftReminderJob } from "./shiftReminderJob.ts";
import { volunteerOptions } from "./volunteerOptions.ts";
import { volunteerStats, volunteerSummary } from "./volunteerStats.ts";
import { type TVolunteerOptions, type TVolunteerStats, type TVolunteerStatsQuery, type TVolunteerSummary } from "./volunteerTypes.ts";

export type TVolunteerServices = {
  opportunities: OpportunityService;
  signups: ShiftSignupRecords;
  options(): TVolunteerOptions;
  summary(): Promise<TVolunteerSummary>;
  stats(query: TVolunteerStatsQuery): Promise<TVolunteerStats>;
};

export function volunteersModule(deps: TDomainDeps): TDomainModule<TVolunteerServices> {
  const { prisma, deliveries, files, logger } = deps;
  const services: TVolunteerServices = {
    opportunities: new OpportunityService({ prisma, deliveries, files }),
    signups: new ShiftSignupRecords({ prisma, deliveries, files }),
    options: () => volunteerOptions(files),
    summary: () => volunteerSummary(prisma, files),
    stats: (query) => volunteerStats(prisma, files, query),
  };
  return { services, flowSources: [shiftFlowSource()], jobs: [shiftReminderJob({ prisma, deliveries, logger })] };
}
