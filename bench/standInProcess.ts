// Bench child: the LINE stand-in in a process of its own. It checks every call the bots make against
// LINE's contract, which takes CPU; in the load generator's process that work held up the timing of
// responses (its event loop lagged up to ~300 ms), so latencies the bots never caused were measured.
// The real LINE platform is another machine; here it is at least another process.
import { type LineStandInStats, type RecordedRequest } from "../src/standin/createLineStandIn.ts";
import { startLineStandIn } from "../src/standin/startLineStandIn.ts";
import { reportStartFailure, serveParent, startChild, type ChildHandle } from "./ipc.ts";

/** The parent's handle: the stand-in's figures over IPC, and reply tokens issued ahead of each load. */
export class StandInChild {
  private tokens = new Map<string, string[]>();

  private constructor(
    private readonly child: ChildHandle,
    readonly botUserId: string,
  ) {}

  static async start(env: { BENCH_CHANNEL_SECRET: string; BENCH_CHANNEL_ACCESS_TOKEN: string }): Promise<StandInChild> {
    // BENCH_STANDIN_PROF=DIR: a V8 CPU profile of the stand-in's whole run (bench/profileSummary.ts).
    const profile = process.env.BENCH_STANDIN_PROF ? ["--cpu-prof", `--cpu-prof-dir=${process.env.BENCH_STANDIN_PROF}`] : [];
    const child = await startChild(new URL(import.meta.url), env, profile);
    return new StandInChild(child, await child.call<string>("botUserId"));
  }

  get url(): string {
    return this.child.url;
  }

  /**
   * Issues perUser fresh reply tokens for each resident before a load (they expire after a minute,
   * as LINE's do); the load generator takes them without waiting on IPC.
   */
  async prepare(userIds: readonly string[], perUser: number): Promise<void> {
    const lists = await this.child.call<string[][]>("issueReplyTokens", { userIds, perUser });
    this.tokens = new Map(userIds.map((u, i) => [u, lists[i]!]));
  }

  issueReplyToken(userId: string): string {
    const token = this.tokens.get(userId)?.pop();
    if (token === undefined) throw new Error("the bench ran out of reply tokens it issued ahead: prepare more per resident");
    return token;
  }

  stats(): Promise<LineStandInStats> {
    return this.child.call<LineStandInStats>("stats");
  }

  rejected(limit: number): Promise<RecordedRequest[]> {
    return this.child.call<RecordedRequest[]>("rejected", { limit });
  }

  /** The stand-in process's CPU time so far (ms). */
  cpu(): Promise<number> {
    return this.child.call<number>("cpu");
  }

  stop(): Promise<void> {
    return this.child.stop();
  }
}

// Run as the child (forked by StandInChild.start).
if (process.send && process.argv[1] && new URL(import.meta.url).pathname === process.argv[1]) {
  try {
    const env = process.env;
    const line = await startLineStandIn({ channelAccessToken: env.BENCH_CHANNEL_ACCESS_TOKEN!, channelSecret: env.BENCH_CHANNEL_SECRET!, port: 0, record: "counts" });
    serveParent(
      line.url,
      {
        botUserId: async () => line.standIn.botUserId,
        async issueReplyTokens(args) {
          const { userIds, perUser } = args as { userIds: string[]; perUser: number };
          return userIds.map((u) => Array.from({ length: perUser }, () => line.standIn.issueReplyToken(u)));
        },
        stats: async () => line.standIn.stats(),
        rejected: async (args) => line.standIn.rejected().slice(0, (args as { limit: number }).limit),
      },
      () => line.close(),
    );
  } catch (err) {
    reportStartFailure(err);
  }
}
