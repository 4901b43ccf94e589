// How much plainer the bot is in やさしい日本語 than in Japanese, measured on what residents receive:
// one resident per language goes through onboarding, the sample poll, a comment on a round, an
// event sign-up and a volunteer shift sign-up (test/support/residentJourney.ts) against the stand-in on an embedded database;
// the figures are the mean sentence length (characters, spaces not counted) and the share of kanji
// among Japanese letters, beside the guideline's targets, with the checker's flag count.
//
//   npm run text:plainness
//
// Exit code 0 when the easy texts are shorter, have fewer kanji and carry no flag; 1 otherwise.
import { loadJapaneseTokenizer } from "../src/domain/language/japaneseTokenizer.ts";
import { checkPlainJapanese } from "../src/domain/language/plainJapanese/checkPlainJapanese.ts";
import { plainnessFigures } from "../src/domain/language/plainJapanese/plainnessFigures.ts";
import { ZPlainOptions } from "../src/domain/language/plainJapanese/plainRules.ts";
import { easyJourneyItems } from "../test/support/easyJourneyItems.ts";
import { readableStrings, runResidentJourney } from "../test/support/residentJourney.ts";
import { residentId, startTestApp } from "../test/support/startTestApp.ts";
import { tokenAsStaff } from "../test/support/staffClient.ts";

const app = await startTestApp("embedded");
try {
  const tokenize = await loadJapaneseTokenizer();
  const items = await easyJourneyItems(await tokenAsStaff(app, "plainness-staff", "staff"));
  const targets = ZPlainOptions.parse({});
  const rows = [];
  for (const language of ["ja", "easy"] as const) {
    const messages = await runResidentJourney(app, residentId(`plainness-${language}`), language, items);
    const strings = messages.flatMap((m) => readableStrings(m));
    // Sentences are measured in what residents read as sentences, not in button labels.
    const figures = plainnessFigures(messages.flatMap((m) => readableStrings(m, { labels: false })));
    const flags = strings.flatMap((s) => checkPlainJapanese(s, tokenize)).length;
    rows.push({ language, ...figures, flags });
  }
  const [ja, easy] = rows as [(typeof rows)[number], (typeof rows)[number]];
  const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
  console.log("What one resident receives: onboarding, the sample poll, a comment, an event sign-up, a volunteer shift sign-up, マイデータ");
  console.log("  language   texts  sentences  mean sentence length  kanji share  checker flags (labels too)");
  for (const r of rows) {
    console.log(`  ${r.language.padEnd(8)} ${String(r.texts).padStart(7)}  ${String(r.sentences).padStart(9)}  ${r.meanSentenceLength.toFixed(1).padStart(14)} chars  ${pct(r.kanjiShare).padStart(11)}  ${String(r.flags).padStart(13)}`);
  }
  console.log(`  target for easy: each sentence ≤ ${targets.maxSentenceLength} characters, each text ≤ ${pct(targets.maxKanjiShare)} kanji, no flag`);
  console.log(`  easy vs ja: sentences ${((1 - easy.meanSentenceLength / ja.meanSentenceLength) * 100).toFixed(0)}% shorter, kanji share ${((1 - easy.kanjiShare / ja.kanjiShare) * 100).toFixed(0)}% lower`);
  const ok = easy.meanSentenceLength < ja.meanSentenceLength && easy.kanjiShare < ja.kanjiShare && easy.flags === 0;
  console.log(ok ? "PASS" : "FAIL");
  process.exitCode = ok ? 0 : 1;
} finally {
  await app.stop();
}
