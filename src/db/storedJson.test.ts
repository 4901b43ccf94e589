import { describe, expect, it } from "vitest";
import { z } from "zod";
import { StoredDataError, storedJson } from "./storedJson.ts";

const ZProfile = z.object({ district: z.string().optional() }).strict();

describe("storedJson", () => {
  it("When a stored value fits its schema, then it is read as it is", () => {
    expect(storedJson(ZProfile, { district: "nagato" }, "Resident", "profile", "r-1")).toEqual({ district: "nagato" });
  });

  it("When a stored value does not fit, then it fails naming the table, row and field, never the value", () => {
    let error: unknown;
    try {
      storedJson(ZProfile, { district: 7, phone: "090-1234-5678" }, "Resident", "profile", "r-1");
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(StoredDataError);
    const message = (error as Error).message;
    expect(message).toContain("Resident r-1");
    expect(message).toContain("district");
    expect(message).not.toContain("090-1234-5678");
  });
});
