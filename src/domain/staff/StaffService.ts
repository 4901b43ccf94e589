// Staff accounts: creation, login with attempt limits, console sessions and API tokens.
import { createHash, randomBytes } from "node:crypto";
import { type PrismaClient } from "../../generated/prisma/client.ts";
import { AppError, isPrismaError, NotFoundError, PrismaCode, ValidationError } from "../../errors.ts";
import { recordAudit } from "../recordAudit.ts";
import { isUuid } from "../isUuid.ts";
import { generatePassword, hashPassword, verifyPassword } from "./passwords.ts";
import { actorName, ZFirstAdmin, ZStaffCreate, ZStaffUpdate, type TStaffAccount, type TStaffActor, type TStaffRole } from "./staffTypes.ts";

const SESSION_HOURS = 12;
const LOCK_AFTER_FAILURES = 5;
const LOCK_MINUTES = 15;
const SETUP_HOURS = 24;

const sha256 = (s: string) => createHash("sha256").update(s).digest("hex");

/** Staff ids are uuids; anything else names nobody. */
function assertStaffId(id: string): void {
  if (!isUuid(id)) throw new NotFoundError("職員が見つかりません。");
}

const notFound = (err: unknown): never => {
  if (isPrismaError(err, PrismaCode.notFound)) throw new NotFoundError("職員が見つかりません。");
  throw err;
};

/** A scrypt hash of nothing anyone knows: checked when no account has the login id, so it takes as long. */
const DUMMY_HASH = "scrypt$32768$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=";

export class LockedError extends AppError {
  constructor() {
    super("ログインの失敗が続いたため、しばらくログインできません。15分ほどおいてお試しください。", 429);
  }
}

export class LoginError extends AppError {
  constructor(message = "ログインIDまたはパスワードが違います。") {
    super(message, 401);
  }
}

type StaffRow = { id: string; loginId: string; displayName: string; role: string; disabled: boolean };
const toActor = (s: StaffRow): TStaffActor => ({ id: s.id, loginId: s.loginId, displayName: s.displayName, role: s.role as TStaffRole });

export class StaffService {
  constructor(private readonly prisma: PrismaClient) {}

  async create(input: unknown, by: TStaffActor | "system"): Promise<{ staff: TStaffActor; password: string }> {
    const data = ZStaffCreate.parse(input);
    const password = data.password ?? generatePassword();
    try {
      const staff = await this.prisma.$transaction(async (tx) => {
        const created = await tx.staff.create({
          data: { loginId: data.loginId, displayName: data.displayName, role: data.role, passwordHash: await hashPassword(password) },
        });
        await recordAudit(tx, { actor: by === "system" ? "system" : actorName(by), action: "staff.created", target: `staff:${created.loginId}`, detail: { role: data.role } });
        return created;
      });
      return { staff: toActor(staff), password };
    } catch (err) {
      if (isPrismaError(err, PrismaCode.uniqueViolation)) throw new ValidationError(`ログインID「${data.loginId}」は既に使われています。`);
      throw err;
    }
  }

  async list(): Promise<TStaffAccount[]> {
    const rows = await this.prisma.staff.findMany({ orderBy: { createdAt: "asc" } });
    return rows.map((r) => ({ ...toActor(r), disabled: r.disabled, hasApiToken: r.apiTokenHash !== null, createdAt: r.createdAt }));
  }

  async update(id: string, input: unknown, by: TStaffActor): Promise<TStaffActor> {
    assertStaffId(id);
    const data = ZStaffUpdate.parse(input);
    if (id === by.id && (data.role && data.role !== "admin" || data.disabled)) {
      throw new ValidationError("自分自身の管理者権限は外せません。");
    }
    const staff = await this.prisma.$transaction(async (tx) => {
      // Disabling an account ends everything it could do: console sessions and its API token.
      const updated = await tx.staff.update({ where: { id }, data: { ...data, ...(data.disabled ? { apiTokenHash: null } : {}) } }).catch(notFound);
      if (data.disabled) await tx.staffSession.deleteMany({ where: { staffId: id } });
      await recordAudit(tx, { actor: actorName(by), action: "staff.updated", target: `staff:${updated.loginId}`, detail: { ...data } });
      return updated;
    });
    return toActor(staff);
  }

