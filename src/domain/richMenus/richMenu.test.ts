// The shipped menu and the LINE objects made from a definition.
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { actionNames } from "../actions.ts";
import { loadFlows } from "../../flows/loadFlows.ts";
import { checkRichMenuLimits } from "../../standin/richMenus.ts";
import { defaultRichMenu } from "./defaultRichMenu.ts";
import { drawRichMenuImages } from "./richMenuImages.ts";
import { revisionOf, toLineRichMenu } from "./RichMenuService.ts";
import { ZRichMenuDefinition } from "./richMenuTypes.ts";

describe("Rich menu definitions", () => {
  it("When the shipped default is checked, then it parses and every flow it starts exists in flows/", async () => {
    expect(ZRichMenuDefinition.parse(defaultRichMenu)).toEqual(defaultRichMenu);
    const flows = await loadFlows(fileURLToPath(new URL("../../../flows", import.meta.url)), actionNames);
    const ids = new Set(flows.flows.map((f) => f.id));
    for (const page of defaultRichMenu.pages) for (const area of page.areas) if (area.action.type === "flow") expect(ids, area.action.flow).toContain(area.action.flow);
  });

  it("When a page is turned into LINE's rich menu, then the areas tile the image, actions carry flow=ID or the tab's alias, and LINE's limits hold", () => {
    const services = defaultRichMenu.pages[1]!;
    const line = toLineRichMenu(services, "en", revisionOf(defaultRichMenu));
    expect(line.size).toEqual({ width: 2500, height: 1686 });
    expect(line.areas.reduce((sum, a) => sum + a.bounds.width * a.bounds.height, 0)).toBe(2500 * 1686);
    expect(line.areas[0]!.action).toEqual({ type: "postback", label: "Surveys", data: "flow=polls", displayText: "Surveys" });
    expect(line.areas[4]!.action).toEqual({ type: "richmenuswitch", label: "My page", richMenuAliasId: "cv-mypage-en", data: "tab=mypage" });
    expect(checkRichMenuLimits(line)).toEqual([]);
  });

  it("When a tab points at a page of other residents, or a layout has the wrong number of tiles, then the definition is refused", () => {
    const wrongTab = structuredClone(defaultRichMenu);
    wrongTab.pages[1]!.areas[4]!.action = { type: "tab", page: "welcome" };
    expect(ZRichMenuDefinition.safeParse(wrongTab).success).toBe(false);
    const wrongCount = structuredClone(defaultRichMenu);
    wrongCount.pages[0]!.areas.pop();
    expect(ZRichMenuDefinition.safeParse(wrongCount).success).toBe(false);
  });

  it("When pages are drawn, then each is a PNG of its layout's size under 1 MB, in the order asked", async () => {
    const [first, second] = await drawRichMenuImages([
      { page: defaultRichMenu.pages[0]!, language: "ja" },
      { page: defaultRichMenu.pages[1]!, language: "en" },
    ]);
    for (const png of [first!, second!]) {
      expect(png.subarray(1, 4).toString("ascii")).toBe("PNG");
      expect(png.length).toBeLessThan(1024 * 1024);
    }
    expect([first!.readUInt32BE(16), first!.readUInt32BE(20)]).toEqual([2500, 843]);
    expect([second!.readUInt32BE(16), second!.readUInt32BE(20)]).toEqual([2500, 1686]);
  });

  it("When a page cannot be drawn, then the drawing fails with the reason and nothing is returned", async () => {
    const broken = structuredClone(defaultRichMenu.pages[0]!);
    (broken as { layout: string }).layout = "no-such-layout";
    await expect(drawRichMenuImages([{ page: broken, language: "ja" }])).rejects.toThrow(/Cannot destructure|undefined/);
  });
});
