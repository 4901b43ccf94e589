// The admin API's OpenAPI document, made from the same route definitions (and zod schemas) that
// serve it: path parameters, query, body and the answer.
import { z } from "zod";
import { ZErrorAnswer, type TRoute } from "./defineRoute.ts";

type TJsonSchema = Record<string, unknown>;

/** Input as clients send it; answers as they receive them (a Date is an ISO string on the wire). */
function jsonSchema(schema: z.ZodType, io: "input" | "output"): TJsonSchema {
  return z.toJSONSchema(schema, {
    io,
    unrepresentable: "any",
    override: (ctx) => {
      const def = (ctx.zodSchema as { _zod: { def: { type: string } } })._zod.def;
      if (def.type === "date") Object.assign(ctx.jsonSchema, { type: "string", format: "date-time" });
    },
  }) as TJsonSchema;
}

const pathNames = (path: string) => [...path.matchAll(/:([a-zA-Z]+)/g)].map((m) => m[1]!);

/** Every `:name` in a route's path must have its schema: a parameter nobody parses is a mistake. */
export function checkRouteParams(routes: TRoute[]): void {
  for (const r of routes) {
    const names = pathNames(r.path);
    if (names.length === 0) continue;
    const shape = (r.params as z.ZodObject | undefined)?.shape ?? {};
    const missing = names.filter((n) => !(n in shape));
    if (missing.length) throw new Error(`${r.method.toUpperCase()} ${r.path}: no params schema for ${missing.join(", ")}`);
  }
}

export function buildOpenApi(routes: TRoute[]): Record<string, unknown> {
  checkRouteParams(routes);
  const errorJson = { "application/json": { schema: jsonSchema(ZErrorAnswer, "output") } };
  const error = (description: string) => ({ description, content: errorJson });
  const paths: Record<string, Record<string, unknown>> = {};
  for (const r of routes) {
    const path = `/api/admin${r.path.replace(/:([a-zA-Z]+)/g, "{$1}")}`;
    const paramSchemas = (r.params ? jsonSchema(r.params, "input").properties : {}) as Record<string, unknown>;
    const params = pathNames(r.path).map((name) => ({ name, in: "path", required: true, schema: paramSchemas[name] ?? { type: "string" } }));
    const querySchema = r.query ? jsonSchema(r.query, "input") : undefined;
    const required = new Set((querySchema?.required as string[] | undefined) ?? []);
    const query = Object.entries((querySchema?.properties as Record<string, unknown> | undefined) ?? {}).map(([name, schema]) => ({
      name,
      in: "query",
      ...(required.has(name) ? { required: true } : {}),
      schema,
    }));
    const json = r.response instanceof z.ZodUndefined ? [] : [["application/json", { schema: jsonSchema(r.response, "output") }]];
    paths[path] ??= {};
    paths[path][r.method] = {
      summary: r.summary,
      tags: [r.tag],
      description: r.role === "public" ? "No login needed." : `Role: ${r.role} or above.`,
      ...(r.role === "public" ? { security: [] } : {}),
      parameters: [...params, ...query],
      ...(r.body ? { requestBody: { required: !r.body.safeParse(undefined).success, content: { "application/json": { schema: jsonSchema(r.body, "input") } } } } : {}),
      responses: {
        [String(r.status ?? 200)]: {
          description: "OK",
          content: Object.fromEntries([...json, ...(r.produces ?? []).map((type) => [type, {}])]),
        },
        "400": error("The input is not valid (`error`, `issues`)."),
        ...(r.role === "public"
          ? {}
          : {
              "401": error("Not logged in, or the token is not valid."),
              "403": error("The staff member's role does not allow this."),
            }),
        ...(params.length ? { "404": error("Nothing has this id (or number).") } : {}),
        ...(r.conflict
          ? { "409": { description: "The record's state, or the month's message budget (`budget`), refuses it.", content: { "application/json": { schema: jsonSchema(r.conflict, "output") } } } }
          : {}),
      },
    };
  }
  return {
    openapi: "3.1.0",
    info: {
      title: "City Voice admin API",
      version: "1",
      description:
        "Everything the staff console does. Authenticate with `Authorization: Bearer <token>` (a token per staff member, issued in the console). " +
        "Every JSON answer is an object with named fields: a stored record under its name (`{ round }`), a list under its plural (`{ rounds }`), a report or an outcome as the object of its fields.",
    },
    components: { securitySchemes: { bearer: { type: "http", scheme: "bearer" } } },
    security: [{ bearer: [] }],
    paths,
  };
}
