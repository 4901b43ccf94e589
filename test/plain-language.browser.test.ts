// Staff writing for residents in the console: the plain-language check (やさしい日本語) shows its
// flags under a resident-facing field as they type, goes quiet when the text is plain, and never
// keeps them from saving. Laptop-sized Chromium; staff only click and type.
import { mkdir } from "node:fs/promises";
import { type Browser, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { browserTestsRun, sharedChromium } from "./support/launchChromium.ts";
import { residentId, startTestApp, type TTestApp } from "./support/startTestApp.ts";

const WHAT = "plain-language browser test";
const SEEN_WITHIN = 15_000;
/** What staff see, waited for as a person would (the check answers after a pause in typing). */
const eventually = <T,>(fn: () => Promise<T> | T) => expect.poll(fn, { timeout: SEEN_WITHIN, interval: 100 });

describe.skipIf(!browserTestsRun(WHAT))("The plain-language check in the staff console", () => {
  let app: TTestApp;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    [app, browser] = await Promise.all([startTestApp("embedded"), sharedChromium(WHAT)]);
    const { password } = await app.staffService.create({ loginId: "sato", displayName: "佐藤 花子", role: "admin" }, "system");
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: "ja-JP" });
    context.setDefaultTimeout(SEEN_WITHIN);
    page = await context.newPage();
    page.on("pageerror", (e) => pageErrors.push(String(e)));
    await page.goto(`${app.url}/admin/`);
    await page.getByLabel("ログインID").fill("sato");
    await page.getByLabel("パスワード").fill(password);
    await page.getByRole("button", { name: "ログイン" }).click();
    await page.getByTestId("current-staff").waitFor();
    await mkdir("test-results", { recursive: true });
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });

  const flagsUnder = (testid: string) => page.locator(`[data-testid="${testid}"] + [data-testid="plain-check"]`);

  it("When staff type administrative Japanese into a poll's description, then the flags appear under it with a suggestion each", async () => {
    await page.goto(`${app.url}/admin/#/polls/new`);
    const description = page.getByTestId("poll-description");
    await description.pressSequentially("本日18時から説明会を開催いたします。", { delay: 5 });
    const panel = flagsUnder("poll-description");
    await eventually(async () => panel.getByTestId("plain-flag").count()).toBeGreaterThanOrEqual(3);
    const rules = await panel.getByTestId("plain-flag").evaluateAll((items) => items.map((i) => i.getAttribute("data-rule")));
    expect(rules).toEqual(expect.arrayContaining(["hard-word", "ambiguous-date", "over-polite"]));
    await eventually(() => panel.textContent()).toContain("「本日」 — 「きょう」のように言いかえてください。");
    expect(await panel.textContent()).toContain("保存はできます");

    // A question added afterwards is checked too.
    const question = page.getByTestId("question-text").first();
    await question.fill("アンケートにご協力くださいませ。");
    await eventually(async () => flagsUnder("question-text").first().getByTestId("plain-flag").count()).toBe(2);

    // Plain text: the check says so.
    await description.fill("12月9日（水） ごご 6じから あつまりが あります。");
    await eventually(() => panel.textContent()).toContain("指摘はありません");
    await description.fill("本日18時から説明会を開催いたします。");
    await eventually(async () => panel.getByTestId("plain-flag").count()).toBeGreaterThanOrEqual(3);
    // The README's screenshot (docs/images/console-plain-check.png) is this one.
    await description.locator("xpath=..").screenshot({ path: "test-results/console-plain-check.png" });
  });

  it("When staff write an easy version, then it is checked too and readings can be added to its kanji after a review", async () => {
    await page.goto(`${app.url}/admin/#/events/new`);
    const easy = page.getByTestId("event-description-easy");
    await easy.fill("市役所の 前で 町を そうじ します。");
    const panel = flagsUnder("event-description-easy");
    await eventually(() => panel.textContent()).toContain("指摘はありません");
    await panel.getByTestId("add-readings").click();
    await eventually(() => page.getByTestId("readings-text").textContent()).toBe("市役所（しやくしょ）の 前（まえ）で 町（まち）を そうじ します。");
    // Nothing changes until staff accept the proposal.
    expect(await easy.inputValue()).toBe("市役所の 前で 町を そうじ します。");
    await easy.locator("xpath=..").screenshot({ path: "test-results/console-plain-readings.png" });
    await page.getByTestId("readings-accept").click();
    expect(await easy.inputValue()).toBe("市役所（しやくしょ）の 前（まえ）で 町（まち）を そうじ します。");
    // The Japanese field next to it is checked as well.
    await page.getByTestId("event-description").fill("参加者は受付にて氏名を記入してください。");
    await eventually(async () => flagsUnder("event-description").getByTestId("plain-flag").count()).toBeGreaterThanOrEqual(3);
  });

  it("When staff post an opportunity with easy texts, then they are checked, the page names what easy readers get in Japanese, and a shift's volunteers get a message in やさしい日本語", async () => {
    await page.goto(`${app.url}/admin/#/opportunities/new`);
    await page.getByTestId("opportunity-title").fill("海岸清掃ボランティア");
    await page.getByTestId("opportunity-title-easy").fill("うみべを きれいに する 手伝い");
    await eventually(() => flagsUnder("opportunity-title-easy").textContent()).toContain("指摘はありません");
    await page.getByTestId("opportunity-description").fill("青海島の海岸で漂着ごみを回収します。");
    const start = new Date(Date.now() + 10 * 24 * 3600_000);
    const local = (d: Date) => `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}-${String(d.getDate()).padStart(2, "0")}T09:00`;
    await page.getByTestId("shift-starts-at").fill(local(start));
    await page.getByTestId("shift-ends-at").fill(local(start).replace("T09:00", "T11:00"));
    await page.getByTestId("shift-place").fill("青海島 自然研究路 入口");
    const placeEasy = page.getByTestId("shift-place-easy");
    await placeEasy.fill("青海島の 入り口");
    // An easy field under a shift offers readings too.
    await flagsUnder("shift-place-easy").getByTestId("add-readings").click();
    await eventually(() => page.getByTestId("readings-text").textContent()).toContain("青海島（");
    await page.getByTestId("readings-accept").click();
    await page.getByTestId("shift-needed").fill("3");
    await page.getByTestId("opportunity-save").click();

    // Saved; the page says the description reaches easy readers in Japanese.
    await eventually(() => page.getByTestId("without-easy").first().textContent()).toContain("やさしい日本語の文がありません（説明）。やさしい日本語を選んだ人には日本語で届きます。");
    const saved = await app.db.prisma.opportunity.findFirstOrThrow({ where: { title: "海岸清掃ボランティア" }, include: { shifts: true } });
    expect(saved.titleEasy).toBe("うみべを きれいに する 手伝い");
    expect(saved.shifts[0]!.placeEasy).toContain("青海島（おうみじま）の");

    // A volunteer who reads やさしい日本語 signed up; staff write to the shift's volunteers.
    const lineUserId = residentId("console-easy-volunteer");
    const resident = await app.db.prisma.resident.create({ data: { lineUserId, language: "easy", consentVersion: "2026-11", consentedAt: new Date(), profile: {} } });
    await app.db.prisma.shiftSignup.create({ data: { shiftId: saved.shifts[0]!.id, residentId: resident.id, status: "confirmed" } });
    await page.reload();
    const shift = page.getByTestId("shift").first();
    await shift.getByTestId("shift-message-toggle").locator("summary").click();
    const form = shift.getByTestId("shift-message");
    await form.getByTestId("message-text").fill("雨天の場合は中止します。");
    await form.getByTestId("message-text-easy").fill("雨の ときは やめます。");
    // Urgent: it goes now, whatever the hour (quiet hours would hold it otherwise).
    await form.getByTestId("message-urgent").check();
    await eventually(() => form.getByTestId("message-text-easy").locator("xpath=following-sibling::*[@data-testid='plain-check']").textContent()).toContain("指摘はありません");
    await form.getByTestId("message-preview").click();
    const dialog = page.getByTestId("send-dialog");
    await eventually(() => dialog.getByTestId("send-recipients").innerText()).toContain("このシフトに申し込んだ 1人");
    await dialog.getByTestId("preview-easy").click();
    await eventually(() => dialog.getByTestId("preview-text").first().innerText()).toContain("雨の ときは やめます。");
    expect(await dialog.getByTestId("preview-text").first().innerText()).toContain("うみべを きれいに する 手伝い");
    await dialog.getByTestId("dialog-confirm").click();
    await eventually(() => page.getByTestId("flash").textContent()).toContain("1人 にメッセージを送りました");
    await app.deliverySender.kick();
    await eventually(() => JSON.stringify(app.standIn!.messagesFor(lineUserId))).toContain("雨の ときは やめます。");
    expect(JSON.stringify(app.standIn!.messagesFor(lineUserId))).not.toContain("雨天");
  });

  it("When a text has flags, then staff can still save it", async () => {
    await page.goto(`${app.url}/admin/#/settings`);
    const note = page.getByTestId("reminders-note");
    await note.fill("当日は受付にて氏名を記入してください。");
    await eventually(async () => flagsUnder("reminders-note").getByTestId("plain-flag").count()).toBeGreaterThanOrEqual(3);
    await page.getByTestId("settings-save").click();
    await eventually(() => page.getByTestId("flash").textContent()).toContain("設定を保存しました");
    const saved = await app.db.prisma.setting.findUnique({ where: { key: "reminders" } });
    expect(JSON.stringify(saved?.value)).toContain("当日は受付にて氏名を記入してください。");
    expect(pageErrors).toEqual([]);
  });
});
