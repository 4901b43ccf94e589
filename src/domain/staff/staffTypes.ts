import { z } from "zod";

export const staffRoles = ["viewer", "staff", "admin"] as const;
export const ZStaffRole = z.enum(staffRoles);
export type TStaffRole = z.infer<typeof ZStaffRole>;

/** viewer < staff < admin: a role can do everything the roles before it can. */
export function hasRole(role: string, needed: TStaffRole): boolean {
  return staffRoles.indexOf(role as TStaffRole) >= staffRoles.indexOf(needed);
}

export const ZLoginId = z.string().trim().min(3).max(64).regex(/^[a-zA-Z0-9._@-]+$/, "英数字と . _ @ - で入力してください");
/** Why a password cannot be used, in words staff understand; undefined when it can. */
export function passwordProblem(password: string): string | undefined {
  const chars = [...password.normalize("NFKC")];
  if (chars.length < 10) return "パスワードは10文字以上にしてください。";
  if (chars.length > 200) return "パスワードは200文字以内にしてください。";
  // Control characters cannot be typed on a keyboard: they come from a copy-paste accident or a script.
  if (chars.some((c) => /\p{Cc}|\p{Cf}/u.test(c))) return "パスワードに制御文字（改行・タブなど見えない文字）は使えません。";
  if (chars.every((c) => /\s/u.test(c))) return "空白だけのパスワードは使えません。文字や数字を入れてください。";
  if (new Set(chars).size === 1) return "同じ文字の繰り返しだけのパスワードは使えません。いろいろな文字を混ぜてください。";
  return undefined;
}

export const ZPassword = z.string().superRefine((value, ctx) => {
  const problem = passwordProblem(value);
  if (problem) ctx.addIssue({ code: "custom", message: problem });
});

export const ZStaffCreate = z.object({
  loginId: ZLoginId,
  displayName: z.string().trim().min(1).max(100),
  role: ZStaffRole,
  password: ZPassword.optional(),
});

/** The first administrator, made in the browser with a set-up token: they choose their own password. */
export const ZFirstAdmin = z.object({
  loginId: ZLoginId,
  displayName: z.string().trim().min(1).max(100),
  password: ZPassword,
});

export const ZStaffUpdate = z.object({
  displayName: z.string().trim().min(1).max(100).optional(),
  role: ZStaffRole.optional(),
  disabled: z.boolean().optional(),
});

/** The staff member acting, as services see them. */
export const ZStaffActor = z.object({ id: z.string(), loginId: z.string(), displayName: z.string(), role: ZStaffRole });
export type TStaffActor = z.infer<typeof ZStaffActor>;

/** A staff account as administrators list them. */
export const ZStaffAccount = ZStaffActor.extend({ disabled: z.boolean(), hasApiToken: z.boolean(), createdAt: z.date() });
export type TStaffAccount = z.infer<typeof ZStaffAccount>;

export function actorName(staff: TStaffActor): string {
  return `staff:${staff.loginId}`;
}
