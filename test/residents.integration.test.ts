// What residents see, through the LINE stand-in: an English-speaking resident walks through every
// flow and every kind of item staff create and meets no Japanese (but a name staff wrote without a
// translation); natural answers (an age in years, わかりました, おわり) are understood; a pick can be
// taken back; a scale's ends are named; my data is readable; a message nobody understands reaches the
// staff inbox, and the resident is told so in English.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { residentId, startTestApp, type TTestApp } from "./support/startTestApp.ts";
import { loginAsStaff, type TStaffClient } from "./support/staffClient.ts";
import { residentView, type TLineMessage } from "./support/conversationHelpers.ts";
import { flexActions } from "./support/flexActions.ts";

const HOUR = 3600_000;
const DAY = 24 * HOUR;

/** Kana, kanji, CJK punctuation (「」、。〜) and full-width forms (：（）): what an English reader cannot read. */
const JAPANESE = /[\u3000-\u303f\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef]/u;

/** Every text a message shows: its text, alt text, and every text and label inside a Flex message or template. */
function textsIn(m: TLineMessage): string[] {
  const found: string[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (typeof node !== "object" || node === null) return;
    for (const [key, value] of Object.entries(node)) {
      if (typeof value === "string" && ["text", "altText", "label", "displayText", "title"].includes(key)) found.push(value);
      else walk(value);
    }
  };
  walk(m);
  return found;
}

/** A Tokyo day `days` from now at HH:MM, as an instant. */
function tokyoAt(days: number, clock: string): Date {
  const tokyo = new Date(Date.now() + 9 * HOUR + days * DAY);
  const [h, m] = clock.split(":").map(Number) as [number, number];
  return new Date(Date.UTC(tokyo.getUTCFullYear(), tokyo.getUTCMonth(), tokyo.getUTCDate(), h, m) - 9 * HOUR);
}
/** The next Saturday at least a week ahead, at HH:MM Tokyo. */
function saturdayAt(clock: string): Date {
  for (let d = 7; ; d++) {
    const at = tokyoAt(d, clock);
    if (new Date(at.getTime() + 9 * HOUR).getUTCDay() === 6) return at;
  }
}

