// A person using the local-mode chat simulator in a phone-sized Chromium: they only tap and type
// on the page. What they see is asserted on the page; what the bot kept is asserted in the database.
import { mkdir } from "node:fs/promises";
import { type Browser, type Locator, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { browserTestsRun, sharedChromium } from "./support/launchChromium.ts";
import { simulatorChat } from "./support/simulatorChat.ts";
import { startTestApp, type TTestApp } from "./support/startTestApp.ts";

const WHAT = "simulator browser tests";

/** How long the page may take to show the bot's answer (it polls every 0.7 s). */
// How long a person would wait at most for what they expect to appear (a busy machine is slow; a broken page never shows it).
const SEEN_WITHIN = 30_000;

describe.skipIf(!browserTestsRun(WHAT))("The chat simulator, used by a resident on a phone", () => {
  let app: TTestApp;
  let browser: Browser;
  let page: Page;
  let lineUserId: string;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    [app, browser] = await Promise.all([startTestApp("embedded"), sharedChromium(WHAT)]);
    const context = await browser.newContext({
      viewport: { width: 390, height: 844 },
      deviceScaleFactor: 2,
      isMobile: true,
      hasTouch: true,
      locale: "ja-JP",
      timezoneId: "Asia/Tokyo",
    });
    context.setDefaultTimeout(SEEN_WITHIN);
    page = await context.newPage();
    page.on("pageerror", (e) => pageErrors.push(String(e)));
    await page.goto(`${app.url}/simulator`);
  });

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });

  // ---------- what a person sees and does ----------
  const chatLog = () => page.getByTestId("chat-log");
  const quickReplyBar = () => page.getByTestId("quick-replies");
  const quickReply = (label: string): Locator => quickReplyBar().getByRole("button", { name: label, exact: true });
  const botTexts = () => chatLog().getByTestId("bot-message").allInnerTexts();
  const lastBotText = async () => (await botTexts()).at(-1) ?? "";
  const quickReplyLabels = async () => ((await quickReplyBar().isVisible()) ? quickReplyBar().getByTestId("quick-reply").allInnerTexts() : []);
  const seeInChat = (text: string) => chatLog().getByText(text).last().waitFor({ state: "visible" });
  /** Whether the first quick reply lies wholly on screen (a new question's buttons start from the first). */
  const firstQuickReplyOnScreen = async () => {
    const box = await quickReplyBar().getByTestId("quick-reply").first().boundingBox();
    return box !== null && box.x >= 0 && box.x + box.width <= page.viewportSize()!.width;
  };

  const { andWaitForTheBot, tap, type } = simulatorChat(() => page, SEEN_WITHIN);

  it("When a new resident is added and taps 友だち追加, then the welcome and the language choice appear", async () => {
    await seeInChat("「住民を追加」で住民を作ってください");
    await page.getByTestId("new-resident-name").fill("長門 花子");
    await page.getByTestId("new-resident-button").click();
    await seeInChat("「友だち追加」を押すと会話が始まります");
    await expect.poll(() => page.getByTestId("resident-select").locator("option:checked").innerText()).toContain("長門 花子");
    lineUserId = await page.getByTestId("resident-select").inputValue();

    await andWaitForTheBot(() => page.getByTestId("follow-button").click());
    await seeInChat("友だち追加ありがとうございます！");
    await seeInChat("ご希望の言語を選んでください。");
    await expect.poll(quickReplyLabels).toEqual(["日本語", "English", "やさしい にほんご"]);
    await expect.poll(() => page.getByTestId("follow-status").innerText()).toBe("友だち");
    await expect.poll(() => page.getByTestId("follow-button").isDisabled()).toBe(true);
    await expect.poll(() => page.getByTestId("follow-button").evaluate((b) => Number(getComputedStyle(b).opacity))).toBeLessThan(1); // looks off, too
  });

  it("When they tap 日本語, はい, an age band, a district and two interests, then the registration summary shows their choices", async () => {
    await tap("日本語");
    await seeInChat("【個人情報の取り扱い】");
    await expect.poll(() => quickReplyLabels()).toEqual(["はい", "いいえ"]);
    await tap("はい");
    await expect.poll(() => lastBotText()).toContain("年代を教えてください。");
    await expect.poll(() => quickReplyLabels()).toContain("70歳以上");
    await tap("70歳以上");
    await expect.poll(() => lastBotText()).toContain("お住まいの地区を教えてください。");
    await tap("三隅");
    await expect.poll(() => lastBotText()).toContain("最後に「決定」を押してください");
    await tap("防災・防犯");
    await expect.poll(() => lastBotText()).toContain("選択中：防災・防犯");
    // A pick stays in the row, marked ✕: tapping it again takes it back.
    await expect.poll(() => quickReplyLabels()).toContain("✕ 防災・防犯");
    await tap("福祉・介護"); // the bar had to scroll sideways to reach it
    await expect.poll(() => lastBotText()).toContain("選択中：防災・防犯、福祉・介護");
    await expect.poll(() => firstQuickReplyOnScreen()).toBe(true);
    await expect.poll(() => quickReply("決定").isVisible()).toBe(true);
    await tap("決定");

    await seeInChat("登録ありがとうございました！");
    const summary = (await botTexts()).find((t) => t.includes("登録ありがとうございました！"))!;
    expect(summary).toContain("年代：70歳以上");
    expect(summary).toContain("地区：三隅");
    expect(summary).toContain("関心：防災・防犯、福祉・介護");
    // The user's own taps show as their bubbles, as in LINE.
    await expect.poll(() => chatLog().getByTestId("user-message").allInnerTexts()).toEqual(
      expect.arrayContaining([expect.stringContaining("70歳以上"), expect.stringContaining("三隅"), expect.stringContaining("決定")]),
    );

    const resident = await app.db.prisma.resident.findUniqueOrThrow({ where: { lineUserId } });
    expect(resident.consentVersion).toBeTruthy();
    expect(resident.profile).toEqual({ ageBand: "70plus", district: "misumi", interests: ["safety", "welfare"] });
  });

  it("When they type アンケート and answer, once typing 9 on the 1–5 scale, then they are asked again and every answer is kept", async () => {
    await type("アンケート");
    await seeInChat("4つの質問にお答えください");
    await expect.poll(() => lastBotText()).toContain("問1. この1年間に、地域の活動に参加しましたか？");
    await tap("以前はしていた");
    await expect.poll(() => lastBotText()).toContain("最後に「決定」を押してください");
    await seeInChat("問2. 参加していない理由を選んでください。");
    await tap("いつどこであるか不明");
    await expect.poll(() => lastBotText()).toContain("選択中：いつどこであるか不明");
    await tap("決定");
    await expect.poll(() => lastBotText()).toContain("問3. これから地域の活動に参加したいと思いますか？");
    await expect.poll(() => quickReplyLabels()).toEqual(["1 思わない", "2", "3", "4", "5 とても思う"]);

    await type("9");
    const reask = (await botTexts()).slice(-2);
    expect(reask[0]).toContain("1から5までの数字で答えてください。");
    expect(reask[1]).toContain("問3.");
    await expect.poll(() => quickReplyLabels()).toEqual(["1 思わない", "2", "3", "4", "5 とても思う"]);
    await tap("4");

    await expect.poll(() => lastBotText()).toContain("最後に「決定」を押してください");
    await seeInChat("問4. 市の情報を、主に何で受け取りたいですか？（3つまで）");
    await tap("回覧板");
    await expect.poll(() => lastBotText()).toContain("選択中：回覧板");
    await expect.poll(() => firstQuickReplyOnScreen()).toBe(true);
    await tap("決定");
    await expect.poll(() => lastBotText()).toContain("ご意見があればお書きになりますか？");
    await tap("はい");
    await expect.poll(() => lastBotText()).toContain("ご意見をお書きください");
    await type("平日の夜なら参加できます。");
    await expect.poll(() => lastBotText()).toContain("ご回答ありがとうございました！");

    const resident = await app.db.prisma.resident.findUniqueOrThrow({ where: { lineUserId } });
    const answers = await app.db.prisma.answer.findMany({ where: { residentId: resident.id, flowId: "poll-community" }, orderBy: { answeredAt: "asc" } });
    expect(Object.fromEntries(answers.map((a) => [a.name, a.value]))).toEqual({
      participation: "past",
      reasons: ["unknown"],
      willingness: 4,
      channels: ["circular"],
      wantsComment: "yes",
      comment: "平日の夜なら参加できます。",
    });
    expect(answers.filter((a) => a.name === "willingness")).toHaveLength(1); // the 9 was not kept
  });

  it("When they type マイデータ, then the summary shows the district they chose by its name", async () => {
    await type("マイデータ");
    await seeInChat("市がお預かりしているあなたの情報です。");
    const mine = (await botTexts()).find((t) => t.includes("市がお預かりしているあなたの情報です。"))!;
    expect(mine).toContain("地区：三隅");
    expect(mine).toContain("年代：70歳以上");
    expect(mine).toContain("関心：防災・防犯、福祉・介護");
    expect(mine).toContain("平日の夜なら参加できます。");
    await expect.poll(() => lastBotText()).toContain("このデータを削除しますか？");
    await expect.poll(() => quickReplyLabels()).toEqual(["はい", "いいえ"]);
  });

  it("When they type メニュー, tap アンケートに答える and then the survey in the list, then the survey starts", async () => {
    await type("メニュー");
    const menu = chatLog().getByTestId("bot-message").last();
    await menu.getByText("ご用件を選んでください。").waitFor();
    await expect.poll(() => menu.getByTestId("template-action").allInnerTexts()).toEqual([
      "アンケートに答える",
      "意見募集（パブコメ）",
      "イベント",
      "ボランティア募集を見る",
      "ボランティア登録",
      "マイデータ",
      "使い方・登録内容の変更",
    ]);
    await expect.poll(() => quickReplyBar().isVisible()).toBe(false);

    await andWaitForTheBot(() => menu.getByRole("button", { name: "アンケートに答える" }).click());
    expect((await chatLog().getByTestId("user-message").allInnerTexts()).at(-1)).toContain("アンケートに答える");
    const list = chatLog().getByTestId("bot-message").last();
    await list.getByText("いつでも答えられるアンケートもあります。").waitFor();
    await andWaitForTheBot(() => list.getByRole("button", { name: "地域活動アンケート" }).click());
    await seeInChat("問1. この1年間に、地域の活動に参加しましたか？");
    await expect.poll(() => quickReplyLabels()).toEqual(["よく参加した", "ときどき参加した", "以前はしていた", "参加したことがない"]);
  });

  it("When the conversation is over, then LINE accepted every message the bot sent and no error is shown", async () => {
    await mkdir("test-results", { recursive: true });
    await page.screenshot({ path: "test-results/simulator.png" });
    expect(app.standIn!.rejected()).toEqual([]);
    await expect.poll(() => page.getByTestId("error-banner").count()).toBe(0);
    await expect.poll(() => page.getByTestId("webhook-banner").count()).toBe(0);
    await expect.poll(() => page.locator("#toast").isVisible()).toBe(false);
    expect(pageErrors).toEqual([]);
    // Nothing the bot sent fell back to "cannot show this message".
    expect((await botTexts()).filter((t) => t.includes("表示できないメッセージ"))).toEqual([]);
  });
});
