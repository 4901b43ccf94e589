// Reach as a domain module: the services 配信の到達 and ホーム read through (each send's reach,
// blocks per week, the dashboard and its CSV), and the jobs that keep their figures: the daily
// snapshot of friends, and — when the channel uses LINE's statistics — the next-day fetch of opens
// and clicks through the port the LINE edge provides.
import { type TDomainDeps, type TDomainModule } from "../domainModule.ts";
import { dashboard, dashboardCsv, reachSnapshotJob, type TDashboard } from "./dashboard.ts";
import { sendReports, weeklyBlocks, type TSendFilter, type TSendReport, type TWeeklyBlocks } from "./sendReports.ts";
import { sendStatisticsJob, type TUnitStatisticsSource } from "./sendStatisticsJob.ts";

export type TReachServices = {
  sends(filter: TSendFilter): Promise<TSendReport[]>;
  weeklyBlocks(): Promise<TWeeklyBlocks[]>;
  dashboard(): Promise<TDashboard>;
  dashboardCsv(d: TDashboard): string;
};

/** statistics: LINE's statistics per unit and how to name its errors; absent when the channel does not use them. */
export type TReachDeps = TDomainDeps & { statistics?: { fetchUnit: TUnitStatisticsSource; describeError: (err: unknown) => string } };

export function reachModule(deps: TReachDeps): TDomainModule<TReachServices> {
  return {
    services: {
      sends: (filter) => sendReports(deps.prisma, filter),
      weeklyBlocks: () => weeklyBlocks(deps.prisma),
      dashboard: () => dashboard(deps.prisma, deps.files),
      dashboardCsv,
    },
    flowSources: [],
    jobs: [reachSnapshotJob(deps.prisma), ...(deps.statistics ? [sendStatisticsJob({ prisma: deps.prisma, ...deps.statistics })] : [])],
  };
}
