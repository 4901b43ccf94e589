// Sends recorded deliveries (table Delivery) by multicast: claimed with SKIP LOCKED so that
// several bot processes never send one twice, with the delivery's X-Line-Retry-Key on every try,
// and only to residents still reachable when it goes out.
import { HTTPFetchError, type messagingApi } from "@line/bot-sdk";
import { type PrismaClient } from "../generated/prisma/client.ts";
import { type TOutMessage } from "../flows/engineTypes.ts";
import { type DeliveryQueue } from "../domain/delivery/DeliveryQueue.ts";
import { type Logger } from "../logger.ts";
import { CallTimeoutError, describeLineError, isRetryable } from "./callWithRetry.ts";
import { toLineMessages } from "./toLineMessages.ts";

type Claimed = { id: string; lineUserIds: string[]; messages: unknown; retryKey: string; attempts: number };

const MAX_ATTEMPTS = 8;
const MESSAGES_PER_CALL = 5;
/** A delivery left "sending" this long belongs to a process that died; it is tried again (same retry key). */
const STALE_SENDING_MS = 5 * 60_000;

export class DeliverySender {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private again = false;

  constructor(
    private readonly deps: { prisma: PrismaClient; client: messagingApi.MessagingApiClient; queue: DeliveryQueue; logger: Logger; timeoutMs?: number; backoffMs?: number },
  ) {}

  start(pollMs = 2000): void {
    this.deps.queue.onEnqueued(() => void this.kick());
    this.timer = setInterval(() => void this.kick(), pollMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  /** Sends everything due now; resolves when nothing due is left (tests and shutdown wait on it). */
  kick(): Promise<void> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      do {
        this.again = false;
        while ((await this.sendDue()) > 0) {
          /* keep going while there is work */
        }
      } while (this.again);
    })().finally(() => (this.running = undefined));
    return this.running;
  }

  private async sendDue(): Promise<number> {
    const now = new Date();
    await this.deps.prisma.delivery.updateMany({
      where: { status: "sending", nextAttemptAt: { lt: new Date(now.getTime() - STALE_SENDING_MS) } },
      data: { status: "pending" },
    });
    const claimed = await this.deps.prisma.$queryRaw<Claimed[]>`
      UPDATE "Delivery" SET "status" = 'sending', "attempts" = "attempts" + 1, "nextAttemptAt" = ${now}
      WHERE "id" IN (SELECT "id" FROM "Delivery" WHERE "status" = 'pending' AND "nextAttemptAt" <= ${now}
                     ORDER BY "createdAt" LIMIT 20 FOR UPDATE SKIP LOCKED)
      RETURNING "id", "lineUserIds", "messages", "retryKey", "attempts"`;
    await Promise.all(claimed.map((d) => this.send(d)));
    return claimed.length;
  }

  private async send(d: Claimed): Promise<void> {
    const reachable = await this.deps.prisma.resident.findMany({ where: { lineUserId: { in: d.lineUserIds }, reachable: true }, select: { lineUserId: true } });
    const to = reachable.map((r) => r.lineUserId);
    if (to.length === 0) {
      await this.deps.prisma.delivery.update({ where: { id: d.id }, data: { status: "sent", sentAt: new Date(), lineUserIds: [] } });
      return;
    }
    const messages = toLineMessages(d.messages as TOutMessage[]).slice(0, MESSAGES_PER_CALL);
    try {
      await this.withTimeout(this.deps.client.multicast({ to, messages }, d.retryKey));
      await this.deps.prisma.delivery.update({ where: { id: d.id }, data: { status: "sent", sentAt: new Date(), lineUserIds: to, lastError: null } });
    } catch (err) {
      const { status, reason } = describeLineError(err);
      if (err instanceof HTTPFetchError && err.status === 409) {
        // LINE accepted this retry key before: it was delivered; this try is the duplicate it refused.
        await this.deps.prisma.delivery.update({ where: { id: d.id }, data: { status: "sent", sentAt: new Date() } });
        return;
      }
      const retry = isRetryable(err) && d.attempts < MAX_ATTEMPTS;
      const backoff = Math.min(60_000, (this.deps.backoffMs ?? 1000) * 2 ** (d.attempts - 1));
      await this.deps.prisma.delivery.update({
        where: { id: d.id },
        data: retry
          ? { status: "pending", nextAttemptAt: new Date(Date.now() + backoff / 2 + Math.random() * (backoff / 2)), lastError: `${status ?? ""} ${reason}`.trim() }
          : { status: "failed", lastError: `${status ?? ""} ${reason}`.trim() },
      });
      this.deps.logger[retry ? "warn" : "error"]("multicast failed", { delivery: d.id, status, reason, attempt: d.attempts, retry });
    }
  }

  private withTimeout<T>(p: Promise<T>): Promise<T> {
    const ms = this.deps.timeoutMs ?? 10_000;
    let t: NodeJS.Timeout | undefined;
    return Promise.race([p, new Promise<never>((_, reject) => (t = setTimeout(() => reject(new CallTimeoutError(ms)), ms)))]).finally(() => clearTimeout(t));
  }
}
