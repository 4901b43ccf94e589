// The command as staff run it: a CSV in, the themes file out; a broken file refused with its line.
import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const run = promisify(execFile);
const command = (args: string[]) => run(process.execPath, ["--import", "tsx", "src/cli/commentThemes.ts", ...args], { encoding: "utf8" });

describe("npm run comments:themes", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), "themes-"));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("When given the evaluation set, then every comment is in exactly one top-level theme and the file has exactly the documented shape", async () => {
    const out = path.join(dir, "result.json");
    const { stdout } = await command(["--in", "eval/listening/city-plan-comments.csv", "--out", out]);
    expect(stdout).toContain("406件の意見");
    const result = JSON.parse(await readFile(out, "utf8"));
    expect(Object.keys(result)).toEqual(["themes", "duplicates"]);
    const ids = result.themes.flatMap((t: { commentIds: string[] }) => t.commentIds);
    expect(ids).toHaveLength(406);
    expect(new Set(ids).size).toBe(406);
    for (const t of result.themes) {
      expect(Object.keys(t)).toEqual(["id", "label", "keywords", "size", "commentIds", "children"]);
      expect(t.size).toBe(t.commentIds.length);
      for (const c of t.children) expect(Object.keys(c)).toEqual(["id", "label", "keywords", "size", "commentIds", "children"]);
    }
    expect(result.duplicates.some((d: { commentIds: string[] }) => d.commentIds.length >= 30)).toBe(true);
  }, 60_000);

  it("When given the plan's chapters with residents' words for them, then themes that are mostly one chapter are called by its name; a chapter line it cannot read is named", async () => {
    const out = path.join(dir, "islands.json");
    const plan = "eval/listening/plan-subjects/comprehensive2.txt";
    await command(["--in", "eval/listening/comprehensive2-comments.csv", "--out", out, "--plan", plan]);
    const labels = JSON.parse(await readFile(out, "utf8")).themes.map((t: { label: string }) => t.label);
    const chapters = (await readFile(plan, "utf8")).split("\n").filter((l) => l && !l.startsWith("#")).map((l) => l.split(":")[0]!);
    expect(labels.filter((l: string) => chapters.some((c) => l.startsWith(c))).length).toBeGreaterThanOrEqual(5);

    const bad = path.join(dir, "plan.txt");
    await writeFile(bad, "定期航路: 船、フェリー\n医療 病院 診療所\n");
    const failed = await command(["--in", "eval/listening/comprehensive2-comments.csv", "--out", path.join(dir, "never.json"), "--plan", bad]).catch((e: { code: number; stderr: string }) => e);
    expect((failed as { code: number }).code).toBe(1);
    expect((failed as { stderr: string }).stderr).toContain("plan.txt の2行目");
  }, 60_000);

  it("When a line has a stray quote, then the command fails naming the file and the line", async () => {
    const bad = path.join(dir, "bad.csv");
    await writeFile(bad, 'comment-id,comment-body\n1,ok\n2,"not closed\n3,fine\n');
    const failed = await command(["--in", bad, "--out", path.join(dir, "never.json")]).catch((e: { code: number; stderr: string }) => e);
    expect((failed as { code: number }).code).toBe(1);
    expect((failed as { stderr: string }).stderr).toContain("bad.csv の3行目: 引用符");
  }, 60_000);
});
