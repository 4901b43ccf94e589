// Staff's edits to an analysis' themes: rename, merge, split (a theme's sub-themes become themes),
// move comments. Pure: an analysis in, a new analysis out. Sizes are recounted from the comments
// (duplicates counted once in distinctSize); a comment is always in exactly one top-level theme.
import { z } from "zod";
import { AppError } from "../../errors.ts";
import { OTHER_THEME_ID, type TAnalysis, type TSubTheme, type TTheme } from "./listeningTypes.ts";

export const ZThemeEdit = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("rename"), themeId: z.string(), label: z.string().trim().min(1).max(100) }),
  z.object({ kind: z.literal("merge"), themeIds: z.array(z.string()).min(2) }),
  z.object({ kind: z.literal("split"), themeId: z.string() }),
  z.object({ kind: z.literal("move"), commentIds: z.array(z.string()).min(1), toThemeId: z.string() }),
]);
export type TThemeEdit = z.infer<typeof ZThemeEdit>;

function recount<T extends TSubTheme>(theme: T, duplicateOf: Map<string, number>): T {
  const groups = new Set<string>();
  for (const id of theme.commentIds) groups.add(duplicateOf.has(id) ? `d${duplicateOf.get(id)}` : `c${id}`);
  const ids = new Set(theme.commentIds);
  return { ...theme, size: theme.commentIds.length, distinctSize: groups.size, representativeIds: theme.representativeIds.filter((r) => ids.has(r)) };
}

function find(analysis: TAnalysis, id: string): TTheme {
  const t = analysis.themes.find((x) => x.id === id);
  if (!t) throw new AppError(`テーマ「${id}」は見つかりません。`, 404);
  return t;
}

function nextId(analysis: TAnalysis): () => string {
  let n = Math.max(0, ...analysis.themes.map((t) => Number(/^t(\d+)$/.exec(t.id)?.[1] ?? 0)));
  return () => `t${++n}`;
}

export function applyThemeEdit(analysis: TAnalysis, edit: TThemeEdit): TAnalysis {
  const duplicateOf = new Map<string, number>();
  analysis.duplicates.forEach((d, i) => d.commentIds.forEach((id) => duplicateOf.set(id, i)));
  let themes = analysis.themes;
  switch (edit.kind) {
    case "rename": {
      find(analysis, edit.themeId);
      themes = themes.map((t) => (t.id === edit.themeId ? { ...t, label: edit.label } : t));
      break;
    }
    case "merge": {
      const chosen = edit.themeIds.map((id) => find(analysis, id));
      const into = chosen.find((t) => t.id !== OTHER_THEME_ID) ?? chosen[0]!;
      const rest = new Set(chosen.filter((t) => t !== into).map((t) => t.id));
      // The merged theme keeps the first theme's id and name (and so its group and response);
      // the themes merged into it become its sub-themes.
      const asSub = (t: TTheme): TSubTheme => ({ id: `${into.id}.${t.id}`, label: t.label, keywords: t.keywords, size: t.size, distinctSize: t.distinctSize, commentIds: t.commentIds, representativeIds: t.representativeIds });
      const merged: TTheme = {
        ...into,
        keywords: [...new Set(chosen.flatMap((t) => t.keywords))].slice(0, 8),
        commentIds: chosen.flatMap((t) => t.commentIds),
        representativeIds: chosen.flatMap((t) => t.representativeIds.slice(0, 2)).slice(0, 3),
        children: chosen.map(asSub),
      };
      themes = themes.filter((t) => !rest.has(t.id)).map((t) => (t.id === into.id ? recount(merged, duplicateOf) : t));
      break;
    }
    case "split": {
      const theme = find(analysis, edit.themeId);
      if (theme.children.length < 2) throw new AppError("このテーマには分けられる小さなまとまりがありません。コメントを別のテーマへ移してください。", 409);
      const id = nextId(analysis);
      // Comments moved into the theme after it was analysed belong to no sub-theme: they go with the first part.
      const inChildren = new Set(theme.children.flatMap((c) => c.commentIds));
      const loose = theme.commentIds.filter((c) => !inChildren.has(c));
      const parts: TTheme[] = theme.children.map((c, i) => ({ ...c, commentIds: i === 0 ? [...c.commentIds, ...loose] : c.commentIds, id: i === 0 ? theme.id : id(), children: [] }));
      const at = themes.indexOf(theme);
      themes = [...themes.slice(0, at), ...parts.map((p) => recount(p, duplicateOf)), ...themes.slice(at + 1)];
      break;
    }
    case "move": {
      const target = find(analysis, edit.toThemeId);
      const moving = new Set(edit.commentIds);
      const known = new Set(themes.flatMap((t) => t.commentIds));
      const unknown = edit.commentIds.find((id) => !known.has(id));
      if (unknown) throw new AppError(`意見「${unknown}」はこの分析にありません。`, 404);
      themes = themes.map((t) => {
        const kept = t.commentIds.filter((id) => !moving.has(id) || t === target);
        const children = t.children.map((c) => recount({ ...c, commentIds: c.commentIds.filter((id) => !moving.has(id)) }, duplicateOf)).filter((c) => c.size > 0);
        const commentIds = t === target ? [...kept, ...edit.commentIds.filter((id) => !kept.includes(id))] : kept;
        return recount({ ...t, commentIds, children }, duplicateOf);
      });
      break;
    }
  }
  themes = themes.filter((t) => t.commentIds.length > 0);
  return { ...analysis, themes, themeCount: themes.filter((t) => t.id !== OTHER_THEME_ID).length };
}
