// Volunteers end to end: registration through the flow, opportunities with shifts, invitations to
// the volunteers who match, sign-ups under load with a waiting list, reminders, hours and thanks,
// monthly numbers and exports — on both databases, through LINE's stand-in and the admin API.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { databaseKinds } from "./support/testDatabases.ts";
import { residentId, startTestApp, type TTestApp } from "./support/startTestApp.ts";
import { onboard, residentView } from "./support/conversationHelpers.ts";
import { loginAsStaff, type TStaffClient } from "./support/staffClient.ts";
import { tokyoInstant, tokyoMonthKey, tokyoParts } from "../src/tokyoTime.ts";

/** A moment in Asia/Tokyo: `days` days from today (Tokyo calendar) at HH:MM. */
function tokyoAt(days: number, clock: string): Date {
  const today = tokyoParts(new Date());
  const [h, m] = clock.split(":").map(Number) as [number, number];
  return tokyoInstant(today.y, today.mo, today.d + days, h, m);
}

/** Days from today to the first Saturday (Tokyo) at least `min` days ahead. */
function daysToSaturday(min: number): number {
  for (let d = min; ; d++) if (tokyoParts(tokyoAt(d, "12:00")).wd === 6) return d;
}

type TLineMsg = { type: string; text?: string; altText?: string; contents?: unknown; quickReply?: { items: { action: { label: string; data?: string } }[] } };

