// Acting as a staff member through the admin API: with a session cookie and CSRF token as the
// console does (loginAsStaff), or with a bearer token, valid whatever the clock says (tokenAsStaff).
import { type TTestApp } from "./startTestApp.ts";

type TStaffResponse = { status: number; json: any; text: string; headers: Headers };
type TRole = "admin" | "staff" | "viewer";

export type TStaffClient = {
  csrfToken: string;
  request(method: string, path: string, body?: unknown, options?: { csrf?: boolean }): Promise<TStaffResponse>;
};

async function send(app: TTestApp, auth: Record<string, string>, method: string, path: string, body: unknown, keepBom: boolean): Promise<TStaffResponse> {
  const headers: Record<string, string> = { ...auth };
  if (body !== undefined) headers["content-type"] = "application/json";
  const r = await fetch(`${app.url}/api/admin${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  // fetch's text() drops a BOM; keepBom reads the bytes as they came, so exports can be checked for one.
  const text = keepBom ? new TextDecoder("utf-8", { ignoreBOM: true }).decode(await r.arrayBuffer()) : await r.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: r.status, json, text, headers: r.headers };
}

export async function loginAsStaff(app: TTestApp, loginId: string, role: TRole = "staff"): Promise<TStaffClient> {
  const { password } = await app.staffService.create({ loginId, displayName: `${loginId}さん`, role }, "system");
  const res = await fetch(`${app.url}/api/admin/login`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ loginId, password }) });
  if (res.status !== 200) throw new Error(`login failed: ${res.status} ${await res.text()}`);
  const cookie = res.headers.get("set-cookie")!.split(";")[0]!;
  const { csrfToken } = (await res.json()) as { csrfToken: string };
  return {
    csrfToken,
    request: (method, path, body, options = {}) =>
      send(app, { cookie, ...(options.csrf !== false && method !== "GET" ? { "x-csrf-token": csrfToken } : {}) }, method, path, body, false),
  };
}

/** A new staff member's bearer token as a request function; its text keeps a BOM (exports must start with one). */
export async function tokenAsStaff(app: TTestApp, loginId: string, role: TRole = "staff"): Promise<TStaffClient["request"]> {
  const { staff } = await app.staffService.create({ loginId, displayName: `${loginId}さん`, role }, "system");
  const token = await app.staffService.issueApiToken(staff.id, staff);
  return (method, path, body) => send(app, { authorization: `Bearer ${token}` }, method, path, body, true);
}
