// What a domain (comment rounds, polls, events, volunteers, delivery) adds to the bot: its services
// (which the composition root, src/app.ts, hands to the admin API's routes), flows built from its
// data, and scheduled jobs. Flow actions are registered in domain/actions.ts.
import { type PrismaClient } from "../generated/prisma/client.ts";
import { type FlowSet } from "../flows/FlowSet.ts";
import { type TGeneratedFlowSource } from "./flowSource.ts";
import { type TScheduledJob } from "./scheduling/scheduledJob.ts";
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

export type TDomainModule<TServices = undefined> = {
  /** What the domain's admin routes (and any other edge) work through. */
  services: TServices;
  flowSources: TGeneratedFlowSource[];
  jobs: TScheduledJob[];
};
