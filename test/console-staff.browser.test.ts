// What city staff see in the console around a round's and a poll's life: closing them now, the
// audit trail in Japanese, the public results page on a phone, LINE's 20-character labels, the
// first administrator's set-up page and previews of what residents will receive. Chromium on a
// laptop (and a 390 px phone for the public page); residents act through the LINE stand-in.
import { mkdir } from "node:fs/promises";
import { type Browser, type BrowserContext, type Locator, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { onboard, residentView } from "./support/conversationHelpers.ts";
import { browserTestsRun, sharedChromium } from "./support/launchChromium.ts";
import { residentId, startTestApp, type TTestApp } from "./support/startTestApp.ts";
import { tokenAsStaff } from "./support/staffClient.ts";

const WHAT = "console staff browser tests";
const SEEN_WITHIN = 15_000;
/** Waits, generously, for what a person would see (the machine may be busy). */
const seen = <T>(read: () => T | Promise<T>) => expect.poll(read, { timeout: SEEN_WITHIN, interval: 100 });

describe.skipIf(!browserTestsRun(WHAT))("The staff console: closing, the audit trail, results on a phone, previews", { timeout: 90_000 }, () => {
  let app: TTestApp;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let api: Awaited<ReturnType<typeof tokenAsStaff>>;
  const pageErrors: string[] = [];
  const resident = residentId("console-staff-1");
  const hourAgo = () => new Date(Date.now() - 3600_000).toISOString();
  const inDays = (d: number) => new Date(Date.now() + d * 86_400_000).toISOString();

  beforeAll(async () => {
    [app, browser] = await Promise.all([startTestApp("embedded"), sharedChromium(WHAT)]);
    api = await tokenAsStaff(app, "script-staff", "staff");
    context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: "ja-JP" });
    context.setDefaultTimeout(SEEN_WITHIN);
    page = await context.newPage();
    page.on("pageerror", (e) => pageErrors.push(String(e)));
    await mkdir("test-results", { recursive: true });
    await onboard(app, resident, { language: "日本語", age: "30代", district: "長門", interests: ["まちづくり"] });
  }, 180_000); // an embedded database and a browser starting on a busy machine

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });

  const shot = (name: string) => page.screenshot({ path: `test-results/console-staff-${name}.png`, fullPage: true });
  const button = (name: string | RegExp, within: Page | Locator = page) => within.getByRole("button", { name });

  it("When the bot starts with no administrator, then the one-time set-up address creates the first one in the browser, and then no longer works", async () => {
    expect(app.setupUrl).toMatch(/\/admin\/setup#[\w-]{40,}$/);
    const setupUrl = app.setupUrl!.replace(/^http:\/\/localhost:\d+/, app.url);
    const token = setupUrl.split("#")[1]!;
    expect(await app.staffService.setupTokenState(token, new Date(Date.now() + 25 * 3600_000))).toBe("invalid"); // it expires
    expect(await app.db.prisma.staffSetupToken.count({ where: { tokenHash: token } })).toBe(0); // stored hashed
    await page.goto(setupUrl);
    await page.getByRole("heading", { name: "最初の管理者の登録" }).waitFor();
    expect(page.url()).not.toContain("#"); // the token leaves the address bar
    await page.getByLabel("ログインID").fill("kimura");
    await page.getByLabel("氏名").fill("木村 和子");
    await page.getByTestId("setup-password").fill("aaaaaaaaaaaa");
    await page.getByTestId("setup-password-again").fill("aaaaaaaaaaaa");
    await button("管理者を登録する").click();
    await seen(() => page.getByTestId("setup-error").innerText()).toContain("同じ文字の繰り返し");
    await page.getByTestId("setup-password").fill("nagato-shiyakusho-2026");
    await page.getByTestId("setup-password-again").fill("nagato-shiyakusho-2026");
    await button("管理者を登録する").click();
    await seen(() => page.getByTestId("setup-message").innerText()).toContain("管理者「木村 和子」を登録しました");
    await shot("setup-done");

    // The same address, again (a fresh load): it says so and points to the login screen.
    await page.goto("about:blank");
    await page.goto(setupUrl);
    await seen(() => page.getByTestId("setup-message").innerText()).toContain("登録済みです");
    await page.getByTestId("to-login").click();
    await page.getByLabel("ログインID").fill("kimura");
    await page.getByLabel("パスワード").fill("nagato-shiyakusho-2026");
    await button("ログイン").click();
    await seen(() => page.getByTestId("current-staff").innerText()).toContain("木村 和子");
    expect(await page.getByTestId("current-staff").innerText()).toContain("管理者");
  });

  it("When staff close an open round and an open poll with 今すぐ締め切る, then they confirm, the page says 締切, residents are told it closed, and the audit trail has it", async () => {
    const round = (await api("POST", "/rounds", { title: "駅前広場の計画", summary: "駅前広場の使い方について。", documentUrl: "https://www.city.example.jp/plan.pdf", opensAt: hourAgo(), closesAt: inDays(10) })).json.round;
    const poll = (await api("POST", "/polls", {
      title: "図書館アンケート",
      questions: [{ id: "often", kind: "single", text: "図書館をよく使いますか？", choices: [{ value: "yes", label: "よく使う" }, { value: "no", label: "あまり使わない" }] }],
      opensAt: hourAgo(),
      closesAt: inDays(10),
    })).json.poll;

    await page.goto(`${app.url}/admin/#/rounds/${round.id}`);
    await button("今すぐ締め切る").click();
    const dialog = page.getByTestId("close-dialog");
    expect(await dialog.getByTestId("close-notice").innerText()).toContain("「駅前広場の計画」の受付を今すぐ締め切ります");
    await button("キャンセル", dialog).click();
    expect((await api("GET", `/rounds/${round.id}`)).json.round.status).toBe("open");
    await button("今すぐ締め切る").click();
    await shot("close-dialog");
    await button("締め切る", page.getByTestId("close-dialog")).click();
    await seen(() => page.locator("main").innerText()).toContain("締切");
    await button("結果を公表").waitFor();
    expect(await button("今すぐ締め切る").count()).toBe(0);

    await page.goto(`${app.url}/admin/#/polls/${poll.id}`);
    await button("今すぐ締め切る").click();
    await button("締め切る", page.getByTestId("close-dialog")).click();
    await seen(() => page.locator("main p .badge, main p [class*=badge]").first().innerText()).toBe("締切");

    const view = residentView(app, resident);
    await app.standIn!.sendPostback(resident, `flow=round-${round.number}`);
    await app.processor.drain();
    await seen(() => view.texts().at(-1)).toContain("受付は終了しました");
    await app.standIn!.sendPostback(resident, `flow=poll-${poll.number}`);
    await app.processor.drain();
    await seen(() => view.texts().at(-1)).toContain("このアンケートは締め切りました");

    await page.getByRole("navigation", { name: "メニュー" }).getByRole("link", { name: "操作履歴" }).click();
    const closedRound = page.getByTestId("audit-row").filter({ hasText: "意見募集の締切" });
    await closedRound.waitFor();
    expect(await closedRound.getByTestId("audit-detail").innerText()).toMatch(/手動：はい[\s\S]*予定していた締切：\d+月\d+日/);
    expect(await closedRound.innerText()).toContain("職員 kimura");
    await page.getByTestId("audit-row").filter({ hasText: "アンケートの締切" }).waitFor();
  });

  it("When an administrator reads 操作履歴, then actions, people and details are in Japanese, with no raw keys", async () => {
    // A volunteer registers through LINE and an over-budget flag is recorded: both showed raw keys before.
    await api("POST", "/rounds", { title: "公園の計画", summary: "公園について。", documentUrl: "https://www.city.example.jp/park.pdf", opensAt: hourAgo(), closesAt: inDays(5) });
    const created = await api("GET", "/rounds");
    const round = created.json.rounds.find((r: { title: string }) => r.title === "公園の計画");
    expect((await api("POST", `/rounds/${round.id}/announce`, {})).status).toBe(200);
    await page.goto(`${app.url}/admin/#/rounds`);
    await page.getByRole("navigation", { name: "メニュー" }).getByRole("link", { name: "操作履歴" }).click();
    await page.getByTestId("audit-row").filter({ hasText: "意見募集の告知" }).waitFor();
    const table = await page.getByTestId("audit-table").innerText();
    await shot("audit");
    expect(table).toContain("意見募集の告知");
    expect(table).toContain("送信上限を超えた送信：いいえ");
    expect(table).toContain("システム（自動）");
    for (const raw of ["overBudget", "round.announced", "staff.login", "manual:", "recipients", "staff:kimura"]) expect(table).not.toContain(raw);
    await page.getByLabel("操作の種類").selectOption({ label: "アンケート" });
    await button("絞り込む").click();
    await seen(async () => (await page.getByTestId("audit-row").evaluateAll((rows) => rows.map((r) => r.getAttribute("data-action")))).every((a) => a?.startsWith("poll."))).toBe(true);
    expect(pageErrors).toEqual([]);
  });

  it("When a resident opens a round's published results on a 390 px phone, then nothing is wider than the screen", async () => {
    const longUrl = `https://www.city.example.jp/shisei/keikaku/public-comment/2026/${"ekimae-hiroba-saiseibi-".repeat(4)}soan.pdf`;
    const round = (await api("POST", "/rounds", {
      title: "長門市駅前広場再整備基本計画（素案）に対する意見募集について",
      summary: "駅前広場の再整備について、市民の皆さまのご意見を募集します。",
      documentUrl: longUrl,
      sections: [{ id: "ch1", title: "第1章 施設の配置" }],
      opensAt: hourAgo(),
      closesAt: inDays(3),
    })).json.round;
    const view = residentView(app, resident);
    await app.standIn!.sendPostback(resident, `flow=round-${round.number}`);
    await app.processor.drain();
    await view.tap("第1章 施設の配置");
    await view.say(`駐輪場を広くしてください。参考：${longUrl}　ＡＡＡＡＡＡＡＡＡＡＡＡＡＡＡＡＡＡＡＡＡＡＡＡＡＡＡＡＡＡＡＡＡＡＡＡＡＡ`);
    await view.tap("入力を終える");
    await view.tap("はい");
    expect(view.texts().at(-1)).toContain("受付番号");
    expect((await api("POST", `/rounds/${round.id}/close`)).status).toBe(200);
    expect((await api("POST", `/rounds/${round.id}/publish`, {})).status).toBe(200);

    const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true, locale: "ja-JP" });
    try {
      const p = await phone.newPage();
      await p.goto(`${app.url}/results/rounds/${round.number}`);
      await p.getByRole("heading", { name: /駅前広場再整備基本計画/ }).waitFor({ timeout: SEEN_WITHIN });
      await p.getByText("駐輪場を広くしてください").waitFor({ timeout: SEEN_WITHIN });
      await p.screenshot({ path: "test-results/results-page-390.png", fullPage: true });
      expect(await p.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    } finally {
      await phone.close();
    }
  });

  it("When staff type a chapter name longer than LINE's 20 characters, then the form counts as they type, asks for a short name, and residents see it uncut", async () => {
    const round = (await api("POST", "/rounds", { title: "地域公共交通計画", summary: "バスと乗合タクシーの計画です。", documentUrl: "https://www.city.example.jp/bus.pdf", opensAt: hourAgo(), closesAt: inDays(7) })).json.round;
    await page.goto(`${app.url}/admin/#/rounds/${round.id}/edit`);
    await button("＋ 章を追加").click();
    const longTitle = "第3章 公共交通ネットワークの見直しについて（案）";
    await page.getByLabel("章の名前（1）").fill(longTitle.slice(0, 10));
    await seen(() => page.getByTestId("section-title-counter").innerText()).toBe("10 / 20文字");
    expect(await page.getByLabel("ボタンに出す短い名前（1）").isVisible()).toBe(false);
    await page.getByLabel("章の名前（1）").fill(longTitle);
    await seen(() => page.getByTestId("section-title-counter").innerText()).toContain(`${[...longTitle].length} / 20文字：`);
    expect(await page.getByLabel("章の名前（1）").inputValue()).toBe(longTitle); // nothing cut
    await page.getByLabel("ボタンに出す短い名前（1）").waitFor();
    await button(/保存/).click();
    await seen(() => page.locator("main").innerText()).toContain("LINEのボタンに出す短い名前（20文字まで）も入れてください");
    await page.getByLabel("ボタンに出す短い名前（1）").fill("第3章 交通ネットワーク");
    await seen(() => page.getByTestId("section-short-counter").innerText()).toBe("12 / 20文字");
    await shot("section-short-title");
    await button(/保存/).click();
    await page.locator("main h1").getByText("地域公共交通計画").waitFor();
    await seen(() => page.locator("main").innerText()).toContain(longTitle);
    // Before announcing, the card as residents will see it.
    await button("今すぐ告知").click();
    const preview = page.getByTestId("confirm-dialog").getByTestId("message-preview");
    await seen(() => preview.getAttribute("data-loaded")).toBe("ja");
    expect(await preview.innerText()).toContain("地域公共交通計画");
    expect(await preview.getByTestId("preview-button").allInnerTexts()).toEqual(["資料を見る", "意見を書く"]);
    await button("キャンセル", page.getByTestId("confirm-dialog")).click();
    const saved = await app.db.prisma.round.findUniqueOrThrow({ where: { id: round.id } });
    expect(saved.sections).toEqual([{ id: "s1", title: longTitle, shortTitle: "第3章 交通ネットワーク" }]);

    const view = residentView(app, resident);
    await app.standIn!.sendPostback(resident, `flow=round-${round.number}`);
    await app.processor.drain();
    const labels = view.last()?.quickReply?.items.map((i) => i.action.label);
    expect(labels).toEqual(["第3章 交通ネットワーク", "全体について"]);
    expect(view.texts().at(-1)).toContain(`・第3章 交通ネットワーク：${longTitle}`);
    await view.say("やめる");
  });

  it("When staff announce an event, then they first see its card as residents will, in Japanese and English, with a picture they uploaded", async () => {
    const png = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==", "base64");
    const event = (await api("POST", "/events", {
      title: "防災訓練",
      description: "地域の防災訓練です。",
      startsAt: inDays(5),
      place: "市民体育館",
      capacity: 40,
      signupDeadline: inDays(4),
    })).json.event;

    await page.goto(`${app.url}/admin/#/events/${event.id}/edit`);
    const file = page.getByTestId("event-image-file");
    await file.setInputFiles({ name: "not-a-picture.png", mimeType: "image/png", buffer: Buffer.from("this is text, not a PNG") });
    await seen(() => page.getByTestId("event-image-status").innerText()).toContain("PNG か JPEG の画像を選んでください");
    await file.setInputFiles({ name: "huge.jpg", mimeType: "image/jpeg", buffer: Buffer.alloc(1_100_000, 0xff) });
    await seen(() => page.getByTestId("event-image-status").innerText()).toContain("1MBまでの画像にしてください");
    await file.setInputFiles({ name: "poster.png", mimeType: "image/png", buffer: png });
    await seen(() => page.getByTestId("event-image-status").innerText()).toContain("アップロードしました");
    const imageUrl = await page.getByTestId("event-image-url").inputValue();
    expect(imageUrl).toMatch(/\/images\/[0-9a-f-]{36}\.png$/);
    const served = await fetch(imageUrl.replace(/^http:\/\/[^/]+/, app.url));
    expect(served.headers.get("content-type")).toBe("image/png");
    expect(Buffer.from(await served.arrayBuffer()).equals(png)).toBe(true);
    await button(/保存/).click();
    await page.locator("main h1").getByText("防災訓練").waitFor();

    await button("今すぐ告知").click();
    const preview = page.getByTestId("send-dialog").getByTestId("message-preview");
    await seen(() => preview.getAttribute("data-loaded")).toBe("ja");
    expect(await preview.innerText()).toContain("防災訓練");
    expect(await preview.getByTestId("preview-button").allInnerTexts()).toContain("申し込む");
    expect(await preview.locator("img").first().getAttribute("src")).toBe(imageUrl);
    await shot("event-preview");
    await page.getByTestId("preview-en").click();
    await seen(() => preview.getAttribute("data-loaded")).toBe("en");
    expect(await preview.getByTestId("preview-button").allInnerTexts()).toContain("Sign up");
    await button("キャンセル").click();
    expect((await api("GET", `/events/${event.id}`)).json.event.announcedAt).toBeNull();

    // Scripts get the same checks: a text file named .png is refused.
    const refused = await api("POST", "/images", { data: Buffer.from("<svg/>").toString("base64") });
    expect(refused.status).toBe(400);
  });

  it("When staff preview a message to everyone signed up or a volunteer invitation, then they read what residents will, the invitation with the opportunity's description", async () => {
    const listed = await api("GET", "/events");
    const event = listed.json.events.find((e: { title: string }) => e.title === "防災訓練");
    const message = await api("POST", `/events/${event.id}/message/preview`, { text: "集合場所が体育館の東口に変わりました。", lang: "en" });
    expect(message.status).toBe(200);
    expect(message.json.messages[0].text).toContain("集合場所が体育館の東口に変わりました。");
    expect(message.json.messages[0].text).toContain("防災訓練");
    const posted = await api("POST", "/opportunities", {
      title: "海岸清掃",
      description: "軍手とごみ袋はこちらで用意します。",
      shifts: [{ startsAt: inDays(6), endsAt: new Date(Date.now() + 6 * 86_400_000 + 7200_000).toISOString(), place: "青海島海岸", needed: 10 }],
    });
    expect(posted.status).toBe(201);
    const opportunity = posted.json.opportunity;
    const invitation = await api("GET", `/opportunities/${opportunity.id}/preview?lang=ja`);
    expect(invitation.json.messages[0].text).toContain("軍手とごみ袋はこちらで用意します。");
    expect(JSON.stringify(invitation.json.messages[1])).toContain("参加する");
    expect(pageErrors).toEqual([]);
  });
});
