// A staff member analyses a closed round's comments in the console, merges two themes, makes the
// themes groups, writes one response for a theme and publishes; the public results page shows
// that response for the theme. In a laptop-sized Chromium, clicking and typing only.
import { mkdir } from "node:fs/promises";
import { type Browser, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { browserTestsRun, sharedChromium } from "./support/launchChromium.ts";
import { startTestApp, type TTestApp } from "./support/startTestApp.ts";
import { seedClosedRound, type TSeededRound } from "./support/seedRoundComments.ts";

const WHAT = "comment analysis browser test";

describe.skipIf(!browserTestsRun(WHAT))("意見の分析 in the console", () => {
  let app: TTestApp;
  let browser: Browser;
  let page: Page;
  let round: TSeededRound;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    [app, browser] = await Promise.all([startTestApp("postgresql"), sharedChromium(WHAT)]);
    const { password } = await app.staffService.create({ loginId: "kimura", displayName: "木村 さくら", role: "staff" }, "system");
    round = await seedClosedRound(app.db.prisma, { title: "長門市総合計画（案）", themes: ["transport", "disaster", "welfare", "childcare"] });
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: "ja-JP" });
    // Generous: the machine may be busy; every wait is for something a person would see.
    context.setDefaultTimeout(60_000);
    page = await context.newPage();
    page.on("pageerror", (e) => pageErrors.push(String(e)));
    await mkdir("test-results", { recursive: true });
    await page.goto(`${app.url}/admin/`);
    await page.getByLabel("ログインID").fill("kimura");
    await page.getByLabel("パスワード").fill(password);
    await page.getByRole("button", { name: "ログイン" }).click();
    await page.getByTestId("current-staff").waitFor();
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await app?.listening.idle();
    await app?.stop();
  });

  const themeCards = () => page.getByTestId("theme");

  it("When staff analyse, merge two themes, answer one theme and publish, then the results page shows the answer for that theme", async () => {
    await page.goto(`${app.url}/admin/#/rounds/${round.roundId}`);
    await page.getByRole("button", { name: "意見を分析（テーマ分け）" }).click();
    // The job runs in the background; the page follows its progress until the themes appear.
    await themeCards().first().waitFor({ timeout: 180_000 });
    expect(await page.getByTestId("analysis-comments").innerText()).toBe(`${round.comments.length}件`);
    expect(await page.getByTestId("theme-map").locator("circle").count()).toBe(round.comments.length);
    const before = await themeCards().count();
    expect(before).toBeGreaterThanOrEqual(3);
    await page.screenshot({ path: "test-results/listening-themes.png", fullPage: true });

    // Merge the first two themes.
    const firstLabel = (await themeCards().nth(0).locator("h3").innerText()).split("\n")[0]!.replace(/\d[\d,]*件.*$/, "").trim();
    await themeCards().nth(0).getByTestId("theme-select").check();
    await themeCards().nth(1).getByTestId("theme-select").check();
    await page.getByRole("button", { name: "選んだテーマを1つにまとめる" }).click();
    await expect.poll(() => themeCards().count()).toBe(before - 1);

    // Rename it, so the public sees a name staff chose.
    await themeCards().nth(0).getByRole("button", { name: "名前を変える" }).click();
    await page.getByTestId("theme-label").fill("公共交通と防災");
    await page.getByTestId("theme-label").press("Enter");
    await expect.poll(() => themeCards().nth(0).locator("h3").innerText()).toContain("公共交通と防災");
    expect(firstLabel.length).toBeGreaterThan(0);

    // Themes become groups; one response is written for the merged theme.
    await page.getByRole("button", { name: "テーマをまとまりにする" }).click();
    const form = themeCards().nth(0).getByTestId("theme-group");
    await form.getByLabel("意見の概要（公表用）").fill("バスの増便と避難所の環境改善を求める意見");
    await form.getByLabel("市の考え方").fill("路線の見直しと避難所の空調整備を計画に加えます。");
    await form.getByLabel("修正の有無").selectOption("true");
    await form.getByRole("button", { name: "保存" }).click();
    await expect.poll(() => page.getByTestId("flash").innerText()).toContain("市の考え方を保存しました");
    await page.screenshot({ path: "test-results/listening-groups.png", fullPage: true });

    // Publish from the round's page.
    await page.getByRole("link", { name: /意見募集 第\d+号/ }).click();
    await page.getByRole("button", { name: "結果を公表" }).click();
    await page.getByTestId("publish-dialog").getByRole("button", { name: "公表してお知らせする" }).click();
    await page.getByTestId("status").getByText("公表済み").waitFor();

    const results = await app.db.prisma.comment.count({ where: { roundId: round.roundId, group: { title: "公共交通と防災" } } });
    await page.goto(`${app.url}/results/rounds/${round.number}`);
    const section = page.locator("section").filter({ has: page.locator("h3", { hasText: "公共交通と防災" }) }).first();
    expect(await section.locator("h3").innerText()).toBe(`公共交通と防災（${results}件）`);
    expect(await section.innerText()).toContain("路線の見直しと避難所の空調整備を計画に加えます。");
    expect(await section.innerText()).toContain("バスの増便と避難所の環境改善を求める意見");
    expect(await section.innerText()).toContain("修正の有無 有");
    await page.screenshot({ path: "test-results/listening-results-page.png", fullPage: true });
    expect(pageErrors).toEqual([]);
  }, 300_000);

  it("When staff type their plan's chapters and analyse again, then the themes carry the chapters' names and the box keeps them; a line without a colon is shown with its number", async () => {
    await page.goto(`${app.url}/admin/#/rounds/${round.roundId}`);
    await page.getByTestId("open-analysis").click();
    await themeCards().first().waitFor({ timeout: 180_000 });
    const box = page.getByLabel("計画の柱と言葉");
    await box.fill("公共交通: バス、電車、駅\n防災 避難所、大雨");
    await page.getByTestId("plan-reanalyse").click();
    await expect.poll(() => page.getByTestId("plan-subjects-error").innerText()).toContain("2行目");

    const chapters = ["公共交通", "防災", "福祉・介護", "子育て"];
    await box.fill(
      ["公共交通: バス、電車、駅、本数、路線、運賃、タクシー", "防災: 避難、避難所、災害、大雨、浸水、防災", "福祉・介護: 介護、高齢、一人暮らし、デイサービス、認知症、ヘルパー", "子育て: 保育園、子育て、保育、学童、幼稚園"].join("\n"),
    );
    const oldUrl = page.url();
    await page.getByTestId("plan-reanalyse").click();
    await expect.poll(() => page.url()).not.toBe(oldUrl);
    await themeCards().first().waitFor({ timeout: 180_000 });
    const labels = await themeCards().locator("h3").allInnerTexts();
    expect(chapters.filter((c) => labels.some((l) => l.startsWith(c)))).toHaveLength(4);
    expect(await page.getByLabel("計画の柱と言葉").inputValue()).toContain("公共交通: バス、電車、駅");
    await page.screenshot({ path: "test-results/listening-plan-chapters.png", fullPage: true });
    expect(pageErrors).toEqual([]);
  }, 300_000);
});
