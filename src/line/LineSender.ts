// Sends what the bot says to a resident: by reply token when it can, else by push. A push is
// recorded before it is sent and carries an X-Line-Retry-Key, so a retried push arrives once.
import { randomUUID } from "node:crypto";
import { HTTPFetchError, type messagingApi } from "@line/bot-sdk";
import { type PrismaClient } from "../generated/prisma/client.ts";
import { type TOutMessage } from "../flows/engineTypes.ts";
import { hashUserId, type Logger } from "../logger.ts";
import { asJson } from "../db/asJson.ts";
import { callWithRetry, defaultRetryPolicy, describeLineError, type TRetryPolicy } from "./callWithRetry.ts";
import { toLineMessages } from "./toLineMessages.ts";

/** LINE's limit of messages per reply or push. */
const MESSAGES_PER_CALL = 5;
/** LINE documents "about one minute" for a reply token; don't rely on the limit. */
const REPLY_TOKEN_SAFE_MS = 45_000;

export type TLineSenderDeps = {
  client: messagingApi.MessagingApiClient;
  prisma: PrismaClient;
  logger: Logger;
  retry?: TRetryPolicy;
};

export class LineSender {
  private readonly retry: TRetryPolicy;

  constructor(private readonly deps: TLineSenderDeps) {
    this.retry = deps.retry ?? defaultRetryPolicy;
  }

  /** replyToken and receivedAt (ms) come from the event being answered, if any. */
  async send(lineUserId: string, messages: TOutMessage[], reply?: { token: string; receivedAt: number }): Promise<void> {
    const lineMessages = toLineMessages(messages);
    if (lineMessages.length === 0) return;
    const chunks: messagingApi.Message[][] = [];
    for (let i = 0; i < lineMessages.length; i += MESSAGES_PER_CALL) chunks.push(lineMessages.slice(i, i + MESSAGES_PER_CALL));

    let rest = chunks;
    if (reply && Date.now() - reply.receivedAt < REPLY_TOKEN_SAFE_MS) {
      try {
        await this.deps.client.replyMessage({ replyToken: reply.token, messages: chunks[0]! });
        rest = chunks.slice(1);
      } catch (err) {
        // Expired or used token, or LINE failing: the resident still gets the answer, by push.
        // (No retry key exists for replies; a reply that LINE took despite an error could then arrive twice.)
        this.deps.logger.warn("reply failed, pushing instead", { user: hashUserId(lineUserId), ...describeLineError(err) });
        if (err instanceof HTTPFetchError && err.status === 400 && !/reply token/i.test(err.body)) {
          // The message itself was refused: pushing it would be refused too.
          this.deps.logger.error("LINE refused the message", { user: hashUserId(lineUserId), ...describeLineError(err) });
          return;
        }
      }
    }
    for (const chunk of rest) await this.pushChunk(lineUserId, chunk);
  }

  /** Pushes to one resident, unless they unfollowed. Returns whether LINE accepted all of it. */
  async push(lineUserId: string, messages: TOutMessage[]): Promise<boolean> {
    const lineMessages = toLineMessages(messages);
    let accepted = true;
    for (let i = 0; i < lineMessages.length; i += MESSAGES_PER_CALL) {
      accepted = (await this.pushChunk(lineUserId, lineMessages.slice(i, i + MESSAGES_PER_CALL))) && accepted;
    }
    return accepted;
  }

  private async pushChunk(lineUserId: string, messages: messagingApi.Message[]): Promise<boolean> {
    const resident = await this.deps.prisma.resident.findUnique({ where: { lineUserId }, select: { reachable: true } });
    if (resident && !resident.reachable) return false;
    const record = await this.deps.prisma.outboundMessage.create({
      data: { lineUserId, retryKey: randomUUID(), messages: asJson(messages) },
    });
    let attempts = 0;
    try {
      await callWithRetry(
        () => {
          attempts++;
          return this.deps.client.pushMessage({ to: lineUserId, messages }, record.retryKey);
        },
        this.retry,
        (err, attempt) => this.deps.logger.warn("push retry", { user: hashUserId(lineUserId), attempt, ...describeLineError(err) }),
      );
      await this.deps.prisma.outboundMessage.update({ where: { id: record.id }, data: { status: "sent", attempts, sentAt: new Date() } });
      return true;
    } catch (err) {
      // 409: LINE already accepted this very push (same retry key); it is delivered once.
      const accepted = err instanceof HTTPFetchError && err.status === 409;
      const { status, reason } = describeLineError(err);
      await this.deps.prisma.outboundMessage.update({
        where: { id: record.id },
        data: accepted ? { status: "sent", attempts, sentAt: new Date() } : { status: "failed", attempts, lastError: `${status ?? ""} ${reason}`.trim() },
      });
      if (!accepted) this.deps.logger.error("push failed", { user: hashUserId(lineUserId), status, reason, attempts });
      return accepted;
    }
  }
}
