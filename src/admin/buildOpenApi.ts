// The admin API's OpenAPI document, made from the same route definitions that serve it.
import { z } from "zod";
import { type TRoute } from "./defineRoute.ts";

function jsonSchema(schema: z.ZodType): unknown {
  return z.toJSONSchema(schema, { unrepresentable: "any", io: "input" });
}

export function buildOpenApi(routes: TRoute[]): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const r of routes) {
    const path = `/api/admin${r.path.replace(/:([a-zA-Z]+)/g, "{$1}")}`;
    const params = [...r.path.matchAll(/:([a-zA-Z]+)/g)].map((m) => ({ name: m[1], in: "path", required: true, schema: { type: "string" } }));
    const query = r.query ? Object.entries((jsonSchema(r.query) as { properties?: Record<string, unknown> }).properties ?? {}).map(([name, schema]) => ({ name, in: "query", schema })) : [];
    paths[path] ??= {};
    paths[path][r.method] = {
      summary: r.summary,
      tags: [r.tag],
      description: `Role: ${r.role} or above.`,
      parameters: [...params, ...query],
      ...(r.body ? { requestBody: { required: true, content: { "application/json": { schema: jsonSchema(r.body) } } } } : {}),
      responses: {
        [String(r.status ?? 200)]: {
          description: "OK",
          content: Object.fromEntries([
            ["application/json", { schema: r.response ? jsonSchema(r.response) : {} }],
            ...(r.produces ?? []).map((type) => [type, {}]),
          ]),
        },
        "400": { description: "The input is not valid (`error`, `issues`)." },
        "401": { description: "Not logged in, or the token is not valid." },
        "403": { description: "The staff member's role does not allow this." },
      },
    };
  }
  return {
    openapi: "3.1.0",
    info: { title: "City Voice admin API", version: "1", description: "Everything the staff console does. Authenticate with `Authorization: Bearer <token>` (a token per staff member, issued in the console)." },
    components: { securitySchemes: { bearer: { type: "http", scheme: "bearer" } } },
    security: [{ bearer: [] }],
    paths,
  };
}
