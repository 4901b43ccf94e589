import { z } from "zod";

export const staffRoles = ["viewer", "staff", "admin"] as const;
export const ZStaffRole = z.enum(staffRoles);
export type TStaffRole = z.infer<typeof ZStaffRole>;

/** viewer < staff < admin: a role can do everything the roles before it can. */
export function hasRole(role: string, needed: TStaffRole): boolean {
  return staffRoles.indexOf(role as TStaffRole) >= staffRoles.indexOf(needed);
}

export const ZLoginId = z.string().trim().min(3).max(64).regex(/^[a-zA-Z0-9._@-]+$/, "英数字と . _ @ - で入力してください");
export const ZPassword = z.string().min(10, "パスワードは10文字以上にしてください").max(200);

export const ZStaffCreate = z.object({
  loginId: ZLoginId,
  displayName: z.string().trim().min(1).max(100),
  role: ZStaffRole,
  password: ZPassword.optional(),
});
export type TStaffCreate = z.infer<typeof ZStaffCreate>;

export const ZStaffUpdate = z.object({
  displayName: z.string().trim().min(1).max(100).optional(),
  role: ZStaffRole.optional(),
  disabled: z.boolean().optional(),
});

/** The staff member acting, as services see them. */
export type TStaffActor = { id: string; loginId: string; displayName: string; role: TStaffRole };

export function actorName(staff: TStaffActor): string {
  return `staff:${staff.loginId}`;
}