describe("What residents see", () => {
  let app: TTestApp;
  let staff: TStaffClient;
  const run = () => app.runSchedules(new Date());

  beforeAll(async () => {
    app = await startTestApp("postgresql");
    staff = await loginAsStaff(app, "residents-staff", "staff");
  });
  afterAll(async () => {
    await app?.stop();
  });

  it("When an English-speaking resident goes through every flow and every kind of staff item, then nothing they receive is in Japanese but a name staff left untranslated", async () => {
    const user = residentId("english-walk");
    const r = residentView(app, user);
    const untranslated = "ながと海の会"; // an organizer staff wrote without an English name

    // Staff create one of each kind, with English.
    const round = await staff.request("POST", "/rounds", {
      title: "第3次総合計画（素案）",
      titleEn: "Third City Plan (draft)",
      summary: "これから10年のまちづくりの計画です。",
      summaryEn: "The city's plan for the next ten years.",
      documentUrl: "https://www.city.example.jp/plan/draft.pdf",
      sections: [{ id: "s1", title: "第1章 子育て", titleEn: "1 Childcare" }],
      opensAt: new Date(Date.now() - 60_000).toISOString(),
      closesAt: new Date(Date.now() + 10 * DAY).toISOString(),
    });
    expect(round.status, round.text).toBe(201);
    const poll = await staff.request("POST", "/polls", {
      title: "公園アンケート",
      titleEn: "Parks survey",
      description: "公園をよくするために",
      descriptionEn: "Help us improve the parks",
      opensAt: new Date(Date.now() - 60_000).toISOString(),
      closesAt: new Date(Date.now() + 10 * DAY).toISOString(),
      questions: [
        { id: "uses", kind: "multiple", text: "公園で何をしますか？", textEn: "What do you do in parks?", choices: [{ value: "walk", label: "散歩", labelEn: "Walk" }, { value: "play", label: "遊ぶ", labelEn: "Play" }] },
        { id: "rating", kind: "scale", text: "満足度は？", textEn: "How satisfied are you?", scaleLabels: { low: "不満", high: "満足", lowEn: "Unhappy", highEn: "Happy" } },
        { id: "idea", kind: "text", text: "ご意見をどうぞ。", textEn: "Any ideas?", maxLength: 200 },
      ],
    });
    expect(poll.status, poll.text).toBe(201);
    const event = await staff.request("POST", "/events", {
      title: "国際交流カフェ",
      titleEn: "International cafe",
      description: "お茶を飲みながら話しましょう。",
      descriptionEn: "Let's talk over tea.",
      place: "長門市役所",
      placeEn: "Nagato City Hall",
      organizer: untranslated,
      startsAt: tokyoAt(12, "14:00").toISOString(),
      endsAt: tokyoAt(12, "16:00").toISOString(),
      signupDeadline: tokyoAt(11, "17:00").toISOString(),
      capacity: 10,
      mapUrl: "https://maps.example.org/?q=hall",
    });
    expect(event.status, event.text).toBe(201);

    // Onboarding: after choosing English, everything is in English; the age is typed in years.
    await r.follow();
    await r.tap("English");
    const from = r.messages().length;
    expect(r.texts().at(-1)).toContain("Do you agree to this?");
    await r.say("OK");
    await r.say("34");
    await r.tap("Nagato");
    await r.tap("Environment");
    await r.tap("Done");
    expect(r.texts().join("\n")).toContain("Age: 30s");

    await r.say("menu");
    await r.say("help");
    // A consented resident's message no flow handles goes to the staff inbox: they are told, in English, a person reads it.
    await r.say("what is this bot??");
    expect(r.texts().at(-1)).toMatch(/^Thank you, we have your message\.\nA member of city staff will read it and reply in this chat\.\nWe are (open now \(weekdays 08:30–17:15\)\. Please wait a little while we read it\.|closed now \(open weekdays 08:30–17:15\)\. Staff will read it from \w{3}, \w{3} \d{1,2}, \d{1,2}:\d{2} [ap]m\.)$/);

    // The sample survey, with a pick taken back.
    await r.say("survey");
    await r.tap("Never");
    await r.tap("Health concerns");
    await r.tap("✕ Health concerns");
    await r.tap("Other");
    await r.tap("Done");
    expect(r.quickReplyLabels()).toEqual(["1 Not at all", "2", "3", "4", "5 Very much"]);
    await r.tap("3");
    await r.tap("LINE");
    await r.tap("Done");
    await r.tap("No");
    // The pick taken back is not in the answer.
    const reasons = await app.db.prisma.answer.findFirstOrThrow({ where: { resident: { lineUserId: user }, flowId: "poll-community", name: "reasons" } });
    expect(reasons.value).toEqual(["other"]);

    // The staff poll, from the list.
    await r.say("polls");
    await r.tap("Answer");
    await r.tap("Walk");
    await r.tap("Done");
    expect(r.quickReplyLabels()).toEqual(["1 Unhappy", "2", "3", "4", "5 Happy"]);
    await r.tap("5 Happy");
    await r.say("More benches");
    expect(r.texts().join("\n")).toContain("Thank you, your answer has been received!");

    // A comment on the draft, finished by typing "done".
    await r.say("public comment");
    await r.tap("Write a comment");
    await r.tap("1 Childcare");
    await r.say("Please add more nurseries.");
    await r.say("done");
    expect(r.quickReplyLabels()).toEqual(["Finish", "Keep writing"]);
    await r.tap("Finish");
    expect(r.texts().at(-1)).toContain("Do you agree to how we handle comments (above) and send it?");
    await r.tap("Yes");
    expect(r.texts().at(-1)).toContain("Receipt number: R");
    await r.say("my comments");

    // The event: announced, signed up for, listed.
    expect((await staff.request("POST", `/events/${event.json.event.id}/announce`, {})).status).toBe(200);
    await run();
    await r.say("events");
    await r.tap("Sign up");
    await r.tap("Yes");
    expect(r.texts().at(-1)).toContain("You are signed up!");
    await r.say("my events");

    // Volunteering: register, get invited, join a shift.
    await r.say("volunteer");
    for (const tap of ["Environment", "Done", "Physical work", "Done", "Nagato", "Done", "Weekend mornings", "Done"]) await r.tap(tap);
    const sat = saturdayAt("09:00");
    const opportunity = await staff.request("POST", "/opportunities", {
      title: "海岸清掃",
      titleEn: "Beach clean-up",
      description: "ごみを拾います。",
      descriptionEn: "We pick up litter on the beach.",
      organizer: untranslated,
      areas: ["environment"],
      districts: ["nagato"],
      shifts: [{ startsAt: sat.toISOString(), endsAt: new Date(sat.getTime() + 3 * HOUR).toISOString(), place: "青海島海岸", placeEn: "Omijima beach", needed: 5 }],
    });
    expect(opportunity.status, opportunity.text).toBe(201);
    expect((await staff.request("POST", `/opportunities/${opportunity.json.opportunity.id}/invite`, {})).json).toMatchObject({ invited: 1 });
    await run();
    await r.tap("Join");
    await r.tap("Yes");
    expect(r.texts().at(-1)).toContain("You're signed up. Thank you!");
    await r.say("my shifts");

    // What staff send later: a message to attendees, reminders with the city's note, the results, thanks, a cancellation.
    const admin = await loginAsStaff(app, "residents-admin", "admin");
    expect((await admin.request("PUT", "/settings", { reminders: { note: "雨天決行です。", noteEn: "It goes ahead rain or shine." } })).status).toBe(200);
    const message = await staff.request("POST", `/events/${event.json.event.id}/message`, { text: "受付は2階です。", textEn: "Reception is on the 2nd floor." });
    expect(message.status, message.text).toBe(200);
    const eventStart = new Date(event.json.event.startsAt);
    for (const at of [new Date(sat.getTime() - 2 * HOUR), new Date(eventStart.getTime() - 2 * HOUR)].sort((a, b) => a.getTime() - b.getTime())) await app.runSchedules(at);
    await run();
    expect(r.texts().join("\n")).toContain("It goes ahead rain or shine.");
    expect((await staff.request("POST", `/rounds/${round.json.round.id}/publish`)).status).toBe(200);
    const shiftId = opportunity.json.opportunity.shifts[0].id;
    const signup = (await staff.request("GET", `/shifts/${shiftId}/signups`)).json.signups[0];
    expect((await staff.request("PATCH", `/shifts/${shiftId}/signups/${signup.id}`, { attended: true, hours: 3 })).status).toBe(200);
    expect((await staff.request("POST", `/events/${event.json.event.id}/cancel`, { reason: "台風のため", reasonEn: "Because of the typhoon" })).status).toBe(200);
    await run();
    const later = r.texts().join("\n");
    for (const part of ["Reception is on the 2nd floor.", "[Reminder] Your event is coming up.", "Public comment results are out", "This time: 3 h", "Reason: Because of the typhoon"]) expect(later).toContain(part);

    // My data; cancel in the middle of a question.
    await r.say("my data");
    await r.tap("No");
    await r.say("register");
    await r.say("cancel");
    await r.say("cancel");

    const received = r.messages().slice(from);
    expect(received.length).toBeGreaterThan(40);
    // The language picker names each language in itself: 「日本語」 and 「やさしい にほんご」 are how Japanese and plain Japanese are offered.
    const japanese = received
      .flatMap(textsIn)
      .filter((t) => t !== "日本語" && t !== "やさしい にほんご")
      .map((t) => t.replaceAll(untranslated, ""))
      .filter((t) => JAPANESE.test(t));
    expect(japanese).toEqual([]);
    // The dates read in English.
    expect(received.flatMap(textsIn).join("\n")).toMatch(/(Mon|Tue|Wed|Thu|Fri|Sat|Sun), [A-Z][a-z]{2} \d{1,2}, \d{1,2}:\d{2} (am|pm)/);
    // Everything sent fits LINE's contract. (A reply refused for its token — a late or repeated reply on a
    // loaded machine, which the bot then pushes — is the sending edge's matter, not this test's.)
    expect(app.standIn!.rejected().filter((r) => !JSON.stringify(r).includes("Invalid reply token"))).toEqual([]);
  }, 120_000);

  it("When a 72-year-old answers naturally, then わかりました is consent, 72歳 is 70歳以上, every band is listed on screen, and a minor's guardian note says under 18", async () => {
    const r = residentView(app, residentId("natural-72"));
    await r.follow();
    await r.tap("日本語");
    await r.say("わかりました");
    // Eight bands: the question is a card listing all of them, 70歳以上 included.
    const card = r.last()!;
    expect(card.type).toBe("flex");
    expect([...new Set(flexActions(card).map((a) => a.label))]).toEqual(["17歳以下", "18〜29歳", "30代", "40代", "50代", "60代", "70歳以上", "答えない"]);
    await r.say("72歳");
    expect(r.texts().at(-1)).toContain("お住まいの地区");
    expect(await app.db.prisma.resident.findUniqueOrThrow({ where: { lineUserId: residentId("natural-72") } })).toMatchObject({ profile: { ageBand: "70plus" } });

    const teen = residentView(app, residentId("natural-17"));
    await teen.follow();
    await teen.tap("日本語");
    await teen.tap("はい");
    await teen.say("17");
    await teen.tap("長門");
    await teen.tap("決定");
    await teen.say("ボランティア");
    for (const tap of ["環境・美化", "決定", "力仕事", "決定", "長門", "決定", "土日午前", "決定"]) await teen.tap(tap);
    expect(teen.texts().at(-1)).toContain("18歳未満の方は、活動に参加する前に保護者の方の同意を得てください");
    expect(teen.texts().join("\n")).not.toContain("19歳以下");
  }, 60_000);

  it("When a resident shows マイデータ, then labels and values are readable, grouped with dates, and an unfinished survey is marked", async () => {
    const r = residentView(app, residentId("mydata-reader"));
    await r.follow();
    await r.tap("日本語");
    await r.tap("はい");
    await r.tap("70歳以上");
    await r.tap("油谷");
    await r.tap("福祉・介護");
    await r.tap("決定");
    await r.say("アンケート");
    await r.tap("参加したことがない");
    await r.say("やめる");
    await r.say("マイデータ");
    const shown = r.texts().slice(-2).join("\n");
    for (const part of ["【プロフィール】", "年代：70歳以上", "地区：油谷", "関心：福祉・介護", "【アンケート】", "地域活動への参加アンケート", "（途中で止めた回答）", "この1年間に、地域の活動に参加しましたか？：参加したことがない"]) {
      expect(shown).toContain(part);
    }
    expect(shown).toMatch(/\d{4}年\d{1,2}月\d{1,2}日\(.\)/);
    for (const raw of ["70plus", "participation", "never", "ageBand"]) expect(shown).not.toContain(raw);
  }, 60_000);
});
