import { describe, expect, it } from "vitest";
import { keysetPages, type TKeysetPosition } from "./keysetPages.ts";

const rows = Array.from({ length: 7 }, (_, i) => ({ id: `r${i}`, submittedAt: new Date(Date.UTC(2026, 0, 1, 0, 0, i)) }));
/** A table read by keyset, three rows a page; records every position asked for. */
function table(failAfter?: TKeysetPosition["id"]) {
  const asked: (string | undefined)[] = [];
  const page = async (after: TKeysetPosition | undefined) => {
    asked.push(after?.id);
    if (failAfter !== undefined && after?.id === failAfter) throw new Error("database went away");
    const from = after ? rows.findIndex((r) => r.id === after.id) + 1 : 0;
    return rows.slice(from, from + 3);
  };
  return { asked, page };
}

describe("keysetPages", () => {
  it("When an export reads every page, then each row comes once, in order, and the next page was asked for before this one was handed out", async () => {
    const { asked, page } = table();
    const seen: string[] = [];
    for await (const p of keysetPages(3, page)) {
      // The page after this one is already on its way.
      if (p.length === 3) expect(asked.at(-1)).toBe(p.at(-1)!.id);
      seen.push(...p.map((r) => r.id));
    }
    expect(seen).toEqual(rows.map((r) => r.id));
    expect(asked).toEqual([undefined, "r2", "r5"]);
  });

  it("When the download stops after the first page and the page asked ahead fails, then nothing is left unhandled", async () => {
    const { page } = table("r2");
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on("unhandledRejection", onUnhandled);
    try {
      for await (const p of keysetPages(3, page)) {
        expect(p.map((r) => r.id)).toEqual(["r0", "r1", "r2"]);
        break;
      }
      await new Promise((r) => setTimeout(r, 20));
      expect(unhandled).toEqual([]);
    } finally {
      process.off("unhandledRejection", onUnhandled);
    }
  });

  it("When a page fails while the export waits for it, then the export fails with the database's error", async () => {
    const { page } = table("r2");
    const read = async () => {
      for await (const _ of keysetPages(3, page)) void _;
    };
    await expect(read()).rejects.toThrow("database went away");
  });
});
