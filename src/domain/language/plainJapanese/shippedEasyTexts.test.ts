// The bot's own texts in やさしい日本語 pass the plain-language check with no flag: system texts, the
// messages of every domain and the flows built from staff's items (the flow files are checked by
// src/cli/plainFlowWarnings.test.ts, the engine's prompts by test/easy-japanese.integration.test.ts).
// Staff's own words come from sample items written in plain Japanese, as staff would for easy readers.
import { beforeAll, describe, expect, it } from "vitest";
import { systemTexts } from "../../../conversation/systemTexts.ts";
import { flowTexts } from "../../../flows/flowTexts.ts";
import { type TOutMessage } from "../../../flows/engineTypes.ts";
import * as events from "../../events/eventMessages.ts";
import { buildSignupFlow } from "../../events/signupFlowSource.ts";
import * as polls from "../../polls/pollMessages.ts";
import { buildPollFlow } from "../../polls/pollFlowSource.ts";
import * as rounds from "../../rounds/roundMessages.ts";
import { buildRoundFlow } from "../../rounds/roundFlowSource.ts";
import * as volunteers from "../../volunteers/volunteerMessages.ts";
import { closingReminderMessage } from "../../delivery/closingReminders.ts";
import { loadJapaneseTokenizer, type TTokenize } from "../japaneseTokenizer.ts";
import { checkPlainJapanese } from "./checkPlainJapanese.ts";

let tokenize: TTokenize;
beforeAll(async () => {
  tokenize = await loadJapaneseTokenizer();
});

// The longest dates and times there are (12月10日（木） ごご 11じ 59ふん, 12月11日（金） ごぜん 11じ
// 59ふん): a sentence that fits only with shorter ones would fail at some hours of the day.
const at = new Date("2026-12-10T14:59:00Z");
const later = new Date("2026-12-11T02:59:00Z");

/** Every string in a message a resident reads (text, alt text, Flex texts and labels). */
function strings(node: unknown): string[] {
  if (typeof node === "string") return [node];
  if (Array.isArray(node)) return node.flatMap(strings);
  if (typeof node !== "object" || node === null) return [];
  return Object.entries(node).flatMap(([k, v]) => (["data", "uri", "url", "type", "style", "color", "size", "layout", "weight", "spacing", "height", "margin", "align", "gravity", "aspectMode", "aspectRatio", "flex", "wrap", "offsetTop", "offsetBottom", "position", "paddingAll", "cornerRadius", "backgroundColor", "borderColor", "borderWidth", "mode", "initial", "max", "min", "decoration", "imageUrl", "previewImageUrl", "originalContentUrl", "width", "justifyContent", "alignItems"].includes(k) ? [] : strings(v)));
}
const messageStrings = (m: TOutMessage | TOutMessage[]) => strings(m).filter((s) => /[\p{Script=Hiragana}\p{Script=Han}\p{Script=Katakana}]/u.test(s));

function flagsIn(texts: string[]): string[] {
  return texts.flatMap((t) => checkPlainJapanese(t, tokenize).map((f) => `${f.rule}: ${f.excerpt} — in 「${t.slice(0, 50)}」`));
}

const event: events.TEventFacts = {
  number: 4, title: "まちなか清掃", description: "商店街の清掃です。", imageUrl: null, startsAt: at, endsAt: later, place: "長門市役所 前庭",
  mapUrl: "https://maps.example.org/?q=x", signupDeadline: at, organizer: "長門青年会",
  titleEasy: "町を きれいに する 日", descriptionEasy: "みんなで 町を そうじ します。", placeEasy: "市役所の 前", organizerEasy: "長門（ながと）の 町の 人たち",
};
const round = {
  id: "r1", number: 3, title: "第3次総合計画（素案）", summary: "計画の素案です。", documentUrl: "https://example.jp/plan.pdf", closesAt: later, identity: "name_address", version: 1,
  sections: [{ id: "s1", title: "第1章 子育て", titleEasy: "1. 子ども" }], titleEasy: "町の 計画（けいかく）", summaryEasy: "これからの 町の 計画です。",
};
const poll = { number: 2, title: "公園の使い方アンケート", description: "ご協力ください。", closesAt: later, questionCount: 3, titleEasy: "公園の しつもん", descriptionEasy: "公園に ついて 聞きます。" };
const shift: volunteers.TShiftFacts = { id: "0b7d3c1e-0000-4000-8000-000000000001", title: "海岸清掃", organizer: null, startsAt: at, endsAt: later, place: "青海島 海岸" };

