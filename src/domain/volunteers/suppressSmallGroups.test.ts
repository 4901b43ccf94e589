import { describe, expect, it } from "vitest";
import { suppressSmallGroups } from "./suppressSmallGroups.ts";

const g = (group: string, size: number) => ({ group, size, values: { n: size } });

describe("suppressSmallGroups", () => {
  it("When every group has 5 or more, then nothing is merged", () => {
    const r = suppressSmallGroups([g("a", 5), g("b", 9)]);
    expect(r.suppressed).toBeUndefined();
    expect(r.kept.map((x) => x.group).sort()).toEqual(["a", "b"]);
  });

  it("When small groups add up to 5 or more, then they are merged into one", () => {
    const r = suppressSmallGroups([g("a", 2), g("b", 3), g("c", 8)]);
    expect(r.kept.map((x) => x.group)).toEqual(["c"]);
    expect(r.suppressed).toEqual({ group: "suppressed", size: 5, values: { n: 5 } });
    expect(r.merged).toBe(2);
  });

  it("When the merged group would still be under 5, then the next smallest group joins it, so no total minus the rest tells a small group", () => {
    const r = suppressSmallGroups([g("a", 1), g("b", 6), g("c", 9)]);
    expect(r.kept.map((x) => x.group)).toEqual(["c"]);
    expect(r.suppressed).toEqual({ group: "suppressed", size: 7, values: { n: 7 } });
  });

  it("When groups are empty, then they are left out", () => {
    expect(suppressSmallGroups([g("a", 0), g("b", 5)]).kept.map((x) => x.group)).toEqual(["b"]);
  });
});
