// /api/admin: the staff API (JSON), used by the console with a session cookie and CSRF token,
// and by scripts with a per-staff bearer token. /api/admin/openapi.json describes it. Every
// operation is a route definition (defineRoute.ts); this only authenticates and runs them.
import express, { type ErrorRequestHandler, type RequestHandler, type Response, type Router } from "express";
import { ZodError } from "zod";
import { AppError, isPrismaError, NotFoundError, PrismaCode, ValidationError } from "../errors.ts";
import { OverBudgetError } from "../domain/delivery/messageBudget.ts";
import { type Logger } from "../logger.ts";
import { hasRole, type TStaffActor } from "../domain/staff/staffTypes.ts";
import { type StaffService } from "../domain/staff/StaffService.ts";
import { buildOpenApi } from "./buildOpenApi.ts";
import { type TRoute } from "./defineRoute.ts";
import { cookie, SESSION_COOKIE, sessionRoutes } from "./routes/sessionRoutes.ts";

export { SESSION_COOKIE };

export type TAdminApiDeps = {
  staffService: StaffService;
  routes: TRoute[];
  logger: Logger;
  secureCookies: boolean;
  /** Check every JSON answer against its route's response schema (tests and development): a wrong answer is a 500. */
  checkResponses?: boolean;
};

type Authenticated = { staff: TStaffActor; via: "session" | "token"; csrfToken?: string };

/** The answer did not match its schema: a bug in the handler, found by a test rather than by the console. */
class ResponseShapeError extends Error {}

export function adminApi(deps: TAdminApiDeps): Router {
  const router = express.Router();
  const { staffService } = deps;
  const routes = [...sessionRoutes(staffService, deps.secureCookies), ...deps.routes];
  // A picture upload is a 1 MB file as base64 (a third larger); everything else stays under 1 MB.
  router.use("/api/admin/images", express.json({ limit: "1500kb" }));
  router.use("/api/admin", express.json({ limit: "1mb" }));

  const openApi = buildOpenApi(routes);
  router.get("/api/admin/openapi.json", (_req, res) => {
    res.json(openApi);
  });

  const authenticate: RequestHandler = async (req, res, next) => {
    try {
      const bearer = req.headers.authorization?.match(/^Bearer\s+(.+)$/i)?.[1];
      let auth: Authenticated | undefined;
      if (bearer) {
        const staff = await staffService.fromApiToken(bearer);
        if (staff) auth = { staff, via: "token" };
      } else {
        const token = cookie(req, SESSION_COOKIE);
        const session = token ? await staffService.fromSession(token) : undefined;
        if (session) auth = { staff: session.staff, via: "session", csrfToken: session.csrfToken };
      }
      if (!auth) {
        res.status(401).json({ error: "ログインしてください。" });
        return;
      }
      // A cookie is sent by the browser on its own; a state-changing call must also prove it came from the console.
      if (auth.via === "session" && req.method !== "GET" && req.headers["x-csrf-token"] !== auth.csrfToken) {
        res.status(403).json({ error: "画面を読み込み直してから、もう一度お試しください。（CSRF）" });
        return;
      }
      res.locals.auth = auth;
      next();
    } catch (err) {
      next(err);
    }
  };

  const run =
    (route: TRoute): RequestHandler =>
    async (req, res, next) => {
      try {
        const auth = res.locals.auth as Authenticated | undefined;
        if (route.role !== "public" && !hasRole(auth!.staff.role, route.role)) {
          res.status(403).json({ error: "この操作の権限がありません。" });
          return;
        }
        const params = route.params ? route.params.safeParse(req.params) : { success: true as const, data: {} };
        if (!params.success) throw new NotFoundError("見つかりません。");
        let body: unknown;
        if (route.body) {
          const parsed = route.body.safeParse(req.body);
          if (!parsed.success) throw route.invalid ? new AppError(route.invalid, 400) : parsed.error;
          body = parsed.data;
        }
        const query = route.query ? route.query.parse(req.query) : undefined;
        const result = await route.handler({ staff: auth?.staff, csrfToken: auth?.csrfToken, params: params.data, body, query, req, res });
        if (res.headersSent) return;
        if (deps.checkResponses) {
          const checked = route.response.safeParse(result);
          if (!checked.success || result === undefined) {
            const issues = checked.error?.issues.map((i) => `${i.path.join(".")}: ${i.message}`) ?? ["no answer"];
            throw new ResponseShapeError(`${route.method.toUpperCase()} ${route.path} answered outside its response schema: ${issues.join("; ")}`);
          }
        }
        res.status(route.status ?? 200).json(result);
      } catch (err) {
        // The error answer is the route's too: a 409 is checked against its conflict schema.
        res.locals.route = route;
        next(err);
      }
    };

  // Logging in and the first set-up come before authentication; everything else after it, so an
  // unknown path without a login is a 401 like any other.
  for (const route of routes.filter((r) => r.role === "public")) router[route.method](`/api/admin${route.path}`, ...(route.before ?? []), run(route));
  router.use("/api/admin", authenticate);
  for (const route of routes.filter((r) => r.role !== "public")) router[route.method](`/api/admin${route.path}`, ...(route.before ?? []), run(route));

  router.use("/api/admin", (_req, res) => {
    res.status(404).json({ error: "そのAPIはありません。" });
  });
  router.use("/api/admin", adminErrors(deps.logger, deps.checkResponses ?? false));
  return router;
}

