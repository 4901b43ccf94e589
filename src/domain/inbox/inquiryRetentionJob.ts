// Inquiries are kept for the retention period the city sets (settings: inbox.retentionDays), counted
// from their last message, then deleted. Safe from several processes: a delete of what is past it.
import { type PrismaClient } from "../../generated/prisma/client.ts";
import { type TScheduledJob } from "../scheduling/scheduledJob.ts";
import { deleteExpiredInquiries } from "./InboxService.ts";

export function inquiryRetentionJob(prisma: PrismaClient): TScheduledJob {
  return { name: "delete inquiries past their retention", run: (now) => deleteExpiredInquiries(prisma, now) };
}
