// City staff running a public comment round and a poll from start to finish in the console, in a
// laptop-sized Chromium: they only click and type on the page. Residents act through the LINE
// stand-in; what staff see is asserted on the page, what the bot kept or sent in the database and
// the stand-in.
import { mkdir } from "node:fs/promises";
import { type Browser, type BrowserContext, type Locator, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { onboard, residentView } from "./support/conversationHelpers.ts";
import { browserTestsRun, sharedChromium } from "./support/launchChromium.ts";
import { residentId, startTestApp, type TTestApp } from "./support/startTestApp.ts";
import { fromTokyoInput, tokyoInput } from "./support/tokyoInput.ts";

const WHAT = "console browser tests";
/** How long the page may take to show something (the comment table refreshes every 5 s). */
// How long a person would wait at most for what they expect to appear (a busy machine is slow; a broken page never shows it).
const SEEN_WITHIN = 30_000;

type TResident = { user: string; age: string; district: string };

describe.skipIf(!browserTestsRun(WHAT))("The staff console, used by city staff on a laptop", () => {
  let app: TTestApp;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let password: string;
  const pageErrors: string[] = [];

  // The round's and the poll's times, as typed into the forms (Tokyo, to the minute).
  const now = new Date();
  const roundOpens = tokyoInput(new Date(now.getTime() - 60_000));
  const roundCloses = tokyoInput(new Date(now.getTime() + 3 * 86_400_000));
  const pollOpens = tokyoInput(new Date(now.getTime() - 60_000));
  const pollCloses = tokyoInput(new Date(now.getTime() + 7 * 86_400_000));
  const roundTitle = "青海島公園の再整備計画（素案）";
  const pollTitle = "公園の使い方アンケート";

  // Residents: three in the round's districts (長門・三隅), one outside them (油谷).
  const nagato1: TResident = { user: residentId("console-nagato-1"), age: "18〜29歳", district: "長門" };
  const nagato2: TResident = { user: residentId("console-nagato-2"), age: "30代", district: "長門" };
  const misumi: TResident = { user: residentId("console-misumi"), age: "70歳以上", district: "三隅" };
  const yuya: TResident = { user: residentId("console-yuya"), age: "40代", district: "油谷" };
  const moreNagato: TResident[] = [1, 2, 3].map((n) => ({ user: residentId(`console-nagato-more-${n}`), age: "50代", district: "長門" }));
  const becomeResident = (r: TResident) => onboard(app, r.user, { language: "日本語", age: r.age, district: r.district, interests: ["まちづくり"] });

  beforeAll(async () => {
    [app, browser] = await Promise.all([startTestApp("embedded"), sharedChromium(WHAT)]);
    ({ password } = await app.staffService.create({ loginId: "tanaka", displayName: "田中 一郎", role: "admin" }, "system"));
    // UTC on purpose: the console must show and read times in Tokyo whatever the computer's zone.
    context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: "ja-JP", timezoneId: "UTC" });
    context.setDefaultTimeout(SEEN_WITHIN);
    page = await context.newPage();
    page.on("pageerror", (e) => pageErrors.push(String(e)));
    await mkdir("test-results", { recursive: true });
    for (const r of [nagato1, nagato2, misumi, yuya]) await becomeResident(r);
  });

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });

  // ---------- what a person sees and does ----------
  const shot = (name: string) => page.screenshot({ path: `test-results/console-${name}.png`, fullPage: true });
  const heading = () => page.locator("main h1");
  const button = (name: string | RegExp, within: Page | Locator = page) => within.getByRole("button", { name });
  const goTo = async (menu: string) => {
    await page.getByRole("navigation", { name: "メニュー" }).getByRole("link", { name: menu }).click();
  };
  const commentRow = (text: string) => page.getByTestId("comment").filter({ hasText: text });
  const bar = (question: number, label: string) => page.getByTestId("question-result").nth(question).getByTestId("bar").filter({ has: page.getByTestId("bar-label").getByText(label, { exact: true }) });

  async function logIn(loginId: string, pass: string) {
    await page.getByLabel("ログインID").fill(loginId);
    await page.getByLabel("パスワード").fill(pass);
    await button("ログイン").click();
  }

  /** A resident comments through LINE: the announcement's 「意見を書く」 button, a section, the text, 入力を終える, はい. */
  async function comment(r: TResident, flowId: string, section: string, text: string): Promise<void> {
    const view = residentView(app, r.user);
    const sent = await app.standIn!.sendPostback(r.user, `flow=${flowId}`, undefined, { displayText: "意見を書く" });
    expect(sent.status).toBe(200);
    await app.processor.drain();
    await view.tap(section);
    await view.say(text);
    await view.tap("入力を終える");
    await view.tap("はい");
    expect(view.texts().at(-1)).toContain("受付番号");
  }

  /** A resident answers the poll through LINE: its button, then a tap per question. */
  async function answerPoll(r: TResident, flowId: string, often: string, satisfaction: string): Promise<void> {
    const view = residentView(app, r.user);
    const sent = await app.standIn!.sendPostback(r.user, `flow=${flowId}`, undefined, { displayText: "回答する" });
    expect(sent.status).toBe(200);
    await app.processor.drain();
    await view.tap(often);
    await view.tap(satisfaction);
  }

  it("When a staff member types a wrong password, then the API's message shows; with the right one, the header shows their name and role", async () => {
    await page.goto(`${app.url}/admin/`);
    await logIn("tanaka", "not-the-password");
    await expect.poll(() => page.getByTestId("login-error").innerText(), { timeout: SEEN_WITHIN }).toContain("ログインIDまたはパスワードが違います。");
    await shot("login-error");

    await logIn("tanaka", password);
    await expect.poll(() => page.getByTestId("current-staff").innerText(), { timeout: SEEN_WITHIN }).toContain("田中 一郎");
    await expect.poll(() => page.getByTestId("current-staff").innerText()).toContain("管理者");
    await expect.poll(() => page.getByRole("navigation", { name: "メニュー" }).getByRole("link").allInnerTexts()).toEqual(["ホーム", "意見募集（パブコメ）", "アンケート", "イベント", "ボランティア", "リッチメニュー", "問い合わせ", "配信の到達", "職員", "操作履歴", "設定"]);
    await expect.poll(() => page.getByRole("link", { name: "API仕様（OpenAPI）" }).getAttribute("href")).toBe("/api/admin/openapi.json");
  });

  it("When someone who may only read logs in, then they see the lists without the buttons to create, nor the staff and audit screens", async () => {
    const { password: viewerPassword } = await app.staffService.create({ loginId: "yamamoto", displayName: "山本 花", role: "viewer" }, "system");
    const other = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: "ja-JP" });
    try {
      const viewer = await other.newPage();
      await viewer.goto(`${app.url}/admin/`);
      await viewer.getByLabel("ログインID").fill("yamamoto");
      await viewer.getByLabel("パスワード").fill(viewerPassword);
      await viewer.getByRole("button", { name: "ログイン" }).click();
      await expect.poll(() => viewer.getByTestId("current-staff").innerText(), { timeout: SEEN_WITHIN }).toContain("閲覧のみ");
      await expect.poll(() => viewer.getByRole("navigation", { name: "メニュー" }).getByRole("link").allInnerTexts()).toEqual(["ホーム", "意見募集（パブコメ）", "アンケート", "イベント", "ボランティア", "リッチメニュー", "配信の到達"]);
      // The first page is ホーム; the rounds list offers a viewer no new round.
      await viewer.locator("main h1").getByText("ホーム").waitFor();
      await viewer.getByRole("navigation", { name: "メニュー" }).getByRole("link", { name: "意見募集（パブコメ）" }).click();
      await viewer.locator("main h1").getByText("意見募集").waitFor();
      await expect.poll(() => viewer.getByTestId("new-round").count()).toBe(0);
      await viewer.goto(`${app.url}/admin/#/staff`);
      await viewer.getByText("この画面を使う権限がありません。").waitFor();
    } finally {
      await other.close();
    }
  });

  it("When staff create a round with two sections and two districts through the form, then it opens with its period shown in Tokyo time", async () => {
    await goTo("意見募集（パブコメ）");
    await page.getByRole("link", { name: "＋ 新規作成" }).click();
    await heading().getByText("意見募集の新規作成").waitFor();

    // An empty form: each message next to its field.
    await button("作成する").click();
    await expect.poll(() => page.getByTestId("form-errors").isVisible()).toBe(true);
    await expect.poll(() => page.locator(".field.invalid").count()).toBeGreaterThanOrEqual(4);

    await page.getByLabel("件名").fill(roundTitle);
    await page.getByLabel("概要").fill("青海島公園の遊具、トイレ、駐車場を再整備する計画の素案です。ご意見をお寄せください。");
    await page.getByLabel("資料のURL").fill("https://www.city.nagato.example.jp/park-plan.pdf");
    await button("＋ 章を追加").click();
    await button("＋ 章を追加").click();
    await page.getByLabel("章の名前（1）").fill("第1章 遊具と広場");
    await page.getByLabel("章の名前（2）").fill("第2章 トイレと駐車場");
    await page.getByLabel("受付開始（日本時間）").fill(roundOpens);
    await page.getByLabel("締切（日本時間）").fill(roundCloses);
    const districts = page.getByTestId("audience-districts");
    await districts.getByLabel("長門").check();
    await districts.getByLabel("三隅").check();
    await shot("round-form");
    await button("作成する").click();

    await heading().getByText(roundTitle).waitFor();
    await expect.poll(() => page.getByTestId("round-audience").innerText()).toBe("長門・三隅");
    const saved = await app.db.prisma.round.findFirstOrThrow({ where: { title: roundTitle } });
    expect(saved.sections).toEqual([
      { id: "s1", title: "第1章 遊具と広場" },
      { id: "s2", title: "第2章 トイレと駐車場" },
    ]);
    expect(saved.opensAt).toEqual(fromTokyoInput(roundOpens));
    expect(saved.closesAt).toEqual(fromTokyoInput(roundCloses));
    expect(saved.audience).toEqual({ districts: ["nagato", "misumi"] });

    await goTo("意見募集（パブコメ）");
    const row = page.getByTestId("round-row").filter({ hasText: roundTitle });
    await row.waitFor();
    await expect.poll(() => row.getByTestId("status").innerText()).toBe("受付中");
    const [date, time] = roundCloses.split("T") as [string, string];
    await expect.poll(() => row.innerText()).toContain(`${date.replaceAll("-", "/")}`);
    await expect.poll(() => row.innerText()).toContain(time);
    await expect.poll(() => row.innerText()).toContain("3人"); // 長門 2 + 三隅 1; 油谷 is not in the audience
    await shot("round-list");
  });

  it("When the round is announced and residents comment, then the comments appear in the round's table without reloading", async () => {
    const round = await app.db.prisma.round.findFirstOrThrow({ where: { title: roundTitle } });
    await app.runSchedules(new Date());
    for (const r of [nagato1, nagato2, misumi]) expect(JSON.stringify(app.standIn!.messagesFor(r.user))).toContain(roundTitle);
    expect(JSON.stringify(app.standIn!.messagesFor(yuya.user))).not.toContain(roundTitle);

    await page.getByRole("link", { name: roundTitle }).click();
    await heading().getByText(roundTitle).waitFor();
    await page.getByTestId("comment-summary").getByText("まだ意見は届いていません。").waitFor();
    await page.evaluate(() => ((window as unknown as { stillThisPage: boolean }).stillThisPage = true));

    const flowId = `round-${round.number}`;
    await comment(nagato1, flowId, "第1章 遊具と広場", "長門市東深川1-2-3の山田太郎です。小さい子ども向けの遊具を増やしてください。");
    await comment(misumi, flowId, "第2章 トイレと駐車場", "トイレを洋式にしてほしい。<img src=x onerror=alert(1)>");
    await comment(nagato2, flowId, "全体について", "計画に賛成です。");

    await commentRow("小さい子ども向けの遊具").waitFor();
    await commentRow("計画に賛成です。").waitFor();
    await commentRow("トイレを洋式に").waitFor();
    await expect.poll(() => page.evaluate(() => (window as unknown as { stillThisPage?: boolean }).stillThisPage)).toBe(true);
    // A resident's markup is shown as the text it is, never run.
    await expect.poll(() => commentRow("トイレを洋式に").getByTestId("comment-body").innerText()).toContain("<img src=x onerror=alert(1)>");
    await expect.poll(() => page.locator("main img").count()).toBe(0);
    await expect.poll(() => commentRow("トイレを洋式に").innerText()).toContain("三隅");
    await expect.poll(() => commentRow("トイレを洋式に").innerText()).toContain("70歳以上");
    await expect.poll(() => page.getByTestId("comment-count").innerText()).toBe("3件");

    // Filters: one district.
    await page.getByTestId("filter-district").selectOption({ label: "三隅" });
    await button("絞り込む").click();
    await expect.poll(() => page.getByTestId("comment").count()).toBe(1);
    await page.getByTestId("filter-district").selectOption({ label: "すべて" });
    await button("絞り込む").click();
    await expect.poll(() => page.getByTestId("comment").count()).toBe(3);
    await shot("round-comments");
  });

  it("When staff hide a name in the public text, group a comment and write the city's response, then the table and the database show them", async () => {
    await page.getByLabel("まとまりの名前").fill("遊具について");
    await page.getByLabel("市の考え方（後からでも書けます）").fill("年齢に合わせた遊具を検討します。");
    await button("＋ まとまりを作る").click();
    await page.getByTestId("group").filter({ hasText: "遊具について" }).waitFor();

    const row = commentRow("小さい子ども向けの遊具");
    await button("編集", row).click();
    const editor = row.getByTestId("comment-editor");
    await editor.getByLabel("公表用の文面").fill("（氏名・住所を削除）小さい子ども向けの遊具を増やしてください。");
    await editor.getByLabel("まとまり").selectOption({ label: "遊具について" });
    await editor.getByLabel("市の考え方（この意見への回答）").fill("幼児向けの遊具を広場の東側に設けます。");
    await shot("comment-editor");
    await button("保存", editor).click();

    await expect.poll(() => row.getByTestId("public-body").innerText()).toContain("（氏名・住所を削除）");
    await expect.poll(() => row.getByTestId("comment-response").innerText()).toContain("幼児向けの遊具を広場の東側に設けます。");
    await expect.poll(() => row.getByTestId("comment-response").innerText()).toContain("遊具について");
    const stored = await app.db.prisma.comment.findFirstOrThrow({ where: { body: { contains: "小さい子ども向けの遊具" } }, include: { group: true } });
    expect(stored.publicBody).toBe("（氏名・住所を削除）小さい子ども向けの遊具を増やしてください。");
    expect(stored.response).toBe("幼児向けの遊具を広場の東側に設けます。");
    expect(stored.group?.title).toBe("遊具について");
    expect(stored.body).toContain("山田太郎"); // the original stays as it came
  });

  it("When the round has closed and staff publish the results, then the confirmation says who is told and every resident who commented is notified", async () => {
    const round = await app.db.prisma.round.findFirstOrThrow({ where: { title: roundTitle } });
    const before = Object.fromEntries([nagato1, nagato2, misumi, yuya].map((r) => [r.user, app.standIn!.messagesFor(r.user).length]));
    await app.runSchedules(new Date(round.closesAt.getTime() + 60_000));
    // The page notices the closing on its own.
    await page.getByTestId("status").getByText("締切").waitFor();

    await button("結果を公表").click();
    const dialog = page.getByTestId("publish-dialog");
    await expect.poll(() => dialog.getByTestId("publish-notice").innerText()).toContain("意見を送った 3人");
    await dialog.getByLabel("結果を掲載したページのURL（任意）").fill("https://www.city.nagato.example.jp/park-plan-results.html");
    await shot("publish-dialog");
    await button("公表してお知らせする", dialog).click();
    await page.getByTestId("status").getByText("公表済み").waitFor();
    await app.deliverySender.kick();

    for (const r of [nagato1, nagato2, misumi]) {
      const added = app.standIn!.messagesFor(r.user).slice(before[r.user]);
      expect(JSON.stringify(added), `the notice to ${r.district}`).toContain("park-plan-results.html");
    }
    expect(app.standIn!.messagesFor(yuya.user).length).toBe(before[yuya.user]);
    await shot("round-published");

    // The download links work with the staff member's session, as a click on them would.
    const download = (name: string) =>
      page.getByTestId("round-exports").getByRole("link", { name }).evaluate(async (a) => (await fetch((a as HTMLAnchorElement).href)).text());
    expect(await download("意見 CSV")).toContain("山田太郎");
    const results = await download("結果 CSV");
    expect(results).toContain("（氏名・住所を削除）");
    expect(results).not.toContain("山田太郎");
  });

  it("When staff build a poll with a single-choice and a 5-point question and seven residents answer, then the results show each option's count and percentage as bars", async () => {
    await goTo("アンケート");
    await page.getByRole("link", { name: "＋ 新規作成" }).click();
    await heading().getByText("アンケートの新規作成").waitFor();
    await page.getByLabel("件名").fill(pollTitle);
    await page.getByLabel("説明").fill("公園をよりよくするため、2問だけお答えください。");
    const first = page.getByTestId("question").nth(0);
    await first.getByLabel("質問文").fill("公園をどのくらい利用しますか？");
    await first.getByLabel("選択肢1", { exact: true }).fill("毎週");
    await first.getByLabel("選択肢2", { exact: true }).fill("毎月");
    await button("＋ 選択肢を追加", first).click();
    await first.getByLabel("選択肢3", { exact: true }).fill("ほとんど使わない");
    await button("＋ 5段階").click();
    const second = page.getByTestId("question").nth(1);
    await second.getByLabel("質問文").fill("公園の満足度を教えてください。");
    await page.getByLabel("受付開始（日本時間）").fill(pollOpens);
    await page.getByLabel("締切（日本時間）").fill(pollCloses);
    await shot("poll-form");
    await button("作成する").click();
    await heading().getByText(pollTitle).waitFor();
    await expect.poll(() => page.getByTestId("status").innerText()).toBe("受付中");

    const poll = await app.db.prisma.poll.findFirstOrThrow({ where: { title: pollTitle } });
    expect(poll.questions).toMatchObject([
      { kind: "single", text: "公園をどのくらい利用しますか？", choices: [{ label: "毎週" }, { label: "毎月" }, { label: "ほとんど使わない" }] },
      { kind: "scale", text: "公園の満足度を教えてください。", choices: [] },
    ]);
    await app.runSchedules(new Date());

    for (const r of moreNagato) await becomeResident(r);
    const flowId = `poll-${poll.number}`;
    const answers: [TResident, string, string][] = [
      [nagato1, "毎週", "4"],
      [nagato2, "毎週", "5 満足"],
      [moreNagato[0]!, "毎週", "4"],
      [moreNagato[1]!, "毎週", "5 満足"],
      [moreNagato[2]!, "毎月", "3"],
      [yuya, "毎月", "4"],
      [misumi, "ほとんど使わない", "5 満足"],
    ];
    for (const [r, often, satisfaction] of answers) await answerPoll(r, flowId, often, satisfaction);
    await expect.poll(() => app.db.prisma.pollResponse.count({ where: { pollId: poll.id } })).toBe(7);

    await button("最新にする").click();
    await expect.poll(() => page.getByTestId("response-count").innerText()).toBe("7件");
    await expect.poll(() => page.getByTestId("participation-rate").innerText()).toBe("100.0%"); // everyone who follows answered
    await expect.poll(() => bar(0, "毎週").getByTestId("bar-value").innerText()).toBe("4件 (57.1%)");
    await expect.poll(() => bar(0, "毎月").getByTestId("bar-value").innerText()).toBe("2件 (28.6%)");
    await expect.poll(() => bar(0, "ほとんど使わない").getByTestId("bar-value").innerText()).toBe("1件 (14.3%)");
    await expect.poll(() => bar(1, "4").getByTestId("bar-value").innerText()).toBe("3件 (42.9%)");
    await expect.poll(() => bar(1, "5（満足）").getByTestId("bar-value").innerText()).toBe("3件 (42.9%)");
    await expect.poll(() => bar(1, "1（不満）").getByTestId("bar-value").innerText()).toBe("0件 (0.0%)");
    // The bar is as long as its share.
    await expect.poll(() => bar(0, "毎週").locator(".bar-fill").evaluate((el) => (el as HTMLElement).style.width)).toBe("57.1%");
    // 三隅 and 油谷 have one respondent each: never shown on their own (merged, with 長門 so the merged
    // group cannot be worked out by subtraction), and staff are told why.
    const byDistrict = page.getByTestId("question-result").nth(0).getByTestId("by-district");
    await expect.poll(() => byDistrict.innerText()).toContain("その他（少数のため非表示）");
    await expect.poll(() => byDistrict.innerText()).not.toContain("三隅");
    await expect.poll(() => page.getByTestId("suppressed-note").first().innerText()).toContain("5人未満のグループは表示していません");
    await shot("poll-results");
    const csv = await page.getByTestId("export-csv").evaluate(async (a) => (await fetch((a as HTMLAnchorElement).href)).text());
    expect(csv.split("\r\n").filter((line) => line.includes("ほとんど使わない"))).toHaveLength(1);
  });

  it("When an administrator opens 操作履歴, then the round's and the poll's actions are listed, newest first, and can be filtered", async () => {
    await goTo("操作履歴");
    await page.getByTestId("audit-table").waitFor();
    const actions = await page.getByTestId("audit-row").evaluateAll((rows) => rows.map((r) => r.getAttribute("data-action")));
    for (const action of ["staff.login_failed", "staff.login", "round.created", "round.published", "poll.created"]) expect(actions).toContain(action);
    expect(actions.indexOf("poll.created")).toBeLessThan(actions.indexOf("round.created"));
    await shot("audit");
    await page.getByLabel("操作の種類").selectOption({ label: "アンケート" });
    await button("絞り込む").click();
    await expect.poll(async () => (await page.getByTestId("audit-row").evaluateAll((rows) => rows.map((r) => r.getAttribute("data-action")))).every((a) => a?.startsWith("poll."))).toBe(true);
  });

  it("When an administrator adds a staff member, then the password is shown once and works; anyone can issue their own API token from the header", async () => {
    await goTo("職員");
    const form = page.getByTestId("staff-form");
    await form.getByLabel("ログインID").fill("sato");
    await form.getByLabel("氏名").fill("佐藤 次郎");
    await form.getByLabel("権限").selectOption("staff");
    await button("職員を追加", form).click();
    const secret = page.getByTestId("secret-dialog");
    const newPassword = await secret.getByTestId("secret").innerText();
    expect(newPassword.length).toBeGreaterThanOrEqual(10);
    await shot("staff-password");
    await button("閉じる", secret).click();
    await page.getByTestId("staff-row").filter({ hasText: "佐藤 次郎" }).waitFor();
    const login = await fetch(`${app.url}/api/admin/login`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ loginId: "sato", password: newPassword }) });
    expect(login.status).toBe(200);

    await button("APIトークン").click();
    await button("発行する", page.getByTestId("confirm-dialog")).click();
    const token = await page.getByTestId("secret-dialog").getByTestId("secret").innerText();
    await button("閉じる", page.getByTestId("secret-dialog")).click();
    const me = await fetch(`${app.url}/api/admin/me`, { headers: { authorization: `Bearer ${token}` } });
    expect(((await me.json()) as { staff: { loginId: string } }).staff.loginId).toBe("tanaka");
  });

  it("When the console is used on a tablet, then the round's page fits the screen; LINE accepted every message and the page raised no error", async () => {
    const round = await app.db.prisma.round.findFirstOrThrow({ where: { title: roundTitle } });
    await page.setViewportSize({ width: 820, height: 1180 });
    await page.goto(`${app.url}/admin/#/rounds/${round.id}`);
    await heading().getByText(roundTitle).waitFor();
    await commentRow("計画に賛成です。").waitFor();
    await expect.poll(() => page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(820);
    await shot("tablet-round");
    expect(app.standIn!.rejected()).toEqual([]);
    expect(pageErrors).toEqual([]);
  });
});
