// The staff inbox through the LINE stand-in (every call checked against LINE's contract): a resident's
// message no flow handles becomes an inquiry and they are told when a person reads it (office hours);
// staff answer from the admin API and the resident gets it by reply (a line the bot left unanswered,
// token still good) or by push (counted against the budget); viewers cannot answer; inquiries show in
// マイデータ, go with delete-my-data, and are deleted after the retention period; slow turns show LINE's
// loading animation.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { residentId, startTestApp, type TTestApp } from "./support/startTestApp.ts";
import { loginAsStaff, type TStaffClient } from "./support/staffClient.ts";
import { onboard, residentView } from "./support/conversationHelpers.ts";
import { seedClosedRound } from "./support/seedRoundComments.ts";
import { messagesUsedThisMonth } from "../src/domain/delivery/messageBudget.ts";
import { tokyoInstant, tokyoParts } from "../src/tokyoTime.ts";

const DAY = 86_400_000;
const jaWeekdays = ["日", "月", "火", "水", "木", "金", "土"];

describe.each(["postgresql", "embedded"] as const)("The staff inbox (%s)", (kind) => {
  let app: TTestApp;
  let admin: TStaffClient;
  let staff: TStaffClient;
  let viewer: TStaffClient;
  const deliveriesTo = (user: string) => app.standIn!.deliveries.filter((d) => d.to.includes(user));
  const sent = async () => {
    await app.outbox.settle();
  };

  beforeAll(async () => {
    app = await startTestApp(kind);
    admin = await loginAsStaff(app, `inbox-admin-${kind}`, "admin");
    staff = await loginAsStaff(app, `inbox-staff-${kind}`, "staff");
    viewer = await loginAsStaff(app, `inbox-viewer-${kind}`, "viewer");
  });
  afterAll(async () => {
    await app?.stop();
  });

  it("When a consented resident writes something no flow handles outside office hours, then it reaches the inbox and they are told a person reads it on the next working day", async () => {
    // Open only on the weekday two days from now (Tokyo), 9:00–12:00: now is outside, and the next opening is known.
    const today = tokyoParts(new Date());
    const opens = tokyoInstant(today.y, today.mo, today.d + 2, 9);
    const local = tokyoParts(opens);
    const weekday = local.wd;
    const put = await admin.request("PUT", "/settings", { inbox: { officeDays: [weekday], officeStart: "09:00", officeEnd: "12:00" } });
    expect(put.status, put.text).toBe(200);

    const user = residentId(`inbox-writer-${kind}`);
    const r = await onboard(app, user);
    await r.say("家の前の街灯が切れています。直してもらえますか");
    expect(r.texts().at(-1)).toBe(
      `お問い合わせを受け付けました。\n職員が読んで、このトークでお返事します。\nいまは受付時間外です（${jaWeekdays[weekday]} 09:00–12:00）。${local.mo}月${local.d}日(${jaWeekdays[weekday]}) 9:00以降に読みます。`,
    );

    const list = await staff.request("GET", "/inquiries");
    expect(list.status, list.text).toBe(200);
    const mine = list.json.inquiries.filter((i: { preview: string }) => i.preview.startsWith("家の前の街灯"));
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({ status: "open", source: "message", assignee: null, messageCount: 1, awaitingReply: true });

    // A second line right after: added quietly to the same inquiry.
    const before = r.messages().length;
    await r.say("場所は市役所の北側です");
    await sent();
    expect(r.messages()).toHaveLength(before);
    const detail = await staff.request("GET", `/inquiries/${mine[0].number}`);
    expect(detail.json.inquiry.messages.map((m: { author: string; body: string }) => [m.author, m.body])).toEqual([
      ["resident", "家の前の街灯が切れています。直してもらえますか"],
      ["resident", "場所は市役所の北側です"],
    ]);

    // Staff answer while that line's reply token is good: it goes by reply, free.
    const usedBefore = await messagesUsedThisMonth(app.db.prisma);
    const reply = await staff.request("POST", `/inquiries/${mine[0].number}/reply`, { body: "ご連絡ありがとうございます。明日、担当が確認に伺います。" });
    expect(reply.status, reply.text).toBe(201);
    await sent();
    expect(r.texts().at(-1)).toBe("【職員からの返信】\nご連絡ありがとうございます。明日、担当が確認に伺います。");
    expect(deliveriesTo(user).at(-1)!.via).toBe("reply");
    expect(await messagesUsedThisMonth(app.db.prisma)).toBe(usedBefore);
    const answered = (await staff.request("GET", `/inquiries/${mine[0].number}`)).json.inquiry;
    expect(answered).toMatchObject({ status: "inProgress", assignee: { displayName: `inbox-staff-${kind}さん` } });
    expect(answered.messages.at(-1)).toMatchObject({ author: "staff", staffName: `inbox-staff-${kind}さん`, delivery: { status: "sent", via: "reply" } });

    // The resident answers back (told again: staff wrote since), and a later reply goes by push, counted.
    await r.say("ありがとうございます。よろしくお願いします");
    expect(r.texts().at(-1)).toContain("お問い合わせを受け付けました。");
    const again = await staff.request("POST", `/inquiries/${mine[0].id}/reply`, { body: "本日修理が終わりました。" });
    expect(again.status, again.text).toBe(201);
    await sent();
    expect(r.texts().at(-1)).toBe("【職員からの返信】\n本日修理が終わりました。");
    expect(deliveriesTo(user).at(-1)!.via).toBe("push");
    expect(await messagesUsedThisMonth(app.db.prisma)).toBe(usedBefore + 1);

    // Status, assignee and memo; audited without the memo's text.
    const assignee = (await staff.request("GET", "/inquiries/assignees")).json.assignees.find((a: { displayName: string }) => a.displayName === `inbox-admin-${kind}さん`);
    const patch = await staff.request("PATCH", `/inquiries/${mine[0].number}`, { status: "done", assigneeId: assignee.id, memo: "道路課に連絡済み" });
    expect(patch.status, patch.text).toBe(200);
    expect(patch.json.inquiry).toMatchObject({ status: "done", memo: "道路課に連絡済み", assignee: { displayName: `inbox-admin-${kind}さん` } });
    const audit = await app.db.prisma.auditEntry.findMany({ where: { target: `inquiry:${mine[0].number}` }, orderBy: { at: "asc" } });
    expect(audit.map((a) => a.action)).toEqual(["inquiry.received", "inquiry.message_added", "inquiry.replied", "inquiry.message_added", "inquiry.replied", "inquiry.updated"]);
    expect(JSON.stringify(audit.map((a) => a.detail))).not.toContain("道路課");
    expect(JSON.stringify(audit.map((a) => a.detail))).not.toContain("街灯");

    // A done inquiry stays done: the next message opens a new one.
    await r.say("別件です。図書館の開館時間を知りたいです");
    const open = (await staff.request("GET", "/inquiries?status=open")).json.inquiries;
    expect(open.map((i: { preview: string }) => i.preview)).toContain("別件です。図書館の開館時間を知りたいです");
    expect(app.standIn!.rejected()).toEqual([]);
  });

  it("When a viewer tries to read or answer the inbox, then they are refused; a resident who never consented reaches nobody and is told so", async () => {
    const user = residentId(`inbox-guest-${kind}`);
    const r = residentView(app, user);
    await r.follow();
    await r.say("やめる"); // leaves onboarding without consenting
    await r.say("こんにちは、よろしくお願いします");
    expect(r.texts().at(-2)).toContain("このメッセージは職員には届きません");
    const guest = await app.db.prisma.resident.findUniqueOrThrow({ where: { lineUserId: user } });
    expect(await app.db.prisma.inquiry.count({ where: { residentId: guest.id } })).toBe(0);

    const any = await app.db.prisma.inquiry.findFirstOrThrow();
    expect((await viewer.request("GET", "/inquiries")).status).toBe(403);
    expect((await viewer.request("GET", `/inquiries/${any.number}`)).status).toBe(403);
    const refused = await viewer.request("POST", `/inquiries/${any.number}/reply`, { body: "閲覧者からの返信" });
    expect(refused.status).toBe(403);
    expect(await app.db.prisma.inquiryMessage.count({ where: { body: "閲覧者からの返信" } })).toBe(0);
    expect((await viewer.request("PATCH", `/inquiries/${any.number}`, { status: "done" })).status).toBe(403);
  });

  it("When staff reply to one public comment and to one poll free-text answer, then each resident gets it in LINE, named after what they wrote", async () => {
    const round = await seedClosedRound(app.db.prisma, { title: `総合計画-${kind}`, count: 2 });
    const comment = await app.db.prisma.comment.findUniqueOrThrow({ where: { id: round.comments[0]!.id }, include: { resident: true } });
    const c = await staff.request("POST", `/comments/${comment.id}/reply`, { body: "ご意見ありがとうございます。計画に反映します。" });
    expect(c.status, c.text).toBe(201);
    expect(c.json.inquiry).toMatchObject({ source: "comment", status: "inProgress", sourceLabel: `意見募集「総合計画-${kind}」の意見（受付番号 ${comment.receiptNumber}）` });
    await sent();
    expect((app.standIn!.messagesFor(comment.resident.lineUserId).at(-1) as { text: string }).text).toBe(
      `【ご意見（受付番号 ${comment.receiptNumber}）への職員からの返信】\nご意見ありがとうございます。計画に反映します。`,
    );

    const user = residentId(`inbox-poll-${kind}`);
    await onboard(app, user);
    const resident = await app.db.prisma.resident.findUniqueOrThrow({ where: { lineUserId: user } });
    const poll = await staff.request("POST", "/polls", {
      title: "公園アンケート",
      opensAt: new Date(Date.now() - 60_000).toISOString(),
      closesAt: new Date(Date.now() + 10 * DAY).toISOString(),
      questions: [{ id: "idea", kind: "text", text: "ご意見をどうぞ。", maxLength: 200 }],
    });
    expect(poll.status, poll.text).toBe(201);
    const response = await app.db.prisma.pollResponse.create({ data: { pollId: poll.json.poll.id, residentId: resident.id, answers: { idea: "ベンチを増やしてほしい" }, pollVersion: 1 } });
    const results = await staff.request("GET", `/polls/${poll.json.poll.id}/results`);
    const question = results.json.questions[0];
    expect(question.texts).toEqual(["ベンチを増やしてほしい"]);
    expect(question.responseIds).toEqual([response.id]);
    const p = await staff.request("POST", `/poll-responses/${response.id}/reply`, { body: "検討します。" });
    expect(p.status, p.text).toBe(201);
    await sent();
    expect((app.standIn!.messagesFor(user).at(-1) as { text: string }).text).toBe("【アンケート「公園アンケート」のご回答への職員からの返信】\n検討します。");
    expect((await viewer.request("POST", `/poll-responses/${response.id}/reply`, { body: "x" })).status).toBe(403);
    expect((await viewer.request("POST", `/comments/${comment.id}/reply`, { body: "x" })).status).toBe(403);
    expect(app.standIn!.rejected()).toEqual([]);
  });

  it("When a resident asks for マイデータ, then their inquiries are there; when they delete their data, the inquiries go too", async () => {
    const user = residentId(`inbox-mydata-${kind}`);
    const r = await onboard(app, user);
    await r.say("ごみの分別について教えてください");
    const inquiry = await app.db.prisma.inquiry.findFirstOrThrow({ where: { resident: { lineUserId: user } } });
    await staff.request("POST", `/inquiries/${inquiry.id}/reply`, { body: "分別表をお送りします。" });
    await sent();
    await r.say("マイデータ");
    const shown = r.texts().join("\n");
    expect(shown).toContain("【お問い合わせ】\n・あなた：ごみの分別について教えてください\n・職員：分別表をお送りします。");
    await r.tap("はい");
    await r.tap("はい");
    expect(await app.db.prisma.inquiry.count({ where: { id: inquiry.id } })).toBe(0);
    expect(await app.db.prisma.inquiryMessage.count({ where: { inquiryId: inquiry.id } })).toBe(0);
  });

  it("When an inquiry's last message is older than the retention period the city set, then the scheduled job deletes it, and only it", async () => {
    const put = await admin.request("PUT", "/settings", { inbox: { retentionDays: 30 } });
    expect(put.status, put.text).toBe(200);
    const user = residentId(`inbox-retention-${kind}`);
    const r = await onboard(app, user);
    await r.say("古い問い合わせです");
    const old = await app.db.prisma.inquiry.findFirstOrThrow({ where: { resident: { lineUserId: user } } });
    await app.db.prisma.inquiry.update({ where: { id: old.id }, data: { lastMessageAt: new Date(Date.now() - 31 * DAY) } });
    const kept = await app.db.prisma.inquiry.count();
    await app.runSchedules(new Date());
    expect(await app.db.prisma.inquiry.count({ where: { id: old.id } })).toBe(0);
    expect(await app.db.prisma.inquiryMessage.count({ where: { inquiryId: old.id } })).toBe(0);
    expect(await app.db.prisma.inquiry.count()).toBe(kept - 1);
    const audit = await app.db.prisma.auditEntry.findFirstOrThrow({ where: { action: "inquiry.retention_deleted" }, orderBy: { at: "desc" } });
    expect(audit.detail).toEqual({ count: 1, retentionDays: 30 });
  });

});

describe("LINE's loading animation", () => {
  let app: TTestApp;
  beforeAll(async () => {
    // Every turn that goes alone counts as slow here: what a turn past a second does.
    app = await startTestApp("postgresql", { app: { workingAfterMs: 0 } });
  });
  afterAll(async () => {
    await app?.stop();
  });

  it("When a turn takes long, then the resident's chat shows the loading animation (accepted by the contract) and the answer still comes", async () => {
    const user = residentId("inbox-loading");
    const r = await onboard(app, user);
    await r.say("マイデータ");
    expect(r.texts().join("\n")).toContain("市がお預かりしているあなたの情報です。");
    await expect.poll(() => app.standIn!.requests.filter((q) => q.operation === "showLoadingAnimation" && q.userIds.includes(user)).length, { timeout: 60_000 }).toBeGreaterThan(0);
    const calls = app.standIn!.requests.filter((q) => q.operation === "showLoadingAnimation");
    expect(calls.every((q) => q.status === 202 && q.errors.length === 0)).toBe(true);
    expect(calls[0]!.body).toEqual({ chatId: user, loadingSeconds: 10 });
    expect(app.standIn!.rejected()).toEqual([]);
  });
});
