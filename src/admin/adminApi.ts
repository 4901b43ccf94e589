// /api/admin: the staff API (JSON), used by the console with a session cookie and CSRF token,
// and by scripts with a per-staff bearer token. /api/admin/openapi.json describes it.
import express, { type ErrorRequestHandler, type Request, type RequestHandler, type Router } from "express";
import { ZodError } from "zod";
import { AppError, isPrismaError, NotFoundError, PrismaCode, ValidationError } from "../errors.ts";
import { OverBudgetError } from "../domain/delivery/messageBudget.ts";
import { type Logger } from "../logger.ts";
import { hasRole, type TStaffActor } from "../domain/staff/staffTypes.ts";
import { type StaffService } from "../domain/staff/StaffService.ts";
import { isUuid } from "../domain/isUuid.ts";
import { buildOpenApi } from "./buildOpenApi.ts";
import { type TRoute } from "./defineRoute.ts";

export const SESSION_COOKIE = "cv_session";

const UUID_OR_NUMBER = /^\d{1,9}$|^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export type TAdminApiDeps = { staffService: StaffService; routes: TRoute[]; logger: Logger; secureCookies: boolean };

type Authenticated = { staff: TStaffActor; via: "session" | "token"; csrfToken?: string };

function cookie(req: Request, name: string): string | undefined {
  const header = req.headers.cookie ?? "";
  for (const part of header.split(";")) {
    const [k, ...v] = part.trim().split("=");
    if (k === name) return decodeURIComponent(v.join("="));
  }
  return undefined;
}

/** Login attempts per client address: a second limit besides the per-account lock. */
function loginRateLimit(maxPerWindow: number, windowMs: number): RequestHandler {
  const hits = new Map<string, { count: number; resetAt: number }>();
  return (req, res, next) => {
    const key = req.ip ?? "unknown";
    const now = Date.now();
    const entry = hits.get(key);
    if (!entry || entry.resetAt < now) hits.set(key, { count: 1, resetAt: now + windowMs });
    else if (++entry.count > maxPerWindow) {
      res.status(429).json({ error: "ログインの試行が多すぎます。しばらくおいてお試しください。" });
      return;
    }
    if (hits.size > 10_000) for (const [k, v] of hits) if (v.resetAt < now) hits.delete(k);
    next();
  };
}

