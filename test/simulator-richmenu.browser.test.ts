// The rich menu in the chat simulator, as a resident uses it on a phone: the bar opens and closes
// it, a tap on an area starts that flow, and choosing English brings the English menu.
import { type Browser, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { browserTestsRun, sharedChromium } from "./support/launchChromium.ts";
import { startTestApp, type TTestApp } from "./support/startTestApp.ts";

const SEEN_WITHIN = 20_000;

describe.skipIf(!browserTestsRun("rich menu browser tests"))("The rich menu in the chat simulator", () => {
  let app: TTestApp;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    app = await startTestApp("embedded", { env: { RICH_MENUS: "on" } });
    await app.richMenusReady;
    browser = await sharedChromium("rich menu browser tests");
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, locale: "ja-JP" });
    context.setDefaultTimeout(SEEN_WITHIN);
    page = await context.newPage();
    page.on("pageerror", (e) => pageErrors.push(String(e)));
    await page.goto(`${app.url}/simulator`);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });

  const menu = () => page.getByTestId("richmenu");
  const area = (label: string) => menu().getByRole("button", { name: label, exact: true });
  const areaLabels = () => menu().getByTestId("richmenu-area").evaluateAll((els) => els.map((e) => e.getAttribute("aria-label")));
  const seeInChat = (text: string) => page.getByTestId("chat-log").getByText(text).last().waitFor({ state: "visible" });
  const quickReply = (label: string) => page.getByTestId("quick-replies").getByRole("button", { name: label, exact: true });

  it("When a new resident adds the account, then the welcome menu shows under the chat and its bar closes and opens it", async () => {
    await page.getByTestId("new-resident-button").click();
    await seeInChat("「友だち追加」を押すと会話が始まります");
    await page.getByTestId("follow-button").click();
    await seeInChat("ご希望の言語を選んでください。");
    await expect.poll(areaLabels, { timeout: SEEN_WITHIN }).toEqual(["はじめる", "使い方", "個人情報"]);
    await expect.poll(() => menu().locator("img").evaluate((i: HTMLImageElement) => i.complete && i.naturalWidth)).toBe(2500);
    const bar = page.getByTestId("richmenu-bar");
    expect(await bar.innerText()).toContain("メニュー");
    await bar.click();
    await expect.poll(() => menu().isVisible()).toBe(false);
    await bar.click();
    await expect.poll(() => menu().isVisible()).toBe(true);
  });

  it("When they tap 使い方 on the menu, then the tap shows as their message and the help flow answers", async () => {
    await area("使い方").click();
    await seeInChat("次の言葉を送ると、いつでも使えます。");
    expect(await page.getByTestId("chat-log").getByTestId("user-message").last().innerText()).toContain("使い方");
  });

  it("When they register in English, then the menu changes to the English services, and Events on it lists events", async () => {
    await area("はじめる").click();
    await seeInChat("ご希望の言語を選んでください。");
    for (const label of ["English", "Yes", "18 to 29", "Nagato", "Community", "Done"]) {
      await quickReply(label).click();
      await expect.poll(async () => (await page.getByTestId("user-message").last().innerText()).includes(label), { timeout: SEEN_WITHIN }).toBe(true);
    }
    await expect.poll(areaLabels, { timeout: 30_000 }).toEqual(["Surveys", "Comment", "Events", "Volunteer", "My page", "Contact"]);
    expect(await page.getByTestId("richmenu-bar").innerText()).toContain("Menu");
    await area("Events").click();
    // The tap shows as their message, and the events answer comes after it (not a late reply to "Done").
    await expect.poll(() => page.getByTestId("user-message").last().innerText(), { timeout: SEEN_WITHIN }).toContain("Events");
    const afterTap = () => page.getByTestId("chat-log").evaluate((log) => {
      const rows = Array.from(log.querySelectorAll("[data-testid=user-message],[data-testid=bot-message]"));
      const tap = rows.findLastIndex((r) => r.getAttribute("data-testid") === "user-message");
      return rows.slice(tap + 1).map((r) => r.textContent ?? "").join("\n");
    });
    await expect.poll(afterTap, { timeout: SEEN_WITHIN }).toMatch(/No events are open for sign-up|Sign up/);
    expect(app.standIn!.rejected()).toEqual([]);
  });

  it("When staff relabel a tile in the console and apply, then the preview shows it, the status says applied, and the resident's menu changes", async () => {
    const { password } = await app.staffService.create({ loginId: "rm-tanaka", displayName: "田中 一郎", role: "staff" }, "system");
    const staffPage = await browser.newPage({ viewport: { width: 1280, height: 900 }, locale: "ja-JP" });
    staffPage.setDefaultTimeout(SEEN_WITHIN);
    staffPage.on("pageerror", (e) => pageErrors.push(String(e)));
    await staffPage.goto(`${app.url}/admin/`);
    await staffPage.getByLabel("ログインID").fill("rm-tanaka");
    await staffPage.getByLabel("パスワード").fill(password);
    await staffPage.getByRole("button", { name: "ログイン" }).click();
    await staffPage.getByRole("navigation", { name: "メニュー" }).getByRole("link", { name: "リッチメニュー" }).click();
    await expect.poll(() => staffPage.getByTestId("richmenu-status").innerText()).toContain("適用済み");
    await expect.poll(() => staffPage.getByTestId("richmenu-preview-services").evaluate((i: HTMLImageElement) => i.complete && i.naturalWidth), { timeout: 30_000 }).toBe(2500);
    await staffPage.getByTestId("richmenu-label-services-2-en").fill("Join events");
    await staffPage.screenshot({ path: "test-results/console-richmenu.png", fullPage: true });
    await staffPage.getByTestId("richmenu-apply").click();
    await expect.poll(() => staffPage.getByTestId("flash").innerText(), { timeout: 30_000 }).toContain("LINE に適用しました");
    await expect.poll(areaLabels, { timeout: 30_000 }).toEqual(["Surveys", "Comment", "Join events", "Volunteer", "My page", "Contact"]);
    await staffPage.close();
    expect(pageErrors).toEqual([]);
  });
});
