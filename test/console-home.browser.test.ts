// What staff see first when they log in: ホーム with the channel's figures (friends, reachable,
// consented, blocked; residents by age band and district with small groups merged; participation
// against the target; messages this month) and the CSV of them; then 配信の到達 and a poll's 配信状況
// with each send's reach and LINE's opens the next day. Chromium on a laptop; LINE is the built-in stand-in.
import { mkdir } from "node:fs/promises";
import { type Browser, type BrowserContext, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { browserTestsRun, sharedChromium } from "./support/launchChromium.ts";
import { residentId, startTestApp, type TTestApp } from "./support/startTestApp.ts";
import { tokenAsStaff } from "./support/staffClient.ts";

const WHAT = "console home browser tests";
const SEEN_WITHIN = 15_000;
const DAY = 86_400_000;
const seen = <T>(read: () => T | Promise<T>) => expect.poll(read, { timeout: SEEN_WITHIN, interval: 100 });

describe.skipIf(!browserTestsRun(WHAT))("The staff console's ホーム and reach", { timeout: 120_000 }, () => {
  let app: TTestApp;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let api: Awaited<ReturnType<typeof tokenAsStaff>>;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    [app, browser] = await Promise.all([startTestApp("embedded"), sharedChromium(WHAT)]);
    api = await tokenAsStaff(app, "home-admin-script", "admin");
    context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: "ja-JP" });
    context.setDefaultTimeout(SEEN_WITHIN);
    page = await context.newPage();
    page.on("pageerror", (e) => pageErrors.push(String(e)));
    await mkdir("test-results", { recursive: true });
    let n = 0;
    const make = (count: number, profile: object, extra: object = {}) =>
      app.db.prisma.resident.createMany({
        data: Array.from({ length: count }, () => ({ lineUserId: residentId(`home-${++n}`), profile, consentedAt: new Date(), consentVersion: "v1", ...extra })),
      });
    await make(12, { ageBand: "18to29", district: "nagato" });
    await make(8, { ageBand: "40s", district: "misumi" });
    await make(3, { ageBand: "60s", district: "yuya" });
    await make(1, { ageBand: "40s", district: "misumi" }, { reachable: false, unfollowedAt: new Date() });
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });

  const shot = (name: string) => page.screenshot({ path: `test-results/console-home-${name}.png`, fullPage: true });

  it("When an administrator logs in, then ホーム is the first page and shows the figures, with small groups merged, the participation target and the CSV", async () => {
    expect((await api("PUT", "/settings", { participation: { population: 200, targetPercent: 25 }, budget: { monthlyLimit: 5000 } })).status).toBe(200);
    const { password } = await app.staffService.create({ loginId: "home-sato", displayName: "佐藤 花子", role: "admin" }, "system");
    await page.goto(`${app.url}/admin/`);
    await page.getByLabel("ログインID").fill("home-sato");
    await page.getByLabel("パスワード").fill(password);
    await page.getByRole("button", { name: "ログイン" }).click();
    await page.locator("main h1").getByText("ホーム").waitFor();
    await seen(() => page.getByTestId("home-friends").innerText()).toContain("24人");
    expect(await page.getByTestId("home-reachable").innerText()).toContain("23人");
    expect(await page.getByTestId("home-consented").innerText()).toContain("23人");
    expect(await page.getByTestId("home-blocked").innerText()).toContain("1人");
    // 油谷 (3) is too few to show apart: merged with the smallest other group.
    const districts = await page.getByTestId("home-district-row").allInnerTexts();
    expect(districts).toEqual(["長門：12人（52.2%）", "その他（少数のため非表示）：11人（47.8%）"]);
    expect(await page.getByTestId("home-district").innerText()).not.toContain("油谷");
    expect(await page.getByTestId("home-under30-share").innerText()).toContain("52.2%");
    expect(await page.getByTestId("home-participation-target").innerText()).toContain("50人");
    expect(await page.getByTestId("home-participation-target").innerText()).toContain("人口 200人の 25%");
    expect(await page.getByTestId("home-messages-used").innerText()).toBe("0通 / 上限 5,000通");
    // Plain SVG charts, one line per series.
    expect(await page.getByTestId("home-history-chart").locator("polyline").count()).toBe(4);
    expect(await page.getByTestId("home-district-chart").locator("rect").count()).toBe(2);

    const href = await page.getByTestId("dashboard-csv").getAttribute("href");
    const csv = await page.request.get(`${app.url}${href}`);
    expect(csv.status()).toBe(200);
    const text = await csv.text();
    expect(text).toContain('"counts","friends","24"');
    expect(text).toContain('"district","長門","12"');
    expect(text).not.toContain("油谷");
    await shot("home");
    expect(pageErrors).toEqual([]);
  });

  it("When a poll is announced and LINE's statistics come the next day, then 配信の到達 and the poll's 配信状況 show targeted, sent, skipped and the opens", async () => {
    const poll = await app.db.prisma.poll.create({
      data: { title: "図書館の開館時間アンケート", questions: [], opensAt: new Date(Date.now() - 3600_000), closesAt: new Date(Date.now() + 2 * DAY), createdById: "00000000-0000-4000-8000-000000000001" },
    });
    expect((await api("POST", `/polls/${poll.id}/announce`, {})).status).toBe(200);
    await app.deliverySender.kick();
    await app.runSchedules(new Date(Date.now() + DAY));

    await page.getByRole("navigation", { name: "メニュー" }).getByRole("link", { name: "配信の到達" }).click();
    await page.locator("main h1").getByText("配信の到達").waitFor();
    const row = page.getByTestId("reach-sends").getByTestId("reach-row").first();
    await seen(() => row.getByTestId("reach-sent").innerText()).toBe("23");
    expect(await row.getByTestId("reach-targeted").innerText()).toBe("23");
    await seen(() => row.getByTestId("reach-statistics").innerText()).toMatch(/^開封 \d+人（\d+\.\d%）・クリック \d+人/);
    expect(await page.getByTestId("reach-weekly-chart").locator("rect").count()).toBeGreaterThanOrEqual(24);
    await page.getByText("数値で見る").click();
    expect(await page.getByTestId("reach-week").last().innerText()).toContain("ブロック 1人");
    await shot("reach");

    await page.goto(`${app.url}/admin/#/polls/${poll.id}`);
    const panel = page.getByTestId("delivery-reach");
    await seen(() => panel.getByTestId("reach-sent").first().innerText()).toBe("23");
    expect(await panel.getByTestId("reach-skipped-blocked").first().innerText()).toBe("0");
    expect(pageErrors).toEqual([]);
  });
});
