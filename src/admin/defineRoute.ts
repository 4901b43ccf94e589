// One definition per admin API operation: zod schemas for its path parameters, query, body and
// answer validate the input, type the handler (its answer included), and describe the operation in
// the OpenAPI document; the role says who may call it.
//
// The envelope rule, for every JSON answer: an object with named fields, never a bare record or list.
// A stored record comes under its name (`{ round }`, `{ event, promoted }`), a list under its plural
// (`{ rounds }`); a report or an outcome (results, stats, a send's cost) is the object of its fields.
import { type Request, type RequestHandler, type Response } from "express";
import { z } from "zod";
import { type TStaffActor, type TStaffRole } from "../domain/staff/staffTypes.ts";
import { isUuid } from "../domain/isUuid.ts";
import { ZBudgetCheck } from "../domain/delivery/budgetTypes.ts";

export type THttpMethod = "get" | "post" | "put" | "patch" | "delete";

/** "public": no login (logging in, the first administrator's set-up); otherwise the least role. */
export type TRouteRole = TStaffRole | "public";

export type TRouteContext<P, Q, B, ROLE extends TRouteRole> = {
  staff: ROLE extends "public" ? undefined : TStaffActor;
  /** The session's CSRF token (logged in with the console's cookie; none with a bearer token). */
  csrfToken: string | undefined;
  params: P;
  query: Q;
  body: B;
  req: Request;
  /** For handlers that write their own answer (exports, images, 409 with a budget): return undefined after writing. */
  res: Response;
};

type TRouteSpec<P extends z.ZodType, Q extends z.ZodType, B extends z.ZodType, R extends z.ZodType, ROLE extends TRouteRole> = {
  method: THttpMethod;
  /** Express-style path under /api/admin, e.g. "/rounds/:id". */
  path: string;
  summary: string;
  tag: string;
  role: ROLE;
  /** The path's parameters; one that does not parse names nothing (404). */
  params?: P;
  query?: Q;
  body?: B;
  /** The message when the body does not parse, for screens that show one line (the login); otherwise the issues. */
  invalid?: string;
  /** The JSON answer (see the envelope rule above). */
  response: R;
  /** The 409 answer, for an operation the record's state (ZConflict) or the month's budget (ZSendConflict) can refuse. */
  conflict?: z.ZodType;
  /** Content types other than JSON the handler writes itself (exports, images). */
  produces?: string[];
  status?: number;
  /** Express middleware run before the handler (the login's rate limit). */
  before?: RequestHandler[];
  handler: (ctx: TRouteContext<z.output<P>, z.output<Q>, z.output<B>, ROLE>) => Promise<z.input<R> | undefined>;
};

export type TRoute = {
  method: THttpMethod;
  path: string;
  summary: string;
  tag: string;
  role: TRouteRole;
  params?: z.ZodType;
  query?: z.ZodType;
  body?: z.ZodType;
  invalid?: string;
  response: z.ZodType;
  conflict?: z.ZodType;
  produces?: string[];
  status?: number;
  before?: RequestHandler[];
  handler: (ctx: TRouteContext<unknown, unknown, unknown, TRouteRole>) => Promise<unknown>;
};

export function defineRoute<
  R extends z.ZodType,
  P extends z.ZodType = z.ZodUndefined,
  Q extends z.ZodType = z.ZodUndefined,
  B extends z.ZodType = z.ZodUndefined,
  ROLE extends TRouteRole = TRouteRole,
>(route: TRouteSpec<P, Q, B, R, ROLE>): TRoute {
  return route as unknown as TRoute;
}

// Path parameters: `id` names a record by its UUID or (rounds, polls, events) its number; any
// other `…Id` is a UUID. Anything else names nothing (404), never a database error.
const UUID_OR_NUMBER = /^\d{1,9}$|^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const ZPathId = z.string().regex(UUID_OR_NUMBER);
export const ZPathUuid = z.string().refine(isUuid);
/** pathParams("id", "commentId") for /rounds/:id/comments/:commentId. */
export const pathParams = <K extends string>(...names: K[]) =>
  z.object(Object.fromEntries(names.map((n) => [n, n === "id" ? ZPathId : ZPathUuid])) as unknown as Record<K, z.ZodType<string>>);
export const ZIdParams = pathParams("id");

/** Nothing but "it went": `{ ok: true }`. */
export const ZOk = z.object({ ok: z.literal(true) });
/** Every error answer: a message staff can read, and for an input error (400) the fields it concerns (a bare string: the input as a whole). */
export const ZErrorAnswer = z.object({ error: z.string(), issues: z.array(z.union([z.object({ path: z.string(), message: z.string() }), z.string()])).optional() });
/** 409, the record's state refuses the operation (already announced, closed, cancelled…). Strict: a budget in it is a ZOverBudget. */
export const ZConflict = z.strictObject({ error: z.string() });
/** 409 over the month's message budget: the numbers, for staff to see and an administrator to confirm. */
export const ZOverBudget = z.strictObject({ error: z.string(), budget: ZBudgetCheck });
/** The 409 of an operation that sends to residents: over the budget, or the record's state. */
export const ZSendConflict = z.union([ZOverBudget, ZConflict]);

/** Content the handler streams itself (CSV, PNG): no JSON answer. */
export const ZNoJson = z.undefined();
/** An instant: a Date in the handler, an ISO string on the wire (the OpenAPI document says so). */
export const ZInstant = z.date();
/** What a preview answers: the channel-neutral messages (text, flex) as residents will receive them. */
export const ZPreviewMessages = z.object({ messages: z.array(z.looseObject({ type: z.string() })) });
