// The one small-group rule, for every breakdown (poll results, themes by segment, volunteer
// statistics): no group small enough to point at a person is shown.
//  1. A group of fewer than MIN_GROUP_SIZE (5) people is never shown apart: the small groups are
//     merged into one "suppressed" group.
//  2. No group may be derived by subtraction: if the merged group is itself under 5, the total
//     minus the groups shown would give it, so the smallest shown groups join it until it has 5.
//  3. When everyone together is under 5, nothing is broken down at all (not even "suppressed").
// Plain data in and out. Among shown groups of equal size, the first in the caller's order joins first.

/** The name a merged group of small groups is shown under. */
export const SUPPRESSED_GROUP = "suppressed";
export const SUPPRESSED_GROUP_LABEL = "その他（少数のため非表示）";

/** Fewer people than this in a group: the group is not shown apart (privacy). */
export const MIN_GROUP_SIZE = 5;

/** A group of `size` people, with counts that add up when groups are merged. */
export type TCountedGroup = { group: string; size: number; values: Record<string, number> };

/**
 * The rule above on counted groups: the groups shown as they are (in the order given), the merged
 * group (undefined when none is shown), and how many groups were not shown apart.
 */
export function mergeSmallGroups<T extends TCountedGroup>(groups: T[], min = MIN_GROUP_SIZE): { kept: T[]; suppressed: TCountedGroup | undefined; merged: number } {
  const present = groups.filter((g) => g.size > 0);
  if (present.every((g) => g.size >= min)) return { kept: present, suppressed: undefined, merged: 0 };
  const kept = present.filter((g) => g.size >= min);
  const merged: T[] = present.filter((g) => g.size < min);
  const size = () => merged.reduce((n, g) => n + g.size, 0);
  while (size() < min && kept.length > 0) {
    const smallest = kept.reduce((a, b) => (b.size < a.size ? b : a));
    kept.splice(kept.indexOf(smallest), 1);
    merged.push(smallest);
  }
  if (size() < min) return { kept: [], suppressed: undefined, merged: merged.length };
  const values: Record<string, number> = {};
  for (const g of merged) for (const [k, v] of Object.entries(g.values)) values[k] = (values[k] ?? 0) + v;
  return { kept, suppressed: { group: SUPPRESSED_GROUP, size: size(), values }, merged: merged.length };
}

/** A breakdown of answers: how many answered in the group, and chose each option. */
export type TGroup = { group: string; label: string; answered: number; options: Record<string, number> };

/** The rule on answer breakdowns: the groups to show (the merged one last, labelled), and how many were not shown apart. */
export function suppressSmallGroups(groups: TGroup[], min = MIN_GROUP_SIZE): { groups: TGroup[]; suppressed: number } {
  const { kept, suppressed, merged } = mergeSmallGroups(groups.map((g) => ({ ...g, size: g.answered, values: g.options })), min);
  const shown: TGroup[] = kept.map((g) => ({ group: g.group, label: g.label, answered: g.answered, options: g.options }));
  if (suppressed) shown.push({ group: SUPPRESSED_GROUP, label: SUPPRESSED_GROUP_LABEL, answered: suppressed.size, options: suppressed.values });
  return { groups: shown, suppressed: merged };
}