  /** A new password, shown once; the member's sessions and API token stop working (whoever had them). */
  async resetPassword(id: string, by: TStaffActor): Promise<string> {
    assertStaffId(id);
    const password = generatePassword();
    await this.prisma.$transaction(async (tx) => {
      const staff = await tx.staff.update({ where: { id }, data: { passwordHash: await hashPassword(password), apiTokenHash: null } }).catch(notFound);
      await tx.staffSession.deleteMany({ where: { staffId: id } });
      await tx.staffLoginAttempt.deleteMany({ where: { loginId: staff.loginId } });
      await recordAudit(tx, { actor: actorName(by), action: "staff.password_reset", target: `staff:${staff.loginId}` });
    });
    return password;
  }

  /**
   * Checks a password; five failures lock the login id for fifteen minutes. The attempt is counted
   * before the password is checked, in one UPDATE, so guesses sent in parallel each get their own
   * number and only the first five are checked. Ids with no account are counted the same way: the
   * answer never tells whether an account exists.
   */
  async login(loginId: string, password: string, now = new Date()): Promise<{ staff: TStaffActor; sessionToken: string; csrfToken: string; expiresAt: Date }> {
    const key = loginId.slice(0, 200);
    const [attempt] = await this.prisma.$queryRaw<{ failures: number; lockedUntil: Date | null }[]>`
      INSERT INTO "StaffLoginAttempt" AS a ("loginId", "failures", "updatedAt") VALUES (${key}, 1, ${now})
      ON CONFLICT ("loginId") DO UPDATE SET
        "failures" = CASE WHEN a."lockedUntil" <= ${now} THEN 1 ELSE a."failures" + 1 END,
        "lockedUntil" = CASE WHEN a."lockedUntil" <= ${now} THEN NULL ELSE a."lockedUntil" END,
        "updatedAt" = ${now}
      RETURNING "failures", "lockedUntil"`;
    if (attempt!.lockedUntil && attempt!.lockedUntil > now) throw new LockedError();
    const staff = await this.prisma.staff.findUnique({ where: { loginId: key } });
    const account = staff && !staff.disabled ? staff : undefined;
    if (attempt!.failures > LOCK_AFTER_FAILURES) {
      await this.lock(key, account, now);
      throw new LockedError();
    }
    // Same work for a missing account as for a wrong password.
    const ok = await verifyPassword(password, account?.passwordHash ?? DUMMY_HASH);
    if (!account || !ok) {
      if (attempt!.failures >= LOCK_AFTER_FAILURES) await this.lock(key, account, now);
      else if (account) await recordAudit(this.prisma, { actor: `staff:${account.loginId}`, action: "staff.login_failed" });
      throw new LoginError();
    }
    const sessionToken = randomBytes(32).toString("base64url");
    const csrfToken = randomBytes(24).toString("base64url");
    const expiresAt = new Date(now.getTime() + SESSION_HOURS * 3600_000);
    await this.prisma.$transaction(async (tx) => {
      await tx.staffLoginAttempt.deleteMany({ where: { OR: [{ loginId: key }, { updatedAt: { lt: new Date(now.getTime() - 86_400_000) } }] } });
      await tx.staffSession.create({ data: { tokenHash: sha256(sessionToken), staffId: account.id, csrfToken, expiresAt } });
      await tx.staffSession.deleteMany({ where: { staffId: account.id, expiresAt: { lt: now } } });
      await recordAudit(tx, { actor: actorName(toActor(account)), action: "staff.login" });
    });
    return { staff: toActor(account), sessionToken, csrfToken, expiresAt };
  }

  /** Locks a login id (once: parallel attempts past the limit do not lock it again). */
  private async lock(loginId: string, account: StaffRow | undefined, now: Date): Promise<void> {
    const locked = await this.prisma.staffLoginAttempt.updateMany({
      where: { loginId, lockedUntil: null },
      data: { lockedUntil: new Date(now.getTime() + LOCK_MINUTES * 60_000), failures: 0 },
    });
    if (locked.count > 0 && account) await recordAudit(this.prisma, { actor: `staff:${account.loginId}`, action: "staff.locked" });
  }

