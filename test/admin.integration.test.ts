// Staff accounts and the admin API: login, sessions, CSRF, roles, tokens, audit trail.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { databaseKinds } from "./support/testDatabases.ts";
import { startTestApp, type TTestApp } from "./support/startTestApp.ts";
import { loginAsStaff } from "./support/staffClient.ts";

describe.each(databaseKinds)("Admin API on %s", (kind) => {
  let app: TTestApp;
  beforeAll(async () => {
    app = await startTestApp(kind);
  });
  afterAll(async () => {
    await app?.stop();
  });

  const login = (loginId: string, password: string) =>
    fetch(`${app.url}/api/admin/login`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ loginId, password }) });

  it("When nobody is logged in, then the API answers 401 and the console page loads", async () => {
    expect((await fetch(`${app.url}/api/admin/staff`)).status).toBe(401);
    expect((await fetch(`${app.url}/api/admin/staff`, { headers: { authorization: "Bearer cvt_not-a-token" } })).status).toBe(401);
    const page = await fetch(`${app.url}/admin/`);
    expect(page.status).toBe(200);
    expect(page.headers.get("x-frame-options")).toBe("DENY");
  });

  it("When a staff member logs in, then the session cookie is HttpOnly and SameSite, and the password is stored hashed", async () => {
    const { password } = await app.staffService.create({ loginId: `sato-${kind}`, displayName: "佐藤", role: "staff" }, "system");
    const res = await login(`sato-${kind}`, password);
    expect(res.status).toBe(200);
    expect(res.headers.get("set-cookie")).toMatch(/cv_session=[^;]+; Path=\/; HttpOnly; SameSite=Strict/);
    const row = await app.db.prisma.staff.findUniqueOrThrow({ where: { loginId: `sato-${kind}` } });
    expect(row.passwordHash).toMatch(/^scrypt\$32768\$8\$1\$/);
    expect(row.passwordHash).not.toContain(password);
  });

  it("When the password is wrong five times, then the account is locked even for the right password", async () => {
    const { password } = await app.staffService.create({ loginId: `lock-${kind}`, displayName: "ロック", role: "staff" }, "system");
    for (let i = 0; i < 5; i++) expect((await login(`lock-${kind}`, "wrong-password")).status).toBe(401);
    const locked = await login(`lock-${kind}`, password);
    expect(locked.status).toBe(429);
    expect(((await locked.json()) as { error: string }).error).toContain("しばらくログインできません");
    const unknown = await login("nobody-here", "whatever-password");
    expect(unknown.status).toBe(401);
  });

  it("When a logged-in console call changes something without the CSRF token, then it is refused", async () => {
    const admin = await loginAsStaff(app, `csrf-admin-${kind}`, "admin");
    const refused = await admin.request("POST", "/staff", { loginId: `x-${kind}`, displayName: "X", role: "viewer" }, { csrf: false });
    expect(refused.status).toBe(403);
    expect(await app.db.prisma.staff.findUnique({ where: { loginId: `x-${kind}` } })).toBeNull();
    const ok = await admin.request("POST", "/staff", { loginId: `x-${kind}`, displayName: "X", role: "viewer" });
    expect(ok.status).toBe(201);
    expect(ok.json.password).toHaveLength(16);
  });

  it("When a viewer tries to manage staff, then it is forbidden; an administrator can, and it is in the audit trail", async () => {
    const viewer = await loginAsStaff(app, `viewer-${kind}`, "viewer");
    expect((await viewer.request("GET", "/staff")).status).toBe(403);
    expect((await viewer.request("GET", "/audit")).status).toBe(403);
    const admin = await loginAsStaff(app, `admin-${kind}`, "admin");
    const created = await admin.request("POST", "/staff", { loginId: `new-${kind}`, displayName: "新人", role: "staff" });
    const id = created.json.staff.id as string;
    expect((await admin.request("PATCH", `/staff/${id}`, { role: "viewer" })).json.staff.role).toBe("viewer");
    const bad = await admin.request("POST", "/staff", { loginId: "a", displayName: "", role: "boss" });
    expect(bad.status).toBe(400);
    expect(bad.json.issues.map((i: { path: string }) => i.path).sort()).toEqual(["displayName", "loginId", "role"]);
    const audit = await admin.request("GET", `/audit?actor=admin-${kind}`);
    expect(audit.json.entries.map((e: { action: string }) => e.action)).toEqual(expect.arrayContaining(["staff.created", "staff.updated", "staff.login"]));
  });

  it("When a staff member issues an API token, then scripts can call the API with it and the old one stops working", async () => {
    const staff = await loginAsStaff(app, `token-${kind}`, "staff");
    const me = (await staff.request("GET", "/me")).json.staff;
    const first = (await staff.request("POST", `/staff/${me.id}/token`)).json.token as string;
    const withToken = await fetch(`${app.url}/api/admin/me`, { headers: { authorization: `Bearer ${first}` } });
    expect(((await withToken.json()) as { staff: { loginId: string } }).staff.loginId).toBe(`token-${kind}`);
    const second = (await staff.request("POST", `/staff/${me.id}/token`)).json.token as string;
    expect(second).not.toBe(first);
    expect((await fetch(`${app.url}/api/admin/me`, { headers: { authorization: `Bearer ${first}` } })).status).toBe(401);
    // Bearer calls need no CSRF token: no cookie is involved.
    const other = await app.staffService.create({ loginId: `other-${kind}`, displayName: "他", role: "viewer" }, "system");
    const forbidden = await fetch(`${app.url}/api/admin/staff/${other.staff.id}/token`, { method: "POST", headers: { authorization: `Bearer ${second}` } });
    expect(forbidden.status).toBe(403);
  });

  it("When someone reads the OpenAPI description, then it lists the staff operations with their roles", async () => {
    const staff = await loginAsStaff(app, `openapi-${kind}`, "viewer");
    const doc = (await staff.request("GET", "/openapi.json")).json;
    expect(doc.openapi).toBe("3.1.0");
    expect(doc.paths["/api/admin/staff"].post.requestBody.content["application/json"].schema.properties).toHaveProperty("loginId");
    expect(doc.paths["/api/admin/audit"].get.description).toContain("admin");
  });
});
