// やさしい日本語 end to end through the LINE stand-in: a resident who chooses 「やさしい にほんご」
// goes through onboarding, the sample poll, a comment on a round, an event sign-up and 「マイデータ」, and every
// text they receive passes the plain-language check; a resident who chose 日本語 goes the same way.
// Their messages are measured (mean sentence length, kanji share) and the figures printed.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadJapaneseTokenizer } from "../src/domain/language/japaneseTokenizer.ts";
import { checkPlainJapanese } from "../src/domain/language/plainJapanese/checkPlainJapanese.ts";
import { plainnessFigures } from "../src/domain/language/plainJapanese/plainnessFigures.ts";
import { readableStrings, runResidentJourney } from "./support/residentJourney.ts";
import { residentId, startTestApp, type TTestApp } from "./support/startTestApp.ts";
import { tokenAsStaff } from "./support/staffClient.ts";
import { easyJourneyItems } from "./support/easyJourneyItems.ts";

describe("やさしい日本語 on the embedded database", () => {
  let app: TTestApp;
  let items: { roundNumber: number; sectionId: string; eventNumber: number };

  beforeAll(async () => {
    app = await startTestApp("embedded");
    items = await easyJourneyItems(await tokenAsStaff(app, "easy-staff", "staff"));
    // Migrating a fresh embedded database takes a while on a busy machine.
  }, 240_000);
  afterAll(async () => {
    await app?.stop();
  });

  it("When a resident chooses やさしい にほんご, then onboarding, the poll, a comment and a sign-up reach them only in plain Japanese, measurably plainer than the Japanese", async () => {
    const tokenize = await loadJapaneseTokenizer();
    const easyUser = residentId("easy-journey");
    const jaUser = residentId("ja-journey");
    const easyMessages = await runResidentJourney(app, easyUser, "easy", items);
    const jaMessages = await runResidentJourney(app, jaUser, "ja", items);

    // What they did was kept, as for anyone.
    const easy = await app.db.prisma.resident.findUniqueOrThrow({ where: { lineUserId: easyUser } });
    expect(easy.language).toBe("easy");
    expect(easy.consentedAt).not.toBeNull();
    expect(await app.db.prisma.comment.count({ where: { residentId: easy.id } })).toBe(1);
    expect(await app.db.prisma.eventRegistration.count({ where: { residentId: easy.id, status: "confirmed" } })).toBe(1);
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
        "Plainness of what the resident received (onboarding, poll, comment, event sign-up, マイデータ):",
        `  日本語            ${jaFigures.sentences} sentences, mean ${jaFigures.meanSentenceLength.toFixed(1)} characters, kanji ${(jaFigures.kanjiShare * 100).toFixed(1)}%`,
        `  やさしい日本語    ${easyFigures.sentences} sentences, mean ${easyFigures.meanSentenceLength.toFixed(1)} characters, kanji ${(easyFigures.kanjiShare * 100).toFixed(1)}%`,
      ].join("\n"),
    );
    expect(easyFigures.meanSentenceLength).toBeLessThan(jaFigures.meanSentenceLength);
    expect(easyFigures.kanjiShare).toBeLessThan(jaFigures.kanjiShare * 0.75);
    // Two residents' whole journeys, one webhook at a time.
  }, 240_000);
});
