import { type Prisma } from "../generated/prisma/client.ts";

/**
 * For values that are plain JSON by construction (parsed by a zod schema from JSON or YAML):
 * Prisma's Json input type cannot see that through optional fields and unknown records.
 */
export function asJson<T extends object>(value: T): Prisma.InputJsonObject {
  return value as unknown as Prisma.InputJsonObject;
}
