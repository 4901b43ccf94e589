// The Messaging API calls the bot makes, each with a connect timeout and a total timeout: the SDK's
// client uses the global fetch with neither, so a LINE that hangs would hold a call for Node's
// five-minute socket timeout. A non-2xx answer is a LineApiError (the fields of the SDK's
// HTTPFetchError); requests and answers are typed by the SDK's types, whose runtime is never loaded.
import type { messagingApi } from "@line/bot-sdk";
import { STATUS_CODES } from "node:http";
import type { Agent } from "undici";
import { CallTimeoutError, LineApiError } from "./callWithRetry.ts";

export type TLineTimeouts = { connectMs: number; totalMs: number };

export const defaultLineTimeouts: TLineTimeouts = { connectMs: 3_000, totalMs: 10_000 };

/** The calls the bot makes; named as in the SDK's MessagingApiClient (and MessagingApiBlobClient for the image). */
export type TLineApi = {
  replyMessage(request: messagingApi.ReplyMessageRequest): Promise<unknown>;
  pushMessage(request: messagingApi.PushMessageRequest, xLineRetryKey?: string): Promise<unknown>;
  multicast(request: messagingApi.MulticastRequest, xLineRetryKey?: string): Promise<unknown>;
  /** The loading animation in a one-to-one chat (5–60 s, a multiple of 5); LINE answers 202 even when it is not shown. */
  showLoadingAnimation(request: messagingApi.ShowLoadingAnimationRequest): Promise<unknown>;
  createRichMenu(request: messagingApi.RichMenuRequest): Promise<messagingApi.RichMenuIdResponse>;
  /** On the api-data host. */
  setRichMenuImage(richMenuId: string, image: Buffer, contentType: "image/png" | "image/jpeg"): Promise<unknown>;
  deleteRichMenu(richMenuId: string): Promise<unknown>;
  getRichMenuList(): Promise<messagingApi.RichMenuListResponse>;
  setDefaultRichMenu(richMenuId: string): Promise<unknown>;
  linkRichMenuIdToUser(userId: string, richMenuId: string): Promise<unknown>;
  unlinkRichMenuIdFromUser(userId: string): Promise<unknown>;
  getRichMenuIdOfUser(userId: string): Promise<messagingApi.RichMenuIdResponse>;
  createRichMenuAlias(request: messagingApi.CreateRichMenuAliasRequest): Promise<unknown>;
  updateRichMenuAlias(richMenuAliasId: string, request: messagingApi.UpdateRichMenuAliasRequest): Promise<unknown>;
  deleteRichMenuAlias(richMenuAliasId: string): Promise<unknown>;
  getRichMenuAliasList(): Promise<messagingApi.RichMenuAliasListResponse>;
  /** Opens and clicks of the messages sent with a custom aggregation unit, days yyyyMMdd (UTC+9). */
  getStatisticsPerUnit(customAggregationUnit: string, from: string, to: string): Promise<unknown>;
  close(): Promise<void>;
};

type TCall = { method: "GET" | "POST" | "DELETE"; path: string; json?: unknown; raw?: { body: Buffer; contentType: string }; retryKey?: string; data?: boolean };

// undici (130 files) is loaded by the first call, or by preloadLineClient() right after the bot is
// ready: start-up does not wait for it, and the first resident's reply does not either.
let undici: Promise<typeof import("undici")> | undefined;

export function preloadLineClient(): Promise<typeof import("undici")> {
  return (undici ??= import("undici"));
}

