// What staff filters in a query string mean, the same for every route that takes them.
import { z } from "zod";
import { startOfTokyoDay } from "../tokyoTime.ts";

/**
 * A bound of a period: a plain day "2026-12-01" is a day in Tokyo (as `from`: its start; with
 * endOfDay, as `to`: up to its end, i.e. the start of the next day); anything else is read as an instant.
 */
export const ZTokyoBound = (endOfDay: boolean) =>
  z.union([z.string(), z.date()]).transform((v, ctx) => {
    if (typeof v === "string" && /^\d{4}-\d{2}-\d{2}$/.test(v)) return startOfTokyoDay(v, endOfDay);
    const at = new Date(v);
    if (Number.isNaN(at.getTime())) {
      ctx.addIssue({ code: "custom", message: "日付は 2026-12-01 か 2026-12-01T09:00:00+09:00 の形で入力してください" });
      return z.NEVER;
    }
    return at;
  });

/** A yes/no in a query string ("true"/"false", "1"/"0"…): the text "false" is false, which z.coerce.boolean would read as true. */
export const ZQueryFlag = z.stringbool();
