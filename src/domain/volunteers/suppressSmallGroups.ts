// Breakdowns never show a group small enough to point at a person: groups under the minimum are
// merged into one "suppressed" group, and if that group is itself too small (but not empty), the
// next smallest groups join it until it is not — otherwise the total minus the others would tell.
import { MIN_VOLUNTEER_GROUP, SUPPRESSED_GROUP } from "./volunteerTypes.ts";

export type TGroupCounts = { group: string; size: number; values: Record<string, number> };

export function suppressSmallGroups<T extends TGroupCounts>(groups: T[], min = MIN_VOLUNTEER_GROUP): { kept: T[]; suppressed: TGroupCounts | undefined; merged: number } {
  const present = groups.filter((g) => g.size > 0).sort((a, b) => a.size - b.size || a.group.localeCompare(b.group));
  const small = present.filter((g) => g.size < min);
  if (small.length === 0) return { kept: present, suppressed: undefined, merged: 0 };
  const kept = present.filter((g) => g.size >= min);
  const merged: TGroupCounts[] = [...small];
  const size = () => merged.reduce((n, g) => n + g.size, 0);
  while (size() < min && kept.length > 0) merged.push(kept.shift()!);
  const values: Record<string, number> = {};
  for (const g of merged) for (const [k, v] of Object.entries(g.values)) values[k] = (values[k] ?? 0) + v;
  return { kept, suppressed: { group: SUPPRESSED_GROUP, size: size(), values }, merged: merged.length };
}
