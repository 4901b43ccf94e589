// Acting as a staff member through the admin API, with a session cookie and CSRF token as the console does.
import { type TTestApp } from "./startTestApp.ts";

export type TStaffClient = {
  csrfToken: string;
  request(method: string, path: string, body?: unknown, options?: { csrf?: boolean }): Promise<{ status: number; json: any; text: string; headers: Headers }>;
};

export async function loginAsStaff(app: TTestApp, loginId: string, role: "admin" | "staff" | "viewer" = "staff"): Promise<TStaffClient> {
  const { password } = await app.staffService.create({ loginId, displayName: `${loginId}さん`, role }, "system");
  const res = await fetch(`${app.url}/api/admin/login`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ loginId, password }) });
  if (res.status !== 200) throw new Error(`login failed: ${res.status} ${await res.text()}`);
  const cookie = res.headers.get("set-cookie")!.split(";")[0]!;
  const { csrfToken } = (await res.json()) as { csrfToken: string };
  return {
    csrfToken,
    async request(method, path, body, options = {}) {
      const headers: Record<string, string> = { cookie };
      if (body !== undefined) headers["content-type"] = "application/json";
      if (options.csrf !== false && method !== "GET") headers["x-csrf-token"] = csrfToken;
      const r = await fetch(`${app.url}/api/admin${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
      const text = await r.text();
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch {
        json = undefined;
      }
      return { status: r.status, json, text, headers: r.headers };
    },
  };
}
