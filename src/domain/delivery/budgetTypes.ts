// What a send would cost against the month's message budget (one message per recipient): the shape
// every send preview and refusal answers with.
import { z } from "zod";

export const ZBudgetCheck = z.object({ limit: z.int().nullable(), used: z.int(), cost: z.int(), remaining: z.int().nullable(), exceeds: z.boolean() });
export type TBudgetCheck = z.infer<typeof ZBudgetCheck>;
