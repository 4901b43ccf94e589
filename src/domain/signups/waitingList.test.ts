import { describe, expect, it } from "vitest";
import { admit, promotions } from "./waitingList.ts";

const w = (id: string, seats: number) => ({ id, seats });

describe("the waiting list", () => {
  it("When a sign-up's seats fit in what is free, then it is confirmed, else it waits", () => {
    expect(admit(3, 3)).toBe("confirmed");
    expect(admit(3, 2)).toBe("waitlisted");
    expect(admit(1, 0)).toBe("waitlisted");
  });

  it("When seats are freed, then the first on the list who fits takes them, then the next who fits, in order", () => {
    expect(promotions([w("a", 3), w("b", 1), w("c", 2), w("d", 1)], 2).map((x) => x.id)).toEqual(["b", "d"]);
    expect(promotions([w("a", 3), w("b", 1)], 3).map((x) => x.id)).toEqual(["a"]);
    expect(promotions([w("a", 1), w("b", 1), w("c", 1)], 2).map((x) => x.id)).toEqual(["a", "b"]);
    expect(promotions([w("a", 2)], 0)).toEqual([]);
  });
});