/** Parses the export's CSV (quoted cells, "" for a quote, CRLF rows, line breaks inside quotes). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let i = 0;
  while (i < text.length) {
    expect(text[i]).toBe('"');
    let cell = "";
    i++;
    for (;;) {
      if (text[i] === '"' && text[i + 1] === '"') {
        cell += '"';
        i += 2;
      } else if (text[i] === '"') {
        i++;
        break;
      } else cell += text[i++];
    }
    row.push(cell);
    if (text[i] === ",") i++;
    else {
      expect(text.slice(i, i + 2)).toBe("\r\n");
      i += 2;
      rows.push(row);
      row = [];
    }
  }
  return rows;
}

describe.each(databaseKinds)("Volunteers on %s", (kind) => {
  let app: TTestApp;
  let staff: TStaffClient;
  let admin: TStaffClient;
  let viewer: TStaffClient;
  beforeAll(async () => {
    app = await startTestApp(kind);
    staff = await loginAsStaff(app, `vol-staff-${kind}`, "staff");
    admin = await loginAsStaff(app, `vol-admin-${kind}`, "admin");
    viewer = await loginAsStaff(app, `vol-viewer-${kind}`, "viewer");
  });
  afterAll(async () => {
    await app?.stop();
  });

  const prisma = () => app.db.prisma;
  const msgs = (user: string) => app.standIn!.messagesFor(user) as TLineMsg[];
  const allText = (user: string) => msgs(user).map((m) => m.text ?? m.altText ?? "").join("\n");

  /** A consented resident registered as a volunteer, made directly in the database. */
  async function volunteer(
    name: string,
    v: { areas?: string[]; districts?: string[]; availability?: string[]; ageBand?: string; home?: string; status?: string; reachable?: boolean; skills?: string[]; registeredAt?: Date; endedAt?: Date },
  ) {
    const lineUserId = residentId(`${kind}-${name}`);
    const ageBand = v.ageBand ?? "40s";
    const r = await prisma().resident.create({
      data: { lineUserId, consentVersion: "2026-11", consentedAt: new Date(), reachable: v.reachable ?? true, profile: { ageBand, district: v.home ?? "nagato" } },
    });
    await prisma().volunteerProfile.create({
      data: {
        residentId: r.id,
        areas: v.areas ?? ["environment"],
        districts: v.districts ?? ["nagato"],
        availability: v.availability ?? ["weekend_morning"],
        skills: v.skills ?? ["physical"],
        ageBand,
        isMinor: ageBand === "under18",
        status: v.status ?? "active",
        ...(v.registeredAt ? { registeredAt: v.registeredAt } : {}),
        ...(v.endedAt ? { endedAt: v.endedAt } : {}),
      },
    });
    return { lineUserId, id: r.id };
  }

  async function postOpportunity(body: Record<string, unknown>) {
    const res = await staff.request("POST", "/opportunities", {
      title: "海岸清掃ボランティア",
      description: "青海島の海岸のごみを拾います。軍手とトングは用意します。",
      organizer: "ながと海の会",
      areas: ["environment"],
      districts: ["nagato"],
      ...body,
    });
    expect(res.status, res.text).toBe(201);
    return res.json.opportunity as { id: string; number: number; shifts: { id: string; startsAt: string; remaining: number; signupPostback: string }[] };
  }

  it("When a resident types 「ボランティア募集」, then they browse the open shifts as cards with 参加する, those that suit a registered volunteer first", async () => {
    const sat = daysToSaturday(3);
    const culture = await postOpportunity({ title: "郷土資料館の受付", areas: ["culture"], shifts: [{ startsAt: tokyoAt(sat - 1, "10:00"), endsAt: tokyoAt(sat - 1, "12:00"), place: "郷土資料館", needed: 2 }] });
    const beach = await postOpportunity({ title: "青海島の海岸清掃", shifts: [{ startsAt: tokyoAt(sat, "09:00"), endsAt: tokyoAt(sat, "12:00"), place: "青海島 海水浴場", needed: 4 }] });
    const cards = (user: string) => {
      const carousel = msgs(user).at(-1) as { contents: { contents: { body: { contents: { text?: string }[] }; footer: { contents: { action: { label: string; data: string } }[] } }[] } };
      return carousel.contents.contents.map((b) => ({ title: b.body.contents[0]!.text, status: b.body.contents.at(-1)!.text, button: b.footer.contents[0]!.action }));
    };

    // A registered volunteer (environment, 長門, weekend mornings): the beach first, though it comes later.
    const registered = await volunteer("browse-registered", {});
    const r = residentView(app, registered.lineUserId);
    await r.say("ボランティア募集");
    expect(r.texts().at(-2)).toContain("募集中のボランティア活動です（2件）");
    expect(r.texts().at(-2)).toContain("ご登録の内容に合うものを先に並べています。");
    expect(cards(registered.lineUserId)).toEqual([
      { title: "青海島の海岸清掃", status: "残り4人・あなたの登録内容に合います", button: { type: "postback", label: "参加する", data: beach.shifts[0]!.signupPostback, displayText: "参加する" } },
      { title: "郷土資料館の受付", status: "残り2人", button: expect.objectContaining({ label: "参加する", data: culture.shifts[0]!.signupPostback }) },
    ]);
    // 参加する on the first card starts that shift's sign-up.
    await app.standIn!.sendPostback(registered.lineUserId, cards(registered.lineUserId)[0]!.button.data, undefined, { displayText: "参加する" });
    await app.processor.drain();
    expect(r.texts().slice(-2).join("\n")).toContain("青海島 海水浴場");

    // Not registered: by date, with how to register; and from the menu's button too.
    const user = residentId(`${kind}-browse-unregistered`);
    await prisma().resident.create({ data: { lineUserId: user, consentVersion: "2026-11", consentedAt: new Date(), profile: {} } });
    const u = residentView(app, user);
    await u.say("メニュー");
    await u.tap("ボランティア募集を見る");
    expect(u.texts().at(-2)).toContain("参加にはボランティア登録が必要です");
    expect(cards(user).map((c) => c.title)).toEqual(["郷土資料館の受付", "青海島の海岸清掃"]);
    // The later tests count who gets invited: this volunteer leaves the stage, and its sign-up question is left.
    await r.say("やめる");
    await prisma().volunteerProfile.update({ where: { residentId: registered.id }, data: { status: "ended", endedAt: new Date() } });
  });

  it("When a resident registers through the flow, then their profile is kept; a minor is told a guardian's consent is needed", async () => {
    const user = residentId(`${kind}-reg-adult`);
    const r = await onboard(app, user, { language: "日本語", age: "18〜29歳", district: "長門", interests: ["環境・美化"] });
    await r.say("ボランティア");
    expect(r.texts().join("\n")).toContain("ボランティア登録をはじめます");
    await r.tap("環境・美化");
    await r.tap("防災・防犯");
    await r.tap("決定");
    await r.tap("力仕事");
    await r.tap("運転");
    await r.tap("決定");
    await r.tap("長門");
    await r.tap("三隅");
    await r.tap("決定");
    await r.tap("土日午前");
    await r.tap("平日夜");
    await r.tap("決定");
    const confirmation = r.last()!.text!;
    expect(confirmation).toContain("ボランティアに登録しました");
    expect(confirmation).toContain("関心分野：環境・美化、防災・防犯");
    expect(confirmation).toContain("年代：18〜29歳");
    expect(confirmation).not.toContain("保護者");
    const resident = await prisma().resident.findUniqueOrThrow({ where: { lineUserId: user }, include: { volunteer: true } });
    expect(resident.volunteer).toMatchObject({
      areas: ["environment", "safety"],
      skills: ["physical", "driving"],
      districts: ["nagato", "misumi"],
      availability: ["weekend_morning", "weekday_evening"],
      ageBand: "18to29",
      isMinor: false,
      status: "active",
    });

    // A resident who did not give an age band at onboarding is asked; under 18 is a minor.
    const young = residentId(`${kind}-reg-minor`);
    const y = await onboard(app, young, { language: "日本語", age: "答えない", district: "油谷", interests: [] });
    await y.say("ボランティア登録");
    for (const label of ["子育て・教育", "決定", "子どもの見守り", "決定", "油谷", "決定", "土日午後", "決定"]) await y.tap(label);
    // Eight bands: a card listing them all (its alt text is the question).
    expect(y.last()!.altText).toContain("年代");
    await y.tap("17歳以下");
    expect(y.last()!.text).toContain("保護者の方の同意が必要です");
    const minor = await prisma().resident.findUniqueOrThrow({ where: { lineUserId: young }, include: { volunteer: true } });
    expect(minor.volunteer).toMatchObject({ ageBand: "under18", isMinor: true });
    expect(minor.profile).toMatchObject({ ageBand: "under18" });

    // Without consent, nothing is asked.
    const stranger = residentId(`${kind}-reg-noconsent`);
    const s = residentView(app, stranger);
    await s.follow();
    await s.tap("日本語");
    await s.tap("いいえ");
    await s.say("volunteer");
    expect(s.texts().at(-1)).toMatch(/同意/);
    expect(await prisma().volunteerProfile.count({ where: { resident: { lineUserId: stranger } } })).toBe(0);
    expect(app.standIn!.rejected()).toEqual([]);
  });

  it("When a registered volunteer runs the flow again, then they can update, keep or end their registration", async () => {
    const user = residentId(`${kind}-reg-adult`);
    const r = residentView(app, user);
    await r.say("ボランティア");
    expect(r.quickReplyLabels()).toEqual(["更新する", "登録をやめる", "そのまま"]);
    await r.tap("そのまま");
    expect(r.last()!.text).toContain("そのまま");

    await r.say("ボランティア");
    await r.tap("更新する");
    for (const label of ["文化・スポーツ", "決定", "調理", "決定", "日置", "決定", "土日午後", "決定"]) await r.tap(label);
    expect(r.last()!.text).toContain("更新しました");
    const updated = await prisma().volunteerProfile.findFirstOrThrow({ where: { resident: { lineUserId: user } } });
    expect(updated).toMatchObject({ areas: ["culture"], skills: ["cooking"], districts: ["heki"], availability: ["weekend_afternoon"], status: "active" });

    await r.say("ボランティア");
    await r.tap("登録をやめる");
    await r.tap("はい");
    expect(r.last()!.text).toContain("終了しました");
    const ended = await prisma().volunteerProfile.findFirstOrThrow({ where: { resident: { lineUserId: user } } });
    expect(ended.status).toBe("ended");
    expect(ended.endedAt).not.toBeNull();

    // Ended: the flow registers them anew.
    await r.say("ボランティア");
    expect(r.texts().join("\n")).toContain("ボランティア登録をはじめます");
    await r.say("やめる");
    const audit = await prisma().auditEntry.findMany({ where: { action: { startsWith: "volunteer." } } });
    expect(new Set(audit.map((a) => a.action))).toEqual(new Set(["volunteer.registered", "volunteer.updated", "volunteer.ended"]));
  });

  it("When an opportunity is opened, then exactly the matching volunteers are invited, once; a youth-targeted one also reaches young volunteers elsewhere", async () => {
    const sat = daysToSaturday(3);
    const match1 = await volunteer("inv-match1", {});
    const match2 = await volunteer("inv-match2", { areas: ["environment", "welfare"], districts: ["nagato", "misumi"], availability: ["weekday_evening", "weekend_morning"], ageBand: "60s" });
    const otherArea = await volunteer("inv-area", { areas: ["culture"] });
    const otherDistrict = await volunteer("inv-district", { districts: ["yuya"] });
    const otherTime = await volunteer("inv-time", { availability: ["weekday_evening", "weekend_evening"] });
    const youngElsewhere = await volunteer("inv-young", { districts: ["yuya"], availability: ["weekday_evening"], ageBand: "under18", home: "yuya" });
    const ended = await volunteer("inv-ended", { status: "ended" });
    const blocked = await volunteer("inv-blocked", { reachable: false });
    const youngOtherArea = await volunteer("inv-young-area", { areas: ["culture"], ageBand: "18to29" });
    const everyone = [match1, match2, otherArea, otherDistrict, otherTime, youngElsewhere, ended, blocked, youngOtherArea];

    const shifts = [
      { startsAt: tokyoAt(sat, "09:00"), endsAt: tokyoAt(sat, "12:00"), place: "青海島 海水浴場", needed: 5 },
      { startsAt: tokyoAt(sat + 2, "13:00"), endsAt: tokyoAt(sat + 2, "15:00"), place: "仙崎 みすゞ通り", needed: 3 },
    ];
    const opportunity = await postOpportunity({ shifts, skills: ["physical"] });
    expect(opportunity.shifts.map((s) => s.remaining)).toEqual([5, 3]);

    const dry = await staff.request("POST", `/opportunities/${opportunity.id}/invite`, { dryRun: true });
    expect(dry.status).toBe(200);
    expect(dry.json).toMatchObject({ dryRun: true, matched: 2, invited: 0, shifts: 2 });

    const res = await staff.request("POST", `/opportunities/${opportunity.id}/invite`, {});
    expect(res.status, res.text).toBe(200);
    expect(res.json).toMatchObject({ dryRun: false, matched: 2, matchedAsYouth: 0, invited: 2, shifts: 2 });
    expect(JSON.stringify(res.json)).not.toContain(match1.lineUserId);
    const again = await staff.request("POST", `/opportunities/${opportunity.id}/invite`, {});
    expect(again.status).toBe(409);
    await app.deliverySender.kick();
    const invited = everyone.filter((v) => allText(v.lineUserId).includes("ボランティア募集：海岸清掃ボランティア"));
    expect(invited.map((v) => v.lineUserId).sort()).toEqual([match1.lineUserId, match2.lineUserId].sort());
    const card = msgs(match1.lineUserId).find((m) => m.type === "flex")!;
    expect(JSON.stringify(card.contents)).toContain(`flow=shift-${opportunity.shifts[0]!.id.replace(/-/g, "")}`);
    expect(JSON.stringify(card.contents)).toContain("残り5人");
    expect(msgs(match1.lineUserId).filter((m) => m.type === "flex")).toHaveLength(1);

    const youth = await postOpportunity({ title: "若者ビーチクリーン", youthTargeted: true, shifts: [shifts[0]] });
    const youthRes = await staff.request("POST", `/opportunities/${youth.id}/invite`, {});
    expect(youthRes.json).toMatchObject({ matched: 3, matchedAsYouth: 1, invited: 3 });
    await app.deliverySender.kick();
    const reached = everyone.filter((v) => allText(v.lineUserId).includes("若者ビーチクリーン"));
    expect(reached.map((v) => v.lineUserId).sort()).toEqual([match1.lineUserId, match2.lineUserId, youngElsewhere.lineUserId].sort());
    const audit = await prisma().auditEntry.findMany({ where: { action: "opportunity.invited" } });
    expect(audit).toHaveLength(2);
    expect(app.standIn!.rejected()).toEqual([]);
  });

  it("When an invitation would exceed the month's budget, then it is refused unless an administrator confirms", async () => {
    const sat = daysToSaturday(3);
    await volunteer("budget-1", { areas: ["tourism"] });
    await volunteer("budget-2", { areas: ["tourism"] });
    const opportunity = await postOpportunity({ title: "観光案内", areas: ["tourism"], districts: [], shifts: [{ startsAt: tokyoAt(sat, "10:00"), endsAt: tokyoAt(sat, "12:00"), place: "道の駅", needed: 2 }] });
    const dry = await staff.request("POST", `/opportunities/${opportunity.id}/invite`, { dryRun: true });
    expect(dry.json.matched).toBe(2);
    await prisma().setting.upsert({ where: { key: "budget" }, create: { key: "budget", value: { monthlyLimit: dry.json.budget.used + 1 } }, update: { value: { monthlyLimit: dry.json.budget.used + 1 } } });
    try {
      const refused = await staff.request("POST", `/opportunities/${opportunity.id}/invite`, {});
      expect(refused.status).toBe(409);
      expect(refused.json.error).toContain("上限");
      expect(refused.json.budget).toMatchObject({ cost: 2, remaining: 1, exceeds: true });
      expect((await staff.request("POST", `/opportunities/${opportunity.id}/invite`, { confirmOverBudget: true })).status).toBe(409);
      const confirmed = await admin.request("POST", `/opportunities/${opportunity.id}/invite`, { confirmOverBudget: true });
      expect(confirmed.status, confirmed.text).toBe(200);
      expect(confirmed.json.invited).toBe(2);
      // The administrator's overrun is in the audit trail, naming the send.
      const overrun = await prisma().auditEntry.findMany({ where: { action: "budget.exceeded_confirmed", target: `opportunity.invite:${opportunity.id}` } });
      expect(overrun).toHaveLength(1);
      expect(overrun[0]!.actor).toMatch(/^staff:/);
      expect(overrun[0]!.detail).toMatchObject({ cost: 2, limit: dry.json.budget.used + 1 });
    } finally {
      await prisma().setting.delete({ where: { key: "budget" } });
    }
  });

  it("When 50 volunteers tap 「はい」 at once for a shift that needs 10, then 10 are confirmed and 40 wait in order; a cancellation promotes the first, who is told", async () => {
    const sat = daysToSaturday(4);
    const opportunity = await postOpportunity({
      title: '=HYPERLINK("http://x"),"夏祭り"',
      areas: ["culture"],
      shifts: [{ startsAt: tokyoAt(sat, "17:00"), endsAt: tokyoAt(sat, "20:00"), place: "仙崎 交流センター,\n駐車場", needed: 10 }],
    });
    const shift = opportunity.shifts[0]!;
    const people = await Promise.all(Array.from({ length: 50 }, (_, i) => volunteer(`rush-${i}`, { areas: ["culture"] })));
    await Promise.all(people.map((p) => app.standIn!.sendPostback(p.lineUserId, shift.signupPostback, undefined, { displayText: "参加する" })));
    await app.processor.drain();
    const yes = people.map((p) => {
      const item = msgs(p.lineUserId).at(-1)!.quickReply?.items.find((i) => i.action.label === "はい");
      expect(item, JSON.stringify(msgs(p.lineUserId).at(-1))).toBeDefined();
      expect(allText(p.lineUserId)).toContain("仙崎 交流センター");
      return item!.action.data!;
    });
    await Promise.all(people.map((p, i) => app.standIn!.sendPostback(p.lineUserId, yes[i]!, undefined, { displayText: "はい" })));
    await app.processor.drain();

    const rows = await prisma().shiftSignup.findMany({ where: { shiftId: shift.id }, orderBy: [{ createdAt: "asc" }, { id: "asc" }] });
    expect(rows.filter((r) => r.status === "confirmed")).toHaveLength(10);
    expect(rows.filter((r) => r.status === "waitlisted")).toHaveLength(40);
    const replies = people.map((p) => msgs(p.lineUserId).at(-1)!.text ?? "");
    expect(replies.filter((t) => t.includes("参加の申し込みを受け付けました"))).toHaveLength(10);
    const positions = replies.flatMap((t) => [...t.matchAll(/キャンセル待ち（(\d+)番目）/g)].map((m) => Number(m[1])));
    expect(positions.sort((a, b) => a - b)).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));

    // A second tap on the card says they are already signed up.
    const first = people.find((p) => rows.find((r) => r.residentId === p.id)!.status === "confirmed")!;
    await app.standIn!.sendPostback(first.lineUserId, shift.signupPostback);
    await app.processor.drain();
    await residentView(app, first.lineUserId).tap("はい");
    expect(msgs(first.lineUserId).at(-1)!.text).toContain("すでにお申し込み済みです（参加確定）");

    // Staff see who signed up: confirmed first, then the waiting list in order.
    const list = await viewer.request("GET", `/shifts/${shift.id}/signups`);
    expect(list.status).toBe(200);
    expect(list.json.signups).toHaveLength(50);
    expect(list.json.signups[0]).toMatchObject({ status: "confirmed", district: "nagato", districtLabel: "長門", ageBand: "40s", ageBandLabel: "40代", skills: ["physical"], skillLabels: ["力仕事"] });
    expect(list.json.signups.slice(10).map((s: { position: number }) => s.position)).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));

    // The first confirmed volunteer cancels from "my shifts".
    const r = residentView(app, first.lineUserId);
    await r.say("マイシフト");
    const mine = msgs(first.lineUserId).filter((m) => m.type === "flex").at(-1)!;
    const cancelData = JSON.stringify(mine.contents).match(/flow=shift-cancel&signup=[0-9a-f-]{36}/)![0];
    expect(r.last()!.text).toContain("合計0時間");
    await app.standIn!.sendPostback(first.lineUserId, cancelData, undefined, { displayText: "キャンセル" });
    await app.processor.drain();
    expect(r.last()!.text).toContain("取り消しますか");
    await r.tap("はい");
    expect(r.last()!.text).toContain("取り消しました");

    const nextInLine = rows.find((x) => x.status === "waitlisted")!;
    const promoted = await prisma().shiftSignup.findUniqueOrThrow({ where: { id: nextInLine.id }, include: { resident: true } });
    expect(promoted.status).toBe("confirmed");
    expect(promoted.promotedAt).not.toBeNull();
    expect(await prisma().shiftSignup.count({ where: { shiftId: shift.id, status: "confirmed" } })).toBe(10);
    await app.deliverySender.kick();
    expect(msgs(promoted.resident.lineUserId).at(-1)!.text).toContain("参加が確定しました");
    const secondInLine = rows.filter((x) => x.status === "waitlisted")[1]!;
    expect(await prisma().shiftSignup.findUniqueOrThrow({ where: { id: secondInLine.id } })).toMatchObject({ status: "waitlisted" });
    // The old cancel button does nothing more.
    await app.standIn!.sendPostback(first.lineUserId, cancelData);
    await app.processor.drain();
    expect(r.last()!.text).toContain("見つかりませんでした");

    // Export: CSV (BOM, CRLF, Japanese headers, formulas neutralised) and JSON carry the same rows.
    const csv = await staff.request("GET", `/opportunities/${opportunity.id}/signups.csv`);
    expect(csv.status).toBe(200);
    expect(csv.headers.get("content-type")).toContain("text/csv");
    const raw = Buffer.from(await (await fetch(`${app.url}/api/admin/opportunities/${opportunity.id}/signups.csv`, { headers: { authorization: `Bearer ${await tokenFor("export")}` } })).arrayBuffer());
    expect([...raw.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const parsed = parseCsv(csv.text.replace(/^\uFEFF/, ""));
    const json = await staff.request("GET", `/opportunities/${opportunity.id}/signups.json`);
    const jsonRows = json.json.rows as Record<string, unknown>[];
    expect(parsed[0]).toEqual(["募集番号", "募集名", "シフトID", "開始", "終了", "場所", "受付番号", "状態", "待ち順", "お住まいの地区", "年代", "できること", "18歳未満", "出欠", "活動時間", "申込日時"]);
    // The cancelled sign-up is left out.
    expect(parsed).toHaveLength(1 + 49);
    expect(jsonRows).toHaveLength(49);
    parsed.slice(1).forEach((cells, i) => {
      const j = jsonRows[i]!;
      expect(cells[1]).toBe(`'${j["opportunityTitle"]}`);
      expect(cells[5]).toBe("仙崎 交流センター,\n駐車場");
      expect(cells[6]).toBe(j["receiptNumber"]);
      expect(cells[7]).toBe({ confirmed: "参加確定", waitlisted: "キャンセル待ち" }[j["status"] as string]);
      expect(cells[8]).toBe(j["position"] === null ? "" : String(j["position"]));
      expect(cells[9]).toBe("長門");
      expect(cells[15]).toBe(j["createdAt"]);
    });
    expect(parsed.slice(1).map((c) => c[7])).toEqual([...Array(10).fill("参加確定"), ...Array(39).fill("キャンセル待ち")]);
    expect(parsed.slice(11).map((c) => c[8])).toEqual(Array.from({ length: 39 }, (_, i) => String(i + 1)));
    expect(app.standIn!.rejected()).toEqual([]);
  });

  async function tokenFor(name: string): Promise<string> {
    const { staff: member } = await app.staffService.create({ loginId: `vol-token-${name}-${kind}`, displayName: "トークン", role: "staff" }, "system");
    return app.staffService.issueApiToken(member.id, member);
  }

  it("When the day before a shift reaches the reminder time, then confirmed volunteers are reminded once; not the waiting list, not those who cancelled, none when reminders are off", async () => {
    // A shift that started yesterday (Tokyo), reminded the evening before: the schedule runs at that past moment.
    const opportunity = await prisma().opportunity.create({
      data: {
        title: "図書館の本の整理",
        description: "",
        areas: ["culture"],
        createdById: (await prisma().staff.findFirstOrThrow()).id,
        shifts: { create: [{ startsAt: tokyoAt(2, "10:00"), endsAt: tokyoAt(2, "12:00"), place: "市立図書館", needed: 2 }] },
      },
      include: { shifts: true },
    });
    const shiftId = opportunity.shifts[0]!.id;
    const [going, waiting, cancelled] = await Promise.all(["rem-going", "rem-waiting", "rem-cancelled"].map((n) => volunteer(n, {})));
    await prisma().shiftSignup.createMany({
      data: [
        { shiftId, residentId: going!.id, status: "confirmed" },
        { shiftId, residentId: waiting!.id, status: "waitlisted" },
        { shiftId, residentId: cancelled!.id, status: "cancelled", cancelledAt: new Date() },
      ],
    });
    const reminded = (user: string) => msgs(user).filter((m) => m.text?.includes("ボランティア参加予定のお知らせ") && m.text.includes("市立図書館"));

    await app.runSchedules(tokyoAt(1, "17:59"));
    expect(reminded(going!.lineUserId)).toHaveLength(0);
    await app.runSchedules(tokyoAt(1, "18:00"));
    await app.runSchedules(tokyoAt(1, "18:01"));
    await app.runSchedules(tokyoAt(1, "19:30"));
    expect(reminded(going!.lineUserId)).toHaveLength(1);
    expect(reminded(going!.lineUserId)[0]!.text).toContain("10:00〜12:00");
    expect(reminded(waiting!.lineUserId)).toHaveLength(0);
    expect(reminded(cancelled!.lineUserId)).toHaveLength(0);

    // Reminders off: nothing for the next shift.
    const other = await prisma().shift.create({ data: { opportunityId: opportunity.id, startsAt: tokyoAt(3, "00:30"), endsAt: tokyoAt(3, "02:00"), place: "市立図書館 別館", needed: 1 } });
    await prisma().shiftSignup.create({ data: { shiftId: other.id, residentId: going!.id, status: "confirmed" } });
    await prisma().setting.create({ data: { key: "reminders", value: { enabled: false, dayBeforeAt: "18:00", hourBefore: false, note: "" } } });
    try {
      await app.runSchedules(tokyoAt(2, "18:00"));
      expect(msgs(going!.lineUserId).filter((m) => m.text?.includes("別館"))).toHaveLength(0);
    } finally {
      await prisma().setting.delete({ where: { key: "reminders" } });
    }
    expect(app.standIn!.rejected()).toEqual([]);
  });

  it("When staff record hours, then the volunteer is thanked once per sign-up with their total so far", async () => {
    const member = await volunteer("hours", {});
    const opportunity = await prisma().opportunity.create({
      data: {
        title: "花壇の手入れ",
        description: "",
        createdById: (await prisma().staff.findFirstOrThrow()).id,
        shifts: {
          create: [
            { startsAt: tokyoAt(-3, "09:00"), endsAt: tokyoAt(-3, "11:00"), place: "駅前花壇", needed: 3 },
            { startsAt: tokyoAt(-2, "09:00"), endsAt: tokyoAt(-2, "12:30"), place: "市役所前花壇", needed: 3 },
          ],
        },
      },
      include: { shifts: { orderBy: { startsAt: "asc" } } },
    });
    const [a, b] = [opportunity.shifts[0]!, opportunity.shifts[1]!];
    const sa = await prisma().shiftSignup.create({ data: { shiftId: a.id, residentId: member.id, status: "confirmed" } });
    const sb = await prisma().shiftSignup.create({ data: { shiftId: b.id, residentId: member.id, status: "confirmed" } });
    const thanks = () => msgs(member.lineUserId).filter((m) => m.text?.includes("ありがとうございました！"));

    expect((await viewer.request("PATCH", `/shifts/${a.id}/signups/${sa.id}`, { hours: 2 })).status).toBe(403);
    expect((await staff.request("PATCH", `/shifts/${b.id}/signups/${sa.id}`, { hours: 2 })).status).toBe(404);
    expect((await staff.request("PATCH", `/shifts/${a.id}/signups/${sa.id}`, { hours: 2.1 })).status).toBe(400);
    const first = await staff.request("PATCH", `/shifts/${a.id}/signups/${sa.id}`, { hours: 2 });
    expect(first.status, first.text).toBe(200);
    expect(first.json).toMatchObject({ signup: { attended: true, hours: 2 }, thanked: true });
    await app.deliverySender.kick();
    expect(thanks()).toHaveLength(1);
    expect(thanks()[0]!.text).toContain("今回の活動時間：2時間\nこれまでの合計：2時間");

    const second = await staff.request("PATCH", `/shifts/${b.id}/signups/${sb.id}`, { attended: true, hours: 3.5 });
    expect(second.json.thanked).toBe(true);
    const corrected = await staff.request("PATCH", `/shifts/${a.id}/signups/${sa.id}`, { hours: 2.5 });
    expect(corrected.json).toMatchObject({ signup: { hours: 2.5 }, thanked: false });
    await app.deliverySender.kick();
    expect(thanks()).toHaveLength(2);
    expect(thanks()[1]!.text).toContain("今回の活動時間：3.5時間\nこれまでの合計：5.5時間");

    await residentView(app, member.lineUserId).say("マイシフト");
    expect(msgs(member.lineUserId).at(-1)!.text).toContain("合計6時間");
    const audit = await prisma().auditEntry.findMany({ where: { action: "shift.signup_recorded", target: `signup:${sa.id}` } });
    expect(audit).toHaveLength(2);
    expect(app.standIn!.rejected()).toEqual([]);
  });

  it("When staff read the monthly numbers, then registrations, sign-ups and hours are right per month and small groups are merged", async () => {
    const at = (iso: string) => new Date(`${iso}+09:00`);
    const tag = (i: number, p: string) => `stats-${p}-${i}`;
    const thirties = await Promise.all(Array.from({ length: 6 }, (_, i) => volunteer(tag(i, "30s"), { ageBand: "30s", home: "nagato", registeredAt: at("2026-01-10T10:00:00") })));
    await Promise.all(Array.from({ length: 5 }, (_, i) => volunteer(tag(i, "40s"), { ageBand: "40s", home: "misumi", registeredAt: at("2026-01-15T10:00:00") })));
    const sixties = await Promise.all(Array.from({ length: 3 }, (_, i) => volunteer(tag(i, "60s"), { ageBand: "60s", home: "heki", registeredAt: at("2026-02-10T10:00:00") })));
    const teens = await Promise.all(Array.from({ length: 2 }, (_, i) => volunteer(tag(i, "teen"), { ageBand: "under18", home: "yuya", registeredAt: at("2026-02-01T10:00:00") })));
    // One of the 60s ends in February after volunteering; registered at January's end but the 31st 23:30 Tokyo is still January.
    await prisma().volunteerProfile.update({ where: { residentId: sixties[0]!.id }, data: { status: "ended", endedAt: at("2026-02-20T10:00:00") } });
    const lateJan = await volunteer("stats-late", { ageBand: "30s", home: "nagato", registeredAt: at("2026-01-31T23:30:00") });
    const opportunity = await prisma().opportunity.create({
      data: {
        title: "雪かき",
        description: "",
        createdById: (await prisma().staff.findFirstOrThrow()).id,
        shifts: { create: [{ startsAt: at("2026-02-15T09:00:00"), endsAt: at("2026-02-15T11:00:00"), place: "市内", needed: 4 }] },
      },
      include: { shifts: true },
    });
    const shiftId = opportunity.shifts[0]!.id;
    await prisma().shiftSignup.createMany({
      data: [
        ...thirties.slice(0, 3).map((v) => ({ shiftId, residentId: v.id, status: "confirmed", attended: true, hours: 2 })),
        { shiftId, residentId: sixties[0]!.id, status: "confirmed", attended: true, hours: 3 },
        { shiftId, residentId: teens[0]!.id, status: "waitlisted" },
        { shiftId, residentId: lateJan.id, status: "cancelled" },
      ],
    });

    const res = await viewer.request("GET", "/volunteers/stats?from=2026-01&to=2026-03");
    expect(res.status, res.text).toBe(200);
    const [jan, feb, mar] = res.json.months;
    expect(res.json).toMatchObject({ from: "2026-01", to: "2026-03", minGroupSize: 5 });
    expect(jan).toMatchObject({ month: "2026-01", registered: 12, signups: 0, hours: 0, participants: 0 });
    expect(jan.byAgeBand).toEqual([
      { group: "30s", label: "30代", volunteers: 7, registered: 7, signups: 0, hours: 0 },
      { group: "40s", label: "40代", volunteers: 5, registered: 5, signups: 0, hours: 0 },
    ]);
    expect(feb).toMatchObject({ month: "2026-02", registered: 16, signups: 4, hours: 9, participants: 4, suppressedGroups: { ageBand: 2, district: 2 } });
    expect(feb.byAgeBand).toEqual([
      { group: "30s", label: "30代", volunteers: 7, registered: 7, signups: 3, hours: 6 },
      { group: "40s", label: "40代", volunteers: 5, registered: 5, signups: 0, hours: 0 },
      { group: "suppressed", label: expect.stringContaining("まとめて"), volunteers: 5, registered: 4, signups: 1, hours: 3 },
    ]);
    expect(feb.byDistrict.map((g: { group: string; volunteers: number }) => [g.group, g.volunteers])).toEqual([
      ["nagato", 7],
      ["misumi", 5],
      ["suppressed", 5],
    ]);
    expect(mar).toMatchObject({ month: "2026-03", registered: 16, signups: 0, hours: 0 });

    expect((await viewer.request("GET", "/volunteers/stats?from=2026-05&to=2026-01")).status).toBe(400);
    const lastTwelve = await viewer.request("GET", "/volunteers/stats");
    expect(lastTwelve.json.months).toHaveLength(12);
    expect(lastTwelve.json.to).toBe(tokyoMonthKey(new Date()));
    const summary = await viewer.request("GET", "/volunteers");
    expect(summary.status).toBe(200);
    expect(summary.json.active).toBeGreaterThan(16);
    expect(summary.json.minors).toBeGreaterThanOrEqual(3);
    expect(JSON.stringify(summary.json)).not.toMatch(/U[0-9a-f]{32}/);
    const options = await viewer.request("GET", "/volunteers/options");
    expect(options.json.skills.map((s: { label: string }) => s.label)).toContain("IT・スマホ");
  });

  it("When staff edit an opportunity, then kept shifts keep their sign-ups, more places move the waiting list up, and roles and inputs are checked", async () => {
    const sat = daysToSaturday(5);
    const shiftInput = { startsAt: tokyoAt(sat, "09:00"), endsAt: tokyoAt(sat, "11:00"), place: "公民館", needed: 1 };
    const opportunity = await postOpportunity({ title: "配食サービス", areas: ["welfare"], shifts: [shiftInput] });
    const shiftId = opportunity.shifts[0]!.id;
    const [one, two] = await Promise.all([volunteer("edit-1", { areas: ["welfare"] }), volunteer("edit-2", { areas: ["welfare"] })]);
    await prisma().shiftSignup.create({ data: { shiftId, residentId: one!.id, status: "confirmed" } });
    await prisma().shiftSignup.create({ data: { shiftId, residentId: two!.id, status: "waitlisted" } });

    expect((await viewer.request("POST", "/opportunities", { title: "x", shifts: [shiftInput] })).status).toBe(403);
    expect((await staff.request("POST", "/opportunities", { title: "x", areas: ["nowhere"], shifts: [shiftInput] })).status).toBe(400);
    expect((await staff.request("POST", "/opportunities", { title: "x", shifts: [{ ...shiftInput, endsAt: shiftInput.startsAt }] })).status).toBe(400);
    expect((await staff.request("PUT", `/opportunities/${opportunity.id}`, { title: "配食サービス", shifts: [shiftInput] })).status).toBe(409);

    const put = await staff.request("PUT", `/opportunities/${opportunity.id}`, {
      title: "配食サービス（お弁当）",
      areas: ["welfare"],
      shifts: [{ ...shiftInput, id: shiftId, needed: 2 }, { ...shiftInput, startsAt: tokyoAt(sat + 1, "09:00"), endsAt: tokyoAt(sat + 1, "11:00") }],
    });
    expect(put.status, put.text).toBe(200);
    expect(put.json.opportunity).toMatchObject({ title: "配食サービス（お弁当）", version: 2 });
    expect(put.json.opportunity.shifts).toHaveLength(2);
    expect(put.json.opportunity.shifts[0]).toMatchObject({ id: shiftId, needed: 2, confirmedCount: 2, waitlistedCount: 0, remaining: 0 });
    await app.deliverySender.kick();
    expect(allText(two!.lineUserId)).toContain("参加が確定しました");

    const list = await viewer.request("GET", `/opportunities?from=${encodeURIComponent(tokyoAt(sat, "00:00").toISOString())}`);
    expect(list.json.opportunities.map((o: { id: string }) => o.id)).toContain(opportunity.id);
    expect((await viewer.request("GET", `/opportunities/${opportunity.id}`)).json.opportunity.status).toBe("open");
    expect((await viewer.request("GET", "/opportunities/not-a-uuid")).status).toBe(404);
    const actions = new Set((await prisma().auditEntry.findMany({ where: { target: `opportunity:${opportunity.id}` } })).map((a) => a.action));
    expect(actions).toEqual(new Set(["opportunity.created", "opportunity.updated"]));
    const doc = (await viewer.request("GET", "/openapi.json")).json;
    expect(doc.paths["/api/admin/opportunities/{id}/invite"].post.tags).toEqual(["volunteers"]);
    expect(app.standIn!.rejected()).toEqual([]);
  });

  it("When staff message a shift's volunteers, then the cost comes first, viewers may not, each reads it in their language (やさしい日本語 from its easy version), the waiting list only when asked, and it is audited", async () => {
    const sat = daysToSaturday(4);
    const o = await postOpportunity({
      title: "花壇の手入れ",
      titleEasy: "花を そだてる 手伝い",
      shifts: [{ startsAt: tokyoAt(sat, "09:00"), endsAt: tokyoAt(sat, "11:00"), place: "市民会館 前庭", placeEasy: "市民会館（しみんかいかん）の 前", needed: 2 }],
    });
    const shiftId = o.shifts[0]!.id;
    const ja = await volunteer("message-ja", {});
    const easy = await volunteer("message-easy", {});
    const waiting = await volunteer("message-waiting", {});
    await prisma().resident.update({ where: { id: easy.id }, data: { language: "easy" } });
    for (const [v, status] of [[ja, "confirmed"], [easy, "confirmed"], [waiting, "waitlisted"]] as const) await prisma().shiftSignup.create({ data: { shiftId, residentId: v.id, status } });
    const body = { text: "集合場所が市民会館の裏口に変わりました。", textEasy: "あつまる 所が かわりました。 市民会館（しみんかいかん）の うらの 入り口です。", urgent: true, includeWaitlisted: false };

    expect((await viewer.request("POST", `/shifts/${shiftId}/message`, body)).status).toBe(403);
    const cost = await staff.request("POST", `/shifts/${shiftId}/message`, { ...body, dryRun: true });
    expect(cost.status, cost.text).toBe(200);
    expect(cost.json).toMatchObject({ sent: false, recipients: 2, budget: { cost: 2 } });
    expect(await prisma().delivery.count({ where: { purpose: `shift.message:${shiftId}` } })).toBe(0);
    const preview = await staff.request("POST", `/shifts/${shiftId}/message/preview`, { text: body.text, textEasy: body.textEasy, lang: "easy" });
    expect(preview.json.messages[0].text).toMatch(/^【手伝う 人への おしらせ】\n花を そだてる 手伝い\nいつ：.+\nどこ：市民会館（しみんかいかん）の 前\nあつまる 所が かわりました。 市民会館（しみんかいかん）の うらの 入り口です。$/);

    const sent = await staff.request("POST", `/shifts/${shiftId}/message`, body);
    expect(sent.json).toMatchObject({ sent: true, recipients: 2 });
    await app.deliverySender.kick(new Date());
    await expect.poll(() => allText(easy.lineUserId), { timeout: 60_000, interval: 200 }).toContain("あつまる 所が かわりました。");
    expect(allText(easy.lineUserId)).toContain("花を そだてる 手伝い");
    expect(allText(easy.lineUserId)).not.toContain("集合場所");
    await expect.poll(() => allText(ja.lineUserId), { timeout: 60_000, interval: 200 }).toContain("集合場所が市民会館の裏口に変わりました。");
    expect(allText(ja.lineUserId)).toContain("【ボランティアのお知らせ】\n花壇の手入れ\n日時：");
    expect(msgs(waiting.lineUserId)).toEqual([]);
    const audit = await prisma().auditEntry.findMany({ where: { action: "shift.messaged", target: `shift:${shiftId}` } });
    expect(audit).toHaveLength(1);
    expect(audit[0]!.detail).toMatchObject({ recipients: 2, urgent: true });
    expect(app.standIn!.rejected()).toEqual([]);
  });
});

