import { describe, expect, it } from "vitest";
import { mergeSmallGroups, suppressSmallGroups, type TGroup } from "./suppressSmallGroups.ts";

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

const c = (group: string, size: number) => ({ group, size, values: { n: size } });

describe("mergeSmallGroups", () => {
  it("When every group has 5 or more, then nothing is merged", () => {
    const r = mergeSmallGroups([c("a", 5), c("b", 9)]);
    expect(r.suppressed).toBeUndefined();
    expect(r.kept.map((x) => x.group)).toEqual(["a", "b"]);
  });

  it("When small groups add up to 5 or more, then they are merged into one", () => {
    const r = mergeSmallGroups([c("a", 2), c("b", 3), c("c", 8)]);
    expect(r.kept.map((x) => x.group)).toEqual(["c"]);
    expect(r.suppressed).toEqual({ group: "suppressed", size: 5, values: { n: 5 } });
    expect(r.merged).toBe(2);
  });

  it("When the merged group would still be under 5, then the next smallest group joins it, so no total minus the rest tells a small group", () => {
    const r = mergeSmallGroups([c("a", 1), c("b", 6), c("c", 9)]);
    expect(r.kept.map((x) => x.group)).toEqual(["c"]);
    expect(r.suppressed).toEqual({ group: "suppressed", size: 7, values: { n: 7 } });
  });

  it("When everyone together is under 5, then no group is shown, not even a merged one", () => {
    expect(mergeSmallGroups([c("a", 2), c("b", 1)])).toEqual({ kept: [], suppressed: undefined, merged: 2 });
  });

  it("When groups are empty, then they are left out", () => {
    expect(mergeSmallGroups([c("a", 0), c("b", 5)]).kept.map((x) => x.group)).toEqual(["b"]);
  });
});
