// Rich menus through LINE's contract: the bot makes its menus at the first start, each resident gets
// the menu of their state and language, a tap starts the flow, and staff changes apply without a gap.
import { languages } from "../src/flows/flowSchema.ts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { onboard, residentView } from "./support/conversationHelpers.ts";
import { loginAsStaff } from "./support/staffClient.ts";
import { residentId, startTestApp, type TTestApp } from "./support/startTestApp.ts";
import { createMigratedTestDatabase } from "./support/testDatabases.ts";

describe("Rich menus (LINE mode, on PostgreSQL)", () => {
  let app: TTestApp;
  beforeAll(async () => {
    app = await startTestApp("postgresql", { lineMode: true, env: { RICH_MENUS: "on" } });
    await app.richMenusReady;
  }, 120_000);
  afterAll(async () => {
    await app?.stop();
  });

  const standIn = () => app.standIn!;
  const shown = (user: string) => standIn().richMenus.currentFor(user);
  const labels = (user: string) => shown(user)?.menu.areas.map((a) => a.action.label);
  const waitForMenu = (user: string, chatBarText: string, firstLabel: string) =>
    standIn().waitFor(() => shown(user)?.menu.chatBarText === chatBarText && labels(user)?.[0] === firstLabel, 60_000);

  it("When the bot starts for the first time, then every page exists in each language with its image, the tabs have aliases, and the welcome menu is the default", async () => {
    const menus = standIn().richMenus.list();
    expect(menus).toHaveLength(3 * languages.length); // welcome, services, mypage × each language
    for (const menu of menus) expect(standIn().richMenus.imageOf(menu.richMenuId)?.contentType).toBe("image/png");
    expect(standIn().richMenus.aliases().map((a) => a.richMenuAliasId).sort()).toEqual(
      ["mypage", "services", "welcome"].flatMap((page) => languages.map((l) => `cv-${page}-${l}`)).sort(),
    );
    const stranger = residentId("rm-stranger");
    expect(shown(stranger)?.menu.chatBarText).toBe("メニュー");
    expect(labels(stranger)).toEqual(["はじめる", "使い方", "個人情報"]);
    expect(shown(stranger)?.image?.contentType).toBe("image/png");
    const status = await app.richMenus!.status();
    expect(status.state).toBe("applied");
    expect(standIn().rejected()).toEqual([]);
  });

  it("When a resident consents in English, then their menu becomes the English services menu, and a tap on it starts that flow", async () => {
    const user = residentId("rm-english");
    const r = await onboard(app, user, { language: "English", age: "18 to 29", district: "Nagato", interests: ["Community"] });
    await waitForMenu(user, "Menu", "Surveys");
    expect(labels(user)).toEqual(["Surveys", "Comment", "Events", "Volunteer", "My page", "Contact"]);
    // A tap does what LINE does: a postback with the area's data and displayText.
    const area = shown(user)!.menu.areas[2]!;
    expect(area.action).toMatchObject({ type: "postback", data: "flow=events", displayText: "Events" });
    const before = r.messages().length;
    await standIn().sendPostback(user, area.action.data!, undefined, { displayText: area.action.displayText! });
    await app.processor.drain();
    await standIn().waitFor(() => r.messages().length > before, 60_000);
    // The "My page" tab is a richmenuswitch to the English mypage alias.
    expect(shown(user)!.menu.areas[4]!.action).toMatchObject({ type: "richmenuswitch", richMenuAliasId: "cv-mypage-en" });
    expect(standIn().richMenus.switchTo(user, "cv-mypage-en")).toBe(true);
    expect(labels(user)?.[0]).toBe("My data");
    // LINE also sends the tab's postback: the bot says nothing to it (no "that button has closed").
    const beforeTab = r.messages().length;
    await standIn().sendPostback(user, "tab=mypage", { newRichMenuAliasId: "cv-mypage-en" });
    await app.processor.drain();
    expect(r.messages().length).toBe(beforeTab);
    expect(standIn().rejected()).toEqual([]);
  });

  it("When a resident changes language to Japanese, then the Japanese menu follows; a resident who declines keeps the welcome menu", async () => {
    const user = residentId("rm-switch");
    await onboard(app, user, { language: "English", age: "30s", district: "Nagato", interests: ["Community"] });
    await waitForMenu(user, "Menu", "Surveys");
    await app.db.prisma.resident.update({ where: { lineUserId: user }, data: { language: "ja" } });
    await waitForMenu(user, "メニュー", "アンケート");

    const decliner = residentId("rm-decline");
    const r = residentView(app, decliner);
    await r.follow();
    await r.tap("日本語");
    await r.tap("いいえ");
    await app.richMenus!.reconcile();
    expect(labels(decliner)).toEqual(["はじめる", "使い方", "個人情報"]);
    expect(standIn().richMenus.linkedTo(decliner)).toBeUndefined();
  });

  it("When staff change a label and apply, then new menus replace the old without a gap, residents are relinked, old menus are deleted, and it is audited; a failing LINE is reported and retried", async () => {
    const user = residentId("rm-switch");
    const staff = await loginAsStaff(app, "rm-staff");
    const got = await staff.request("GET", "/richmenu");
    expect(got.status).toBe(200);
    const definition = got.json.definition;
    definition.pages[1].areas[0].label = { ja: "アンケート回答", en: "Answer polls" };

    const unknownFlow = structuredClone(definition);
    unknownFlow.pages[1].areas[1].action = { type: "flow", flow: "no-such-flow" };
    expect((await staff.request("PUT", "/richmenu", unknownFlow)).status).toBe(400);

    const saved = await staff.request("PUT", "/richmenu", definition);
    expect(saved.status).toBe(200);
    expect(saved.json.upToDate).toBe(false);

    const preview = await staff.request("POST", "/richmenu/preview", { page: definition.pages[1], language: "ja" });
    expect(preview.status).toBe(200);
    expect(preview.headers.get("content-type")).toContain("image/png");

    // LINE fails every call: the apply is reported as failed with LINE's reason; residents keep their menu.
    standIn().setFaults({ rate500: 1 });
    const failed = await staff.request("POST", "/richmenu/apply");
    expect(failed.json.status.state).toBe("failed");
    expect(failed.json.status.message).toContain("500");
    expect(labels(user)?.[0]).toBe("アンケート");
    standIn().setFaults({});

    const oldIds = new Set(standIn().richMenus.list().map((m) => m.richMenuId));
    const applied = await staff.request("POST", "/richmenu/apply");
    expect(applied.json.status.state).toBe("applied");
    await waitForMenu(user, "メニュー", "アンケート回答");
    // Old menus (and any made by the failed attempt) go once nobody is linked to them.
    await standIn().waitFor(() => standIn().richMenus.list().length === 3 * languages.length, 60_000);
    expect(standIn().richMenus.list().some((m) => oldIds.has(m.richMenuId))).toBe(false);
    const audit = await app.db.prisma.auditEntry.findMany({ where: { action: { startsWith: "richMenu." } } });
    expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(["richMenu.save", "richMenu.apply"]));
    expect(standIn().rejected().filter((r) => !r.injectedFault)).toEqual([]);
  }, 60_000);
});

describe("Rich menus when the bot is stopped during its first start (LINE mode, on PostgreSQL)", () => {
  it("When the bot is told to stop while it is still making its menus, then it stops, and the next start on the same data finishes them", async () => {
    const database = await createMigratedTestDatabase("postgresql");
    try {
      // Not waiting for richMenusReady: the first start is drawing and uploading the menus now.
      const first = await startTestApp("postgresql", { lineMode: true, env: { RICH_MENUS: "on" }, database });
      let timer: NodeJS.Timeout | undefined;
      const outcome = await Promise.race([
        first.stop().then(() => "stopped"),
        new Promise((resolve) => (timer = setTimeout(() => resolve("still stopping after 60 s"), 60_000))),
      ]);
      clearTimeout(timer);
      expect(outcome).toBe("stopped");

      const second = await startTestApp("postgresql", { lineMode: true, env: { RICH_MENUS: "on" }, database });
      try {
        await second.richMenusReady;
        expect((await second.richMenus!.status()).state).toBe("applied");
        expect(second.standIn!.richMenus.list()).toHaveLength(3 * languages.length);
      } finally {
        await second.stop();
      }
    } finally {
      await database.drop();
    }
  }, 180_000);
});
