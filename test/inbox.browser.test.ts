// The inbox round trip as people do it: a resident writes in the chat simulator (a phone), a staff
// member finds it in the console's 問い合わせ (a laptop) and answers, and the resident reads the
// answer in the simulator. They only tap, type and click on the pages.
import { type Browser, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { onboard } from "./support/conversationHelpers.ts";
import { browserTestsRun, sharedChromium } from "./support/launchChromium.ts";
import { residentId, startTestApp, type TTestApp } from "./support/startTestApp.ts";

const WHAT = "inbox browser tests";
// How long a person would wait at most for what they expect to appear (a busy machine is slow; a broken page never shows it).
const SEEN_WITHIN = 30_000;

describe.skipIf(!browserTestsRun(WHAT))("The inbox, from the resident's phone to the staff console and back", () => {
  let app: TTestApp;
  let browser: Browser;
  let phone: Page;
  let laptop: Page;
  let password: string;
  let viewerPassword: string;
  const user = residentId("inbox-browser");
  const pageErrors: string[] = [];

  beforeAll(async () => {
    [app, browser] = await Promise.all([startTestApp("postgresql"), sharedChromium(WHAT)]);
    ({ password } = await app.staffService.create({ loginId: "sato", displayName: "佐藤 花子", role: "staff" }, "system"));
    ({ password: viewerPassword } = await app.staffService.create({ loginId: "yamada", displayName: "山田 太郎", role: "viewer" }, "system"));
    await onboard(app, user);
    const phoneContext = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, locale: "ja-JP", timezoneId: "Asia/Tokyo" });
    const laptopContext = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: "ja-JP", timezoneId: "Asia/Tokyo" });
    phoneContext.setDefaultTimeout(SEEN_WITHIN);
    laptopContext.setDefaultTimeout(SEEN_WITHIN);
    [phone, laptop] = await Promise.all([phoneContext.newPage(), laptopContext.newPage()]);
    for (const p of [phone, laptop]) p.on("pageerror", (e) => pageErrors.push(String(e)));
  });

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });

  const chat = () => phone.getByTestId("chat-log");
  const logIn = async (loginId: string, pass: string) => {
    await laptop.goto(`${app.url}/admin/`);
    await laptop.getByLabel("ログインID").fill(loginId);
    await laptop.getByLabel("パスワード").fill(pass);
    await laptop.getByRole("button", { name: "ログイン" }).click();
  };

  it("When a resident writes in the simulator, then they are told a person will read it", async () => {
    await phone.goto(`${app.url}/simulator`);
    await phone.getByTestId("resident-select").selectOption(user);
    await phone.getByTestId("message-input").fill("公園のトイレの鍵が壊れています");
    await phone.getByTestId("send-button").click();
    await chat().getByTestId("bot-message").filter({ hasText: "お問い合わせを受け付けました。" }).last().waitFor({ state: "visible" });
    expect(await chat().getByTestId("bot-message").last().innerText()).toContain("職員が読んで、このトークでお返事します。");
  });

  it("When a viewer logs in, then the console offers no inbox to them", async () => {
    await logIn("yamada", viewerPassword);
    await laptop.getByTestId("current-staff").waitFor({ state: "visible" });
    await expect.poll(() => laptop.getByTestId("nav-rounds").isVisible()).toBe(true);
    expect(await laptop.getByTestId("nav-inbox").count()).toBe(0);
    await laptop.goto(`${app.url}/admin/#/inbox`);
    await laptop.getByRole("heading", { name: "権限がありません" }).waitFor({ state: "visible" });
    await laptop.getByTestId("logout").click();
  });

  it("When staff open 問い合わせ and answer it, then the console shows it sent and the resident reads it in the simulator", async () => {
    await logIn("sato", password);
    await laptop.getByTestId("nav-inbox").click();
    const row = laptop.getByTestId("inquiry-row").filter({ hasText: "公園のトイレの鍵が壊れています" });
    await row.waitFor({ state: "visible" });
    expect(await row.getByTestId("status").innerText()).toBe("未対応");
    await row.getByTestId("inquiry-link").click();

    await laptop.getByTestId("resident-message").filter({ hasText: "公園のトイレの鍵が壊れています" }).waitFor({ state: "visible" });
    await laptop.getByLabel("本文").fill("ご連絡ありがとうございます。本日中に修理します。");
    await laptop.getByRole("button", { name: "LINEで返信" }).click();
    const reply = laptop.getByTestId("staff-message").filter({ hasText: "ご連絡ありがとうございます。本日中に修理します。" });
    await reply.waitFor({ state: "visible" });
    await expect.poll(() => reply.innerText(), { timeout: SEEN_WITHIN }).toContain("送信済み");
    expect(await laptop.getByTestId("inquiry-status").inputValue()).toBe("inProgress");

    await chat().getByTestId("bot-message").filter({ hasText: "ご連絡ありがとうございます。本日中に修理します。" }).waitFor({ state: "visible" });
    expect(await chat().getByTestId("bot-message").last().innerText()).toContain("【職員からの返信】\nご連絡ありがとうございます。本日中に修理します。");
    expect(pageErrors).toEqual([]);
    expect(app.standIn!.rejected()).toEqual([]);
  });
});
