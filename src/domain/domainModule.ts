// What a domain (comment rounds, polls, events, volunteers) adds to the bot: admin API routes,
// flows built from its data, and scheduled jobs. Flow actions are registered in conversation/actions.ts.
import { type PrismaClient } from "../generated/prisma/client.ts";
import { type FlowSet } from "../flows/FlowSet.ts";
import { type TGeneratedFlowSource } from "../conversation/FlowCatalog.ts";
import { type TRoute } from "../admin/defineRoute.ts";
import { type TScheduledJob } from "../scheduler/scheduledJob.ts";
import { type Logger } from "../logger.ts";
import { type DeliveryQueue } from "./delivery/DeliveryQueue.ts";

export type TDomainDeps = {
  prisma: PrismaClient;
  deliveries: DeliveryQueue;
  /** The flow files (labels of districts, age bands and interests come from onboarding's choices). */
  files: FlowSet;
  logger: Logger;
  /** This bot's public address, for links in messages (results pages). */
  publicUrl: string;
};

export type TDomainModule = {
  routes: TRoute[];
  flowSources: TGeneratedFlowSource[];
  jobs: TScheduledJob[];
};
