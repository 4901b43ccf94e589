// Who raised what: each theme's share of the comments from each age band and each district.
// Groups of fewer than five commenters are never shown apart (suppressSmallGroups merges them).
import { suppressSmallGroups, type TGroup } from "../privacy/suppressSmallGroups.ts";
import { type TAnalysis } from "./listeningTypes.ts";

export type TSegmentLabels = { label: (value: string | null) => string; order: string[] };
export type TComparison = { groups: (TGroup & { shares: Record<string, number> })[]; suppressed: number };

const NONE = "none";

/** attribute(commentId) → the commenter's age band or district (null when not given). */
export function compareThemes(analysis: Pick<TAnalysis, "themes">, attribute: (commentId: string) => string | null, labels: TSegmentLabels): TComparison {
  const groups = new Map<string, TGroup>();
  for (const theme of analysis.themes) {
    for (const id of theme.commentIds) {
      const value = attribute(id) ?? NONE;
      let g = groups.get(value);
      if (!g) groups.set(value, (g = { group: value, label: value === NONE ? "回答なし" : labels.label(value), answered: 0, options: {} }));
      g.answered++;
      g.options[theme.id] = (g.options[theme.id] ?? 0) + 1;
    }
  }
  const rank = (g: TGroup) => (g.group === NONE ? Infinity : labels.order.indexOf(g.group) === -1 ? labels.order.length : labels.order.indexOf(g.group));
  const { groups: shown, suppressed } = suppressSmallGroups([...groups.values()].sort((a, b) => rank(a) - rank(b) || a.group.localeCompare(b.group)));
  return {
    groups: shown.map((g) => ({ ...g, shares: Object.fromEntries(Object.entries(g.options).map(([k, v]) => [k, Math.round((v / g.answered) * 1000) / 10])) })),
    suppressed,
  };
}
