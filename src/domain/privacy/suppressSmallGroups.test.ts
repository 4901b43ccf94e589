import { describe, expect, it } from "vitest";
import { suppressSmallGroups, type TGroup } from "./suppressSmallGroups.ts";

const g = (group: string, answered: number, yes = answered): TGroup => ({ group, label: group, answered, options: { yes } });

describe("suppressSmallGroups", () => {
  it("When every group has at least 5, then all are shown as they are", () => {
    expect(suppressSmallGroups([g("a", 5), g("b", 7), g("c", 0)])).toEqual({ groups: [g("a", 5), g("b", 7)], suppressed: 0 });
  });

  it("When small groups add up to 5 or more, then they are shown together as その他", () => {
    const r = suppressSmallGroups([g("a", 6), g("b", 3, 1), g("c", 2, 2)]);
    expect(r.suppressed).toBe(2);
    expect(r.groups).toEqual([g("a", 6), { group: "suppressed", label: "その他（少数のため非表示）", answered: 5, options: { yes: 3 } }]);
  });

  it("When the small groups together are still under 5, then the smallest shown group joins them, so that no total minus the others gives them away", () => {
    const r = suppressSmallGroups([g("a", 9), g("b", 6), g("c", 2)]);
    expect(r.groups.map((x) => [x.group, x.answered])).toEqual([["a", 9], ["suppressed", 8]]);
    expect(r.suppressed).toBe(2);
  });

  it("When every respondent together is under 5, then nothing is broken down", () => {
    expect(suppressSmallGroups([g("a", 3), g("b", 1)])).toEqual({ groups: [], suppressed: 2 });
  });
});
