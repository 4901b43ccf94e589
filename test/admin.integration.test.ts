// Staff accounts and the admin API: login, sessions, CSRF, roles, tokens, audit trail.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { databaseKinds } from "./support/testDatabases.ts";
import { startTestApp, type TTestApp } from "./support/startTestApp.ts";
import { loginAsStaff } from "./support/staffClient.ts";

describe.each(databaseKinds)("Admin API on %s", (kind) => {
  let app: TTestApp;
  beforeAll(async () => {
    // Behind one proxy, as a city's deployment usually is: the client's address comes from X-Forwarded-For.
    app = await startTestApp(kind, { env: { TRUST_PROXY: "1" } });
  }, 180_000);
  afterAll(async () => {
    await app?.stop();
  });

  const login = (loginId: string, password: string, headers: Record<string, string> = {}) =>
    fetch(`${app.url}/api/admin/login`, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: JSON.stringify({ loginId, password }) });
  let nextAddress = 1;
  /** A login from a client address of its own (through the proxy), so tests do not share the per-address limit. */
  const loginFrom = (loginId: string, password: string, address = `198.51.100.${nextAddress++}`, headers: Record<string, string> = {}) =>
    login(loginId, password, { "x-forwarded-for": address, ...headers });
  const sessionCookie = (res: Response) => res.headers.get("set-cookie")!.split(";")[0]!;

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

  it("When 120 wrong passwords arrive at once, then only five are checked and the account is locked", async () => {
    const { password } = await app.staffService.create({ loginId: `burst-${kind}`, displayName: "一斉", role: "staff" }, "system");
    const answers = await Promise.all(Array.from({ length: 120 }, (_, i) => loginFrom(`burst-${kind}`, `wrong-password-${i}`, `203.0.113.${i + 1}`)));
    const statuses = answers.map((r) => r.status);
    expect(statuses.filter((s) => s === 401).length).toBeLessThanOrEqual(5);
    expect(statuses.filter((s) => s !== 401 && s !== 429)).toEqual([]);
    const right = await loginFrom(`burst-${kind}`, password);
    expect(right.status).toBe(429);
    expect(((await right.json()) as { error: string }).error).toContain("ログインの失敗が続いたため");
    const checked = await app.db.prisma.auditEntry.count({ where: { actor: `staff:burst-${kind}`, action: { in: ["staff.login_failed", "staff.locked"] } } });
    expect(checked).toBeLessThanOrEqual(5);
  });

  it("When a login id has no account, then wrong passwords answer exactly as for an existing account, lock included", async () => {
    await app.staffService.create({ loginId: `real-${kind}`, displayName: "実在", role: "staff" }, "system");
    const answers = async (loginId: string) => {
      const seen: string[] = [];
      for (let i = 0; i < 6; i++) {
        const r = await loginFrom(loginId, "wrong-password");
        seen.push(`${r.status} ${await r.text()}`);
      }
      return seen;
    };
    const existing = await answers(`real-${kind}`);
    expect(existing.at(-1)).toMatch(/^429 .*しばらくログインできません/);
    expect(await answers(`ghost-${kind}`)).toEqual(existing);
  });

  it("When an administrator resets a password or disables an account, then that member's console session and API token stop working", async () => {
    const admin = await loginAsStaff(app, `revoker-${kind}`, "admin");
    const { staff, password } = await app.staffService.create({ loginId: `leaver-${kind}`, displayName: "異動", role: "staff" }, "system");
    const works = async (auth: Record<string, string>) => (await fetch(`${app.url}/api/admin/me`, { headers: auth })).status;
    const signIn = async (pw: string) => {
      const res = await loginFrom(`leaver-${kind}`, pw);
      expect(res.status).toBe(200);
      const cookie = { cookie: sessionCookie(res) };
      const token = { authorization: `Bearer ${await app.staffService.issueApiToken(staff.id, staff)}` };
      expect([await works(cookie), await works(token)]).toEqual([200, 200]);
      return [cookie, token];
    };

    const [cookie, token] = await signIn(password);
    const reset = await admin.request("POST", `/staff/${staff.id}/password`);
    expect(reset.status).toBe(200);
    expect([await works(cookie!), await works(token!)]).toEqual([401, 401]);

    const [cookie2, token2] = await signIn(reset.json.password as string);
    expect((await admin.request("PATCH", `/staff/${staff.id}`, { disabled: true })).status).toBe(200);
    expect([await works(cookie2!), await works(token2!)]).toEqual([401, 401]);
    // Enabling the account again does not bring the old token back.
    expect((await admin.request("PATCH", `/staff/${staff.id}`, { disabled: false })).status).toBe(200);
    expect(await works(token2!)).toBe(401);
  });

  it("When the bot is behind an HTTPS proxy (TRUST_PROXY), then the session cookie is Secure and each client address has its own login limit", async () => {
    const { password } = await app.staffService.create({ loginId: `proxy-${kind}`, displayName: "代理", role: "staff" }, "system");
    const viaHttps = await loginFrom(`proxy-${kind}`, password, "192.0.2.10", { "x-forwarded-proto": "https" });
    expect(viaHttps.status).toBe(200);
    expect(viaHttps.headers.get("set-cookie")).toMatch(/HttpOnly; SameSite=Strict; Max-Age=\d+; Secure$/);
    const viaHttp = await loginFrom(`proxy-${kind}`, password, "192.0.2.11", { "x-forwarded-proto": "http" });
    expect(viaHttp.headers.get("set-cookie")).not.toContain("Secure");
  });

  // The per-address limit is kept in memory, whatever the database: checked once.
  it.runIf(kind === "postgresql")("When one client behind the proxy tries many login ids, then it is limited and a colleague at another address is not", async () => {
    const { password } = await app.staffService.create({ loginId: `colleague-${kind}`, displayName: "同僚", role: "staff" }, "system");
    // One client trying many login ids reaches the per-address limit; a colleague at another address does not.
    const flood = await Promise.all(Array.from({ length: 31 }, (_, i) => loginFrom(`nobody-${i}-${kind}`, "wrong-password", "192.0.2.66")));
    const limited = flood.filter((r) => r.status === 429);
    expect(limited.length).toBeGreaterThanOrEqual(1);
    expect(((await limited[0]!.json()) as { error: string }).error).toContain("ログインの試行が多すぎます");
    expect((await loginFrom(`colleague-${kind}`, password, "192.0.2.67")).status).toBe(200);
  });

  it("When an address names a record by a malformed or unknown id, then the API answers 404", async () => {
    const admin = await loginAsStaff(app, `ids-${kind}`, "admin");
    const unknown = "00000000-0000-4000-8000-000000000000";
    const calls: [string, string, unknown?][] = [
      ["PATCH", "/staff/abc", { role: "viewer" }],
      ["POST", "/staff/12/password"],
      ["PATCH", `/staff/${unknown}`, { role: "viewer" }],
      ["POST", `/staff/${unknown}/password`],
      ["POST", `/staff/${unknown}/token`],
      ["GET", "/rounds/abc"],
      ["GET", "/polls/1"],
      ["GET", `/events/abc/registrations`],
      ["GET", `/shifts/abc/signups`],
      ["PATCH", `/rounds/1/comments/7`, { publicText: null }],
    ];
    for (const [method, path, body] of calls) {
      const res = await admin.request(method, path, body);
      expect({ call: `${method} ${path}`, status: res.status }).toEqual({ call: `${method} ${path}`, status: 404 });
    }
  });

  it("When an administrator sets a password of spaces, control characters or one repeated character, then it is refused with a reason in Japanese", async () => {
    const admin = await loginAsStaff(app, `pw-${kind}`, "admin");
    const refused = async (password: string, reason: string) => {
      const res = await admin.request("POST", "/staff", { loginId: `weak-${kind}`, displayName: "弱い", role: "viewer", password });
      expect(res.status).toBe(400);
      expect(res.json.issues[0].message).toContain(reason);
    };
    await refused(" ".repeat(10), "空白だけ");
    await refused("\u3000".repeat(12), "空白だけ");
    await refused("\u0000".repeat(10), "制御文字");
    await refused("abc\u0007defghijk", "制御文字");
    await refused("a".repeat(12), "同じ文字の繰り返し");
    await refused("short", "10文字以上");
    const ok = await admin.request("POST", "/staff", { loginId: `weak-${kind}`, displayName: "弱い", role: "viewer", password: "kawa-mori-2026" });
    expect(ok.status).toBe(201);
    expect((await loginFrom(`weak-${kind}`, "kawa-mori-2026")).status).toBe(200);
  });

  it.runIf(kind === "embedded")("When staff run admin:create while the bot holds the embedded database, then they read what to do instead, without a stack trace", async () => {
    const { spawn } = await import("node:child_process");
    const env = { ...process.env, EMBEDDED_DB_DIR: app.database.embeddedDir, DATABASE_URL: "" };
    const child = spawn(process.execPath, ["--import", "tsx", "src/cli/createAdmin.ts", "suzuki", "鈴木 花子"], { env, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (d: Buffer) => (output += d.toString()));
    child.stderr.on("data", (d: Buffer) => (output += d.toString()));
    const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
    expect(code).toBe(1);
    expect(output).toContain("is in use by the running bot");
    expect(output).toContain("/admin/setup");
    expect(output).not.toMatch(/^\s+at /m);
    expect(await app.db.prisma.staff.findUnique({ where: { loginId: "suzuki" } })).toBeNull();
  });
});
