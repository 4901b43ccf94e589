// A person has the simulator open while the bot restarts (local mode, embedded database): the page
// says it lost the bot, reconnects by itself, and the resident and their chat are still there —
// the stand-in keeps them with the bot's data, so the database and the simulator agree.
import { type Browser, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort } from "./support/botProcess.ts";
import { browserTestsRun, sharedChromium } from "./support/launchChromium.ts";
import { startTestApp, type TTestApp } from "./support/startTestApp.ts";
import { createMigratedTestDatabase, type TTestDatabase } from "./support/testDatabases.ts";

const WHAT = "simulator restart browser test";
const SEEN_WITHIN = 15_000;

describe.skipIf(!browserTestsRun(WHAT))("The chat simulator across a restart of the bot", () => {
  let database: TTestDatabase;
  let port: number;
  let app: TTestApp | undefined;
  let browser: Browser;
  let page: Page;
  const start = async () => (app = await startTestApp("embedded", { database, env: { PORT: String(port) } }));

  beforeAll(async () => {
    [database, port] = await Promise.all([createMigratedTestDatabase("embedded"), freePort()]);
    browser = await sharedChromium(WHAT);
    await start();
    await app!.db.prisma.setting.create({ data: { key: "quietHours", value: { enabled: false, start: "21:00", end: "08:00" } } });
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, locale: "ja-JP", timezoneId: "Asia/Tokyo" });
    context.setDefaultTimeout(SEEN_WITHIN);
    page = await context.newPage();
    await page.goto(`${app!.url}/simulator`);
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await database?.drop();
  });

  const chat = () => page.getByTestId("chat-log");
  const seeInChat = (text: string) => chat().getByText(text).last().waitFor({ state: "visible" });

  it("When the bot restarts while the simulator is open, then the page says so, reconnects, and the resident and chat are unchanged", async () => {
    await page.getByTestId("new-resident-name").fill("長門 太郎");
    await page.getByTestId("new-resident-button").click();
    await expect.poll(() => page.getByTestId("resident-select").locator("option:checked").innerText()).toContain("長門 太郎");
    await page.getByTestId("follow-button").click();
    await seeInChat("ご希望の言語を選んでください。");
    await page.getByTestId("quick-replies").getByRole("button", { name: "日本語", exact: true }).click();
    await seeInChat("【個人情報の取り扱い】");
    const before = await chat().innerText();

    // The bot stops: the open tab says it lost the bot, instead of failing silently.
    await app!.close();
    app = undefined;
    await page.getByTestId("connection-banner").waitFor();
    expect(await page.getByTestId("connection-banner").innerText()).toContain("ボットとの接続が切れました");

    // It starts again on the same data and port: the tab reconnects, and nothing it showed changed.
    await start();
    await page.getByTestId("connection-banner").waitFor({ state: "detached" });
    await expect.poll(() => page.getByTestId("resident-select").locator("option:checked").innerText()).toContain("長門 太郎");
    expect(await page.getByTestId("follow-status").innerText()).toBe("友だち");
    await expect.poll(() => chat().innerText()).toBe(before);

    // The conversation goes on where it was: the privacy notice's はい is answered.
    await page.getByTestId("quick-replies").getByRole("button", { name: "はい", exact: true }).click();
    await seeInChat("年代を教えてください。");
    // One resident on both sides: the database and the simulator agree.
    expect(await app!.db.prisma.resident.count()).toBe(1);
    expect(app!.standIn!.users().map((u) => u.displayName)).toEqual(["長門 太郎"]);
  });
});
