// The shapes of a comment analysis (themes, duplicates, the map), shared by the command, the
// console's API and the stored job. The themes file the command writes is the public format:
// { themes: [{ id, label, keywords, size, commentIds, children }], duplicates: [{ commentIds }] }.
import { z } from "zod";
import { ZPlanSubjects } from "./planSubjects.ts";

/** The theme for comments that fit none. */
export const OTHER_THEME_ID = "other";
export const OTHER_THEME_LABEL = "その他";

export const ZSubTheme = z.object({
  id: z.string(),
  label: z.string(),
  keywords: z.array(z.string()),
  /** Every comment, duplicates included. */
  size: z.number().int(),
  /** Each group of duplicates counted once. */
  distinctSize: z.number().int(),
  commentIds: z.array(z.string()),
  /** Two or three comments that show what the theme is about (one per duplicate group). */
  representativeIds: z.array(z.string()),
});
export type TSubTheme = z.infer<typeof ZSubTheme>;

export const ZTheme = ZSubTheme.extend({
  children: z.array(ZSubTheme),
  /** A draft summary by the optional summary server (summarizeThemes.ts), for staff to edit. */
  summary: z.string().optional(),
});
export type TTheme = z.infer<typeof ZTheme>;

export const ZDuplicateGroup = z.object({ commentIds: z.array(z.string()).min(2) });

export const ZMapPoint = z.object({ id: z.string(), x: z.number(), y: z.number() });

export const ZAnalysis = z.object({
  themes: z.array(ZTheme),
  duplicates: z.array(ZDuplicateGroup),
  /** A point per comment (duplicates share their place), both coordinates in [-1, 1]. */
  map: z.array(ZMapPoint),
  commentCount: z.number().int(),
  distinctCount: z.number().int(),
  /** How many top-level themes the data suggested; the analysis used `themeCount` (staff may ask for fewer or more). */
  suggestedThemeCount: z.number().int(),
  themeCount: z.number().int(),
});
export type TAnalysis = z.infer<typeof ZAnalysis>;

export const ZAnalysisOptions = z.object({
  /** Top-level themes wanted (besides その他); absent: chosen from the data. */
  themeCount: z.number().int().min(2).max(40).optional(),
  seed: z.number().int().optional(),
  /** The plan's own chapters and the words residents use for them, from staff (planSubjects.ts). */
  planSubjects: ZPlanSubjects.optional(),
});
export type TAnalysisOptions = z.infer<typeof ZAnalysisOptions>;

/** The command's output file: exactly the public format (no map, no representatives). */
export type TThemesFile = {
  themes: { id: string; label: string; keywords: string[]; size: number; commentIds: string[]; children: { id: string; label: string; keywords: string[]; size: number; commentIds: string[]; children: [] }[] }[];
  duplicates: { commentIds: string[] }[];
};

export function toThemesFile(analysis: Pick<TAnalysis, "themes" | "duplicates">): TThemesFile {
  const sub = (t: TSubTheme) => ({ id: t.id, label: t.label, keywords: t.keywords, size: t.size, commentIds: t.commentIds, children: [] as [] });
  return {
    themes: analysis.themes.map((t) => ({ ...sub(t), children: t.children.map(sub) })),
    duplicates: analysis.duplicates.map((d) => ({ commentIds: d.commentIds })),
  };
}
