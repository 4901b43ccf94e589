// Events end to end: staff create and announce through the admin API, residents sign up and cancel
// through the LINE stand-in, capacity holds under simultaneous taps, the waiting list moves up,
// reminders go once at the set time (and wait for the end of quiet hours), exports round-trip.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { EventRegistrations } from "../src/domain/events/EventRegistrations.ts";
import { databaseKinds } from "./support/testDatabases.ts";
import { residentId, startTestApp, type TTestApp } from "./support/startTestApp.ts";
import { onboard } from "./support/conversationHelpers.ts";
import { tokenAsStaff, type TStaffClient } from "./support/staffClient.ts";
import { readQr } from "./support/readQr.ts";

const HOUR = 3600_000;
const JST = 9 * HOUR;
const jst = (s: string) => new Date(`${s}+09:00`);

/** The Tokyo calendar day `days` from today, at "HH:MM" Tokyo time. */
function tokyoDay(days: number, clock: string): Date {
  const t = new Date(Date.now() + JST);
  return new Date(Date.UTC(t.getUTCFullYear(), t.getUTCMonth(), t.getUTCDate() + days, Number(clock.slice(0, 2)), Number(clock.slice(3))) - JST);
}

/** Staff calling the admin API with a bearer token (valid whatever the clock says; text keeps the BOM). */
type TApi = TStaffClient["request"];

let titles = 0;
function eventBody(overrides: Record<string, unknown> = {}) {
  return {
    title: `まちなか清掃 ${++titles}`,
    description: "みんなで商店街をきれいにします。軍手はこちらで用意します。",
    imageUrl: "https://example.org/cleanup.jpg",
    startsAt: tokyoDay(10, "10:00").toISOString(),
    endsAt: tokyoDay(10, "12:00").toISOString(),
    place: "長門市役所 前庭",
    mapUrl: "https://maps.example.org/?q=nagato-city-hall",
    capacity: 10,
    signupDeadline: tokyoDay(9, "17:00").toISOString(),
    audience: {},
    maxCompanions: 0,
    ...overrides,
  };
}

function lastText(app: TTestApp, user: string): string {
  const m = app.standIn!.messagesFor(user).at(-1) as { text?: string; altText?: string } | undefined;
  return m?.text ?? m?.altText ?? "";
}
const allText = (app: TTestApp, user: string) => JSON.stringify(app.standIn!.messagesFor(user));
const count = (haystack: string, needle: string) => haystack.split(needle).length - 1;

/** The postback data of the quick reply labelled so on the resident's last message. */
function quickReply(app: TTestApp, user: string, label: string): string {
  const m = app.standIn!.messagesFor(user).at(-1) as { quickReply?: { items: { action: { label: string; data?: string } }[] } };
  const data = m?.quickReply?.items.find((i) => i.action.label === label)?.action.data;
  if (!data) throw new Error(`no quick reply "${label}" after ${JSON.stringify(m)}`);
  return data;
}