export function adminApi(deps: TAdminApiDeps): Router {
  const router = express.Router();
  const { staffService } = deps;
  // A picture upload is a 1 MB file as base64 (a third larger); everything else stays under 1 MB.
  router.use("/api/admin/images", express.json({ limit: "1500kb" }));
  router.use("/api/admin", express.json({ limit: "1mb" }));

  // req.secure is true behind an HTTPS proxy when TRUST_PROXY lets express read X-Forwarded-Proto.
  const cookieOptions = (req: Request, maxAgeMs: number) =>
    `Path=/; HttpOnly; SameSite=Strict; Max-Age=${Math.floor(maxAgeMs / 1000)}${deps.secureCookies || req.secure ? "; Secure" : ""}`;

  router.post("/api/admin/login", loginRateLimit(30, 15 * 60_000), async (req, res, next) => {
    try {
      const { loginId, password } = (req.body ?? {}) as { loginId?: unknown; password?: unknown };
      if (typeof loginId !== "string" || typeof password !== "string") throw new AppError("ログインIDとパスワードを入力してください。", 400);
      const session = await staffService.login(loginId, password);
      res.setHeader("Set-Cookie", `${SESSION_COOKIE}=${session.sessionToken}; ${cookieOptions(req, session.expiresAt.getTime() - Date.now())}`);
      res.json({ staff: session.staff, csrfToken: session.csrfToken });
    } catch (err) {
      next(err);
    }
  });

  // The first administrator, with the one-time set-up token printed at start (no session yet).
  const setupLimit = loginRateLimit(30, 15 * 60_000);
  const setupToken = (req: Request) => {
    const token = (req.body as { token?: unknown } | undefined)?.token;
    if (typeof token !== "string" || token.length > 200) throw new AppError("設定用アドレスが正しくありません。", 400);
    return token;
  };
  router.post("/api/admin/setup/check", setupLimit, async (req, res, next) => {
    try {
      res.json({ state: await staffService.setupTokenState(setupToken(req)) });
    } catch (err) {
      next(err);
    }
  });
  router.post("/api/admin/setup", setupLimit, async (req, res, next) => {
    try {
      const { token: _token, ...input } = (req.body ?? {}) as Record<string, unknown>;
      res.status(201).json({ staff: await staffService.setupFirstAdmin(setupToken(req), input) });
    } catch (err) {
      next(err);
    }
  });

  router.get("/api/admin/openapi.json", (_req, res) => {
    res.json(buildOpenApi(deps.routes));
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
  router.use("/api/admin", authenticate);

  router.get("/api/admin/me", (_req, res) => {
    const auth = res.locals.auth as Authenticated;
    res.json({ staff: auth.staff, csrfToken: auth.csrfToken });
  });
  router.post("/api/admin/logout", async (req, res) => {
    const token = cookie(req, SESSION_COOKIE);
    if (token) await staffService.logout(token);
    res.setHeader("Set-Cookie", `${SESSION_COOKIE}=; ${cookieOptions(req, 0)}`);
    res.json({ ok: true });
  });

  for (const route of deps.routes) {
    router[route.method](`/api/admin${route.path}`, async (req, res, next) => {
      try {
        const { staff } = res.locals.auth as Authenticated;
        if (!hasRole(staff.role, route.role)) {
          res.status(403).json({ error: "この操作の権限がありません。" });
          return;
        }
        // Every id in a path is a UUID (rounds, polls and events also a number): anything else names nothing (404), not a database error.
        const params = req.params as Record<string, string>;
        if (Object.entries(params).some(([name, value]) => name === "id" ? !UUID_OR_NUMBER.test(value) : /Id$/.test(name) && !isUuid(value))) throw new NotFoundError("見つかりません。");
        const body = route.body ? route.body.parse(req.body) : undefined;
        const query = route.query ? route.query.parse(req.query) : undefined;
        const result = await route.handler({ staff, body, query, params, res });
        if (!res.headersSent) res.status(route.status ?? 200).json(result ?? { ok: true });
      } catch (err) {
        next(err);
      }
    });
  }

  router.use("/api/admin", (_req, res) => {
    res.status(404).json({ error: "そのAPIはありません。" });
  });
  router.use("/api/admin", adminErrors(deps.logger));
  return router;
}

function adminErrors(logger: Logger): ErrorRequestHandler {
  return (err, _req, res, next) => {
    if (res.headersSent) return next(err);
    if (err instanceof ZodError) {
      res.status(400).json({ error: "入力内容を確認してください。", issues: err.issues.map((i) => ({ path: i.path.join("."), message: i.message })) });
    } else if (err instanceof ValidationError) {
      res.status(400).json({ error: err.message, issues: err.issues });
    } else if (err instanceof OverBudgetError) {
      // The one over-budget answer: the console shows the numbers and offers an administrator to confirm.
      res.status(409).json({ error: err.message, budget: err.budget });
    } else if (err instanceof AppError) {
      res.status(err.status).json({ error: err.message });
    } else if (isPrismaError(err, PrismaCode.notFound)) {
      // A record named in the path that does not exist (a service that did not say so itself).
      res.status(404).json({ error: "見つかりません。" });
    } else if ((err as { type?: string }).type === "entity.parse.failed") {
      res.status(400).json({ error: "JSONとして読めません。" });
    } else if ((err as { type?: string }).type === "entity.too.large") {
      res.status(413).json({ error: "送信内容が大きすぎます。" });
    } else {
      logger.error("admin api failed", { reason: err instanceof Error ? err.name : "unknown" });
      res.status(500).json({ error: "処理中に問題が起きました。" });
    }
  };
}
