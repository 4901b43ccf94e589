// The Messaging API calls the bot makes, each with a connect timeout and a total timeout: the SDK's
// client uses the global fetch with neither, so a LINE that hangs would hold a call for Node's
// five-minute socket timeout. Errors have the SDK's shapes (HTTPFetchError for a non-2xx answer), so
// callers read them one way whichever client made the call.
import { HTTPFetchError, type messagingApi } from "@line/bot-sdk";
import { Agent, fetch } from "undici";
import { CallTimeoutError } from "./callWithRetry.ts";

export type TLineTimeouts = { connectMs: number; totalMs: number };

export const defaultLineTimeouts: TLineTimeouts = { connectMs: 3_000, totalMs: 10_000 };

/** The calls the bot makes; named as in the SDK's MessagingApiClient. */
export type TLineApi = {
  replyMessage(request: messagingApi.ReplyMessageRequest): Promise<unknown>;
  pushMessage(request: messagingApi.PushMessageRequest, xLineRetryKey?: string): Promise<unknown>;
  multicast(request: messagingApi.MulticastRequest, xLineRetryKey?: string): Promise<unknown>;
  close(): Promise<void>;
};

export function createLineApi(options: { baseUrl: string; channelAccessToken: string; timeouts?: TLineTimeouts }): TLineApi {
  const timeouts = options.timeouts ?? defaultLineTimeouts;
  const dispatcher = new Agent({ connect: { timeout: timeouts.connectMs }, headersTimeout: timeouts.totalMs, bodyTimeout: timeouts.totalMs });
  const post = async (path: string, body: unknown, retryKey?: string): Promise<unknown> => {
    const signal = AbortSignal.timeout(timeouts.totalMs);
    let response;
    try {
      response = await fetch(new URL(path, options.baseUrl), {
        method: "POST",
        headers: {
          "content-type": "application/json",
          authorization: `Bearer ${options.channelAccessToken}`,
          ...(retryKey ? { "x-line-retry-key": retryKey } : {}),
        },
        body: JSON.stringify(body),
        signal,
        dispatcher,
      });
      const text = await response.text();
      if (!response.ok) {
        throw new HTTPFetchError(`${response.status} - ${response.statusText}`, {
          status: response.status,
          statusText: response.statusText,
          headers: response.headers as unknown as Headers,
          body: text,
        });
      }
      return text ? (JSON.parse(text) as unknown) : {};
    } catch (err) {
      if (signal.aborted || (err instanceof Error && /timeout/i.test(`${err.name} ${(err as { code?: string }).code ?? ""}`))) throw new CallTimeoutError(timeouts.totalMs);
      if (err instanceof HTTPFetchError) throw err;
      // undici's network failures are TypeErrors, as the global fetch's are: retried by the callers.
      throw err instanceof TypeError ? err : new TypeError(err instanceof Error ? err.message : String(err));
    }
  };
  return {
    replyMessage: (request) => post("/v2/bot/message/reply", request),
    pushMessage: (request, retryKey) => post("/v2/bot/message/push", request, retryKey),
    multicast: (request, retryKey) => post("/v2/bot/message/multicast", request, retryKey),
    close: () => dispatcher.close(),
  };
}
