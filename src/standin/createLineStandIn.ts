import { createHash, createHmac, randomBytes, randomUUID } from "node:crypto";
import express, { type NextFunction, type Request, type Response } from "express";
import type { webhook } from "@line/bot-sdk";
import { createUlid } from "./createUlid.ts";
import {
  createContractValidator,
  formatContractError,
  type ContractError,
  type SendOperation,
} from "./validateAgainstContract.ts";
import { mountRichMenus, type RichMenuOperation, type RichMenuStandIn } from "./richMenus.ts";
import { mountInsight, type InsightOperation } from "./insight.ts";

/**
 * A stand-in for the LINE platform: serves the Messaging API paths the bot uses (at the root of
 * its origin, because the SDK resolves `/v2/bot/...` against the base URL's origin), checks every
 * request against LINE's contract and documented limits, records what was delivered, and plays
 * residents who send signed webhooks to the bot.
 */

export type DeliveryVia = "reply" | "push" | "multicast" | "broadcast" | "narrowcast";
export type RecordedOperation = SendOperation | RichMenuOperation | InsightOperation | "profile" | "quota" | "quotaConsumption" | "unsupported";

export interface Delivery {
  via: DeliveryVia;
  to: string[];
  messages: unknown[];
  retryKey?: string;
  at: number;
  requestId: string;
}

export interface RecordedRequest {
  operation: RecordedOperation;
  status: number;
  errors: string[];
  body: unknown;
  at: number;
  requestId: string;
  /** Residents the call concerned (push/multicast `to`, the reply token's user); empty for broadcasts. */
  userIds: string[];
  /** Set when the status came from `setFaults`, not from the request itself. */
  injectedFault?: boolean;
  /** The X-Line-Retry-Key header, if the call carried one. */
  retryKey?: string;
}

export interface Faults {
  /** Fraction (0..1) of API calls answered 429; deterministic (every 1/rate-th call). */
  rate429?: number;
  /** Fraction (0..1) of API calls answered 500 before anything is delivered. */
  rate500?: number;
  /** Latency added to every API call. */
  delayMs?: number;
  /** LINE hangs: the next `calls` calls concerning these users are never answered (until the faults change). */
  hang?: { userIds: string[]; calls: number };
}

export interface SimulatedUser {
  userId: string;
  displayName: string;
  following: boolean;
}

export type UserChatMessage =
  | { type: "text"; text: string }
  | { type: "postback"; data: string; params?: Record<string, string>; displayText?: string }
  | { type: "sticker"; packageId: string; stickerId: string };

/** One line of a resident's conversation, for the simulator page. */
export type ChatEntry =
  | { seq: number; at: number; from: "bot"; via: DeliveryVia; message: unknown }
  | { seq: number; at: number; from: "user"; message: UserChatMessage }
  | { seq: number; at: number; from: "system"; event: "follow" | "unfollow" };

export interface WebhookDelivery {
  /** HTTP status the webhook answered; 0 when it could not be reached. */
  status: number;
  /** The exact raw body sent; pass it to `deliverEvents` again (with `redelivery: true`) to redeliver. */
  body: string;
  events: webhook.Event[];
  responseText: string;
  error?: string;
}

export interface DeliverOptions {
  /** Overrides the computed `x-line-signature` (to test bad signatures). */
  signature?: string;
  /** Marks every event `deliveryContext.isRedelivery: true`, keeping ids, timestamps and tokens. */
  redelivery?: boolean;
}

export interface LineStandInOptions {
  channelAccessToken: string;
  channelSecret: string;
  webhookUrl?: string;
  /** How long an issued reply token stays usable. LINE: about one minute. */
  replyTokenTtlMs?: number;
  /** "counts" keeps only per-user message counts, rejected calls and retry keys (100k-recipient benches). */
  record?: "all" | "counts";
  /** The bot's user ID, sent as `destination`. Default: derived from the channel secret. */
  botUserId?: string;
  /** Monthly message quota for push/multicast/broadcast; past it calls answer 429. Default: unlimited. */
  monthlyQuota?: number;
  webhookTimeoutMs?: number;
  /** Clock, for tests of token expiry. */
  now?: () => number;
}