/** A 409's body, checked (tests and development) against the conflict schema its route declares. */
function conflictAnswer(route: TRoute | undefined, body: { error: string; budget?: unknown }, check: boolean): object {
  if (!check) return body;
  const where = route ? `${route.method.toUpperCase()} ${route.path}` : "an unknown route";
  if (!route?.conflict) throw new ResponseShapeError(`${where} answered 409 but declares no conflict schema`);
  const checked = route.conflict.safeParse(body);
  if (!checked.success) throw new ResponseShapeError(`${where} answered 409 outside its conflict schema: ${checked.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`);
  return body;
}

function adminErrors(logger: Logger, checkResponses: boolean): ErrorRequestHandler {
  return (err, _req, res, next) => {
    if (res.headersSent) return next(err);
    try {
      answerError(err, res, logger, checkResponses);
    } catch (shapeError) {
      // A 409 outside its route's schema: answered as the bug it is (500 naming the route).
      answerError(shapeError, res, logger, false);
    }
  };
}

function answerError(err: unknown, res: Response, logger: Logger, checkResponses: boolean): void {
  const route = res.locals.route as TRoute | undefined;
  if (err instanceof ZodError) {
    res.status(400).json({ error: "入力内容を確認してください。", issues: err.issues.map((i) => ({ path: i.path.join("."), message: i.message })) });
  } else if (err instanceof ValidationError) {
    res.status(400).json({ error: err.message, issues: err.issues });
  } else if (err instanceof OverBudgetError) {
    // The one over-budget answer: the console shows the numbers and offers an administrator to confirm.
    res.status(409).json(conflictAnswer(route, { error: err.message, budget: err.budget }, checkResponses));
  } else if (err instanceof AppError && err.status === 409) {
    res.status(409).json(conflictAnswer(route, { error: err.message }, checkResponses));
  } else if (err instanceof AppError) {
    res.status(err.status).json({ error: err.message });
  } else if (isPrismaError(err, PrismaCode.notFound)) {
    // A record named in the path that does not exist (a service that did not say so itself).
    res.status(404).json({ error: "見つかりません。" });
  } else if ((err as { type?: string }).type === "entity.parse.failed") {
    res.status(400).json({ error: "JSONとして読めません。" });
  } else if ((err as { type?: string }).type === "entity.too.large") {
    res.status(413).json({ error: "送信内容が大きすぎます。" });
  } else if (err instanceof ResponseShapeError) {
    // Paths and zod's messages only: never the values, which may be personal data.
    logger.error("admin api answer outside its schema", { reason: err.message });
    res.status(500).json({ error: "処理中に問題が起きました。", detail: err.message });
  } else {
    logger.error("admin api failed", { reason: err instanceof Error ? err.name : "unknown" });
    res.status(500).json({ error: "処理中に問題が起きました。" });
  }
}
