// One definition per admin API operation: the zod schemas validate the input, type the handler,
// and describe the operation in the OpenAPI document; the role says who may call it.
import { type Response } from "express";
import { type z } from "zod";
import { type TStaffActor, type TStaffRole } from "../domain/staff/staffTypes.ts";

export type THttpMethod = "get" | "post" | "put" | "patch" | "delete";

export type TRouteContext<B, Q> = {
  staff: TStaffActor;
  body: B;
  query: Q;
  params: Record<string, string>;
  /** For handlers that stream their own answer (exports): return undefined after writing. */
  res: Response;
};

export type TRoute = {
  method: THttpMethod;
  /** Express-style path under /api/admin, e.g. "/rounds/:id". */
  path: string;
  summary: string;
  tag: string;
  role: TStaffRole;
  body?: z.ZodType;
  query?: z.ZodType;
  response?: z.ZodType;
  /** Content types other than JSON this operation answers with (exports). */
  produces?: string[];
  status?: number;
  handler: (ctx: TRouteContext<unknown, unknown>) => Promise<unknown>;
};

export function defineRoute<B extends z.ZodType = z.ZodUndefined, Q extends z.ZodType = z.ZodUndefined>(route: {
  method: THttpMethod;
  path: string;
  summary: string;
  tag: string;
  role: TStaffRole;
  body?: B;
  query?: Q;
  response?: z.ZodType;
  produces?: string[];
  status?: number;
  handler: (ctx: TRouteContext<z.infer<B>, z.infer<Q>>) => Promise<unknown>;
}): TRoute {
  return route as unknown as TRoute;
}