describe.each(databaseKinds)("Events on %s", (kind) => {
  let app: TTestApp;
  let staff: TApi;
  let admin: TApi;
  let viewer: TApi;
  let registrations: EventRegistrations;

  beforeAll(async () => {
    app = await startTestApp(kind);
    [staff, admin, viewer] = await Promise.all([tokenAsStaff(app, `ev-staff-${kind}`, "staff"), tokenAsStaff(app, `ev-admin-${kind}`, "admin"), tokenAsStaff(app, `ev-viewer-${kind}`, "viewer")]);
    registrations = new EventRegistrations(app.deliveries);
  });
  afterAll(async () => {
    vi.useRealTimers();
    await app?.stop();
  });

  const prisma = () => app.db.prisma;
  const settle = () => app.processor.drain();
  async function postback(user: string, data: string, displayText?: string) {
    expect((await app.standIn!.sendPostback(user, data, undefined, displayText ? { displayText } : {})).status).toBe(200);
    await settle();
  }
  async function say(user: string, text: string) {
    expect((await app.standIn!.sendText(user, text)).status).toBe(200);
    await settle();
  }

  /** Taps by many residents at the same moment: one webhook request each, all in flight together. */
  async function atOnce(taps: [user: string, data: string, displayText: string][]) {
    const answers = await Promise.all(taps.map(([u, data, displayText]) => app.standIn!.sendPostback(u, data, undefined, { displayText })));
    expect(answers.map((a) => a.status)).toEqual(taps.map(() => 200));
    await settle();
  }

  /** Consented residents with a profile, made directly (onboarding is tested elsewhere). */
  async function residents(prefix: string, n: number, profile: Record<string, string | string[]> = { district: "nagato", ageBand: "18to29" }, consented = true) {
    const ids = Array.from({ length: n }, (_, i) => residentId(`${prefix}-${kind}-${i}`));
    await prisma().resident.createMany({ data: ids.map((lineUserId) => ({ lineUserId, profile: consented ? profile : {}, ...(consented ? { consentVersion: "2026-11", consentedAt: new Date() } : {}) })) });
    return ids;
  }
  const residentRow = (lineUserId: string) => prisma().resident.findUniqueOrThrow({ where: { lineUserId } });

  async function createEvent(overrides: Record<string, unknown> = {}) {
    const r = await staff("POST", "/events", eventBody(overrides));
    expect(r.status, r.text).toBe(201);
    return r.json.event as { id: string; number: number; title: string };
  }

  /** Signs up through the chat: 申し込む, companions if asked, はい. */
  async function signUp(user: string, eventNumber: number, companions?: number) {
    await postback(user, `flow=event-${eventNumber}`, "申し込む");
    if (companions !== undefined) await postback(user, quickReply(app, user, String(companions)), String(companions));
    await postback(user, quickReply(app, user, "はい"), "はい");
    return lastText(app, user);
  }

  /** Signs up directly through the service, as the chat's last step does. */
  async function register(user: string, eventId: string, companions = 0) {
    const resident = await residentRow(user);
    return prisma().$transaction((tx) => registrations.register(tx, { eventId, residentId: resident.id, companions, now: new Date() }));
  }

  it("When staff enter a deadline after the start, capacity 0 or a bad URL, then it is refused with Japanese messages and nothing is stored", async () => {
    const before = await prisma().event.count();
    const bad = await staff("POST", "/events", eventBody({ signupDeadline: tokyoDay(11, "10:00").toISOString(), capacity: 0, imageUrl: "http://example.org/x.jpg" }));
    expect(bad.status).toBe(400);
    const messages = (bad.json.issues as { path: string; message: string }[]).map((i) => `${i.path}: ${i.message}`);
    expect(messages).toEqual(
      expect.arrayContaining(["signupDeadline: 申し込み締切は開始日時より前にしてください", "capacity: 定員は1以上にしてください", "imageUrl: 画像のURLは https:// で始まるURLにしてください"]),
    );
    const past = await staff("POST", "/events", eventBody({ startsAt: tokyoDay(-1, "10:00").toISOString(), signupDeadline: tokyoDay(-2, "10:00").toISOString(), endsAt: null }));
    expect(past.status).toBe(400);
    expect(past.json.issues[0].message).toBe("開始日時は、これからの日時にしてください");
    expect((await viewer("POST", "/events", eventBody())).status).toBe(403);
    expect(await prisma().event.count()).toBe(before);
  });

  it("When staff announce an event, then its audience gets the card once (image, Tokyo time, place, 地図, 残り席, 申し込む), and tapping 申し込む signs up", async () => {
    const [fan] = await residents("announce-fan", 1, { district: "nagato", ageBand: "18to29", interests: ["international"] });
    const [other] = await residents("announce-other", 1, { district: "nagato", ageBand: "18to29", interests: ["culture"] });
    const [unconsented] = await residents("announce-none", 1, {}, false);
    const event = await createEvent({ title: "国際交流カフェ", audience: { interests: ["international"] }, startsAt: jst("2031-03-08T14:00:00").toISOString(), endsAt: null, signupDeadline: jst("2031-03-07T17:00:00").toISOString() });

    const first = await staff("POST", `/events/${event.id}/announce`, {});
    expect(first.status, first.text).toBe(200);
    expect(first.json).toMatchObject({ sent: true, recipients: 1, budget: { cost: 1, exceeds: false, limit: null } });
    expect((await staff("POST", `/events/${event.id}/announce`, {})).status).toBe(409);
    await app.deliverySender.kick();

    const cards = app.standIn!.messagesFor(fan!) as { type: string; contents: any }[];
    expect(cards).toHaveLength(1);
    const card = JSON.stringify(cards[0]);
    expect(cards[0]!.contents.hero.url).toBe("https://example.org/cleanup.jpg");
    expect(card).toContain("3月8日(土) 14:00");
    expect(card).toContain("長門市役所 前庭");
    expect(card).toContain('"残り席"');
    expect(card).toContain('"10席"');
    expect(cards[0]!.contents.footer.contents.map((b: { action: unknown }) => b.action)).toEqual([
      { type: "postback", label: "申し込む", data: `flow=event-${event.number}`, displayText: "申し込む" },
      { type: "uri", label: "地図", uri: "https://maps.example.org/?q=nagato-city-hall" },
    ]);
    expect(app.standIn!.messagesFor(other!)).toEqual([]);
    expect(app.standIn!.messagesFor(unconsented!)).toEqual([]);

    const signup = card.match(/"data":"(flow=event-\d+)"/)![1]!;
    expect(signup).toBe(`flow=event-${event.number}`);
    await postback(fan!, signup, "申し込む");
    expect(lastText(app, fan!)).toContain("「国際交流カフェ」に申し込みますか？");
    await postback(fan!, quickReply(app, fan!, "はい"), "はい");
    expect(lastText(app, fan!)).toContain("申し込みが完了しました");
    // Tapping the card again says it is done already, with the status.
    await postback(fan!, signup, "申し込む");
    expect(lastText(app, fan!)).toContain("すでに申し込まれています");
    expect(lastText(app, fan!)).toContain("参加確定");
  });

  it("When residents bring companions, then seats count them; a cancellation moves up the first on the waiting list who fits, who is told once", async () => {
    const event = await createEvent({ capacity: 4, maxCompanions: 3 });
    const a = residentId(`companions-a-${kind}`);
    await onboard(app, a);
    const [b, c, d] = await residents("companions", 3);

    expect(await signUp(a, event.number, 2)).toContain("人数：あなたと同伴者2人（3席）");
    expect(await signUp(b!, event.number, 2)).toContain("キャンセル待ち（1番目）");
    expect(await signUp(c!, event.number, 0)).toContain("申し込みが完了しました");
    expect(await signUp(d!, event.number, 0)).toContain("キャンセル待ち（2番目）");
    expect((await staff("GET", `/events/${event.id}`)).json.event).toMatchObject({ seatsTaken: 4, seatsLeft: 0, confirmedCount: 2, waitlistedCount: 2, status: "full" });

    // A cancels from マイイベント: 3 seats free, B (3 seats) is first and fits; D stays, now first.
    await say(a, "マイイベント");
    const list = allText(app, a);
    expect(list).toContain("参加確定（同伴2人）");
    const cancel = list.match(/"data":"(flow=event-cancel&registration=[0-9a-f-]+)"/)![1]!;
    await postback(a, cancel, "キャンセル");
    expect(lastText(app, a)).toBe("この申し込みをキャンセルしますか？");
    await postback(a, quickReply(app, a, "はい"), "はい");
    expect(lastText(app, a)).toContain("キャンセルしました");
    // The same button again: nothing to cancel.
    await postback(a, cancel, "キャンセル");
    expect(lastText(app, a)).toContain("すでにキャンセルされています");

    await app.deliverySender.kick();
    await app.deliverySender.kick();
    expect(count(allText(app, b!), "繰り上がり、参加が確定しました")).toBe(1);
    expect(count(allText(app, d!), "繰り上がり")).toBe(0);
    const regs = (await staff("GET", `/events/${event.id}/registrations`)).json.registrations as { status: string; position: number | null; companions: number }[];
    expect(regs.map((r) => [r.status, r.position, r.companions])).toEqual([
      ["confirmed", null, 2],
      ["confirmed", null, 0],
      ["waitlisted", 1, 0],
    ]);
    await say(d!, "マイイベント");
    expect(allText(app, d!)).toContain("キャンセル待ち 1番目");

    // Only one's own sign-up can be cancelled: D tries C's.
    const cRegistration = await prisma().eventRegistration.findFirstOrThrow({ where: { eventId: event.id, resident: { lineUserId: c! } } });
    await postback(d!, `flow=event-cancel&registration=${cRegistration.id}`, "キャンセル");
    expect(lastText(app, d!)).toContain("この申し込みは見つかりませんでした");
    expect((await prisma().eventRegistration.findUniqueOrThrow({ where: { id: cRegistration.id } })).status).toBe("confirmed");
  });

  it("When a resident signs up or moves up from the waiting list, then they get the receipt number staff check at the door, also in マイイベント with a QR code of it", async () => {
    const event = await createEvent({ capacity: 1 });
    const [first, second] = await residents("receipt", 2);
    const confirmation = await signUp(first!, event.number);
    expect(await signUp(second!, event.number)).toContain("キャンセル待ち（1番目）");
    const regs = (await staff("GET", `/events/${event.id}/registrations`)).json.registrations as { status: string; receiptNumber: string }[];
    const [firstReceipt, secondReceipt] = regs.map((r) => r.receiptNumber);
    expect(confirmation).toContain(`受付番号：${firstReceipt}（当日、受付でお見せください）`);

    // マイイベント: the number as a row, its QR code on top of the card; the code reads back as the number.
    await say(first!, "マイイベント");
    const card = JSON.stringify(app.standIn!.messagesFor(first!).at(-1));
    expect(card).toContain(firstReceipt);
    const qrUrl = card.match(/"url":"([^"]+\/qr\/receipts\/[^"]+\.png)"/)?.[1];
    expect(qrUrl).toMatch(new RegExp(`^http://[^/]+/qr/receipts/${firstReceipt}\\.png$`));
    const png = await fetch(new URL(new URL(qrUrl!).pathname, app.url));
    expect(png.headers.get("content-type")).toBe("image/png");
    expect(readQr(Buffer.from(await png.arrayBuffer()))).toBe(firstReceipt);
    expect((await fetch(`${app.url}/qr/receipts/anything.png`)).status).toBe(404);

    // The first cancels: the second moves up and is told their own number.
    const cancel = JSON.stringify(app.standIn!.messagesFor(first!)).match(/"data":"(flow=event-cancel&registration=[0-9a-f-]+)"/)![1]!;
    await postback(first!, cancel, "キャンセル");
    await postback(first!, quickReply(app, first!, "はい"), "はい");
    await app.deliverySender.kick();
    const promoted = allText(app, second!);
    expect(promoted).toContain("繰り上がり、参加が確定しました");
    expect(promoted).toContain(`受付番号：${secondReceipt}`);
  });

  it("When the sign-up deadline has passed, then signing up is refused, also for a resident already at the last question", async () => {
    const event = await createEvent();
    const [late, early] = await residents("deadline", 2);
    await postback(early!, `flow=event-${event.number}`, "申し込む");
    expect(lastText(app, early!)).toContain("申し込みますか？");
    const edited = await staff("PUT", `/events/${event.id}`, eventBody({ title: event.title, signupDeadline: new Date(Date.now() - 60_000).toISOString() }));
    expect(edited.status, edited.text).toBe(200);
    expect(edited.json.event.status).toBe("closed");

    await postback(early!, quickReply(app, early!, "はい"), "はい");
    expect(lastText(app, early!)).toContain("申し込みの受付は締め切りました");
    await postback(late!, `flow=event-${event.number}`, "申し込む");
    expect(lastText(app, late!)).toContain("申し込みの受付は締め切りました");
    expect(await prisma().eventRegistration.count({ where: { eventId: event.id } })).toBe(0);
  });

  it("When 50 residents confirm at the same moment for 20 seats, then exactly 20 are confirmed and 30 wait, in order, each told their place", async () => {
    const event = await createEvent({ capacity: 20 });
    const users = await residents("rush", 50);
    await atOnce(users.map((u) => [u, `flow=event-${event.number}`, "申し込む"]));
    const yes = users.map((u) => quickReply(app, u, "はい"));
    await atOnce(users.map((u, i) => [u, yes[i]!, "はい"]));

    const regs = await prisma().eventRegistration.findMany({ where: { eventId: event.id }, orderBy: [{ createdAt: "asc" }, { id: "asc" }], include: { resident: true } });
    expect(regs).toHaveLength(50);
    expect(regs.slice(0, 20).every((r) => r.status === "confirmed")).toBe(true);
    expect(regs.slice(20).every((r) => r.status === "waitlisted")).toBe(true);
    regs.slice(0, 20).forEach((r) => expect(lastText(app, r.resident.lineUserId)).toContain("申し込みが完了しました"));
    regs.slice(20).forEach((r, i) => expect(lastText(app, r.resident.lineUserId)).toContain(`キャンセル待ち（${i + 1}番目）`));
    expect((await staff("GET", `/events/${event.id}`)).json.event).toMatchObject({ seatsTaken: 20, confirmedCount: 20, waitlistedCount: 30 });
  });

  it("When the registration service is called 50 times at once for 20 seats (companions included), then the seats never exceed the capacity", async () => {
    const event = await createEvent({ capacity: 20, maxCompanions: 2 });
    const users = await residents("direct", 50);
    const rows = await prisma().resident.findMany({ where: { lineUserId: { in: users } } });
    const results = await Promise.all(
      rows.map((r, i) =>
        prisma().$transaction((tx) => registrations.register(tx, { eventId: event.id, residentId: r.id, companions: i % 3 === 0 ? 1 : 0, now: new Date() }), { timeout: 30_000, maxWait: 30_000 }),
      ),
    );
    const regs = await prisma().eventRegistration.findMany({ where: { eventId: event.id } });
    const seats = regs.filter((r) => r.status === "confirmed").reduce((n, r) => n + 1 + r.companions, 0);
    expect(seats).toBeLessThanOrEqual(20);
    // Nobody waiting would have fitted in the seats left.
    const left = 20 - seats;
    expect(regs.filter((r) => r.status === "waitlisted").every((r) => 1 + r.companions > left)).toBe(true);
    const positions = results.flatMap((r) => (r.outcome === "waitlisted" ? [r.position] : [])).sort((x, y) => x - y);
    expect(positions).toEqual(Array.from({ length: positions.length }, (_, i) => i + 1));
    expect(results.filter((r) => r.outcome === "confirmed").length + positions.length).toBe(50);
  });

  it("When staff list, mark attendance and export, then the CSV (BOM, CRLF, Japanese headers) and the JSON say the same", async () => {
    const event = await createEvent({ capacity: 2, maxCompanions: 1, title: "=HYPERLINK(\"x\") 講座" });
    const [p, q, r] = await residents("export", 3, { district: "misumi", ageBand: "60s" });
    await register(p!, event.id, 1);
    await register(q!, event.id, 0);
    await register(r!, event.id, 0);

    const listed = await viewer("GET", `/events/${event.id}/registrations`);
    expect(listed.status).toBe(200);
    const regs = listed.json.registrations as { id: string; receiptNumber: string; status: string; districtLabel: string; ageBandLabel: string; seats: number; position: number | null }[];
    expect(regs.map((x) => [x.status, x.seats, x.position, x.districtLabel, x.ageBandLabel])).toEqual([
      ["confirmed", 2, null, "三隅", "60代"],
      ["waitlisted", 1, 1, "三隅", "60代"],
      ["waitlisted", 1, 2, "三隅", "60代"],
    ]);
    expect(regs[0]!.receiptNumber).toMatch(new RegExp(`^E${event.number}-[0-9A-F]{8}$`));

    expect((await staff("PATCH", `/events/${event.id}/registrations/${regs[0]!.id}`, { attended: true })).status).toBe(200);
    expect((await staff("PATCH", `/events/${event.id}/registrations/${regs[1]!.id}`, { attended: false })).status).toBe(200);
    expect((await staff("PATCH", `/events/${event.id}/registrations/${regs[1]!.id}`, { attended: "yes" })).status).toBe(400);
    expect((await viewer("PATCH", `/events/${event.id}/registrations/${regs[1]!.id}`, { attended: true })).status).toBe(403);
    expect((await viewer("GET", `/events/${event.id}/registrations.csv`)).status).toBe(403);

    const csv = await staff("GET", `/events/${event.id}/registrations.csv`);
    expect(csv.status).toBe(200);
    expect(csv.headers.get("content-type")).toContain("text/csv");
    expect(csv.text.startsWith("\uFEFF")).toBe(true);
    const lines = csv.text.slice(1).split("\r\n");
    expect(lines.at(-1)).toBe("");
    expect(lines[0]).toBe('"受付番号","状態","キャンセル待ち順","同伴者数","席数","地区","年代","出欠","申込日時","繰り上げ日時","キャンセル日時"');
    const rows = lines.slice(1, -1).map((l) => l.slice(1, -1).split('","'));
    const json = (await staff("GET", `/events/${event.id}/registrations.json`)).json.registrations as { receiptNumber: string; attended: boolean | null; status: string }[];
    expect(rows.map((x) => [x[0], x[1], x[7]])).toEqual(json.map((x) => [x.receiptNumber, { confirmed: "参加確定", waitlisted: "キャンセル待ち", cancelled: "キャンセル" }[x.status], x.attended === true ? "出席" : x.attended === false ? "欠席" : ""]));
    expect(rows[0]!.slice(0, 8)).toEqual([regs[0]!.receiptNumber, "参加確定", "", "1", "2", "三隅", "60代", "出席"]);
    expect(rows[0]![8]).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/);
  });

  it("When staff message registrants, then the cost is shown first, a send over the budget is refused unless an administrator confirms", async () => {
    const event = await createEvent({ capacity: 1, title: "防災講座" });
    const [x, y] = await residents("message", 2);
    await register(x!, event.id);
    await register(y!, event.id);

    const dry = await staff("POST", `/events/${event.id}/message`, { text: "会場が2階に変わりました。", dryRun: true });
    expect(dry.status, dry.text).toBe(200);
    expect(dry.json).toMatchObject({ sent: false, recipients: 2, budget: { cost: 2, exceeds: false } });
    await prisma().setting.create({ data: { key: "budget", value: { monthlyLimit: dry.json.budget.used + 1 } } });
    try {
      const refused = await staff("POST", `/events/${event.id}/message`, { text: "会場が2階に変わりました。", confirmOverBudget: true });
      expect(refused.status).toBe(409);
      expect(refused.json.budget).toMatchObject({ cost: 2, remaining: 1, exceeds: true });
      expect(refused.json.error).toContain("上限");
      const sent = await admin("POST", `/events/${event.id}/message`, { text: "会場が2階に変わりました。", confirmOverBudget: true });
      expect(sent.status, sent.text).toBe(200);
      expect(sent.json).toMatchObject({ sent: true, recipients: 2 });
      // Only the administrator's confirmed overrun is audited, once, naming the send.
      const overrun = await prisma().auditEntry.findMany({ where: { action: "budget.exceeded_confirmed", target: `event.message:${event.id}` } });
      expect(overrun).toHaveLength(1);
      expect(overrun[0]!.detail).toMatchObject({ cost: 2, limit: dry.json.budget.used + 1 });
    } finally {
      await prisma().setting.delete({ where: { key: "budget" } });
    }
    await app.deliverySender.kick();
    for (const u of [x!, y!]) expect(count(allText(app, u), "【「防災講座」についてのお知らせ】\\n会場が2階に変わりました。")).toBe(1);
  });

  it("When residents ask for イベント, then they see announced events still open, soonest first, at most 12", async () => {
    for (let i = 0; i < 13; i++) {
      await staff("POST", "/events", { ...eventBody({ audience: { districts: ["nowhere"] }, startsAt: tokyoDay(20 + (13 - i), "10:00").toISOString(), endsAt: null }), announceNow: true });
    }
    const drafted = await createEvent({ startsAt: tokyoDay(1, "10:00").toISOString(), endsAt: null, signupDeadline: tokyoDay(0, "23:59").toISOString() });
    const cancelled = await createEvent({ audience: { districts: ["nowhere"] }, startsAt: tokyoDay(2, "10:00").toISOString(), endsAt: null, signupDeadline: tokyoDay(1, "10:00").toISOString() });
    expect((await staff("POST", `/events/${cancelled.id}/announce`, {})).status).toBe(200);
    expect((await staff("POST", `/events/${cancelled.id}/cancel`, { reason: "台風のため" })).status).toBe(200);

    const all = (await viewer("GET", "/events")).json.events as { title: string; announcedAt: string | null; status: string; startsAt: string }[];
    const expected = all.filter((e) => e.announcedAt && (e.status === "open" || e.status === "full")).slice(0, 12).map((e) => e.title);
    expect(expected.length).toBe(12);
    const [browser] = await residents("browse", 1);
    await say(browser!, "イベント");
    const carousel = app.standIn!.messagesFor(browser!).at(-1) as { contents: { type: string; contents: { body: { contents: { text: string }[] } }[] } };
    expect(carousel.contents.type).toBe("carousel");
    expect(carousel.contents.contents.map((b) => b.body.contents[0]!.text)).toEqual(expected);
    expect(expected).not.toContain(drafted.title);
    expect(expected).not.toContain(cancelled.title);
  });

  it("When the reminder job runs the day before at the set time, then confirmed residents are reminded once; not those who cancelled, unfollowed or still wait", async () => {
    const event = await createEvent({ capacity: 3, startsAt: tokyoDay(3, "10:00").toISOString(), endsAt: null, signupDeadline: tokyoDay(2, "12:00").toISOString() });
    const [kept, leaving, blocking, waiting, stillWaiting] = await residents("remind", 5);
    for (const u of [kept, leaving, blocking, waiting, stillWaiting]) await register(u!, event.id);
    // leaving cancels: the first on the waiting list (waiting) moves up; stillWaiting stays on the list.
    const leavingRow = await residentRow(leaving!);
    const leavingReg = await prisma().eventRegistration.findFirstOrThrow({ where: { eventId: event.id, residentId: leavingRow.id } });
    expect((await prisma().$transaction((tx) => registrations.cancel(tx, { registrationId: leavingReg.id, residentId: leavingRow.id, now: new Date() }))).outcome).toBe("cancelled");
    await app.standIn!.unfollow(blocking!);
    await settle();
    await prisma().setting.upsert({ where: { key: "reminders" }, create: { key: "reminders", value: { enabled: true, dayBeforeAt: "18:00", hourBefore: true, note: "雨天決行です。" } }, update: { value: { enabled: true, dayBeforeAt: "18:00", hourBefore: true, note: "雨天決行です。" } } });
    await app.deliverySender.kick();

    const reminders = (u: string) => count(allText(app, u), "【リマインド】");
    // Moments computed before the clock is faked (tokyoDay reads the clock).
    const [before, due, dueAgain, hourBefore, halfHourBefore] = [tokyoDay(2, "17:59"), tokyoDay(2, "18:00"), tokyoDay(2, "18:01"), tokyoDay(3, "09:00"), tokyoDay(3, "09:30")];
    const at = async (when: Date) => {
      vi.setSystemTime(when);
      await app.runSchedules(when);
    };
    vi.useFakeTimers({ toFake: ["Date"] });
    try {
      await at(before);
      expect(reminders(kept!)).toBe(0);
      await at(due);
      await at(due);
      await at(dueAgain);
      expect(reminders(kept!)).toBe(1);
      expect(reminders(waiting!)).toBe(1);
      expect(allText(app, kept!)).toContain("雨天決行です。");
      expect(allText(app, kept!)).toContain("長門市役所 前庭");
      for (const u of [leaving!, blocking!, stillWaiting!]) expect(reminders(u)).toBe(0);
      expect(await prisma().delivery.count({ where: { purpose: `event.reminder:${event.id}:dayBefore` } })).toBe(1);

      await at(hourBefore);
      await at(halfHourBefore);
      expect(count(allText(app, kept!), "【まもなく開始】")).toBe(1);
      expect(count(allText(app, leaving!), "【まもなく開始】")).toBe(0);
    } finally {
      vi.useRealTimers();
    }
  });

  it("When reminders are turned off, then none is made", async () => {
    const event = await createEvent({ startsAt: tokyoDay(5, "10:00").toISOString(), endsAt: null, signupDeadline: tokyoDay(4, "12:00").toISOString() });
    const [u] = await residents("remind-off", 1);
    await register(u!, event.id);
    await prisma().setting.upsert({ where: { key: "reminders" }, create: { key: "reminders", value: { enabled: false } }, update: { value: { enabled: false } } });
    const due = tokyoDay(4, "18:00");
    vi.useFakeTimers({ toFake: ["Date"] });
    try {
      vi.setSystemTime(due);
      await app.runSchedules(due);
    } finally {
      vi.useRealTimers();
      await prisma().setting.delete({ where: { key: "reminders" } });
    }
    expect(allText(app, u!)).not.toContain("リマインド");
    expect(await prisma().scheduledSend.count({ where: { key: { startsWith: `event.reminder:${event.id}` } } })).toBe(0);
  });

  it("When staff changed events, then every change is in the audit trail, and the LINE stand-in refused nothing", async () => {
    const entries = (await admin("GET", "/audit?action=event.&limit=500")).json.entries as { action: string; actor: string }[];
    const actions = new Set(entries.map((e) => e.action));
    for (const a of ["event.created", "event.updated", "event.announced", "event.cancelled", "event.messaged", "event.attendance_marked", "event.registrations_exported"]) expect(actions).toContain(a);
    expect(entries.every((e) => e.actor.startsWith("staff:"))).toBe(true);
    expect(app.standIn!.rejected().map((r) => [r.operation, r.status, r.errors, r.injectedFault])).toEqual([]);
  });
});