export interface LineStandInStats {
  acceptedCalls: number;
  rejectedCalls: number;
  deliveredMessages: number;
  byStatus: Record<number, number>;
}

export interface EventBuilders {
  text(userId: string, text: string): webhook.MessageEvent;
  sticker(userId: string, packageId?: string, stickerId?: string): webhook.MessageEvent;
  postback(userId: string, data: string, params?: Record<string, string>): webhook.PostbackEvent;
  follow(userId: string, isUnblocked?: boolean): webhook.FollowEvent;
  unfollow(userId: string): webhook.UnfollowEvent;
}

export interface LineStandIn {
  readonly router: express.Router;
  readonly botUserId: string;
  setWebhookUrl(url: string): void;
  setFaults(faults: Faults): void;
  /** Rich menus the bot made, and which one each resident sees. */
  readonly richMenus: RichMenuStandIn;

  // Recording
  readonly deliveries: Delivery[];
  readonly requests: RecordedRequest[];
  /** Messages delivered to a user, in order (empty in "counts" mode: use `messageCountFor`). */
  messagesFor(userId: string): unknown[];
  messageCountFor(userId: string): number;
  readonly messageCounts: ReadonlyMap<string, number>;
  readonly retryKeysSeen: ReadonlySet<string>;
  rejected(): RecordedRequest[];
  stats(): LineStandInStats;
  /** Clears recordings, retry keys, quota usage and faults; keeps residents and issued reply tokens. */
  reset(): void;
  waitFor(predicate: () => boolean, timeoutMs?: number): Promise<void>;

  // Residents
  users(): SimulatedUser[];
  createUser(options?: { userId?: string; displayName?: string }): SimulatedUser;
  chatFor(userId: string): ChatEntry[];
  /** Calls concerning this user (or everyone) that were rejected for what the bot sent (not injected faults). */
  rejectionsFor(userId: string): RecordedRequest[];
  /** Until when the loading animation shows for this user (0 if none). */
  loadingUntil(userId: string): number;
  /** Increases whenever something a viewer could see changes (cheap polling). */
  readonly version: number;
  /** Residents and their chats as plain data, to keep beside the bot's data (local mode survives a restart). */
  snapshot(): StandInSnapshot;
  /** Puts back what `snapshot` gave (before any resident is played); anything unreadable is skipped. */
  restore(snapshot: unknown): void;

  // Webhooks
  readonly build: EventBuilders;
  issueReplyToken(userId: string): string;
  follow(userId: string, displayName?: string): Promise<WebhookDelivery>;
  unfollow(userId: string): Promise<WebhookDelivery>;
  sendText(userId: string, text: string): Promise<WebhookDelivery>;
  sendPostback(
    userId: string,
    data: string,
    params?: Record<string, string>,
    options?: { displayText?: string },
  ): Promise<WebhookDelivery>;
  sendSticker(userId: string, packageId?: string, stickerId?: string): Promise<WebhookDelivery>;
  deliverEvents(events: webhook.Event[] | string, options?: DeliverOptions): Promise<WebhookDelivery>;
}

/** What a restart of local mode keeps: the residents the simulator plays and what they saw. */
export interface StandInSnapshot {
  format: 1;
  users: SimulatedUser[];
  blocked: string[];
  chats: Record<string, ChatEntry[]>;
}
/** A simulator chat kept across restarts holds its latest entries only. */
const MAX_KEPT_CHAT_ENTRIES = 300;

const MAX_BODY_BYTES = 2 * 1024 * 1024;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const RETRY_KEY_OPERATIONS = new Set<RecordedOperation>(["push", "multicast", "narrowcast", "broadcast"]);
const MAX_REJECTED_IN_COUNTS_MODE = 1000;
const OPERATION_BY_PATH: Record<string, RecordedOperation> = {
  "/v2/bot/message/reply": "reply",
  "/v2/bot/message/push": "push",
  "/v2/bot/message/multicast": "multicast",
  "/v2/bot/message/broadcast": "broadcast",
  "/v2/bot/message/narrowcast": "narrowcast",
  "/v2/bot/chat/loading/start": "showLoadingAnimation",
};
const AUTH_FAILED = "Authentication failed. Confirm that the access token in the authorization header is valid.";

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
type ChatEntryInput = DistributiveOmit<ChatEntry, "seq" | "at">;

