// Runs the scheduled jobs every minute with node-cron, in Asia/Tokyo time.
import cron from "node-cron";
import { type Logger } from "../logger.ts";
import { type TScheduledJob } from "../domain/scheduling/scheduledJob.ts";

export function startScheduler(jobs: TScheduledJob[], logger: Logger, tickSeconds = 60): { stop(): void; runNow(now?: Date): Promise<void> } {
  let running = false;
  const runNow = async (now = new Date()) => {
    for (const job of jobs) {
      try {
        await job.run(now);
      } catch (err) {
        logger.error("scheduled job failed", { job: job.name, reason: err instanceof Error ? err.name : String(err) });
      }
    }
  };
  const task = cron.schedule(
    tickSeconds >= 60 ? "* * * * *" : `*/${tickSeconds} * * * * *`,
    () => {
      // A slow minute must not overlap the next.
      if (running) return;
      running = true;
      void runNow().finally(() => (running = false));
    },
    { timezone: "Asia/Tokyo" },
  );
  return { stop: () => void task.stop(), runNow };
}
