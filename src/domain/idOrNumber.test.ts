import { describe, expect, it } from "vitest";
import { idOrNumber } from "./idOrNumber.ts";

describe("idOrNumber", () => {
  it("When the text is a number of up to 9 digits, then it is looked up by number", () => {
    expect(idOrNumber("3")).toEqual({ number: 3 });
    expect(idOrNumber("123456789")).toEqual({ number: 123456789 });
  });

  it("When the text is a uuid, then it is looked up by id", () => {
    expect(idOrNumber("0E8A1C2D-1234-4abc-9def-0123456789ab")).toEqual({ id: "0E8A1C2D-1234-4abc-9def-0123456789ab" });
  });

  it("When the text is neither (too long a number, a name, a half uuid), then nothing is looked up", () => {
    for (const id of ["1234567890", "-1", "3a", "", "0e8a1c2d-1234-4abc-9def"]) expect(idOrNumber(id)).toBeNull();
  });
});
