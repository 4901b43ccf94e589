// The admin API's contract holds by itself: an answer outside its schema fails (in tests and
// development), a 409 too, a path parameter without a schema is refused at start, and the OpenAPI
// document carries each answer's schema, refusals included.
import express from "express";
import { type Server } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { adminApi } from "../src/admin/adminApi.ts";
import { buildOpenApi, checkRouteParams } from "../src/admin/buildOpenApi.ts";
import { defineRoute, ZIdParams, ZSendConflict, type TRoute } from "../src/admin/defineRoute.ts";
import { OverBudgetError } from "../src/domain/delivery/messageBudget.ts";
import { AppError } from "../src/errors.ts";
import { type StaffService } from "../src/domain/staff/StaffService.ts";
import { createLogger } from "../src/logger.ts";

const ZAnswer = z.object({ thing: z.object({ id: z.string(), count: z.int() }) });

const routes: TRoute[] = [
  defineRoute({
    method: "get", path: "/test/right", tag: "test", role: "public", summary: "Answers as its schema says",
    response: ZAnswer,
    handler: async () => ({ thing: { id: "a", count: 1 } }),
  }),
  defineRoute({
    method: "get", path: "/test/wrong", tag: "test", role: "public", summary: "Answers outside its schema",
    response: ZAnswer,
    // A handler that the compiler would catch; here it gets past it, as a bug in a service's data would.
    handler: async () => ({ thing: { id: "a", count: "one" } }) as unknown as z.input<typeof ZAnswer>,
  }),
  defineRoute({
    method: "post", path: "/test/over-budget", tag: "test", role: "public", summary: "A send over the month's budget",
    response: ZAnswer, conflict: ZSendConflict,
    handler: async () => {
      throw new OverBudgetError({ limit: 1000, used: 990, cost: 20, remaining: 10, exceeds: true }, false);
    },
  }),
  defineRoute({
    method: "post", path: "/test/announced", tag: "test", role: "public", summary: "A send its record's state refuses",
    response: ZAnswer, conflict: ZSendConflict,
    handler: async () => {
      throw new AppError("このイベントはすでにお知らせしました。", 409);
    },
  }),
  defineRoute({
    method: "post", path: "/test/undeclared", tag: "test", role: "public", summary: "A 409 its route does not declare",
    response: ZAnswer,
    handler: async () => {
      throw new AppError("締め切った意見募集は編集できません。", 409);
    },
  }),
];

describe("The admin API's contract", () => {
  let server: Server;
  let url: string;
  beforeAll(async () => {
    const web = express();
    // Only public routes are called: no staff member is ever looked up.
    web.use(adminApi({ staffService: {} as StaffService, routes, logger: createLogger("error", { silent: true }), secureCookies: false, checkResponses: true }));
    server = await new Promise((resolve) => {
      const s = web.listen(0, "127.0.0.1", () => resolve(s));
    });
    url = `http://127.0.0.1:${(server.address() as { port: number }).port}/api/admin`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  it("When a handler answers as its schema says, then the answer goes out as it is", async () => {
    const res = await fetch(`${url}/test/right`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ thing: { id: "a", count: 1 } });
  });

  it("When a handler answers outside its schema, then the call fails with a 500 naming the field", async () => {
    const res = await fetch(`${url}/test/wrong`);
    expect(res.status).toBe(500);
    expect(((await res.json()) as { detail: string }).detail).toContain("thing.count");
  });

  it("When a send is over the month's budget, then staff get 409 with the numbers its conflict schema names", async () => {
    const res = await fetch(`${url}/test/over-budget`, { method: "POST" });
    expect(res.status).toBe(409);
    const body = (await res.json()) as { error: string; budget: unknown };
    expect(body.error).toContain("今月の送信上限を超えるため送信できません");
    expect(body.budget).toEqual({ limit: 1000, used: 990, cost: 20, remaining: 10, exceeds: true });
  });

  it("When a send's record refuses it, then staff get 409 with its message only", async () => {
    const res = await fetch(`${url}/test/announced`, { method: "POST" });
    expect(res.status).toBe(409);
    expect(await res.json()).toEqual({ error: "このイベントはすでにお知らせしました。" });
  });

  it("When a route answers 409 without declaring a conflict schema, then the call fails with a 500 naming the route", async () => {
    const res = await fetch(`${url}/test/undeclared`, { method: "POST" });
    expect(res.status).toBe(500);
    expect(((await res.json()) as { detail: string }).detail).toBe("POST /test/undeclared answered 409 but declares no conflict schema");
  });

  it("When a route's path has a parameter without a schema, then it is refused before serving", () => {
    const unparsed = defineRoute({ method: "get", path: "/test/:id", tag: "test", role: "viewer", summary: "x", response: ZAnswer, handler: async () => undefined });
    expect(() => checkRouteParams([unparsed])).toThrow(/no params schema for id/);
    const parsed = defineRoute({ method: "get", path: "/test/:id", tag: "test", role: "viewer", summary: "x", params: ZIdParams, response: ZAnswer, handler: async () => undefined });
    expect(() => checkRouteParams([parsed])).not.toThrow();
  });

  it("When the OpenAPI document is made, then each answer's schema is in it and logging in needs no token", () => {
    const doc = buildOpenApi(routes) as { paths: Record<string, Record<string, { security?: unknown[]; responses: Record<string, { content?: Record<string, { schema: unknown }> }> }>> };
    const op = doc.paths["/api/admin/test/right"]!.get!;
    expect(op.responses["200"]!.content!["application/json"]!.schema).toMatchObject({
      type: "object",
      properties: { thing: { type: "object", properties: { id: { type: "string" }, count: { type: "integer" } } } },
    });
    expect(op.security).toEqual([]);
    const refusal = doc.paths["/api/admin/test/over-budget"]!.post!.responses["409"]!.content!["application/json"]!.schema as { anyOf: { properties: Record<string, unknown> }[] };
    expect(refusal.anyOf.map((s) => Object.keys(s.properties).sort())).toEqual([["budget", "error"], ["error"]]);
    expect(refusal.anyOf[0]!.properties["budget"]).toMatchObject({ type: "object", properties: { limit: {}, used: {}, cost: {}, remaining: {}, exceeds: { type: "boolean" } } });
    expect(doc.paths["/api/admin/test/right"]!.get!.responses["409"]).toBeUndefined();
  });
});