describe("The bot's own texts in やさしい日本語", () => {
  it("When system texts are read in easy, then each has an easy version and none is flagged", () => {
    const texts = Object.entries(systemTexts).map(([key, t]) => {
      expect(typeof t === "object" && "easy" in t, `systemTexts.${key} has an easy version`).toBe(true);
      return (t as { easy: string }).easy;
    });
    expect(flagsIn(texts)).toEqual([]);
  });

  it("When round messages and the comment flow are read in easy, then none is flagged", () => {
    const mine: rounds.TMyComment = { receiptNumber: "R3-000123", roundTitle: "町の 計画（けいかく）", sectionTitle: "1. 子ども", body: "公園が ほしいです。", status: "submitted", submittedAt: at, roundOpen: true, closesAt: later, resultsUrl: "https://example.jp/r/3" };
    const texts = [
      ...messageStrings(rounds.announcementMessage(round, "easy")),
      ...messageStrings(rounds.openRoundsMessages([round], 13, "easy")),
      ...messageStrings(rounds.openRoundsMessages([], 0, "easy")),
      ...messageStrings(rounds.publishedMessage(round, "https://example.jp/r/3", "easy")),
      ...messageStrings(rounds.myCommentsMessages([mine, { ...mine, status: "withdrawn", roundOpen: false }, { ...mine, roundOpen: false, resultsUrl: null }], 20, "easy")),
      ...messageStrings(rounds.myCommentsMessages([], 0, "easy")),
      ...Object.values(rounds.roundTexts).map((f) => (f as (...a: unknown[]) => string)(...[mine, at, "easy"].slice(0, 0), ...argsFor(f, mine))),
      ...flowTexts(buildRoundFlow(round)).filter((t) => t.language === "easy" || t.language === "all").map((t) => t.text),
    ];
    expect(flagsIn(texts)).toEqual([]);
  });

  it("When event messages and the sign-up flow are read in easy, then none is flagged", () => {
    const r = { id: "g1", status: "confirmed" as const, companions: 1, position: null, facts: event, cancelled: false, receipt: "E4-1A2B3C4D", qrUrl: null };
    const texts = [
      ...messageStrings(events.announcementMessage(event, 3, "easy")),
      ...messageStrings(events.upcomingMessage([{ facts: event, seatsLeft: 0 }], "easy")),
      ...messageStrings(events.upcomingMessage([], "easy")),
      ...messageStrings(events.myRegistrationsMessage([r, { ...r, status: "waitlisted", position: 2 }, { ...r, cancelled: true }], 0, "easy")),
      ...messageStrings(events.myRegistrationsMessage([], 0, "easy")),
      events.seatsLine(2, "easy"), events.seatsLine(0, "easy"),
      ...(["cancelled", "deadline", "started", "missing"] as const).map((x) => events.closedText(x, "easy")),
      events.confirmedText(event, 1, "easy", "E4-1A2B3C4D"), events.waitlistedText(event, 2, "easy"), events.alreadyText(event, r, "easy"),
      events.promotedText(event, 0, "easy", "E4-1A2B3C4D"), events.reminderText(event, "dayBefore", "", "easy"), events.reminderText(event, "hourBefore", "", "easy"),
      events.eventCancelledText(event, "", "easy"), events.cancelQuestionText(event, r, "easy"), events.cancelledRegistrationText(event, "easy"),
      ...(["missing", "started", "cancelled"] as const).map((x) => events.cancelRefusedText(x, "easy")),
      ...flowTexts(buildSignupFlow({ id: "e1", number: 4, title: event.title, titleEasy: event.titleEasy, maxCompanions: 2 })).filter((t) => t.language === "easy" || t.language === "all").map((t) => t.text),
    ];
    expect(flagsIn(texts)).toEqual([]);
  });

  it("When poll messages and a poll's flow are read in easy, then none is flagged", () => {
    const questions = [
      { id: "q1", kind: "single", text: "公園に行きますか？", textEasy: "公園に 行きますか？", choices: [{ value: "a", label: "よく行く", labelEasy: "よく 行く" }, { value: "b", label: "行かない", labelEasy: "行かない" }], maxLength: 500 },
      { id: "q2", kind: "scale", text: "満足度", textEasy: "公園は いいですか？", scaleLabels: { low: "不満", high: "満足", lowEasy: "よくない", highEasy: "とても いい" }, choices: [], maxLength: 500 },
      { id: "q3", kind: "text", text: "ご意見", textEasy: "言いたい ことを 書いて ください。", choices: [], maxLength: 300 },
    ];
    const texts = [
      ...messageStrings(polls.announcementMessage(poll, "easy")),
      ...messageStrings(polls.announcementMessage(poll, "easy", { reminder: true })),
      ...messageStrings(polls.openPollsMessages([{ ...poll, answered: true }], 14, "easy")),
      ...messageStrings(polls.openPollsMessages([], 0, "easy")),
      polls.pollTexts.intro(poll, true, "easy"), polls.pollTexts.closed("easy"), polls.pollTexts.closedWhileAnswering("easy"), polls.pollTexts.notYet(at, "easy"),
      polls.pollTexts.missing("easy"), polls.pollTexts.outside("easy"), polls.pollTexts.noConsent("easy"), polls.pollTexts.saved(true, later, "easy"), polls.pollTexts.saved(false, later, "easy"),
      ...flowTexts(buildPollFlow({ id: "p1", number: 2, title: poll.title, titleEasy: poll.titleEasy, version: 1, questions })).filter((t) => t.language === "easy" || t.language === "all").map((t) => t.text),
    ];
    expect(flagsIn(texts)).toEqual([]);
  });

  it("When volunteer messages are read in easy, then none is flagged (staff's texts from their easy versions)", () => {
    const easyShift = { ...shift, titleEasy: "うみべの そうじ", placeEasy: "うみべ" };
    const opportunity = { title: "海岸清掃", description: "青海島の海岸を清掃します。", organizer: "長門青年会", titleEasy: "うみべの そうじ", descriptionEasy: "うみべを そうじ します。", organizerEasy: "長門（ながと）の 町の 人たち" };
    const texts = [
      ...messageStrings(volunteers.invitationMessages(opportunity, [{ ...easyShift, remaining: 3 }, { ...easyShift, remaining: 0 }], "easy")),
      volunteers.shiftSummaryText(easyShift, "easy"), volunteers.signupConfirmedText(easyShift, true, "easy"), volunteers.signupWaitlistedText(easyShift, 2, "easy"),
      volunteers.signupAlreadyText(easyShift, null, "easy"), volunteers.signupAlreadyText(easyShift, 2, "easy"), volunteers.signupClosedText("easy"),
      ...messageStrings(volunteers.notRegisteredMessage("easy")), volunteers.promotedText(easyShift, "easy"), volunteers.cancelledText(easyShift, "easy"),
      volunteers.reminderText(easyShift, "", "easy"), volunteers.thankYouText(easyShift, 2, 10.5, "easy"),
      volunteers.shiftStaffMessageText(easyShift, "雨の ときは 中止です。", "easy", null, "雨の ときは やめます。"),
      ...messageStrings(volunteers.myShiftsMessages([{ ...easyShift, signupId: "s1", position: null }, { ...easyShift, signupId: "s2", position: 1 }], 4, "easy")),
      ...messageStrings(volunteers.myShiftsMessages([], 0, "easy")),
      ...messageStrings(volunteers.openOpportunitiesMessages([{ ...easyShift, remaining: 2, suits: true }], 13, true, "easy")),
    ];
    expect(flagsIn(texts)).toEqual([]);
    // Staff's easy versions are what easy readers read, not the Japanese.
    expect(texts.join("\n")).not.toMatch(/海岸|清掃|青海島/);
  });

  it("When reminders and notices sent on a schedule are read in easy, then none is flagged", () => {
    const texts = [
      ...messageStrings(closingReminderMessage({ flowId: "poll-2", title: poll.title, titleEasy: poll.titleEasy, closesAt: later }, "easy")),
      events.staffMessageText(event, "雨天中止です。", "easy", null, "雨の ときは やめます。"),
      events.eventCancelledText(event, "荒天のため", "easy", null, "雨と 風が つよい からです。"),
      events.reminderText(event, "dayBefore", "のみものを もって きて ください。", "easy"),
    ];
    expect(flagsIn(texts)).toEqual([]);
    expect(texts.join("\n")).not.toMatch(/雨天|荒天|公園の使い方/);
  });
});

/** Arguments for each of roundTexts' functions, by how many it takes before `lang`. */
function argsFor(f: unknown, mine: rounds.TMyComment): unknown[] {
  const n = (f as (...a: unknown[]) => string).length;
  if (n === 1) return ["easy"];
  if (n === 2) return [f === rounds.roundTexts.withdrawConfirm ? mine : f === rounds.roundTexts.alreadyWithdrawn || f === rounds.roundTexts.withdrawn ? mine.receiptNumber : at, "easy"];
  return [mine.receiptNumber, later, "easy"];
}
