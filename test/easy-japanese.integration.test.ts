// やさしい日本語 end to end through the LINE stand-in: a resident who chooses 「やさしい にほんご」
// goes through onboarding, the sample poll, a comment on a round, an event sign-up, a volunteer shift
// sign-up and 「マイデータ」, and every text they receive passes the plain-language check; a resident
// who chose 日本語 goes the same way. Their messages are measured (mean sentence length, kanji share)
// and the figures printed. Then staff message the shift's volunteers and a poll closes while the
// resident is in the middle of it: the message and the closing reminder reach them in easy too.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadJapaneseTokenizer } from "../src/domain/language/japaneseTokenizer.ts";
import { checkPlainJapanese } from "../src/domain/language/plainJapanese/checkPlainJapanese.ts";
import { plainnessFigures } from "../src/domain/language/plainJapanese/plainnessFigures.ts";
import { readableStrings, residentDriver, runResidentJourney, type TJourneyItems } from "./support/residentJourney.ts";
import { residentId, startTestApp, type TTestApp } from "./support/startTestApp.ts";
import { tokenAsStaff } from "./support/staffClient.ts";
import { easyJourneyItems } from "./support/easyJourneyItems.ts";

describe("やさしい日本語 on the embedded database", () => {
  let app: TTestApp;
  let items: TJourneyItems;
  let staff: Awaited<ReturnType<typeof tokenAsStaff>>;
  const easyUser = residentId("easy-journey");
  const jaUser = residentId("ja-journey");

  beforeAll(async () => {
    app = await startTestApp("embedded");
    staff = await tokenAsStaff(app, "easy-staff", "staff");
    items = await easyJourneyItems(staff);
    // Migrating a fresh embedded database takes a while on a busy machine.
  }, 240_000);
  afterAll(async () => {
    await app?.stop();
  });

  it("When a resident chooses やさしい にほんご, then onboarding, the poll, a comment and a sign-up reach them only in plain Japanese, measurably plainer than the Japanese", async () => {
    const tokenize = await loadJapaneseTokenizer();
    const easyMessages = await runResidentJourney(app, easyUser, "easy", items);
    const jaMessages = await runResidentJourney(app, jaUser, "ja", items);

    // What they did was kept, as for anyone.
    const easy = await app.db.prisma.resident.findUniqueOrThrow({ where: { lineUserId: easyUser } });
    expect(easy.language).toBe("easy");
    expect(easy.consentedAt).not.toBeNull();
    expect(await app.db.prisma.comment.count({ where: { residentId: easy.id } })).toBe(1);
    expect(await app.db.prisma.eventRegistration.count({ where: { residentId: easy.id, status: "confirmed" } })).toBe(1);
    expect(await app.db.prisma.shiftSignup.count({ where: { residentId: easy.id, shiftId: items.shiftId, status: "confirmed" } })).toBe(1);
    expect(await app.db.prisma.answer.count({ where: { residentId: easy.id, flowId: "poll-community" } })).toBeGreaterThanOrEqual(4);
    expect(app.standIn!.rejected()).toEqual([]);

    // Every string the easy resident read passes the checker: no flag at all.
    const easyStrings = easyMessages.flatMap((m) => readableStrings(m));
    expect(easyStrings.length).toBeGreaterThan(30);
    const flagged = easyStrings.flatMap((s) => checkPlainJapanese(s, tokenize).map((f) => `${f.rule}: ${f.excerpt} in 「${s.slice(0, 40)}」`));
    expect(flagged).toEqual([]);
    // The same journey in Japanese is not plain (so the check above can fail).
    const jaStrings = jaMessages.flatMap((m) => readableStrings(m));
    expect(jaStrings.flatMap((s) => checkPlainJapanese(s, tokenize)).length).toBeGreaterThan(10);

    // Sentences are measured in what residents read as sentences, not in button labels.
    const easyFigures = plainnessFigures(easyMessages.flatMap((m) => readableStrings(m, { labels: false })));
    const jaFigures = plainnessFigures(jaMessages.flatMap((m) => readableStrings(m, { labels: false })));
    console.log(
      [
        "Plainness of what the resident received (onboarding, poll, comment, event sign-up, volunteer shift sign-up, マイデータ):",
        `  日本語            ${jaFigures.sentences} sentences, mean ${jaFigures.meanSentenceLength.toFixed(1)} characters, kanji ${(jaFigures.kanjiShare * 100).toFixed(1)}%`,
        `  やさしい日本語    ${easyFigures.sentences} sentences, mean ${easyFigures.meanSentenceLength.toFixed(1)} characters, kanji ${(easyFigures.kanjiShare * 100).toFixed(1)}%`,
      ].join("\n"),
    );
    expect(easyFigures.meanSentenceLength).toBeLessThan(jaFigures.meanSentenceLength);
    expect(easyFigures.kanjiShare).toBeLessThan(jaFigures.kanjiShare * 0.75);
    // Two residents' whole journeys, one webhook at a time.
  }, 240_000);

  it("When staff message the shift's volunteers and a poll closes with the resident halfway, then both reach them in plain Japanese, staff's words from their easy versions", async () => {
    const tokenize = await loadJapaneseTokenizer();
    const easy = residentDriver(app, easyUser);
    const ja = residentDriver(app, jaUser);
    const from = easy.messages().length;
    // Quiet hours would hold what follows until the morning, whenever the test runs.
    const admin = await tokenAsStaff(app, "easy-admin", "admin");
    expect((await admin("PUT", "/settings", { quietHours: { enabled: false } })).status).toBe(200);

    // A message to the shift's volunteers, with its やさしい日本語 version.
    const message = await staff("POST", `/shifts/${items.shiftId}/message`, { text: "雨天の場合は中止し、前日の17時までにお知らせします。", textEasy: "雨の ときは やめます。 その 前の 日の ごご 5じまでに 知らせます。" });
    expect(message.status, message.text).toBe(200);
    expect(message.json).toMatchObject({ sent: true, recipients: 2 });
    await app.deliverySender.kick(new Date());
    const shiftMessage = (m: unknown) => JSON.stringify(m).includes("手伝う 人への おしらせ") || JSON.stringify(m).includes("ボランティアのお知らせ");
    await expect.poll(() => easy.messages().slice(from).filter(shiftMessage).length, { timeout: 60_000, interval: 200 }).toBe(1);
    await expect.poll(() => ja.messages().filter(shiftMessage).length, { timeout: 60_000, interval: 200 }).toBe(1);
    expect(JSON.stringify(ja.messages().filter(shiftMessage))).toContain("雨天の場合は中止し");

    // A poll closing within the day: announced at its opening, started, left halfway.
    const HOUR = 3600_000;
    const created = await staff("POST", "/polls", {
      title: "ごみの出し方アンケート",
      titleEasy: "ごみの 出し方の しつもん",
      description: "分別の分かりやすさについてお聞きします。",
      descriptionEasy: "ごみの わけ方に ついて 聞きます。",
      audience: {},
      opensAt: new Date(Date.now() - 60_000).toISOString(),
      closesAt: new Date(Date.now() + 12 * HOUR).toISOString(),
      questions: [
        { id: "hard", kind: "single", text: "ごみの分別は難しいですか？", textEasy: "ごみを わけるのは むずかしいですか？", choices: [{ value: "yes", label: "難しい", labelEasy: "むずかしい" }, { value: "no", label: "難しくない", labelEasy: "むずかしく ない" }] },
        { id: "why", kind: "text", text: "理由をお聞かせください。", textEasy: "どうしてですか？", maxLength: 200 },
      ],
    });
    expect(created.status, created.text).toBe(201);
    const pollFlow = `poll-${created.json.poll.number}`;
    await app.runSchedules(new Date());
    await expect.poll(() => easy.messages().some((m) => JSON.stringify(m).includes(`flow=${pollFlow}`)), { timeout: 60_000, interval: 200 }).toBe(true);
    await easy.tapFlow(pollFlow);
    await easy.tapValue("yes");
    const resident = await app.db.prisma.resident.findUniqueOrThrow({ where: { lineUserId: easyUser } });
    // An hour and more later (the reminder leaves alone whoever is answering right now).
    const left = await app.db.prisma.$executeRaw`UPDATE "Conversation" SET "updatedAt" = ${new Date(Date.now() - 2 * HOUR)} WHERE "residentId" = ${resident.id}::uuid AND "flowId" = ${pollFlow} AND "status" = 'active'`;
    expect(left).toBe(1);
    await app.runSchedules(new Date());
    const reminder = (m: unknown) => (m as { type: string }).type === "template" && JSON.stringify(m).includes(`flow=${pollFlow}`) && JSON.stringify(m).includes("おわります");
    await expect.poll(() => easy.messages().slice(from).filter(reminder).length, { timeout: 60_000, interval: 200 }).toBe(1);
    expect(JSON.stringify(easy.messages().slice(from).filter(reminder))).toContain("「ごみの 出し方の しつもん」は");

    // Everything since the journey: plain, and staff's Japanese nowhere.
    const strings = easy.messages().slice(from).flatMap((m) => readableStrings(m));
    expect(strings.join("\n")).toContain("雨の ときは やめます。");
    expect(strings.join("\n")).not.toMatch(/雨天|ごみの出し方アンケート|分別|海岸清掃|青海島 自然研究路/);
    expect(strings.flatMap((s) => checkPlainJapanese(s, tokenize).map((f) => `${f.rule}: ${f.excerpt} in 「${s.slice(0, 40)}」`))).toEqual([]);
    expect(app.standIn!.rejected()).toEqual([]);
  }, 240_000);
});
