// A job the scheduler runs every minute (opening and closing rounds, reminders...). Jobs must be
// safe to run from several bot processes at once: claim work with a conditional UPDATE or SKIP LOCKED.
export type TScheduledJob = { name: string; run(now: Date): Promise<unknown> };