export function createLineApi(options: { baseUrl: string; dataBaseUrl?: string; channelAccessToken: string; timeouts?: TLineTimeouts }): TLineApi {
  const timeouts = options.timeouts ?? defaultLineTimeouts;
  let dispatcher: Agent | undefined;
  const call = async (c: TCall): Promise<unknown> => {
    const signal = AbortSignal.timeout(timeouts.totalMs);
    try {
      const { Agent, request } = await preloadLineClient();
      dispatcher ??= new Agent({ connect: { timeout: timeouts.connectMs }, headersTimeout: timeouts.totalMs, bodyTimeout: timeouts.totalMs });
      const body = c.raw ? c.raw.body : c.json === undefined ? undefined : JSON.stringify(c.json);
      const contentType = c.raw ? c.raw.contentType : c.json === undefined ? undefined : "application/json";
      // undici's request rather than fetch: the same connection pool without WHATWG streams, a
      // fraction of the CPU per call on the reply path every turn takes.
      const response = await request(new URL(c.path, c.data ? (options.dataBaseUrl ?? options.baseUrl) : options.baseUrl), {
        method: c.method,
        headers: {
          ...(contentType ? { "content-type": contentType } : {}),
          authorization: `Bearer ${options.channelAccessToken}`,
          ...(c.retryKey ? { "x-line-retry-key": c.retryKey } : {}),
        },
        body,
        signal,
        dispatcher,
      });
      const text = await response.body.text();
      if (response.statusCode < 200 || response.statusCode > 299) {
        throw new LineApiError({
          status: response.statusCode,
          statusText: STATUS_CODES[response.statusCode] ?? "",
          headers: toHeaders(response.headers),
          body: text,
        });
      }
      return text ? (JSON.parse(text) as unknown) : {};
    } catch (err) {
      if (signal.aborted || (err instanceof Error && /timeout/i.test(`${err.name} ${(err as { code?: string }).code ?? ""}`))) throw new CallTimeoutError(timeouts.totalMs);
      if (err instanceof LineApiError) throw err;
      // Network failures as TypeErrors, as the global fetch gives them: retried by the callers.
      throw err instanceof TypeError ? err : new TypeError(err instanceof Error ? err.message : String(err));
    }
  };
  const post = (path: string, json: unknown, retryKey?: string) => call({ method: "POST", path, json, retryKey });
  const id = encodeURIComponent;
  return {
    replyMessage: (request) => post("/v2/bot/message/reply", request),
    pushMessage: (request, retryKey) => post("/v2/bot/message/push", request, retryKey),
    multicast: (request, retryKey) => post("/v2/bot/message/multicast", request, retryKey),
    showLoadingAnimation: (request) => post("/v2/bot/chat/loading/start", request),
    createRichMenu: async (request) => (await post("/v2/bot/richmenu", request)) as messagingApi.RichMenuIdResponse,
    setRichMenuImage: (richMenuId, image, contentType) =>
      call({ method: "POST", path: `/v2/bot/richmenu/${id(richMenuId)}/content`, raw: { body: image, contentType }, data: true }),
    deleteRichMenu: (richMenuId) => call({ method: "DELETE", path: `/v2/bot/richmenu/${id(richMenuId)}` }),
    getRichMenuList: async () => (await call({ method: "GET", path: "/v2/bot/richmenu/list" })) as messagingApi.RichMenuListResponse,
    setDefaultRichMenu: (richMenuId) => call({ method: "POST", path: `/v2/bot/user/all/richmenu/${id(richMenuId)}` }),
    linkRichMenuIdToUser: (userId, richMenuId) => call({ method: "POST", path: `/v2/bot/user/${id(userId)}/richmenu/${id(richMenuId)}` }),
    unlinkRichMenuIdFromUser: (userId) => call({ method: "DELETE", path: `/v2/bot/user/${id(userId)}/richmenu` }),
    getRichMenuIdOfUser: async (userId) => (await call({ method: "GET", path: `/v2/bot/user/${id(userId)}/richmenu` })) as messagingApi.RichMenuIdResponse,
    createRichMenuAlias: (request) => post("/v2/bot/richmenu/alias", request),
    updateRichMenuAlias: (aliasId, request) => post(`/v2/bot/richmenu/alias/${id(aliasId)}`, request),
    deleteRichMenuAlias: (aliasId) => call({ method: "DELETE", path: `/v2/bot/richmenu/alias/${id(aliasId)}` }),
    getRichMenuAliasList: async () => (await call({ method: "GET", path: "/v2/bot/richmenu/alias/list" })) as messagingApi.RichMenuAliasListResponse,
    getStatisticsPerUnit: (unit, from, to) =>
      call({ method: "GET", path: `/v2/bot/insight/message/event/aggregation?${new URLSearchParams({ customAggregationUnit: unit, from, to }).toString()}` }),
    close: async () => {
      await dispatcher?.close();
    },
  };
}

function toHeaders(raw: Record<string, string | string[] | undefined>): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(raw)) {
    if (Array.isArray(value)) for (const v of value) headers.append(name, v);
    else if (value !== undefined) headers.set(name, value);
  }
  return headers;
}
