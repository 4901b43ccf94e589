import { describe, expect, it } from "vitest";
import { adjustedRandIndex, pairF1 } from "./evaluationMetrics.ts";

describe("adjustedRandIndex", () => {
  it("When two labelings are the same partition under other names, then it is 1", () => {
    expect(adjustedRandIndex(["a", "a", "b", "b", "c"], ["x", "x", "y", "y", "z"])).toBe(1);
  });
  it("When they disagree, then it matches the textbook value", () => {
    // sklearn.metrics.adjusted_rand_score([0,0,1,1],[0,0,1,2]) = 0.5714…
    expect(adjustedRandIndex(["0", "0", "1", "1"], ["0", "0", "1", "2"])).toBeCloseTo(0.5714, 3);
  });
});

describe("pairF1", () => {
  it("When one true pair of three is found and one wrong pair is made, then precision and recall say so", () => {
    const r = pairF1([["a", "b"], ["c", "d"]], [["a", "b", "c"]]);
    expect(r.precision).toBe(0.5);
    expect(r.recall).toBeCloseTo(1 / 3);
  });
});
