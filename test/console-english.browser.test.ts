// A staff member writes a poll with English beside its Japanese in the console (laptop-sized
// Chromium): before announcing, the page says which texts English readers will get in Japanese;
// the 5-point scale's ends are named, residents see them on the buttons, and the results show them.
import { type Browser, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { onboard, residentView } from "./support/conversationHelpers.ts";
import { browserTestsRun, sharedChromium } from "./support/launchChromium.ts";
import { residentId, startTestApp, type TTestApp } from "./support/startTestApp.ts";
import { tokyoInput } from "./support/tokyoInput.ts";

const WHAT = "console English browser test";

describe.skipIf(!browserTestsRun(WHAT))("English beside Japanese in the console", () => {
  let app: TTestApp;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    [app, browser] = await Promise.all([startTestApp("postgresql"), sharedChromium(WHAT)]);
    const { password } = await app.staffService.create({ loginId: "suzuki", displayName: "鈴木 花子", role: "staff" }, "system");
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: "ja-JP", timezoneId: "Asia/Tokyo" });
    context.setDefaultTimeout(15_000);
    page = await context.newPage();
    page.on("pageerror", (e) => pageErrors.push(String(e)));
    await page.goto(`${app.url}/admin/`);
    await page.getByLabel("ログインID").fill("suzuki");
    await page.getByLabel("パスワード").fill(password);
    await page.getByRole("button", { name: "ログイン" }).click();
    await page.getByTestId("current-staff").waitFor();
  });
  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });

  it("When staff leave a question without English, then the poll's page lists it; the scale's ends show on residents' buttons and beside the result bars", async () => {
    await page.getByRole("navigation", { name: "メニュー" }).getByRole("link", { name: "アンケート" }).click();
    await page.getByRole("link", { name: "＋ 新規作成" }).click();
    await page.getByTestId("poll-title").fill("公園アンケート");
    await page.getByTestId("poll-title-en").fill("Parks survey");
    const first = page.getByTestId("question").nth(0);
    await first.getByTestId("question-text").fill("公園に行きますか？");
    await first.getByTestId("choice-label").nth(0).fill("行く");
    await first.getByTestId("choice-label").nth(1).fill("行かない");
    await page.getByRole("button", { name: "＋ 5段階" }).click();
    const scale = page.getByTestId("question").nth(1);
    await scale.getByTestId("question-text").fill("満足度は？");
    await scale.getByTestId("question-text-en").fill("How satisfied are you?");
    // A new scale starts with the usual ends; staff may change them.
    expect(await scale.getByTestId("scale-low").inputValue()).toBe("不満");
    expect(await scale.getByTestId("scale-high").inputValue()).toBe("満足");
    await page.getByTestId("poll-opens-at").fill(tokyoInput(new Date(Date.now() - 60_000)));
    await page.getByTestId("poll-closes-at").fill(tokyoInput(new Date(Date.now() + 3 * 86_400_000)));
    await page.getByRole("button", { name: "作成する" }).click();
    await page.locator("main h1").getByText("公園アンケート").waitFor();

    const note = await page.getByTestId("untranslated").innerText();
    expect(note).toContain("英語で読む住民には、次の項目が日本語のまま届きます");
    expect(note).toContain("問1");
    expect(note).toContain("問1の選択肢「行く」");
    expect(note).not.toContain("件名");
    expect(note).not.toContain("問2、");

    const poll = await app.db.prisma.poll.findFirstOrThrow({ where: { title: "公園アンケート" } });
    expect(poll.titleEn).toBe("Parks survey");
    expect(poll.questions).toMatchObject([{ kind: "single" }, { kind: "scale", textEn: "How satisfied are you?", scaleLabels: { low: "不満", high: "満足", lowEn: "Unhappy", highEn: "Happy" } }]);

    // Five residents answer; the scale's buttons carry the ends.
    for (let n = 0; n < 5; n++) {
      const user = residentId(`console-english-${n}`);
      await onboard(app, user, { language: "日本語", age: "30代", district: "長門", interests: ["まちづくり"] });
      const r = residentView(app, user);
      expect((await app.standIn!.sendPostback(user, `flow=poll-${poll.number}`, undefined, { displayText: "回答する" })).status).toBe(200);
      await app.processor.drain();
      await r.tap("行く");
      expect(r.quickReplyLabels()).toEqual(["1 不満", "2", "3", "4", "5 満足"]);
      await r.tap(n < 3 ? "5 満足" : "1 不満");
    }
    await page.getByRole("button", { name: "最新にする" }).click();
    await expect.poll(() => page.getByTestId("response-count").innerText()).toBe("5件");
    const labels = await page.getByTestId("question-result").nth(1).getByTestId("bar-label").allInnerTexts();
    expect(labels).toEqual(["1（不満）", "2", "3", "4", "5（満足）"]);
    await page.screenshot({ path: "test-results/console-poll-english.png", fullPage: true });
    expect(pageErrors).toEqual([]);
  }, 90_000);
});
