// The rich menu in the console: the definition (pages, layouts, each area's label, icon and action),
// a preview image drawn by the same code that draws LINE's, and applying it to LINE.
import { z } from "zod";
import { AppError } from "../../errors.ts";
import { languages } from "../../flows/flowSchema.ts";
import { type RichMenuService } from "../../domain/richMenus/RichMenuService.ts";
import { drawRichMenuImages } from "../../domain/richMenus/richMenuImages.ts";
import { richMenuIcons, ZRichMenuDefinition, ZRichMenuDeployment, ZRichMenuPage, ZRichMenuStatus } from "../../domain/richMenus/richMenuTypes.ts";
import { defineRoute, ZNoJson } from "../defineRoute.ts";

const tag = "richMenu";

export const ZRichMenuPreviewInput = z.object({ page: ZRichMenuPage, language: z.enum(languages).default("ja") }).strict();

/** The last apply and how many residents still wait for their menu (RichMenuService.overview). */
export const ZRichMenuOverview = z.object({ status: ZRichMenuStatus, deployment: ZRichMenuDeployment.nullable(), upToDate: z.boolean(), pendingResidents: z.int().nullable() });

export function richMenuRoutes(service: RichMenuService, flows: () => { id: string; title: string }[]) {
  const checkFlows = (def: z.infer<typeof ZRichMenuDefinition>) => {
    const known = new Set(flows().map((f) => f.id));
    const issues = def.pages.flatMap((page, i) =>
      page.areas.flatMap((area, j) =>
        area.action.type === "flow" && !known.has(area.action.flow) ? [{ path: `pages.${i}.areas.${j}.action.flow`, message: `会話 "${area.action.flow}" がありません` }] : [],
      ),
    );
    if (issues.length) throw Object.assign(new AppError("入力内容を確認してください。", 400), { issues });
  };
  return [
    defineRoute({
      method: "get", path: "/richmenu", tag, role: "viewer",
      response: ZRichMenuOverview.extend({ definition: ZRichMenuDefinition, icons: z.array(z.string()).readonly(), languages: z.array(z.string()).readonly(), flows: z.array(z.object({ id: z.string(), title: z.string() })) }),
      summary: "The rich menu definition, the last apply's status (applying / applied / failed with LINE's reason), residents still waiting for their menu, and the choices (icons, languages, flows)",
      handler: async () => ({
        definition: await service.definition(),
        ...(await service.overview()),
        icons: richMenuIcons,
        languages,
        flows: flows(),
      }),
    }),
    defineRoute({
      method: "put", path: "/richmenu", tag, role: "staff",
      response: ZRichMenuOverview.extend({ definition: ZRichMenuDefinition }),
      summary: "Save the definition (audited); residents see it once it is applied (POST /richmenu/apply)",
      body: ZRichMenuDefinition,
      handler: async ({ body, staff }) => {
        checkFlows(body);
        await service.saveDefinition(body, staff);
        return { definition: await service.definition(), ...(await service.overview()) };
      },
    }),
    defineRoute({
      method: "post", path: "/richmenu/preview", tag, role: "viewer", produces: ["image/png"],
      response: ZNoJson,
      summary: "The image of one page in one language, as residents will see it (PNG)",
      body: ZRichMenuPreviewInput,
      handler: async ({ body, res }) => {
        res.setHeader("Content-Type", "image/png");
        const [png] = await drawRichMenuImages([{ page: body.page, language: body.language }]);
        res.send(png);
        return undefined;
      },
    }),
    defineRoute({
      method: "post", path: "/richmenu/apply", tag, role: "staff",
      response: ZRichMenuOverview,
      summary: "Make the saved definition's menus on LINE now (audited): new menus first, then the default and tabs, residents relinked, old menus deleted",
      handler: async ({ staff }) => {
        await service.apply(staff);
        // Relink residents now rather than at the next pass.
        void service.reconcile().catch(() => undefined);
        return service.overview();
      },
    }),
  ];
}
