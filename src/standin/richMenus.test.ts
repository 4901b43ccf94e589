// The stand-in refuses the rich menus LINE would refuse, and shows each resident the menu LINE would.
import { LineApiError } from "../line/callWithRetry.ts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLineApi, type TLineApi } from "../line/lineApi.ts";
import { startLineStandIn, type RunningLineStandIn } from "./startLineStandIn.ts";

const token = "rich-menu-test-token";
const alice = "U0123456789abcdef0123456789abcdef";

/** A PNG header claiming this size (the stand-in reads the size from it, as LINE checks it). */
function pngOf(width: number, height: number, bytes = 64): Buffer {
  const b = Buffer.alloc(bytes);
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]).copy(b, 0);
  b.writeUInt32BE(13, 8);
  b.write("IHDR", 12, "ascii");
  b.writeUInt32BE(width, 16);
  b.writeUInt32BE(height, 20);
  return b;
}

const menu = (overrides: Record<string, unknown> = {}) => ({
  size: { width: 2500, height: 843 },
  selected: true,
  name: "test",
  chatBarText: "メニュー",
  areas: [{ bounds: { x: 0, y: 0, width: 2500, height: 843 }, action: { type: "postback", data: "flow=menu", displayText: "メニュー" } }],
  ...overrides,
});

async function refusal(call: Promise<unknown>): Promise<{ status: number; body: string }> {
  try {
    await call;
  } catch (err) {
    if (err instanceof LineApiError) return { status: err.status, body: err.body };
    throw err;
  }
  throw new Error("LINE accepted it");
}

describe("The stand-in's rich menus", () => {
  let line: RunningLineStandIn;
  let api: TLineApi;
  beforeAll(async () => {
    line = await startLineStandIn({ channelSecret: "secret", channelAccessToken: token });
    api = createLineApi({ baseUrl: line.url, dataBaseUrl: line.url, channelAccessToken: token });
  });
  afterAll(async () => {
    await api.close();
    await line.close();
  });

  it("When a menu breaks LINE's limits, then it is refused with the property named", async () => {
    const area = { bounds: { x: 0, y: 0, width: 100, height: 100 }, action: { type: "postback", data: "x" } };
    const cases: [Record<string, unknown>, string][] = [
      [{ areas: Array.from({ length: 21 }, () => area) }, "areas: must have 20 areas or fewer"],
      [{ areas: [{ ...area, bounds: { x: 2400, y: 0, width: 200, height: 100 } }] }, "areas[0].bounds: must be inside the rich menu image"],
      [{ chatBarText: "あいうえおかきくけこさしすせ" + "そ" }, "chatBarText"],
      [{ size: { width: 2500, height: 2500 } }, "width / height must be 1.45 or more"],
      [{ areas: [{ ...area, action: { type: "richmenuswitch", data: "t" } }] }, "areas[0].action.richMenuAliasId: is required"],
      [{ name: undefined }, "name: is required"],
    ];
    for (const [overrides, expected] of cases) {
      const refused = await refusal(api.createRichMenu(menu(overrides) as never));
      expect(refused.status).toBe(400);
      expect(refused.body).toContain(expected.split(": ")[0]!);
      expect(line.standIn.rejected().at(-1)!.errors.join("\n")).toContain(expected);
    }
  });

  it("When an image is not a PNG or JPEG, is over 1 MB or has another size, then it is refused; a menu without its image cannot be linked or made the default", async () => {
    const { richMenuId } = await api.createRichMenu(menu() as never);
    expect((await refusal(api.linkRichMenuIdToUser(alice, richMenuId))).body).toContain("must upload richmenu image");
    expect((await refusal(api.setDefaultRichMenu(richMenuId))).status).toBe(400);
    expect((await refusal(api.setRichMenuImage(richMenuId, Buffer.from("GIF89a...."), "image/png"))).status).toBe(400);
    expect((await refusal(api.setRichMenuImage(richMenuId, pngOf(2500, 1686), "image/png"))).body).toContain("2500×1686");
    expect((await refusal(api.setRichMenuImage(richMenuId, pngOf(2500, 843, 1024 * 1024 + 1), "image/png"))).body).toContain("1 MB");
    await api.setRichMenuImage(richMenuId, pngOf(2500, 843), "image/png");
    expect((await refusal(api.setRichMenuImage(richMenuId, pngOf(2500, 843), "image/png"))).body).toContain("already been uploaded");
  });

  it("When a default and a per-user menu are set, then the resident sees their own (per-user > default), aliases switch it, and deleting a menu unlinks it", async () => {
    const ids = [];
    for (const chatBarText of ["既定", "個別"]) {
      const { richMenuId } = await api.createRichMenu(menu({ chatBarText }) as never);
      await api.setRichMenuImage(richMenuId, pngOf(2500, 843), "image/png");
      ids.push(richMenuId);
    }
    const [fallback, own] = ids as [string, string];
    await api.setDefaultRichMenu(fallback);
    expect(line.standIn.richMenus.currentFor(alice)?.menu.chatBarText).toBe("既定");
    await api.linkRichMenuIdToUser(alice, own);
    expect((await api.getRichMenuIdOfUser(alice)).richMenuId).toBe(own);
    expect(line.standIn.richMenus.currentFor(alice)?.menu.chatBarText).toBe("個別");

    expect((await refusal(api.createRichMenuAlias({ richMenuAliasId: "Not Valid!", richMenuId: own }))).status).toBe(400);
    await api.createRichMenuAlias({ richMenuAliasId: "tab-default", richMenuId: fallback });
    expect((await refusal(api.createRichMenuAlias({ richMenuAliasId: "tab-default", richMenuId: own }))).body).toContain("conflict");
    expect(line.standIn.richMenus.switchTo(alice, "tab-default")).toBe(true);
    expect(line.standIn.richMenus.currentFor(alice)?.menu.chatBarText).toBe("既定");

    await api.unlinkRichMenuIdFromUser(alice);
    expect((await api.getRichMenuIdOfUser(alice)).richMenuId).toBe(fallback);
    await api.linkRichMenuIdToUser(alice, own);
    await api.deleteRichMenu(own);
    expect(line.standIn.richMenus.currentFor(alice)?.menu.chatBarText).toBe("既定");
    expect((await api.getRichMenuList()).richmenus.map((m) => m.richMenuId)).not.toContain(own);
  });
});
