// LINE's statistics of sends, as the stand-in plays them (insight.yml): per custom aggregation unit
// (push and multicast) and per request id (narrowcast and broadcast). Figures are plausible and
// repeatable — about 60 % of recipients open a message and 10 % open a link in it, varied a little
// by the unit's name — and, as at LINE, null when fewer than 20 people received it. Query
// parameters are checked against the contract's declared parameters; every answer against its
// response schema, so the stand-in cannot drift from what LINE documents.
import { createHash } from "node:crypto";
import { type Request, type Router } from "express";
import { loadOpenApiSchemas, type ContractError } from "./loadOpenApiSchemas.ts";
import { tokyoYmd } from "../tokyoTime.ts";

export const INSIGHT_SPEC = new URL("../../vendor/line-openapi/insight.yml", import.meta.url);

export type InsightOperation = "statisticsPerUnit" | "messageEvent";

/** LINE reports nothing on a send to fewer people than this. */
export const PRIVACY_THRESHOLD = 20;

type TAnswer = { status: number; body: unknown; errors?: string[] };

export type TInsightHost = {
  handle(operation: InsightOperation, perform: (req: Request) => TAnswer): (req: Request, res: import("express").Response) => Promise<void>;
};

export type InsightStandIn = {
  /** Called for every accepted send: its unit (push/multicast) or request id (narrowcast/broadcast), recipients and time. */
  recordSend(send: { unit?: string; requestId: string; via: string; recipients: number; at: number }): void;
};

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

const ymd = (at: number) => tokyoYmd(new Date(at));
const ymdToMs = (s: string) => Date.UTC(Number(s.slice(0, 4)), Number(s.slice(4, 6)) - 1, Number(s.slice(6, 8)));

/** A repeatable share between base−0.05 and base+0.05, from the name. */
function share(name: string, base: number): number {
  const h = createHash("sha256").update(name).digest().readUInt16BE(0) / 0xffff;
  return base - 0.05 + h * 0.1;
}

/** Checks a query against the operation's declared query parameters (required, pattern, lengths). */
function checkQuery(document: Record<string, unknown>, path: string, query: Record<string, unknown>): ContractError[] {
  const paths = isRecord(document["paths"]) ? document["paths"] : {};
  const item = isRecord(paths[path]) ? paths[path] : {};
  const get = isRecord(item["get"]) ? item["get"] : {};
  const parameters = Array.isArray(get["parameters"]) ? get["parameters"] : [];
  const errors: ContractError[] = [];
  for (const p of parameters) {
    if (!isRecord(p) || p["in"] !== "query") continue;
    const name = String(p["name"]);
    const schema = isRecord(p["schema"]) ? p["schema"] : {};
    const value = query[name];
    if (value === undefined) {
      if (p["required"] === true) errors.push({ property: name, message: "is required" });
      continue;
    }
    if (typeof value !== "string") {
      errors.push({ property: name, message: "must be given once" });
      continue;
    }
    if (typeof schema["minLength"] === "number" && value.length < schema["minLength"]) errors.push({ property: name, message: `must be at least ${schema["minLength"]} characters` });
    if (typeof schema["maxLength"] === "number" && value.length > schema["maxLength"]) errors.push({ property: name, message: `must be at most ${schema["maxLength"]} characters` });
    if (typeof schema["pattern"] === "string" && !new RegExp(schema["pattern"]).test(value)) errors.push({ property: name, message: `must match ${schema["pattern"]}` });
  }
  return errors;
}

const bad = (errors: ContractError[]): TAnswer => ({
  status: 400,
  body: { message: "The request has errors", details: errors.map((e) => ({ message: e.message, property: e.property })) },
  errors: errors.map((e) => `${e.property}: ${e.message}`),
});

export function mountInsight(router: Router, host: TInsightHost): InsightStandIn {
  let schemas: ReturnType<typeof loadOpenApiSchemas> | undefined;
  const contract = () => (schemas ??= loadOpenApiSchemas(INSIGHT_SPEC));
  /** Per unit: recipients per Tokyo day. */
  const units = new Map<string, Map<string, number>>();
  const requests = new Map<string, { recipients: number; at: number }>();

  /** The answer, itself checked against the contract's response schema: a mistake here is the stand-in's, and says so. */
  const answer = (schema: string, body: unknown): TAnswer => {
    const errors = contract().validate(schema, body);
    if (errors.length > 0) return { status: 500, body: { message: "Internal server error" }, errors: errors.map((e) => `stand-in answer breaks ${schema}: ${e.property} ${e.message}`) };
    return { status: 200, body };
  };

  router.get(
    "/v2/bot/insight/message/event/aggregation",
    host.handle("statisticsPerUnit", (req) => {
      const path = "/v2/bot/insight/message/event/aggregation";
      const query = req.query as Record<string, unknown>;
      const errors = checkQuery(contract().document, path, query);
      if (errors.length > 0) return bad(errors);
      const from = String(query["from"]);
      const to = String(query["to"]);
      const days = (ymdToMs(to) - ymdToMs(from)) / 86_400_000;
      if (days < 0) return bad([{ property: "to", message: "must not be before from" }]);
      if (days > 30) return bad([{ property: "to", message: "must be at most 30 days after from" }]);
      const unit = String(query["customAggregationUnit"]);
      let recipients = 0;
      for (const [day, n] of units.get(unit) ?? []) if (day >= from && day <= to) recipients += n;
      const under = recipients < PRIVACY_THRESHOLD;
      const opened = under ? null : Math.round(recipients * share(unit, 0.6));
      const clicked = under ? null : Math.round(recipients * share(`${unit}:click`, 0.1));
      return answer("GetStatisticsPerUnitResponse", {
        overview: { uniqueImpression: opened, uniqueClick: clicked, uniqueMediaPlayed: null, uniqueMediaPlayed100Percent: null },
        messages: [{ seq: 1, impression: opened === null ? null : Math.round(opened * 1.3), uniqueImpression: opened, mediaPlayed: null, uniqueMediaPlayed: null }],
        clicks: [],
      });
    }),
  );

  router.get(
    "/v2/bot/insight/message/event",
    host.handle("messageEvent", (req) => {
      const query = req.query as Record<string, unknown>;
      const errors = checkQuery(contract().document, "/v2/bot/insight/message/event", query);
      if (errors.length > 0) return bad(errors);
      const requestId = String(query["requestId"]);
      const sent = requests.get(requestId);
      const recipients = sent?.recipients ?? 0;
      const under = recipients < PRIVACY_THRESHOLD;
      const opened = under ? null : Math.round(recipients * share(requestId, 0.6));
      return answer("GetMessageEventResponse", {
        overview: {
          requestId,
          timestamp: Math.floor((sent?.at ?? Date.now()) / 1000),
          delivered: under ? null : recipients,
          uniqueImpression: opened,
          uniqueClick: under ? null : Math.round(recipients * share(`${requestId}:click`, 0.1)),
          uniqueMediaPlayed: null,
          uniqueMediaPlayed100Percent: null,
        },
        messages: [],
        clicks: [],
      });
    }),
  );

  return {
    recordSend({ unit, requestId, via, recipients, at }) {
      if (unit) {
        const perDay = units.get(unit) ?? new Map<string, number>();
        perDay.set(ymd(at), (perDay.get(ymd(at)) ?? 0) + recipients);
        units.set(unit, perDay);
      }
      // LINE reports per request id for narrowcasts and broadcasts only.
      if (via === "narrowcast" || via === "broadcast") requests.set(requestId, { recipients, at });
    },
  };
}
