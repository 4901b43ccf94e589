import { beforeAll, describe, expect, it } from "vitest";
import { loadJapaneseTokenizer, type TTokenize } from "../domain/language/japaneseTokenizer.ts";
import { actionNames } from "../domain/actions.ts";
import { loadFlows, parseFlowFile } from "../flows/loadFlows.ts";
import { readFile } from "node:fs/promises";
import { plainFlowWarnings } from "./plainFlowWarnings.ts";

let tokenize: TTokenize;
beforeAll(async () => {
  tokenize = await loadJapaneseTokenizer();
});

const source = `format: 1
id: parks
title: { ja: 公園, en: Parks, easy: こうえん }
steps:
  - id: ask
    say:
      - text:
          ja: 公園に行きましたか？
          easy: "本日 公園に 行きましたか？"
      - text: { ja: 満足度を教えてください。, en: How satisfied are you? }
    ask: { kind: yesno, save: visited }
    end: true
`;

describe("plainFlowWarnings", () => {
  it("When an easy text breaks a rule, then the warning names file:line:column of the word; a text without easy is named too", () => {
    const parsed = parseFlowFile("flows/parks.yaml", source);
    if (!("flow" in parsed)) throw new Error(JSON.stringify(parsed.problems));
    const warnings = plainFlowWarnings(parsed.flow, source, tokenize);
    const hard = warnings.find((w) => w.rule === "hard-word");
    // Line 9 is `          easy: "本日 公園に 行きましたか？"`: 本日 starts at column 18.
    expect(hard).toMatchObject({ file: "flows/parks.yaml", line: 9, column: 18, path: "steps.0.say.0.text.easy" });
    expect(hard!.message).toContain("「きょう」");
    const missing = warnings.filter((w) => w.rule === "missing-easy");
    expect(missing.map((w) => [w.path, w.line])).toEqual([["steps.0.say.1.text", 10]]);
  });

  it("When the shipped flows are checked, then what easy readers get has no flag and every text has an easy version", async () => {
    const set = await loadFlows("flows", actionNames);
    const warnings = [];
    for (const flow of set.flows) warnings.push(...plainFlowWarnings(flow, await readFile(flow.file, "utf8"), tokenize));
    expect(warnings).toEqual([]);
  });
});