describe.each(databaseKinds)("Event messages and quiet hours on %s", (kind) => {
  let app: TTestApp;
  let staff: TApi;
  beforeAll(async () => {
    app = await startTestApp(kind, { quietHours: true });
    staff = await tokenAsStaff(app, `evq-staff-${kind}`, "staff");
  });
  afterAll(async () => {
    vi.useRealTimers();
    await app?.stop();
  });

  it("When a reminder is due at 21:30, then it goes at 08:00 the next morning, not to a resident who cancelled in the night; a cancellation goes at once", async () => {
    const prisma = app.db.prisma;
    await prisma.setting.create({ data: { key: "reminders", value: { enabled: true, dayBeforeAt: "21:30", hourBefore: false, note: "" } } });
    const created = await staff("POST", "/events", eventBody({ startsAt: tokyoDay(3, "10:00").toISOString(), endsAt: null, signupDeadline: tokyoDay(2, "12:00").toISOString() }));
    const cancelledEvent = await staff("POST", "/events", eventBody({ startsAt: tokyoDay(3, "07:00").toISOString(), endsAt: null, signupDeadline: tokyoDay(2, "12:00").toISOString() }));
    expect(created.status, created.text).toBe(201);
    const event = created.json.event as { id: string };
    const ids = Array.from({ length: 3 }, (_, i) => residentId(`quiet-${kind}-${i}`));
    await prisma.resident.createMany({ data: ids.map((lineUserId) => ({ lineUserId, consentVersion: "2026-11", consentedAt: new Date() })) });
    const rows = await prisma.resident.findMany({ where: { lineUserId: { in: ids } }, orderBy: { lineUserId: "asc" } });
    const byLine = new Map(rows.map((r) => [r.lineUserId, r]));
    const [stays, leaves, told] = ids as [string, string, string];
    const registrations = new EventRegistrations(app.deliveries);
    const reg = (u: string, eventId: string) => prisma.$transaction((tx) => registrations.register(tx, { eventId, residentId: byLine.get(u)!.id, companions: 0, now: new Date() }));
    await reg(stays, event.id);
    const leaving = await reg(leaves, event.id);
    await reg(told, cancelledEvent.json.event.id);
    const reminders = (u: string) => count(JSON.stringify(app.standIn!.messagesFor(u)), "【リマインド】");
    const [due, night, justBefore, morning] = [tokyoDay(2, "21:30"), tokyoDay(2, "22:15"), tokyoDay(3, "07:59"), tokyoDay(3, "08:00")];

    vi.useFakeTimers({ toFake: ["Date"] });
    try {
      vi.setSystemTime(due);
      await app.runSchedules(due);
      expect(reminders(stays)).toBe(0);
      const held = await prisma.delivery.findFirstOrThrow({ where: { purpose: `event.reminder:${event.id}:dayBefore` } });
      expect(held.nextAttemptAt).toEqual(morning);

      // In the night: one resident cancels (and must not be reminded), staff cancel another event (urgent: told now).
      vi.setSystemTime(night);
      expect((await prisma.$transaction((tx) => registrations.cancel(tx, { registrationId: (leaving as { registration: { id: string } }).registration.id, residentId: byLine.get(leaves)!.id, now: new Date() }))).outcome).toBe("cancelled");
      const cancel = await staff("POST", `/events/${cancelledEvent.json.event.id}/cancel`, { reason: "講師の急病のため" });
      expect(cancel.status, cancel.text).toBe(200);
      expect(cancel.json.notified).toBe(1);
      await app.deliverySender.kick();
      expect(JSON.stringify(app.standIn!.messagesFor(told))).toContain("【中止のお知らせ】");
      expect(JSON.stringify(app.standIn!.messagesFor(told))).toContain("講師の急病のため");

      vi.setSystemTime(justBefore);
      await app.runSchedules(justBefore);
      expect(reminders(stays)).toBe(0);
      vi.setSystemTime(morning);
      await app.runSchedules(morning);
      expect(reminders(stays)).toBe(1);
      expect(reminders(leaves)).toBe(0);
    } finally {
      vi.useRealTimers();
    }
    expect(app.standIn!.rejected().map((r) => [r.operation, r.status, r.errors, r.injectedFault])).toEqual([]);
  });
});
