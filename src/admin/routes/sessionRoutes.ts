// Logging in and out of the console, who is logged in, and the first administrator's set-up (with
// the one-time token printed at start): the same route definitions as every other operation.
import { type Request, type RequestHandler } from "express";
import { z } from "zod";
import { type StaffService } from "../../domain/staff/StaffService.ts";
import { ZStaffActor } from "../../domain/staff/staffTypes.ts";
import { defineRoute, ZConflict, ZOk, type TRoute } from "../defineRoute.ts";

export const SESSION_COOKIE = "cv_session";

const tag = "session";

export function cookie(req: Request, name: string): string | undefined {
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

export const ZLoginInput = z.object({ loginId: z.string(), password: z.string() });
export const ZSession = z.object({ staff: ZStaffActor, csrfToken: z.string().optional() });
const ZSetupToken = z.string().max(200);

export function sessionRoutes(staffService: StaffService, secureCookies: boolean): TRoute[] {
  // req.secure is true behind an HTTPS proxy when TRUST_PROXY lets express read X-Forwarded-Proto.
  const cookieOptions = (req: Request, maxAgeMs: number) =>
    `Path=/; HttpOnly; SameSite=Strict; Max-Age=${Math.floor(maxAgeMs / 1000)}${secureCookies || req.secure ? "; Secure" : ""}`;
  const setupLimit = loginRateLimit(30, 15 * 60_000);
  return [
    defineRoute({
      method: "post", path: "/login", tag, role: "public", before: [loginRateLimit(30, 15 * 60_000)],
      summary: "Log in to the console: sets the session cookie and answers the staff member with the CSRF token every change must carry (x-csrf-token)",
      body: ZLoginInput, invalid: "ログインIDとパスワードを入力してください。",
      response: ZSession,
      handler: async ({ body, req, res }) => {
        const session = await staffService.login(body.loginId, body.password);
        res.setHeader("Set-Cookie", `${SESSION_COOKIE}=${session.sessionToken}; ${cookieOptions(req, session.expiresAt.getTime() - Date.now())}`);
        return { staff: session.staff, csrfToken: session.csrfToken };
      },
    }),
    defineRoute({
      method: "post", path: "/setup/check", tag, role: "public", before: [setupLimit],
      summary: "Whether a first-administrator set-up token can still be used (ok, used, invalid)",
      body: z.object({ token: ZSetupToken }), invalid: "設定用アドレスが正しくありません。",
      response: z.object({ state: z.enum(["ok", "used", "invalid"]) }),
      handler: async ({ body }) => ({ state: await staffService.setupTokenState(body.token) }),
    }),
    defineRoute({
      method: "post", path: "/setup", tag, role: "public", status: 201, before: [setupLimit],
      conflict: ZConflict,
      summary: "Make the first administrator with the one-time set-up token printed at start (loginId, displayName, password)",
      // The account's fields are checked by the service (ZFirstAdmin) once the token is known to be good.
      body: z.looseObject({ token: ZSetupToken }), invalid: "設定用アドレスが正しくありません。",
      response: z.object({ staff: ZStaffActor }),
      handler: async ({ body: { token, ...input } }) => ({ staff: await staffService.setupFirstAdmin(token, input) }),
    }),
    defineRoute({
      method: "get", path: "/me", tag, role: "viewer", summary: "Who is logged in, and the session's CSRF token (none with a bearer token)",
      response: ZSession,
      handler: async ({ staff, csrfToken }) => ({ staff, csrfToken }),
    }),
    defineRoute({
      method: "post", path: "/logout", tag, role: "viewer", summary: "Log out: the session ends and its cookie is cleared",
      response: ZOk,
      handler: async ({ req, res }) => {
        const token = cookie(req, SESSION_COOKIE);
        if (token) await staffService.logout(token);
        res.setHeader("Set-Cookie", `${SESSION_COOKIE}=; ${cookieOptions(req, 0)}`);
        return { ok: true as const };
      },
    }),
  ];
}