  /**
   * At a start with no active administrator: a one-time set-up token (24 h) for creating the first
   * one in the browser, or undefined when there is an administrator. Tokens other processes
   * printed stay valid; expired ones are removed.
   */
  async firstAdminSetupToken(now = new Date()): Promise<string | undefined> {
    if (await this.hasAdministrator()) return undefined;
    const token = randomBytes(32).toString("base64url");
    await this.prisma.$transaction([
      this.prisma.staffSetupToken.deleteMany({ where: { expiresAt: { lte: now } } }),
      this.prisma.staffSetupToken.create({ data: { tokenHash: sha256(token), expiresAt: new Date(now.getTime() + SETUP_HOURS * 3600_000) } }),
    ]);
    return token;
  }

  private async hasAdministrator(db: Pick<PrismaClient, "staff"> = this.prisma): Promise<boolean> {
    return (await db.staff.count({ where: { role: "admin", disabled: false } })) > 0;
  }

  /** Whether a set-up token may still be used: "ok", "used" (there is an administrator now) or "invalid" (unknown or expired). */
  async setupTokenState(token: string, now = new Date()): Promise<"ok" | "used" | "invalid"> {
    if (await this.hasAdministrator()) return "used";
    const row = await this.prisma.staffSetupToken.findUnique({ where: { tokenHash: sha256(token) } });
    return row && row.expiresAt > now ? "ok" : "invalid";
  }

  /** Creates the first administrator with a set-up token; every set-up token then stops working. */
  async setupFirstAdmin(token: string, input: unknown, now = new Date()): Promise<TStaffActor> {
    const data = ZFirstAdmin.parse(input);
    const state = await this.setupTokenState(token, now);
    if (state === "used") throw new AppError("最初の管理者は登録済みです。ログイン画面からログインしてください。", 409);
    if (state === "invalid") throw new AppError("この設定用アドレスは使えません（期限切れか、正しくありません）。ボットを再起動すると、新しいアドレスが表示されます。", 410);
    try {
      const staff = await this.prisma.$transaction(async (tx) => {
        // Two browsers at once: only one token row can be deleted, so only one administrator is made.
        const claimed = await tx.staffSetupToken.deleteMany({ where: { tokenHash: sha256(token), expiresAt: { gt: now } } });
        if (claimed.count === 0 || (await this.hasAdministrator(tx))) throw new AppError("最初の管理者は登録済みです。ログイン画面からログインしてください。", 409);
        await tx.staffSetupToken.deleteMany({});
        const created = await tx.staff.create({
          data: { loginId: data.loginId, displayName: data.displayName, role: "admin", passwordHash: await hashPassword(data.password) },
        });
        await recordAudit(tx, { actor: "system", action: "staff.setup", target: `staff:${created.loginId}`, detail: { role: "admin" } });
        return created;
      });
      return toActor(staff);
    } catch (err) {
      if (isPrismaError(err, PrismaCode.uniqueViolation)) throw new ValidationError(`ログインID「${data.loginId}」は既に使われています。`);
      throw err;
    }
  }

  async logout(sessionToken: string): Promise<void> {
    await this.prisma.staffSession.deleteMany({ where: { tokenHash: sha256(sessionToken) } });
  }

  async fromSession(sessionToken: string, now = new Date()): Promise<{ staff: TStaffActor; csrfToken: string } | undefined> {
    const session = await this.prisma.staffSession.findUnique({ where: { tokenHash: sha256(sessionToken) }, include: { staff: true } });
    if (!session || session.expiresAt <= now || session.staff.disabled) return undefined;
    return { staff: toActor(session.staff), csrfToken: session.csrfToken };
  }

  /** Issues a new API token for a staff member (the old one stops working); shown once. */
  async issueApiToken(id: string, by: TStaffActor): Promise<string> {
    assertStaffId(id);
    const token = `cvt_${randomBytes(32).toString("base64url")}`;
    await this.prisma.$transaction(async (tx) => {
      const staff = await tx.staff.update({ where: { id }, data: { apiTokenHash: sha256(token) } }).catch(notFound);
      await recordAudit(tx, { actor: actorName(by), action: "staff.api_token_issued", target: `staff:${staff.loginId}` });
    });
    return token;
  }

  async fromApiToken(token: string): Promise<TStaffActor | undefined> {
    const staff = await this.prisma.staff.findUnique({ where: { apiTokenHash: sha256(token) } });
    return staff && !staff.disabled ? toActor(staff) : undefined;
  }
}
