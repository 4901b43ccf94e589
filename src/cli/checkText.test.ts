import { execFile } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

const run = (...args: string[]) => promisify(execFile)(process.execPath, ["--import", "tsx", "src/cli/checkText.ts", ...args], { encoding: "utf8" });

describe("npm run text:check", () => {
  it("When given a sentence, a file or --json, then it prints `rule: excerpt — suggestion` lines or the flags as JSON", async () => {
    const lines = (await run("本日18時から説明会を開催いたします。")).stdout.trim().split("\n");
    expect(lines).toContain("hard-word: 本日 — 「きょう」のように言いかえてください。");
    expect(lines.some((l) => l.startsWith("ambiguous-date: 18時 — "))).toBe(true);
    expect(lines.some((l) => l.startsWith("over-polite: いたし — "))).toBe(true);

    const dir = await mkdtemp(path.join(tmpdir(), "text-check-"));
    try {
      await writeFile(path.join(dir, "notice.txt"), "12/9に来てください。");
      const json = JSON.parse((await run("--json", "--file", path.join(dir, "notice.txt"))).stdout) as { flags: { rule: string; excerpt: string; start: number }[] };
      expect(json.flags).toEqual([expect.objectContaining({ rule: "ambiguous-date", excerpt: "12/9", start: 0 })]);
    } finally {
      await rm(dir, { recursive: true });
    }
    expect((await run("あした こうえんで あいましょう。")).stdout.trim()).toBe("ok: 指摘はありません。");
    expect((await run("--readings", "市役所に行きます")).stdout.trim()).toBe("市役所（しやくしょ）に行（い）きます");
  }, 60_000);
});
