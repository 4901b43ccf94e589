import { describe, expect, it } from "vitest";
import { ZInboxSettings } from "../settings/settingsTypes.ts";
import { loadJapaneseTokenizer } from "../language/japaneseTokenizer.ts";
import { checkPlainJapanese } from "../language/plainJapanese/checkPlainJapanese.ts";
import { officeState } from "./officeHours.ts";
import { acknowledgement, replyHeading } from "./inboxTexts.ts";

const hours = ZInboxSettings.parse({});
const jst = (iso: string) => new Date(`${iso}+09:00`);

describe("office hours (平日 8:30–17:15 by default)", () => {
  it("When it is a weekday inside the hours, then staff are at work until 17:15", () => {
    expect(officeState(jst("2026-12-02T10:00:00"), hours)).toEqual({ open: true, closesAt: jst("2026-12-02T17:15:00") });
  });
  it("When it is before opening, after closing, on a weekend or a closed date, then the next working morning is named", () => {
    expect(officeState(jst("2026-12-02T07:59:00"), hours)).toEqual({ open: false, opensAt: jst("2026-12-02T08:30:00") });
    expect(officeState(jst("2026-12-02T17:15:00"), hours)).toEqual({ open: false, opensAt: jst("2026-12-03T08:30:00") });
    // Friday evening → Monday.
    expect(officeState(jst("2026-12-04T18:00:00"), hours)).toEqual({ open: false, opensAt: jst("2026-12-07T08:30:00") });
    const holidays = { ...hours, closedDates: ["2026-12-29", "2026-12-30", "2026-12-31", "2027-01-01", "2027-01-04"] };
    expect(officeState(jst("2026-12-28T18:00:00"), holidays)).toEqual({ open: false, opensAt: jst("2027-01-05T08:30:00") });
  });
  it("When no working day is set, then nobody reads at a known time", () => {
    expect(officeState(jst("2026-12-02T10:00:00"), { ...hours, officeDays: [] })).toEqual({ open: false, opensAt: null });
  });
});

describe("what a resident is told", () => {
  it("When they write outside office hours, then they read when a person will read it, in their language", () => {
    const at = jst("2026-12-04T18:00:00");
    expect(acknowledgement("ja", at, hours)).toContain("職員が読んで");
    expect(acknowledgement("ja", at, hours)).toContain("12月7日(月) 8:30以降に読みます");
    expect(acknowledgement("en", at, hours)).toContain("Mon, Dec 7, 8:30 am");
    expect(acknowledgement("easy", at, hours)).toContain("12月7日（月） ごぜん 8じ 30ぷん から 読みます");
    expect(acknowledgement("ja", jst("2026-12-02T10:00:00"), hours)).toContain("いまは受付時間内です（平日 08:30–17:15）");
  });

  it("When the texts are in やさしい日本語, then the plain-language check has nothing to say about them", async () => {
    const tokenize = await loadJapaneseTokenizer();
    const texts = [
      acknowledgement("easy", jst("2026-12-02T10:00:00"), hours),
      acknowledgement("easy", jst("2026-12-04T18:00:00"), hours),
      acknowledgement("easy", jst("2026-12-02T10:00:00"), { ...hours, officeDays: [] }),
      replyHeading("easy", { kind: "inquiry" }),
      replyHeading("easy", { kind: "comment", receiptNumber: "C-2026-0001" }),
      replyHeading("easy", { kind: "pollAnswer", pollTitle: "公園" }),
    ];
    for (const text of texts) expect(checkPlainJapanese(text, tokenize), text).toEqual([]);
  }, 60_000);
});