describe.each(databaseKinds)("Volunteer reminders in quiet hours on %s", (kind) => {
  let app: TTestApp;
  beforeAll(async () => {
    app = await startTestApp(kind, { quietHours: true });
  });
  afterAll(async () => {
    await app?.stop();
  });

  it("When the reminder time falls in quiet hours, then the reminder waits until they end", async () => {
    const prisma = app.db.prisma;
    await prisma.setting.create({ data: { key: "reminders", value: { enabled: true, dayBeforeAt: "22:00", hourBefore: false, note: "軍手をお持ちください。" } } });
    const staffRow = await app.staffService.create({ loginId: `quiet-${kind}`, displayName: "鈴木", role: "staff" }, "system");
    const lineUserId = residentId(`${kind}-quiet`);
    const resident = await prisma.resident.create({ data: { lineUserId, consentVersion: "2026-11", consentedAt: new Date(), profile: {} } });
    await prisma.volunteerProfile.create({ data: { residentId: resident.id, areas: ["environment"], districts: ["nagato"], availability: ["weekend_morning"], skills: [] } });
    const opportunity = await prisma.opportunity.create({
      data: {
        title: "朝市の準備",
        description: "",
        createdById: staffRow.staff.id,
        shifts: { create: [{ startsAt: tokyoAt(3, "10:00"), endsAt: tokyoAt(3, "12:00"), place: "仙崎港", needed: 1 }] },
      },
      include: { shifts: true },
    });
    await prisma.shiftSignup.create({ data: { shiftId: opportunity.shifts[0]!.id, residentId: resident.id, status: "confirmed" } });

    await app.runSchedules(tokyoAt(2, "22:00"));
    await app.runSchedules(tokyoAt(2, "22:05"));
    const rows = await prisma.delivery.findMany({ where: { purpose: `shift.reminder:${opportunity.shifts[0]!.id}` } });
    expect(rows).toHaveLength(1);
    expect(rows[0]!.nextAttemptAt.toISOString()).toBe(tokyoAt(3, "08:00").toISOString());
    expect(rows[0]!.status).toBe("pending");
    expect(app.standIn!.messagesFor(lineUserId)).toHaveLength(0);
    expect(JSON.stringify(rows[0]!.messages)).toContain("軍手をお持ちください。");
  });
});
