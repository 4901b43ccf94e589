// The plain-language check (やさしい日本語) for the console: it checks what staff type, as they
// type, and proposes readings for kanji. Advice only: nothing is stored or refused.
import { z } from "zod";
import { loadJapaneseTokenizer } from "../../domain/language/japaneseTokenizer.ts";
import { addReadings } from "../../domain/language/plainJapanese/addReadings.ts";
import { checkPlainJapanese } from "../../domain/language/plainJapanese/checkPlainJapanese.ts";
import { plainnessFigures } from "../../domain/language/plainJapanese/plainnessFigures.ts";
import { plainRuleLabels, ZPlainFlag } from "../../domain/language/plainJapanese/plainRules.ts";
import { defineRoute } from "../defineRoute.ts";

const tag = "plain-language";

export const ZPlainCheckInput = z.object({ text: z.string().max(10_000) }).strict();
export const ZPlainCheckResponse = z.object({
  flags: z.array(ZPlainFlag.extend({ label: z.string() })),
  figures: z.object({ sentences: z.int(), meanSentenceLength: z.number(), kanjiShare: z.number() }),
});
export const ZReadingsResponse = z.object({ text: z.string() });

export function plainLanguageRoutes() {
  return [
    defineRoute({
      method: "post", path: "/plain-japanese/check", tag, role: "viewer",
      summary: "Checks a text against the やさしい日本語 guideline (2020): each flag has its rule, place, excerpt, explanation and suggestion; never blocks anything",
      body: ZPlainCheckInput,
      response: ZPlainCheckResponse,
      handler: async ({ body }) => {
        const tokenize = await loadJapaneseTokenizer();
        const { sentences, meanSentenceLength, kanjiShare } = plainnessFigures([body.text]);
        const flags = checkPlainJapanese(body.text, tokenize).map((f) => ({ ...f, label: plainRuleLabels[f.rule] }));
        return ZPlainCheckResponse.parse({ flags, figures: { sentences, meanSentenceLength, kanjiShare } });
      },
    }),
    defineRoute({
      method: "post", path: "/plain-japanese/readings", tag, role: "viewer",
      summary: "The text with readings after its kanji, 漢字（かんじ）, for staff to review before saving",
      body: ZPlainCheckInput,
      response: ZReadingsResponse,
      handler: async ({ body }) => ({ text: addReadings(body.text, await loadJapaneseTokenizer()) }),
    }),
  ];
}
