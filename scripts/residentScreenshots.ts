// The README's pictures of what residents see: the local-mode chat simulator in a phone-sized
// Chromium (Debian's /usr/bin/chromium), on a fresh embedded database, driven only by taps and
// typing as a resident would. Rerun after changing what residents see:
//   npx node --import tsx scripts/residentScreenshots.ts   (npx: the project's Node 24, see package.json)
// Writes docs/images/sim-resume.png, sim-mydata.png, sim-event-receipt.png and sim-menu-en.png.
import { mkdir } from "node:fs/promises";
import { type Locator } from "playwright-core";
import { launchChromium } from "../test/support/launchChromium.ts";
import { simulatorChat } from "../test/support/simulatorChat.ts";
import { startTestApp } from "../test/support/startTestApp.ts";
import { tokenAsStaff } from "../test/support/staffClient.ts";
import { tokyoInstant, tokyoParts } from "../src/tokyoTime.ts";

const OUT = "docs/images";
// Generous: the machine may be busy (a slow answer is waited for, never a fixed sleep).
const SEEN_WITHIN = 60_000;

/** The Tokyo calendar day `days` from today, at "HH:MM" Tokyo time. */
function tokyoDay(days: number, clock: string): Date {
  const t = tokyoParts(new Date());
  return tokyoInstant(t.y, t.mo, t.d + days, Number(clock.slice(0, 2)), Number(clock.slice(3)));
}

const app = await startTestApp("embedded");
const browser = await launchChromium("resident screenshots");
try {
  const context = await browser.newContext({
    viewport: { width: 390, height: 844 },
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
    locale: "ja-JP",
    timezoneId: "Asia/Tokyo",
  });
  context.setDefaultTimeout(SEEN_WITHIN);
  const page = await context.newPage();
  await page.goto(`${app.url}/simulator`);
  await mkdir(OUT, { recursive: true });

  const chatLog = () => page.getByTestId("chat-log");
  const lastBot = () => chatLog().getByTestId("bot-message").last();
  const quickReply = (label: string): Locator => page.getByTestId("quick-replies").getByRole("button", { name: label, exact: true });
  const seeInChat = (text: string) => chatLog().getByText(text).last().waitFor({ state: "visible" });

  const { andWaitForTheBot, tap, type } = simulatorChat(() => page, SEEN_WITHIN);

  /**
   * Screenshot of the phone's screen with `from` (a chat bubble) scrolled to the top of the chat.
   * lengthen: make the screen taller (same width) until everything from `from` to the end fits,
   * for a message longer than a phone's screen.
   */
  async function shot(name: string, from: Locator, options: { lengthen?: boolean } = {}): Promise<void> {
    await page.evaluate(() => Promise.all(Array.from(document.images).map((i) => (i.complete ? null : new Promise((r) => (i.onload = i.onerror = r))))));
    const phone = page.viewportSize()!;
    if (options.lengthen) {
      const overflow = await from.evaluate((e) => {
        const chat = e.closest("main")!;
        return chat.scrollHeight - (e as HTMLElement).offsetTop + chat.offsetTop - chat.clientHeight + 16;
      });
      if (overflow > 0) await page.setViewportSize({ width: phone.width, height: phone.height + overflow });
    }
    await from.evaluate((e) => e.scrollIntoView({ block: "start" }));
    await page.screenshot({ path: `${OUT}/${name}.png` });
    await page.setViewportSize(phone);
    console.log(`${OUT}/${name}.png`);
  }

  async function newResident(name: string): Promise<void> {
    await page.getByTestId("new-resident-name").fill(name);
    await page.getByTestId("new-resident-button").click();
    await seeInChat("「友だち追加」を押すと会話が始まります");
    await andWaitForTheBot(() => page.getByTestId("follow-button").click());
    await seeInChat("ご希望の言語を選んでください。");
  }

  // 1. A resident in Japanese: onboarding, then a poll left with やめる halfway and started again.
  await newResident("長門 花子");
  await tap("日本語");
  await tap("はい");
  await tap("70歳以上");
  await tap("三隅");
  await tap("防災・防犯");
  await tap("福祉・介護");
  await tap("決定");
  await seeInChat("登録ありがとうございました！");

  await type("アンケート");
  await seeInChat("問1. この1年間に、地域の活動に参加しましたか？");
  await tap("以前はしていた");
  await seeInChat("問2. 参加していない理由を選んでください。");
  await type("やめる");
  const pausedAt = chatLog().getByTestId("user-message").last();
  await type("アンケート");
  await quickReply("続きから").waitFor();
  await shot("sim-resume", pausedAt);

  // 2. They continue and finish, then look at what the city holds about them.
  await tap("続きから");
  await seeInChat("問2. 参加していない理由を選んでください。");
  await tap("いつどこであるか不明");
  await tap("決定");
  await seeInChat("問3. これから地域の活動に参加したいと思いますか？");
  await tap("4");
  await tap("回覧板");
  await tap("決定");
  await seeInChat("ご意見があればお書きになりますか？");
  await tap("はい");
  await type("平日の夜なら参加できます。");
  await seeInChat("ご回答ありがとうございました！");
  await type("マイデータ");
  await seeInChat("市がお預かりしているあなたの情報です。");
  await shot("sim-mydata", chatLog().getByTestId("bot-message").filter({ hasText: "市がお預かりしているあなたの情報です。" }).last(), { lengthen: true });
  await tap("いいえ");

  // 3. Staff announce an event (admin API, as the console does); the resident signs up from the card.
  const staff = await tokenAsStaff(app, "screenshots-staff", "staff");
  const created = await staff("POST", "/events", {
    title: "まちなか清掃",
    description: "みんなで商店街をきれいにします。軍手はこちらで用意します。",
    startsAt: tokyoDay(10, "10:00").toISOString(),
    endsAt: tokyoDay(10, "12:00").toISOString(),
    place: "長門市役所 前庭",
    capacity: 20,
    signupDeadline: tokyoDay(9, "17:00").toISOString(),
    audience: {},
    maxCompanions: 0,
    announceNow: true,
  });
  if (created.status !== 201) throw new Error(`creating the event: ${created.status} ${created.text}`);
  await type("イベント");
  await andWaitForTheBot(() => lastBot().getByRole("button", { name: "申し込む" }).first().click());
  await tap("はい");
  await seeInChat("受付番号");
  await shot("sim-event-receipt", chatLog().getByTestId("user-message").filter({ hasText: "申し込む" }).last(), { lengthen: true });

  // 4. A resident who reads English registers and opens the menu.
  await newResident("Alex Smith");
  await tap("English");
  await tap("Yes");
  await tap("30s");
  await tap("Nagato");
  await tap("International");
  await tap("Done");
  await seeInChat("Thank you for registering!");
  await type("menu");
  await shot("sim-menu-en", chatLog().getByTestId("user-message").last(), { lengthen: true });

  const rejected = app.standIn!.rejected();
  if (rejected.length) throw new Error(`LINE refused messages: ${JSON.stringify(rejected)}`);
} finally {
  await browser.close();
  await app.stop();
}
