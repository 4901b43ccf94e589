// Staff accounts: creation, login with attempt limits, console sessions and API tokens.
import { createHash, randomBytes } from "node:crypto";
import { type PrismaClient } from "../../generated/prisma/client.ts";
import { AppError, isPrismaError, NotFoundError, PrismaCode, ValidationError } from "../../errors.ts";
import { recordAudit } from "../recordAudit.ts";
import { generatePassword, hashPassword, verifyPassword } from "./passwords.ts";
import { actorName, ZStaffCreate, ZStaffUpdate, type TStaffActor, type TStaffRole } from "./staffTypes.ts";

const SESSION_HOURS = 12;
const LOCK_AFTER_FAILURES = 5;
const LOCK_MINUTES = 15;

const sha256 = (s: string) => createHash("sha256").update(s).digest("hex");

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

  async list(): Promise<(TStaffActor & { disabled: boolean; hasApiToken: boolean; createdAt: Date })[]> {
    const rows = await this.prisma.staff.findMany({ orderBy: { createdAt: "asc" } });
    return rows.map((r) => ({ ...toActor(r), disabled: r.disabled, hasApiToken: r.apiTokenHash !== null, createdAt: r.createdAt }));
  }

  async update(id: string, input: unknown, by: TStaffActor): Promise<TStaffActor> {
    const data = ZStaffUpdate.parse(input);
    if (id === by.id && (data.role && data.role !== "admin" || data.disabled)) {
      throw new ValidationError("自分自身の管理者権限は外せません。");
    }
    const staff = await this.prisma.$transaction(async (tx) => {
      const updated = await tx.staff.update({ where: { id }, data }).catch((err: unknown) => {
        if (isPrismaError(err, PrismaCode.notFound)) throw new NotFoundError("職員が見つかりません。");
        throw err;
      });
      if (data.disabled) await tx.staffSession.deleteMany({ where: { staffId: id } });
      await recordAudit(tx, { actor: actorName(by), action: "staff.updated", target: `staff:${updated.loginId}`, detail: { ...data } });
      return updated;
    });
    return toActor(staff);
  }

  async resetPassword(id: string, by: TStaffActor): Promise<string> {
    const password = generatePassword();
    await this.prisma.$transaction(async (tx) => {
      const staff = await tx.staff.update({ where: { id }, data: { passwordHash: await hashPassword(password), failedLogins: 0, lockedUntil: null } });
      await tx.staffSession.deleteMany({ where: { staffId: id } });
      await recordAudit(tx, { actor: actorName(by), action: "staff.password_reset", target: `staff:${staff.loginId}` });
    });
    return password;
  }

  /** Checks a password; five failures lock the account for fifteen minutes. */
  async login(loginId: string, password: string, now = new Date()): Promise<{ staff: TStaffActor; sessionToken: string; csrfToken: string; expiresAt: Date }> {
    const staff = await this.prisma.staff.findUnique({ where: { loginId } });
    if (!staff || staff.disabled) {
      // Same work and answer as a wrong password: no way to learn which login ids exist.
      await verifyPassword(password, "scrypt$32768$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=");
      throw new LoginError();
    }
    if (staff.lockedUntil && staff.lockedUntil > now) {
      throw new AppError("ログインの失敗が続いたため、しばらくログインできません。15分ほどおいてお試しください。", 429);
    }
    if (!(await verifyPassword(password, staff.passwordHash))) {
      const failures = staff.failedLogins + 1;
      const locked = failures >= LOCK_AFTER_FAILURES;
      await this.prisma.$transaction(async (tx) => {
        await tx.staff.update({
          where: { id: staff.id },
          data: { failedLogins: locked ? 0 : failures, lockedUntil: locked ? new Date(now.getTime() + LOCK_MINUTES * 60_000) : null },
        });
        await recordAudit(tx, { actor: `staff:${staff.loginId}`, action: locked ? "staff.locked" : "staff.login_failed" });
      });
      throw new LoginError();
    }
    const sessionToken = randomBytes(32).toString("base64url");
    const csrfToken = randomBytes(24).toString("base64url");
    const expiresAt = new Date(now.getTime() + SESSION_HOURS * 3600_000);
    await this.prisma.$transaction(async (tx) => {
      await tx.staff.update({ where: { id: staff.id }, data: { failedLogins: 0, lockedUntil: null } });
      await tx.staffSession.create({ data: { tokenHash: sha256(sessionToken), staffId: staff.id, csrfToken, expiresAt } });
      await tx.staffSession.deleteMany({ where: { staffId: staff.id, expiresAt: { lt: now } } });
      await recordAudit(tx, { actor: actorName(toActor(staff)), action: "staff.login" });
    });
    return { staff: toActor(staff), sessionToken, csrfToken, expiresAt };
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
    const token = `cvt_${randomBytes(32).toString("base64url")}`;
    await this.prisma.$transaction(async (tx) => {
      const staff = await tx.staff.update({ where: { id }, data: { apiTokenHash: sha256(token) } });
      await recordAudit(tx, { actor: actorName(by), action: "staff.api_token_issued", target: `staff:${staff.loginId}` });
    });
    return token;
  }

  async fromApiToken(token: string): Promise<TStaffActor | undefined> {
    const staff = await this.prisma.staff.findUnique({ where: { apiTokenHash: sha256(token) } });
    return staff && !staff.disabled ? toActor(staff) : undefined;
  }
}
