// City staff running an event and a volunteer opportunity in the console, in a laptop-sized
// Chromium: they only click and type on the page. Residents sign up through the LINE stand-in,
// with the buttons of the messages the bot sent them; what staff see is asserted on the page,
// what the bot kept or sent in the database and the stand-in.
import { mkdir } from "node:fs/promises";
import { type Browser, type BrowserContext, type Locator, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { messagesUsedThisMonth } from "../src/domain/delivery/messageBudget.ts";
import { onboard, residentView } from "./support/conversationHelpers.ts";
import { browserTestsRun, sharedChromium } from "./support/launchChromium.ts";
import { residentId, startTestApp, type TTestApp } from "./support/startTestApp.ts";
import { fromTokyoInput, tokyoInput } from "./support/tokyoInput.ts";
import { formatTokyoIso } from "../src/tokyoTime.ts";

const WHAT = "console browser tests of events and volunteers";
// How long a person would wait at most for what they expect to appear (a busy machine is slow; a broken page never shows it).
const SEEN_WITHIN = 30_000;
const DAY = 86_400_000;

/** A datetime-local value some days from now at a clock time in Tokyo ("2026-12-01T14:00"). */
const tokyoDayAt = (days: number, clock: string) => `${tokyoInput(new Date(Date.now() + days * DAY)).slice(0, 10)}T${clock}`;

describe.skipIf(!browserTestsRun(WHAT))("The staff console's events and volunteers, used by city staff on a laptop", () => {
  let app: TTestApp;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let password: string;
  const pageErrors: string[] = [];

  const eventTitle = "青海島クリーン作戦";
  const eventMessage = "集合場所を青海島ビジターセンター前に変更します。";
  const opportunityTitle = "海岸清掃ボランティア";
  const eventStarts = tokyoDayAt(6, "14:00");
  const eventEnds = tokyoDayAt(6, "16:00");
  const eventDeadline = tokyoDayAt(5, "17:00");
  const shift1 = { starts: tokyoDayAt(3, "09:00"), ends: tokyoDayAt(3, "12:00"), place: "仙崎海岸 駐車場" };
  const shift2 = { starts: tokyoDayAt(4, "13:00"), ends: tokyoDayAt(4, "16:00"), place: "青海島 自然研究路入口" };

  // Three residents of 長門: two get the seats, the third goes on the waiting list.
  const residents = [1, 2, 3].map((n) => residentId(`console-events-${n}`));

  beforeAll(async () => {
    [app, browser] = await Promise.all([startTestApp("embedded"), sharedChromium(WHAT)]);
    ({ password } = await app.staffService.create({ loginId: "tanaka", displayName: "田中 一郎", role: "admin" }, "system"));
    // UTC on purpose: the console must show and read times in Tokyo whatever the computer's zone.
    context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: "ja-JP", timezoneId: "UTC" });
    context.setDefaultTimeout(SEEN_WITHIN);
    page = await context.newPage();
    page.on("pageerror", (e) => pageErrors.push(String(e)));
    await mkdir("test-results", { recursive: true });
    for (const [i, user] of residents.entries()) await onboard(app, user, { language: "日本語", age: ["18〜29歳", "30代", "40代"][i]!, district: "長門", interests: ["まちづくり"] });
  });

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });

  // ---------- what a person sees and does ----------
  const shot = (name: string) => page.screenshot({ path: `test-results/console-events-${name}.png`, fullPage: true });
  const heading = () => page.locator("main h1");
  const button = (name: string | RegExp, within: Page | Locator = page) => within.getByRole("button", { name });
  /**
   * Staff read the sample of the message before they confirm. It loads after the dialog opens and
   * pushes the dialog's buttons down: a click aimed before it is drawn can land beside the button
   * (on a busy machine the dialog then stayed open and every later click met its backdrop).
   */
  const previewRead = (dialog: Locator) => expect.poll(() => dialog.getByTestId("message-preview").getAttribute("data-loaded")).toBe("ja");
  const goTo = (menu: string) => page.getByRole("navigation", { name: "メニュー" }).getByRole("link", { name: menu }).click();

  /** Postback data of every button with this label in what the bot sent the resident (Flex cards included). */
  function postbacks(user: string, label: string): string[] {
    const found: string[] = [];
    const walk = (x: unknown): void => {
      if (Array.isArray(x)) return x.forEach(walk);
      if (!x || typeof x !== "object") return;
      const action = (x as { action?: { type?: string; label?: string; data?: string } }).action;
      if (action?.type === "postback" && action.label === label && action.data) found.push(action.data);
      Object.values(x).forEach(walk);
    };
    walk(app.standIn!.messagesFor(user));
    return found;
  }

  /** A resident taps a card's button (申し込む, 参加する) as on their phone. */
  async function tapCardButton(user: string, label: string, data: string) {
    const sent = await app.standIn!.sendPostback(user, data, undefined, { displayText: label });
    expect(sent.status).toBe(200);
    await app.processor.drain();
  }

  it("When staff create an event through the form, then it is stored with Tokyo times and listed with its seats and status", async () => {
    await page.goto(`${app.url}/admin/`);
    await page.getByLabel("ログインID").fill("tanaka");
    await page.getByLabel("パスワード").fill(password);
    await button("ログイン").click();
    await expect.poll(() => page.getByTestId("current-staff").innerText()).toContain("田中 一郎");
    await expect.poll(() => page.getByRole("navigation", { name: "メニュー" }).getByRole("link").allInnerTexts()).toEqual(["ホーム", "意見募集（パブコメ）", "アンケート", "イベント", "ボランティア", "リッチメニュー", "問い合わせ", "配信の到達", "職員", "操作履歴", "設定"]);

    await goTo("イベント");
    await page.getByRole("link", { name: "＋ 新規作成" }).click();
    await heading().getByText("イベントの新規作成").waitFor();
    // An empty form: each message next to its field.
    await button("作成する").click();
    await expect.poll(() => page.getByTestId("form-errors").isVisible()).toBe(true);
    await expect.poll(() => page.locator(".field.invalid").count()).toBeGreaterThanOrEqual(4);

    await page.getByLabel("タイトル").fill(eventTitle);
    await page.getByLabel("説明").fill("海岸のごみを拾います。軍手とトングは市で用意します。");
    await page.getByLabel("開始（日本時間）").fill(eventStarts);
    await page.getByLabel("終了（日本時間）").fill(eventEnds);
    await page.getByLabel("場所").fill("青海島 観光汽船乗り場前");
    await page.getByLabel("定員（席）").fill("2");
    await page.getByLabel("同伴者の上限（1人あたり）").fill("1");
    // A deadline after the start: the API's message shows next to the deadline.
    await page.getByLabel("申し込み締切（日本時間）").fill(tokyoDayAt(7, "09:00"));
    await page.getByLabel("主催者").fill("長門市民の会");
    await page.getByTestId("audience-districts").getByLabel("長門").check();
    await button("作成する").click();
    await expect.poll(async () => (await page.locator(".field-error:not([hidden])").allInnerTexts()).join(" ")).toContain("申し込み締切は開始日時より前にしてください");
    await page.getByLabel("申し込み締切（日本時間）").fill(eventDeadline);
    await page.getByLabel("作成して告知する").check();
    await expect.poll(() => page.getByTestId("event-save").innerText()).toBe("作成して告知する");
    await page.getByLabel("作成して告知する").uncheck(); // announced from its page below
    await shot("form");
    await button("作成する").click();

    await heading().getByText(eventTitle).waitFor();
    await expect.poll(() => page.getByTestId("event-audience").innerText()).toBe("長門");
    const saved = await app.db.prisma.event.findFirstOrThrow({ where: { title: eventTitle } });
    expect(saved.startsAt).toEqual(fromTokyoInput(eventStarts));
    expect(saved.endsAt).toEqual(fromTokyoInput(eventEnds));
    expect(saved.signupDeadline).toEqual(fromTokyoInput(eventDeadline));
    expect({ capacity: saved.capacity, maxCompanions: saved.maxCompanions, organizer: saved.organizer, audience: saved.audience }).toEqual({
      capacity: 2,
      maxCompanions: 1,
      organizer: "長門市民の会",
      audience: { districts: ["nagato"] },
    });

    await goTo("イベント");
    const row = page.getByTestId("event-row").filter({ hasText: eventTitle });
    await row.waitFor();
    const [date, time] = eventStarts.split("T") as [string, string];
    await expect.poll(() => row.innerText()).toContain(`${date.replaceAll("-", "/")}`);
    await expect.poll(() => row.innerText()).toContain(time);
    await expect.poll(() => row.getByTestId("event-seats").innerText()).toBe("0/2");
    await expect.poll(() => row.getByTestId("status").innerText()).toBe("受付中");
  });

  it("When staff announce the event from its page and three residents sign up with the card's 申し込む, then two are confirmed, one is 待ち1番, and attendance is saved", async () => {
    await page.getByRole("link", { name: eventTitle }).click();
    await heading().getByText(eventTitle).waitFor();
    await page.getByTestId("no-attendees").waitFor();
    const onboardingMessages = app.standIn!.messagesFor(residents[0]!).length;
    await button("今すぐ告知").click();
    const announce = page.getByTestId("send-dialog");
    await expect.poll(() => announce.innerText()).toContain("対象の住民 3人");
    await expect.poll(() => announce.getByTestId("send-cost").innerText()).toContain("3通（今月");
    // Announced early in the morning, inside quiet hours: the console says what will really happen.
    const tokyoClock = (ms: number) => formatTokyoIso(new Date(Date.now() + ms)).slice(11, 16);
    const quiet = { enabled: true, start: tokyoClock(-3600_000), end: tokyoClock(2 * 3600_000) };
    await app.db.prisma.setting.update({ where: { key: "quietHours" }, data: { value: quiet } });
    await previewRead(announce);
    await button("告知する", announce).click();
    await expect.poll(() => page.getByTestId("flash").innerText()).toMatch(/告知を受け付けました。配信停止時間帯のため (明日 )?\d{1,2}:\d{2} に配信します（3人）/);
    await expect.poll(() => page.getByTestId("event-announced").innerText()).toContain("お知らせを受付");
    const announced = page.getByTestId("delivery").filter({ hasText: "告知" });
    expect(await announced.getByTestId("delivery-state").innerText()).toBe("予定");
    expect(await announced.getByTestId("delivery-summary").innerText()).toContain(`${quiet.end.replace(/^0/, "")} に配信します（3人）`);
    await app.deliverySender.kick();
    expect(app.standIn!.messagesFor(residents[0]!)).toHaveLength(onboardingMessages);
    // The administrator sends it now anyway (urgent, audited).
    await button("今すぐ配信（緊急）", announced).click();
    await button("今すぐ送る", page.getByTestId("confirm-dialog")).click();
    await expect.poll(() => page.getByTestId("flash").innerText()).toContain("今すぐ配信します（3人）");
    await app.db.prisma.setting.update({ where: { key: "quietHours" }, data: { value: { ...quiet, enabled: false } } });
    await app.deliverySender.kick();
    // The page's 配信状況 follows the send to 完了, with how many it reached.
    await expect.poll(() => announced.getByTestId("delivery-state").innerText(), { timeout: SEEN_WITHIN }).toBe("完了");
    expect(await announced.getByTestId("delivery-summary").innerText()).toMatch(/に配信しました（3人）/);

    for (const user of residents) {
      const [signup] = postbacks(user, "申し込む");
      expect(signup, "the announcement's 申し込む button").toBeDefined();
      const view = residentView(app, user);
      await tapCardButton(user, "申し込む", signup!);
      await view.say("0"); // companions
      await view.tap("はい");
    }
    await expect.poll(() => app.db.prisma.eventRegistration.groupBy({ by: ["status"], _count: { _all: true }, orderBy: { status: "asc" } })).toEqual([
      { status: "confirmed", _count: { _all: 2 } },
      { status: "waitlisted", _count: { _all: 1 } },
    ]);

    await button("最新にする").click();
    await expect.poll(() => page.getByTestId("attendee-row").count()).toBe(3);
    await expect.poll(() => page.getByTestId("attendee-status").allInnerTexts()).toEqual(["参加確定", "参加確定", "待ち1番"]);
    await expect.poll(() => page.getByTestId("attendee-row").nth(0).innerText()).toContain("長門");
    await expect.poll(() => page.getByTestId("event-seats").innerText()).toBe("2/2席");
    await expect.poll(() => page.getByTestId("waitlisted-count").innerText()).toBe("1人");
    // Only confirmed sign-ups have an attendance box.
    await expect.poll(() => page.getByTestId("attended").count()).toBe(2);

    const first = page.getByTestId("attendee-row").nth(0);
    await first.getByTestId("attended").check();
    await expect.poll(() => first.getByTestId("attendance-saved").innerText()).toBe("保存しました");
    await expect.poll(() => app.db.prisma.eventRegistration.count({ where: { attended: true } })).toBe(1);
    await shot("attendees");
  });

  it("When staff write to the attendees, then the cost shows before sending and every resident signed up gets the message", async () => {
    await page.getByLabel("本文").fill(eventMessage);
    await button("送信内容を確認").click();
    const dialog = page.getByTestId("send-dialog");
    await expect.poll(() => dialog.getByTestId("send-cost").innerText()).toContain("3通（今月");
    await expect.poll(() => dialog.getByTestId("send-recipients").innerText()).toContain("申し込んだ 3人");
    await previewRead(dialog);
    await shot("message-preview");
    const before = residents.map((user) => app.standIn!.messagesFor(user).length);
    await button("送信する", dialog).click();
    await expect.poll(() => page.getByTestId("flash").innerText()).toContain("3人 にメッセージを送りました");
    await app.deliverySender.kick();
    for (const [i, user] of residents.entries()) {
      const added = app.standIn!.messagesFor(user).slice(before[i]);
      expect(JSON.stringify(added), `the message to resident ${i + 1}`).toContain(eventMessage);
    }
  });

  it("When a message would go over the month's budget, then the numbers show and an administrator may send it anyway", async () => {
    const used = await messagesUsedThisMonth(app.db.prisma);
    // One message left this month; the message goes to three.
    await app.db.prisma.setting.upsert({ where: { key: "budget" }, create: { key: "budget", value: { monthlyLimit: used + 1 } }, update: { value: { monthlyLimit: used + 1 } } });
    try {
      await page.getByLabel("本文").fill("明日は晴れの予報です。帽子をお持ちください。");
      await button("送信内容を確認").click();
      const dialog = page.getByTestId("send-dialog");
      await expect.poll(() => dialog.getByTestId("over-budget").innerText()).toContain(`今月の上限 ${(used + 1).toLocaleString("ja-JP")}通`);
      await expect.poll(() => dialog.getByTestId("send-cost").innerText()).toContain("3通（今月の残り 1通）");
      await previewRead(dialog);
      await shot("over-budget");
      await button("上限を超えて送る", dialog).click();
      await expect.poll(() => page.getByTestId("flash").innerText()).toContain("3人 にメッセージを送りました");
    } finally {
      await app.db.prisma.setting.delete({ where: { key: "budget" } });
    }
  });

  it("When staff post an opportunity with two shifts and invite, then the matched count shows, a volunteer signs up by LINE and 2.5 hours are recorded", async () => {
    // Three registered volunteers (consented residents), free any time.
    for (const [i, user] of residents.entries()) {
      const resident = await app.db.prisma.resident.findUniqueOrThrow({ where: { lineUserId: user } });
      await app.db.prisma.volunteerProfile.create({
        data: {
          residentId: resident.id,
          areas: ["environment", "community"],
          skills: ["physical"],
          districts: ["nagato"],
          availability: ["weekday_morning", "weekday_afternoon", "weekday_evening", "weekend_morning", "weekend_afternoon", "weekend_evening"],
          ageBand: ["18to29", "30s", "40s"][i]!,
        },
      });
    }

    await goTo("ボランティア");
    await page.getByRole("link", { name: "＋ 新規作成" }).click();
    await heading().getByText("ボランティア募集の新規作成").waitFor();
    await page.getByLabel("タイトル").fill(opportunityTitle);
    await page.getByLabel("説明").fill("仙崎海岸と青海島の海岸で、漂着ごみを拾います。");
    await page.getByLabel("開始（シフト1）").fill(shift1.starts);
    await page.getByLabel("終了（シフト1）").fill(shift1.ends);
    await page.getByLabel("場所（シフト1）").fill(shift1.place);
    await page.getByLabel("必要人数（シフト1）").fill("2");
    await button("＋ シフトを追加").click();
    await page.getByLabel("開始（シフト2）").fill(shift2.starts);
    await page.getByLabel("終了（シフト2）").fill(shift2.ends);
    await expect.poll(() => page.getByLabel("場所（シフト2）").inputValue()).toBe(shift1.place); // starts from the row above
    await page.getByLabel("場所（シフト2）").fill(shift2.place);
    await page.getByLabel("必要人数（シフト2）").fill("3");
    // A third row added and removed again.
    await button("＋ シフトを追加").click();
    await button("シフト3を削除").click();
    await page.getByTestId("opportunity-areas").getByLabel("まちづくり").check();
    await page.getByTestId("opportunity-districts").getByLabel("長門").check();
    await page.getByTestId("opportunity-skills").getByLabel("力仕事").check();
    await shot("opportunity-form");
    await button("作成する").click();

    await heading().getByText(opportunityTitle).waitFor();
    const opportunity = await app.db.prisma.opportunity.findFirstOrThrow({ where: { title: opportunityTitle }, include: { shifts: { orderBy: { startsAt: "asc" } } } });
    expect(opportunity.shifts.map((s) => ({ startsAt: s.startsAt, endsAt: s.endsAt, place: s.place, needed: s.needed }))).toEqual([
      { startsAt: fromTokyoInput(shift1.starts), endsAt: fromTokyoInput(shift1.ends), place: shift1.place, needed: 2 },
      { startsAt: fromTokyoInput(shift2.starts), endsAt: fromTokyoInput(shift2.ends), place: shift2.place, needed: 3 },
    ]);
    expect({ areas: opportunity.areas, districts: opportunity.districts, skills: opportunity.skills }).toEqual({ areas: ["community"], districts: ["nagato"], skills: ["physical"] });
    await expect.poll(() => page.getByTestId("shift").count()).toBe(2);

    await button("募集を案内").click();
    const dialog = page.getByTestId("send-dialog");
    await expect.poll(() => dialog.getByTestId("invite-matched").innerText()).toContain("条件に合うボランティア 3人");
    await expect.poll(() => dialog.getByTestId("send-cost").innerText()).toContain("3通（今月");
    await previewRead(dialog);
    await shot("invite-preview");
    await button("案内を送る", dialog).click();
    // The sender may already be at it when the flash is written: it says so either way.
    await expect.poll(() => page.getByTestId("flash").innerText()).toMatch(/募集の案内を受け付けました。(まもなく配信します（3人）|配信中です|.*に配信しました（3人）)/);
    await page.getByTestId("invited").getByText("案内を受付").waitFor();
    await app.deliverySender.kick();
    const invitation = page.getByTestId("delivery").filter({ hasText: "案内" });
    await expect.poll(() => invitation.getByTestId("delivery-state").innerText(), { timeout: SEEN_WITHIN }).toBe("完了");

    // The first volunteer joins the first shift with its card's 参加する.
    const volunteer = residents[0]!;
    const join = postbacks(volunteer, "参加する").find((data) => data.includes(opportunity.shifts[0]!.id.replaceAll("-", "")));
    expect(join, "the first shift's 参加する button").toBeDefined();
    await tapCardButton(volunteer, "参加する", join!);
    await residentView(app, volunteer).tap("はい");
    await expect.poll(() => app.db.prisma.shiftSignup.count({ where: { shiftId: opportunity.shifts[0]!.id, status: "confirmed" } })).toBe(1);

    await button("最新にする").click();
    const firstShift = page.getByTestId("shift").nth(0);
    await expect.poll(() => firstShift.getByTestId("signup-row").count()).toBe(1);
    await expect.poll(() => firstShift.getByTestId("signup-status").innerText()).toBe("参加確定");
    await expect.poll(() => firstShift.getByTestId("signup-row").innerText()).toContain("18〜29歳");
    await expect.poll(() => page.getByTestId("shift").nth(1).getByTestId("no-signups").innerText()).toContain("まだ申し込みはありません");
    await firstShift.getByTestId("signup-hours").fill("2.5");
    await expect.poll(() => firstShift.getByTestId("signup-attended").isChecked()).toBe(true); // hours mean they came
    await button("保存", firstShift).click();
    await expect.poll(() => firstShift.getByTestId("signup-saved").innerText()).toContain("保存しました");
    const signup = await app.db.prisma.shiftSignup.findFirstOrThrow({ where: { shiftId: opportunity.shifts[0]!.id } });
    expect({ attended: signup.attended, hours: signup.hours }).toEqual({ attended: true, hours: 2.5 });
    await shot("shift-signups");
  });

  it("When staff open 集計, then the month of the shift shows the registered volunteers, the sign-up and the hours", async () => {
    await page.getByTestId("volunteer-tab-stats").click();
    await heading().getByText("ボランティアの集計").waitFor();
    await expect.poll(() => page.getByTestId("volunteers-active").innerText()).toBe("3人");
    const month = shift1.starts.slice(0, 7);
    await page.getByLabel("終了月").fill(month);
    await button("表示").click();
    const row = page.locator(`[data-testid=stats-row][data-month="${month}"]`);
    await expect.poll(() => row.getByTestId("stats-hours").innerText()).toBe("2.5時間");
    await expect.poll(() => row.getByTestId("stats-registered").innerText()).toBe("3人");
    await expect.poll(() => row.getByTestId("stats-signups").innerText()).toBe("1件");
    // Three volunteers, one per age band: under 5 each, so merged.
    await expect.poll(() => page.getByTestId("stats-by-age-band").innerText()).not.toContain("18〜29歳");
    await page.getByTestId("stats-suppressed-note").waitFor();
    await shot("stats");
  });

  it("When an administrator changes the reminder time and text and the monthly budget in 設定, then they are stored", async (ctx) => {
    // The settings API comes with deliveryModule; until src/app.ts mounts it there is nothing to store into.
    if ((await page.evaluate(async () => (await fetch("/api/admin/settings")).status)) === 404) return ctx.skip();
    await goTo("設定");
    await heading().getByText("設定").waitFor();
    await expect.poll(() => page.getByLabel("前日に送る時刻（日本時間）").inputValue()).toBe("18:00");
    await page.getByLabel("前日に送る時刻（日本時間）").fill("19:30");
    await page.getByLabel("1時間前にも送る").check();
    await page.getByLabel("リマインダーに添える文").fill("雨の場合は前日の正午までにお知らせします。");
    await page.getByLabel("上限あり").check();
    await page.getByLabel("1か月の上限（通）").fill("1000");
    await shot("settings");
    await button("設定を保存").click();
    await expect.poll(() => page.getByTestId("flash").innerText()).toContain("設定を保存しました");
    const stored = async () => Object.fromEntries((await app.db.prisma.setting.findMany()).map((s) => [s.key, s.value]));
    expect((await stored())["reminders"]).toEqual({ enabled: true, dayBeforeAt: "19:30", hourBefore: true, note: "雨の場合は前日の正午までにお知らせします。" });
    expect((await stored())["budget"]).toEqual({ monthlyLimit: 1000 });
    await expect.poll(() => page.getByTestId("budget-usage").innerText()).toContain("上限 1,000通");

    await page.getByLabel("上限なし").check();
    await button("設定を保存").click();
    await expect.poll(async () => (await stored())["budget"]).toEqual({ monthlyLimit: null });
  });

  it("When staff cancel the event with a reason, then it shows as 中止 and everyone signed up is told at once", async () => {
    const event = await app.db.prisma.event.findFirstOrThrow({ where: { title: eventTitle } });
    await page.goto(`${app.url}/admin/#/events/${event.id}`);
    await heading().getByText(eventTitle).waitFor();
    await button("中止").click();
    const dialog = page.getByTestId("cancel-dialog");
    await expect.poll(() => dialog.innerText()).toContain("参加確定 2人、キャンセル待ち 1人");
    await dialog.getByLabel("理由（お知らせに載ります）").fill("荒天が見込まれるため");
    await button("中止する", dialog).click();
    await expect.poll(() => page.getByTestId("status").innerText()).toBe("中止");
    await expect.poll(() => page.getByTestId("flash").innerText()).toContain("3人 にお知らせしました");
    await expect.poll(() => page.getByTestId("event-message").isHidden()).toBe(true);
    await app.deliverySender.kick();
    for (const user of residents) expect(JSON.stringify(app.standIn!.messagesFor(user).at(-1))).toContain("荒天が見込まれるため");
  });

  it("When the event's page is used on a tablet, then it fits the screen; LINE accepted every message and the page raised no error", async () => {
    const event = await app.db.prisma.event.findFirstOrThrow({ where: { title: eventTitle } });
    await page.setViewportSize({ width: 820, height: 1180 });
    await page.goto(`${app.url}/admin/#/events/${event.id}`);
    await heading().getByText(eventTitle).waitFor();
    await expect.poll(() => page.getByTestId("attendee-row").count()).toBe(3);
    await expect.poll(() => page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(820);
    await shot("tablet-event");
    expect(app.standIn!.rejected()).toEqual([]);
    expect(pageErrors).toEqual([]);
  });
});
