// Staff accounts (administrators manage them; everyone may issue their own API token).
import { z } from "zod";
import { ZStaffAccount, ZStaffActor, ZStaffCreate, ZStaffUpdate } from "../../domain/staff/staffTypes.ts";
import { type StaffService } from "../../domain/staff/StaffService.ts";
import { ForbiddenError } from "../../errors.ts";
import { defineRoute, ZIdParams } from "../defineRoute.ts";

export function staffRoutes(staffService: StaffService) {
  return [
    defineRoute({
      method: "get", path: "/staff", tag: "staff", role: "admin", summary: "List staff accounts",
      response: z.object({ staff: z.array(ZStaffAccount) }),
      handler: async () => ({ staff: await staffService.list() }),
    }),
    defineRoute({
      method: "post", path: "/staff", tag: "staff", role: "admin", summary: "Create a staff account (the password is shown once)",
      response: z.object({ staff: ZStaffActor, password: z.string() }),
      body: ZStaffCreate, status: 201,
      handler: async ({ body, staff }) => staffService.create(body, staff),
    }),
    defineRoute({
      method: "patch", path: "/staff/:id", tag: "staff", role: "admin", summary: "Change a staff member's name, role, or disable the account",
      params: ZIdParams, response: z.object({ staff: ZStaffActor }),
      body: ZStaffUpdate,
      handler: async ({ body, staff, params }) => ({ staff: await staffService.update(params.id, body, staff) }),
    }),
    defineRoute({
      method: "post", path: "/staff/:id/password", tag: "staff", role: "admin", summary: "Reset a password (the new one is shown once)",
      params: ZIdParams, response: z.object({ password: z.string() }),
      handler: async ({ staff, params }) => ({ password: await staffService.resetPassword(params.id, staff) }),
    }),
    defineRoute({
      method: "post", path: "/staff/:id/token", tag: "staff", role: "viewer", summary: "Issue an API token (own account, or any as administrator); shown once",
      params: ZIdParams,
      response: z.object({ token: z.string() }),
      handler: async ({ staff, params }) => {
        if (params.id !== staff.id && staff.role !== "admin") throw new ForbiddenError("他の職員のトークンは発行できません。");
        return { token: await staffService.issueApiToken(params.id, staff) };
      },
    }),
  ];
}