interface ReplyTokenState {
  userId: string;
  expiresAt: number;
}

interface AcceptedRetryKey {
  requestId: string;
  sentMessages?: { id: string; quoteToken: string }[];
}

class HttpAnswer {
  constructor(
    readonly status: number,
    readonly body: Record<string, unknown>,
    readonly errors: string[] = [],
    readonly headers: Record<string, string> = {},
    /** A binary answer (a rich menu image) instead of the JSON body. */
    readonly binary?: { data: Buffer; contentType: string },
  ) {}
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export function signWebhookBody(body: string, channelSecret: string): string {
  return createHmac("sha256", channelSecret).update(body).digest("base64");
}

export function createLineStandIn(options: LineStandInOptions): LineStandIn {
  const now = options.now ?? Date.now;
  const replyTokenTtlMs = options.replyTokenTtlMs ?? 60_000;
  const recordAll = (options.record ?? "all") === "all";
  const botUserId =
    options.botUserId ?? `U${createHash("sha256").update(options.channelSecret).digest("hex").slice(0, 32)}`;
  const validator = createContractValidator();
  const ulid = createUlid(now);
  let webhookUrl = options.webhookUrl;

  // ---- state ----
  let faults: Faults = {};
  const hung: (() => void)[] = [];
  let fault429Credit = 0;
  let fault500Credit = 0;
  const deliveries: Delivery[] = [];
  const requests: RecordedRequest[] = [];
  const rejectedInCountsMode: RecordedRequest[] = [];
  const messagesByUser = new Map<string, unknown[]>();
  const messageCounts = new Map<string, number>();
  const retryKeys = new Map<string, AcceptedRetryKey>();
  const retryKeysSeen = new Set<string>();
  const replyTokens = new Map<string, ReplyTokenState>();
  const users = new Map<string, SimulatedUser>();
  const hasBlocked = new Set<string>(); // residents who unfollowed once: their next follow is an unblock
  const chats = new Map<string, ChatEntry[]>();
  const loading = new Map<string, number>();
  const stats: LineStandInStats = { acceptedCalls: 0, rejectedCalls: 0, deliveredMessages: 0, byStatus: {} };
  let quotaUsed = 0;
  let version = 0;
  let chatSeq = 0;
  let messageIdCounter = 500_000_000_000_000_000n + BigInt(now()) * 1000n;
  const rawLengths = new WeakMap<Request, number>();

  const nextMessageId = () => (++messageIdCounter).toString();
  // Tokens for every message sent and received: random bytes taken from a pool filled 64 KB at a
  // time (one system call for each small token held the stand-in's CPU under load).
  let randomPool = Buffer.alloc(0);
  let randomOffset = 0;
  const randomSlice = (bytes: number) => {
    if (randomOffset + bytes > randomPool.length) {
      randomPool = randomBytes(64 * 1024);
      randomOffset = 0;
    }
    randomOffset += bytes;
    return randomPool.subarray(randomOffset - bytes, randomOffset);
  };
  const randomToken = (bytes: number) => randomSlice(bytes).toString("hex");
  const quoteToken = () => randomSlice(48).toString("base64url");

  const ensureUser = (userId: string, displayName?: string): SimulatedUser => {
    let user = users.get(userId);
    if (!user) {
      user = { userId, displayName: displayName ?? `住民${users.size + 1}`, following: false };
      users.set(userId, user);
      version++;
    } else if (displayName) {
      user.displayName = displayName;
    }
    return user;
  };

  const addChat = (userId: string, entry: ChatEntryInput) => {
    if (!recordAll) return;
    const list = chats.get(userId) ?? [];
    list.push({ ...entry, seq: ++chatSeq, at: now() });
    chats.set(userId, list);
    version++;
  };

  const record = (entry: Omit<RecordedRequest, "at">) => {
    const full: RecordedRequest = { ...entry, at: now() };
    stats.byStatus[full.status] = (stats.byStatus[full.status] ?? 0) + 1;
    if (full.status < 300) stats.acceptedCalls++;
    else stats.rejectedCalls++;
    if (recordAll) requests.push(full);
    else if (full.status >= 300) {
      rejectedInCountsMode.push(full);
      if (rejectedInCountsMode.length > MAX_REJECTED_IN_COUNTS_MODE) rejectedInCountsMode.shift();
    }
    if (full.status >= 300) version++;
  };

  const deliver = (delivery: Delivery) => {
    stats.deliveredMessages += delivery.messages.length * delivery.to.length;
    for (const userId of delivery.to) {
      messageCounts.set(userId, (messageCounts.get(userId) ?? 0) + delivery.messages.length);
      loading.delete(userId);
      if (recordAll) {
        const list = messagesByUser.get(userId) ?? [];
        list.push(...delivery.messages);
        messagesByUser.set(userId, list);
        for (const message of delivery.messages) addChat(userId, { from: "bot", via: delivery.via, message });
      }
    }
    if (recordAll) deliveries.push(delivery);
    version++;
  };

  const followers = () => [...users.values()].filter((u) => u.following).map((u) => u.userId);

  const issueReplyToken = (userId: string): string => {
    const token = randomToken(16);
    replyTokens.set(token, { userId, expiresAt: now() + replyTokenTtlMs });
    if (replyTokens.size > 10_000) {
      // Issued in time order with one lifetime: the expired ones are at the front (a Map keeps
      // insertion order), so stop at the first live one instead of scanning every token each time.
      const t = now();
      for (const [key, state] of replyTokens) {
        if (state.expiresAt >= t) break;
        replyTokens.delete(key);
      }
    }
    return token;
  };

  const sentMessagesFor = (messages: unknown[]) =>
    messages.map(() => ({ id: nextMessageId(), quoteToken: quoteToken() }));

  // ---- the Messaging API ----

  const validationAnswer = (errors: ContractError[]) =>
    new HttpAnswer(
      400,
      {
        message: `The request body has ${errors.length} error(s)`,
        details: errors.map((e) => ({ message: e.message, property: e.property })),
      },
      errors.map(formatContractError),
    );

  const messagesOf = (body: unknown): unknown[] =>
    isRecord(body) && Array.isArray(body["messages"]) ? body["messages"] : [];

  const targetsOf = (operation: RecordedOperation, body: unknown, params: Record<string, string>): string[] => {
    // Profiles and per-user rich menu calls name their resident in the path.
    if (params["userId"]) return [params["userId"]];
    if (!isRecord(body)) return [];
    if (operation === "reply" && typeof body["replyToken"] === "string") {
      const state = replyTokens.get(body["replyToken"]);
      return state ? [state.userId] : [];
    }
    if (operation === "showLoadingAnimation" && typeof body["chatId"] === "string") return [body["chatId"]];
    const to = body["to"];
    if (typeof to === "string") return [to];
    if (Array.isArray(to)) return to.filter((id): id is string => typeof id === "string");
    return [];
  };

  /** Runs the checks LINE runs, in LINE's order, then the operation itself. */
  const handle =
    (operation: RecordedOperation, perform: (req: Request, requestId: string, retryKey?: string) => HttpAnswer) =>
    async (req: Request, res: Response) => {
      const requestId = randomUUID();
      const body: unknown = req.body;
      // Before performing: a successful reply consumes its token, and with it the way to the user.
      const userIds = targetsOf(operation, body, req.params as Record<string, string>);
      const answer = async (): Promise<HttpAnswer & { injectedFault?: boolean }> => {
        if ((rawLengths.get(req) ?? 0) > MAX_BODY_BYTES) {
          return new HttpAnswer(413, { message: "Request Entity Too Large" }, ["request body over 2 MB"]);
        }
        if (req.get("authorization") !== `Bearer ${options.channelAccessToken}`) {
          return new HttpAnswer(401, { message: AUTH_FAILED }, [AUTH_FAILED]);
        }
        if (faults.delayMs) await sleep(faults.delayMs);
        if (faults.hang && faults.hang.calls > 0 && userIds.some((u) => faults.hang!.userIds.includes(u))) {
          faults.hang.calls--;
          // Held until the faults change; nothing is performed, as when LINE never got to it.
          await new Promise<void>((release) => hung.push(release));
          return Object.assign(new HttpAnswer(503, { message: "Service unavailable" }, ["injected hang"]), { injectedFault: true });
        }
        fault429Credit += faults.rate429 ?? 0;
        if (fault429Credit >= 1 - 1e-9) {
          fault429Credit -= 1;
          return Object.assign(new HttpAnswer(429, { message: "Too many requests" }, ["injected 429"]), { injectedFault: true });
        }
        fault500Credit += faults.rate500 ?? 0;
        if (fault500Credit >= 1 - 1e-9) {
          fault500Credit -= 1;
          return Object.assign(new HttpAnswer(500, { message: "Internal server error" }, ["injected 500"]), { injectedFault: true });
        }
        const retryKey = req.get("x-line-retry-key");
        if (retryKey !== undefined) {
          if (!RETRY_KEY_OPERATIONS.has(operation)) {
            const message = "X-Line-Retry-Key is not supported by this endpoint";
            return new HttpAnswer(400, { message }, [message]);
          }
          if (!UUID.test(retryKey)) {
            const message = "The X-Line-Retry-Key header must be a UUID";
            return new HttpAnswer(400, { message }, [message]);
          }
          const accepted = retryKeys.get(retryKey);
          if (accepted) {
            const message = "The retry key is already accepted";
            return new HttpAnswer(
              409,
              accepted.sentMessages ? { message, sentMessages: accepted.sentMessages } : { message },
              [message],
              { "x-line-accepted-request-id": accepted.requestId },
            );
          }
        }
        return perform(req, requestId, retryKey);
      };

      let result: HttpAnswer & { injectedFault?: boolean };
      try {
        result = await answer();
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        result = new HttpAnswer(500, { message: "Internal server error" }, [`stand-in error: ${message}`]);
      }
      record({
        operation,
        status: result.status,
        errors: result.errors,
        body,
        requestId,
        userIds,
        ...(result.injectedFault ? { injectedFault: true } : {}),
        ...(req.get("x-line-retry-key") ? { retryKey: req.get("x-line-retry-key") } : {}),
      });
      res.status(result.status).set({ "x-line-request-id": requestId, ...result.headers });
      if (result.binary) res.type(result.binary.contentType).send(result.binary.data);
      else res.json(result.body);
    };

  const send = (operation: "reply" | "push" | "multicast" | "broadcast" | "narrowcast") =>
    handle(operation, (req, requestId, retryKey) => {
      const body: unknown = req.body;
      const errors = validator.validateRequestDetailed(operation, body);
      if (errors.length > 0) return validationAnswer(errors);
      const messages = messagesOf(body);
      const fields = body as Record<string, unknown>;

      let to: string[];
      if (operation === "reply") {
        const token = String(fields["replyToken"]);
        const state = replyTokens.get(token);
        if (!state || state.expiresAt < now()) {
          replyTokens.delete(token);
          return new HttpAnswer(400, { message: "Invalid reply token" }, ["Invalid reply token"]);
        }
        replyTokens.delete(token); // single use
        to = [state.userId];
      } else if (operation === "push") {
        to = [String(fields["to"])];
      } else if (operation === "multicast") {
        to = (fields["to"] as unknown[]).map(String);
      } else {
        to = followers(); // narrowcast filters are not simulated: everyone who follows
      }

      if (operation !== "reply") {
        // Replies are free; every other send costs one message per recipient.
        if (options.monthlyQuota !== undefined && quotaUsed + to.length > options.monthlyQuota) {
          const message = "You have reached your monthly limit.";
          return new HttpAnswer(429, { message }, [message]);
        }
        quotaUsed += to.length;
      }

      const sentMessages = operation === "reply" || operation === "push" ? sentMessagesFor(messages) : undefined;
      if (retryKey !== undefined) {
        retryKeys.set(retryKey, sentMessages ? { requestId, sentMessages } : { requestId });
        retryKeysSeen.add(retryKey);
      }
      deliver({ via: operation, to, messages, at: now(), requestId, ...(retryKey !== undefined ? { retryKey } : {}) });
      const units = fields["customAggregationUnits"];
      insight.recordSend({ unit: Array.isArray(units) && typeof units[0] === "string" ? units[0] : undefined, requestId, via: operation, recipients: to.length, at: now() });
      if (sentMessages) return new HttpAnswer(200, { sentMessages });
      return new HttpAnswer(operation === "narrowcast" ? 202 : 200, {});
    });

  const router = express.Router();
  // Scoped to /v2/bot so that mounting this router on the bot's own app leaves the webhook's raw body alone.
  router.use(
    "/v2/bot",
    express.json({
      limit: "3mb",
      verify: (req, _res, buf) => {
        rawLengths.set(req as Request, buf.length);
      },
    }),
  );
  router.post("/v2/bot/message/reply", send("reply"));
  router.post("/v2/bot/message/push", send("push"));
  router.post("/v2/bot/message/multicast", send("multicast"));
  router.post("/v2/bot/message/broadcast", send("broadcast"));
  router.post("/v2/bot/message/narrowcast", send("narrowcast"));
  router.post(
    "/v2/bot/chat/loading/start",
    handle("showLoadingAnimation", (req) => {
      const errors = validator.validateRequestDetailed("showLoadingAnimation", req.body);
      if (errors.length > 0) return validationAnswer(errors);
      const body = req.body as { chatId: string; loadingSeconds?: number };
      loading.set(body.chatId, now() + (body.loadingSeconds ?? 20) * 1000);
      version++;
      return new HttpAnswer(202, {});
    }),
  );
  router.get(
    "/v2/bot/profile/:userId",
    handle("profile", (req) => {
      const user = users.get(String(req.params["userId"]));
      if (!user) return new HttpAnswer(404, { message: "Not found" }, ["unknown user"]);
      return new HttpAnswer(200, { userId: user.userId, displayName: user.displayName, language: "ja" });
    }),
  );
  router.get(
    "/v2/bot/message/quota",
    handle("quota", () =>
      new HttpAnswer(200, options.monthlyQuota === undefined ? { type: "none" } : { type: "limited", value: options.monthlyQuota }),
    ),
  );
  router.get("/v2/bot/message/quota/consumption", handle("quotaConsumption", () => new HttpAnswer(200, { totalUsage: quotaUsed })));
  const richMenus = mountRichMenus(router, {
    handle: (operation, perform) =>
      handle(operation, (req) => {
        const result = perform(req);
        if ("binary" in result) return new HttpAnswer(200, {}, [], {}, { data: result.binary, contentType: result.contentType });
        return new HttpAnswer(result.status, result.body, result.errors ?? []);
      }),
    changed: () => {
      version++;
    },
  });
  const insight = mountInsight(router, {
    handle: (operation, perform) =>
      handle(operation, (req) => {
        const result = perform(req);
        return new HttpAnswer(result.status, result.body as Record<string, unknown>, result.errors ?? []);
      }),
  });
  // Anything else under /v2/bot is an endpoint the stand-in does not simulate: make that visible.
  router.all(
    "/v2/bot/*rest",
    handle("unsupported", (req) => {
      const message = `${req.method} ${req.path} is not implemented by the LINE stand-in`;
      return new HttpAnswer(404, { message }, [message]);
    }),
  );
  router.use("/v2/bot", (error: unknown, req: Request, res: Response, next: NextFunction) => {
    const type = isRecord(error) ? error["type"] : undefined;
    if (type !== "entity.too.large" && type !== "entity.parse.failed") {
      next(error);
      return;
    }
    const [status, message] = type === "entity.too.large" ? [413, "Request Entity Too Large"] : [400, "The request body is not valid JSON"];
    const requestId = randomUUID();
    const operation = OPERATION_BY_PATH[`${req.baseUrl}${req.path}`] ?? "unsupported";
    record({ operation, status, errors: [message], body: undefined, requestId, userIds: [] });
    res.status(status).set("x-line-request-id", requestId).json({ message });
  });

  // ---- residents and webhooks ----

  const eventBase = (userId: string) => ({
    source: { type: "user" as const, userId },
    timestamp: now(),
    mode: "active" as const,
    webhookEventId: ulid(),
    deliveryContext: { isRedelivery: false },
  });

  const build: EventBuilders = {
    text: (userId, text) => ({
      type: "message",
      ...eventBase(userId),
      replyToken: issueReplyToken(userId),
      message: { type: "text", id: nextMessageId(), text, quoteToken: quoteToken(), markAsReadToken: randomToken(16) },
    }),
    sticker: (userId, packageId = "446", stickerId = "1988") => ({
      type: "message",
      ...eventBase(userId),
      replyToken: issueReplyToken(userId),
      message: {
        type: "sticker",
        id: nextMessageId(),
        packageId,
        stickerId,
        stickerResourceType: "STATIC",
        quoteToken: quoteToken(),
        markAsReadToken: randomToken(16),
      },
    }),
    postback: (userId, data, params) => ({
      type: "postback",
      ...eventBase(userId),
      replyToken: issueReplyToken(userId),
      postback: params ? { data, params } : { data },
    }),
    follow: (userId, isUnblocked = false) => ({
      type: "follow",
      ...eventBase(userId),
      replyToken: issueReplyToken(userId),
      follow: { isUnblocked },
    }),
    unfollow: (userId) => ({ type: "unfollow", ...eventBase(userId) }),
  };

  const deliverEvents = async (input: webhook.Event[] | string, deliverOptions: DeliverOptions = {}): Promise<WebhookDelivery> => {
    let events: webhook.Event[];
    let body: string;
    if (typeof input === "string") {
      const parsed = JSON.parse(input) as webhook.CallbackRequest;
      events = parsed.events;
      if (deliverOptions.redelivery) {
        for (const event of events) event.deliveryContext = { isRedelivery: true };
        body = JSON.stringify(parsed);
      } else {
        body = input;
      }
    } else {
      events = deliverOptions.redelivery
        ? input.map((event) => ({ ...event, deliveryContext: { isRedelivery: true } }))
        : input;
      body = JSON.stringify({ destination: botUserId, events } satisfies webhook.CallbackRequest);
    }
    for (const event of events) {
      const userId = event.source?.type === "user" ? event.source.userId : undefined;
      if (!userId) continue;
      const user = ensureUser(userId);
      if (event.type === "follow" && !user.following) {
        user.following = true;
        version++;
      }
      if (event.type === "unfollow") {
        if (user.following) version++;
        user.following = false;
        hasBlocked.add(userId);
      }
    }
    if (!webhookUrl) throw new Error("The LINE stand-in has no webhook URL: pass webhookUrl or call setWebhookUrl()");
    const signature = deliverOptions.signature ?? signWebhookBody(body, options.channelSecret);
    try {
      const response = await fetch(webhookUrl, {
        method: "POST",
        headers: { "content-type": "application/json; charset=utf-8", "x-line-signature": signature, "user-agent": "LineBotWebhook/2.0" },
        body,
        signal: AbortSignal.timeout(options.webhookTimeoutMs ?? 10_000),
      });
      return { status: response.status, body, events, responseText: await response.text() };
    } catch (error) {
      return { status: 0, body, events, responseText: "", error: error instanceof Error ? error.message : String(error) };
    }
  };

  const standIn: LineStandIn = {
    router,
    botUserId,
    richMenus,
    setWebhookUrl: (url) => {
      webhookUrl = url;
    },
    setFaults: (next) => {
      faults = { ...next, ...(next.hang ? { hang: { ...next.hang } } : {}) };
      for (const release of hung.splice(0)) release();
      fault429Credit = 0;
      fault500Credit = 0;
    },
    deliveries,
    requests,
    messagesFor: (userId) => [...(messagesByUser.get(userId) ?? [])],
    messageCountFor: (userId) => messageCounts.get(userId) ?? 0,
    messageCounts,
    retryKeysSeen,
    rejected: () => (recordAll ? requests : rejectedInCountsMode).filter((r) => r.status >= 300),
    stats: () => ({ ...stats, byStatus: { ...stats.byStatus } }),
    reset: () => {
      deliveries.length = 0;
      requests.length = 0;
      rejectedInCountsMode.length = 0;
      messagesByUser.clear();
      messageCounts.clear();
      retryKeys.clear();
      retryKeysSeen.clear();
      chats.clear();
      loading.clear();
      Object.assign(stats, { acceptedCalls: 0, rejectedCalls: 0, deliveredMessages: 0, byStatus: {} });
      quotaUsed = 0;
      standIn.setFaults({});
      version++;
    },
    waitFor: async (predicate, timeoutMs = 5000) => {
      const deadline = Date.now() + timeoutMs;
      while (!predicate()) {
        if (Date.now() > deadline) throw new Error(`waitFor: condition not met within ${timeoutMs} ms`);
        await sleep(10);
      }
    },

    users: () => [...users.values()].map((u) => ({ ...u })),
    createUser: (create = {}) => {
      const userId = create.userId ?? `Usim${randomToken(16)}`;
      return { ...ensureUser(userId, create.displayName) };
    },
    chatFor: (userId) => [...(chats.get(userId) ?? [])],
    rejectionsFor: (userId) =>
      standIn
        .rejected()
        .filter((r) => !r.injectedFault && r.operation !== "profile" && (r.userIds.length === 0 || r.userIds.includes(userId))),
    loadingUntil: (userId) => {
      const until = loading.get(userId) ?? 0;
      return until > now() ? until : 0;
    },
    get version() {
      return version;
    },
    snapshot: () => ({
      format: 1,
      users: [...users.values()].map((u) => ({ ...u })),
      blocked: [...hasBlocked],
      chats: Object.fromEntries([...chats].map(([userId, list]) => [userId, list.slice(-MAX_KEPT_CHAT_ENTRIES)])),
    }),
    restore: (snapshot) => {
      if (!isRecord(snapshot) || snapshot["format"] !== 1) return;
      for (const u of Array.isArray(snapshot["users"]) ? snapshot["users"] : []) {
        if (isRecord(u) && typeof u["userId"] === "string" && typeof u["displayName"] === "string") {
          users.set(u["userId"], { userId: u["userId"], displayName: u["displayName"], following: u["following"] === true });
        }
      }
      for (const id of Array.isArray(snapshot["blocked"]) ? snapshot["blocked"] : []) if (typeof id === "string") hasBlocked.add(id);
      const saved = isRecord(snapshot["chats"]) ? snapshot["chats"] : {};
      for (const [userId, list] of Object.entries(saved)) {
        if (!users.has(userId) || !Array.isArray(list)) continue;
        const entries = list.filter((e): e is ChatEntry => isRecord(e) && typeof e["seq"] === "number" && typeof e["from"] === "string");
        chats.set(userId, entries);
        for (const e of entries) chatSeq = Math.max(chatSeq, e.seq);
      }
      version++;
    },

    build,
    issueReplyToken,
    deliverEvents,
    follow: async (userId, displayName) => {
      ensureUser(userId, displayName);
      const event = build.follow(userId, hasBlocked.has(userId));
      addChat(userId, { from: "system", event: "follow" });
      return deliverEvents([event]);
    },
    unfollow: async (userId) => {
      ensureUser(userId);
      addChat(userId, { from: "system", event: "unfollow" });
      return deliverEvents([build.unfollow(userId)]);
    },
    sendText: async (userId, text) => {
      ensureUser(userId);
      addChat(userId, { from: "user", message: { type: "text", text } });
      return deliverEvents([build.text(userId, text)]);
    },
    sendPostback: async (userId, data, params, postbackOptions = {}) => {
      ensureUser(userId);
      addChat(userId, {
        from: "user",
        message: {
          type: "postback",
          data,
          ...(params ? { params } : {}),
          ...(postbackOptions.displayText !== undefined ? { displayText: postbackOptions.displayText } : {}),
        },
      });
      return deliverEvents([build.postback(userId, data, params)]);
    },
    sendSticker: async (userId, packageId = "446", stickerId = "1988") => {
      ensureUser(userId);
      addChat(userId, { from: "user", message: { type: "sticker", packageId, stickerId } });
      return deliverEvents([build.sticker(userId, packageId, stickerId)]);
    },
  };
  return standIn;
}
