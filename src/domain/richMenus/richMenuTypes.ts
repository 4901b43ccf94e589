// The city's rich menus as staff define them: pages (one layout each), each area's label, icon and
// action. One definition makes a LINE rich menu per page and per language; residents see the first
// page of their audience (before consent: "guest", after: "member"), and tabs switch between pages.
import { z } from "zod";

export const richMenuIcons = ["start", "info", "privacy", "poll", "comment", "event", "volunteer", "person", "inquiry", "home", "link", "more"] as const;
export const ZRichMenuIcon = z.enum(richMenuIcons);

/** The two layouts the bot draws: six large areas (2500×1686) or three compact ones (2500×843). */
export const richMenuLayouts = {
  large6: { width: 2500, height: 1686, columns: 3, rows: 2 },
  compact3: { width: 2500, height: 843, columns: 3, rows: 1 },
} as const;
export const ZRichMenuLayout = z.enum(["large6", "compact3"]);

/** Text per language code; Japanese is required and used where a language has none. */
export const ZMenuText = (max: number) =>
  z.object({ ja: z.string().trim().min(1).max(max) }).catchall(z.string().trim().max(max));

const ZPageKey = z.string().regex(/^[a-z0-9-]{1,16}$/, "小文字の英数字と - で16文字まで");

export const ZRichMenuAction = z.discriminatedUnion("type", [
  /** Starts a flow, as a menu button does (postback flow=ID). */
  z.object({ type: z.literal("flow"), flow: z.string().regex(/^[a-z0-9_-]{1,64}$/) }).strict(),
  z.object({ type: z.literal("url"), url: z.url().refine((u) => /^https?:\/\//.test(u), "http(s) の URL") }).strict(),
  /** Shows another page of the same audience (richmenuswitch to that page's alias). */
  z.object({ type: z.literal("tab"), page: ZPageKey }).strict(),
]);

export const ZRichMenuArea = z.object({ label: ZMenuText(12), icon: ZRichMenuIcon, action: ZRichMenuAction }).strict();
export type TRichMenuArea = z.infer<typeof ZRichMenuArea>;

export const ZRichMenuPage = z
  .object({
    key: ZPageKey,
    /** guest: residents who have not consented (or withdrew); member: consented residents. */
    audience: z.enum(["guest", "member"]),
    layout: ZRichMenuLayout,
    /** The bar under the chat that opens and closes the menu (LINE: 14 characters). */
    chatBarText: ZMenuText(14),
    areas: z.array(ZRichMenuArea).min(1),
  })
  .strict()
  .superRefine((page, ctx) => {
    const { columns, rows } = richMenuLayouts[page.layout];
    if (page.areas.length !== columns * rows) {
      ctx.addIssue({ code: "custom", path: ["areas"], message: `この形には${columns * rows}個の枠が必要です` });
    }
  });
export type TRichMenuPage = z.infer<typeof ZRichMenuPage>;

export const ZRichMenuDefinition = z
  .object({ format: z.literal(1), pages: z.array(ZRichMenuPage).min(2).max(10) })
  .strict()
  .superRefine((def, ctx) => {
    const keys = new Set<string>();
    def.pages.forEach((page, i) => {
      if (keys.has(page.key)) ctx.addIssue({ code: "custom", path: ["pages", i, "key"], message: `ページ "${page.key}" が重複しています` });
      keys.add(page.key);
    });
    for (const audience of ["guest", "member"] as const) {
      if (!def.pages.some((p) => p.audience === audience)) ctx.addIssue({ code: "custom", path: ["pages"], message: `${audience === "guest" ? "同意前" : "登録後"}のページがありません` });
    }
    def.pages.forEach((page, i) =>
      page.areas.forEach((area, j) => {
        if (area.action.type !== "tab") return;
        const target = area.action.page;
        const other = def.pages.find((p) => p.key === target);
        if (!other || other.audience !== page.audience) {
          ctx.addIssue({ code: "custom", path: ["pages", i, "areas", j, "action", "page"], message: `同じ対象のページ "${target}" がありません` });
        }
      }),
    );
  });
export type TRichMenuDefinition = z.infer<typeof ZRichMenuDefinition>;

export type TMenuAudience = TRichMenuPage["audience"];

/** Where a resident lands: the first page of their audience. */
export function entryPage(def: TRichMenuDefinition, audience: TMenuAudience): TRichMenuPage {
  return def.pages.find((p) => p.audience === audience)!;
}

export function menuText(text: Record<string, string>, language: string): string {
  return text[language] || text["ja"]!;
}

/** Deployed menus: the LINE rich menu id of each page in each language ("page:lang"). */
export const ZRichMenuDeployment = z.object({
  revision: z.string(),
  menus: z.record(z.string(), z.string()),
  defaultMenuId: z.string(),
  appliedAt: z.string(),
});
export type TRichMenuDeployment = z.infer<typeof ZRichMenuDeployment>;

/** What the console shows about the last apply. */
export const ZRichMenuStatus = z.object({
  state: z.enum(["pending", "applying", "applied", "failed"]),
  revision: z.string().nullable(),
  message: z.string().nullable(),
  attempts: z.number().int(),
  at: z.string(),
  /** Menus replaced by the last apply, deleted once no resident is linked to them. */
  retired: z.array(z.string()).default([]),
});
export type TRichMenuStatus = z.infer<typeof ZRichMenuStatus>;

/** The tappable rectangles of a layout, in the image's pixels, in reading order. */
export function areaBounds(layout: TRichMenuPage["layout"]): { x: number; y: number; width: number; height: number }[] {
  const { width, height, columns, rows } = richMenuLayouts[layout];
  const out = [];
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < columns; c++) {
      const x = Math.round((c * width) / columns);
      const y = Math.round((r * height) / rows);
      out.push({ x, y, width: Math.round(((c + 1) * width) / columns) - x, height: Math.round(((r + 1) * height) / rows) - y });
    }
  }
  return out;
}
