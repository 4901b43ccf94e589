// Breakdowns never show a group small enough to point at a person. Groups with fewer than
// MIN_GROUP_SIZE respondents are merged into one "その他（少数のため非表示）" group. If that group
// is itself too small it cannot simply be dropped while other groups are shown: the question's
// total minus the groups shown would give its answers exactly. So the smallest shown groups join it
// until it is large enough; only when every respondent together is too few is nothing broken down.
// Plain data in and out, so that any breakdown (poll results, volunteer statistics) can use it.

/** A small group's breakdown is shown under this name (merged with the other small groups). */
export const SUPPRESSED_GROUP = "suppressed";
export const SUPPRESSED_GROUP_LABEL = "その他（少数のため非表示）";

/** Fewer respondents than this in a group: the group is not broken down (privacy). */
export const MIN_GROUP_SIZE = 5;

export type TGroup = { group: string; label: string; answered: number; options: Record<string, number> };

export function suppressSmallGroups(groups: TGroup[], min = MIN_GROUP_SIZE): { groups: TGroup[]; suppressed: number } {
  const present = groups.filter((g) => g.answered > 0);
  if (present.every((g) => g.answered >= min)) return { groups: present, suppressed: 0 };
  const kept = present.filter((g) => g.answered >= min);
  const merged = present.filter((g) => g.answered < min);
  const size = () => merged.reduce((n, g) => n + g.answered, 0);
  while (size() < min && kept.length > 0) {
    const smallest = kept.reduce((a, b) => (b.answered < a.answered ? b : a));
    kept.splice(kept.indexOf(smallest), 1);
    merged.push(smallest);
  }
  if (size() < min) return { groups: [], suppressed: merged.length };
  const options: Record<string, number> = {};
  for (const g of merged) for (const [k, v] of Object.entries(g.options)) options[k] = (options[k] ?? 0) + v;
  return { groups: [...kept, { group: SUPPRESSED_GROUP, label: SUPPRESSED_GROUP_LABEL, answered: size(), options }], suppressed: merged.length };
}
