import { describe, expect, it } from "vitest";
import { aggregationUnitOf } from "./aggregationUnit.ts";
import { tokyoYmd } from "../../tokyoTime.ts";

describe("A send's aggregation unit and its days", () => {
  it("When a send id is turned into LINE's unit name, then it fits LINE's pattern and is the same every time", () => {
    const unit = aggregationUnitOf("0f8fad5b-d9cb-469f-a165-70867728950e");
    expect(unit).toMatch(/^[a-zA-Z0-9_]{1,30}$/);
    expect(unit).toBe(aggregationUnitOf("0f8fad5b-d9cb-469f-a165-70867728950e"));
    expect(unit).not.toBe(aggregationUnitOf("0f8fad5b-d9cb-469f-a165-70867728950f".replace("0f8f", "1f8f")));
  });

  it("When LINE's statistics days are named, then they are Tokyo days (UTC+9)", () => {
    expect(tokyoYmd(new Date("2026-12-01T14:59:00Z"))).toBe("20261201");
    expect(tokyoYmd(new Date("2026-12-01T15:00:00Z"))).toBe("20261202");
    expect(tokyoYmd(new Date("2026-12-31T15:00:00Z"), 30)).toBe("20270131");
  });
});
