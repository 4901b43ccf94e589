import { describe, expect, it } from "vitest";
import { applyThemeEdit } from "./themeEdits.ts";
import { type TAnalysis, type TTheme } from "./listeningTypes.ts";

const theme = (id: string, ids: string[], children: TTheme["children"] = []): TTheme => ({ id, label: id, keywords: [id], size: ids.length, distinctSize: ids.length, commentIds: ids, representativeIds: ids.slice(0, 2), children });
const analysis = (): TAnalysis => ({
  themes: [
    theme("t1", ["a", "b", "c"], [{ ...theme("t1.1", ["a", "b"]) }, { ...theme("t1.2", ["c"]) }]),
    theme("t2", ["d", "e"]),
    theme("other", ["f"]),
  ],
  duplicates: [{ commentIds: ["d", "e"] }],
  map: [],
  commentCount: 6,
  distinctCount: 5,
  suggestedThemeCount: 2,
  themeCount: 2,
});
const where = (a: TAnalysis) => Object.fromEntries(a.themes.flatMap((t) => t.commentIds.map((c) => [c, t.id])));

describe("applyThemeEdit", () => {
  it("When two themes are merged, then the first keeps its id and name, holds both, and counts the duplicates once", () => {
    const a = applyThemeEdit(analysis(), { kind: "merge", themeIds: ["t1", "t2"] });
    expect(a.themes.map((t) => t.id)).toEqual(["t1", "other"]);
    expect(a.themes[0]).toMatchObject({ label: "t1", size: 5, distinctSize: 4 });
    expect(a.themeCount).toBe(1);
  });

  it("When a comment is moved and the theme then split, then every comment is still in exactly one theme", () => {
    const moved = applyThemeEdit(analysis(), { kind: "move", commentIds: ["f"], toThemeId: "t1" });
    expect(moved.themes.map((t) => t.id)).toEqual(["t1", "t2"]);
    const split = applyThemeEdit(moved, { kind: "split", themeId: "t1" });
    expect(where(split)).toEqual({ a: "t1", b: "t1", f: "t1", c: "t3", d: "t2", e: "t2" });
  });

  it("When a theme is renamed, or an unknown one named, then the name changes or the edit is refused", () => {
    expect(applyThemeEdit(analysis(), { kind: "rename", themeId: "t2", label: "公共交通" }).themes[1]!.label).toBe("公共交通");
    expect(() => applyThemeEdit(analysis(), { kind: "split", themeId: "t2" })).toThrow(/分けられる/);
    expect(() => applyThemeEdit(analysis(), { kind: "merge", themeIds: ["t1", "nope"] })).toThrow(/見つかりません/);
  });
});
