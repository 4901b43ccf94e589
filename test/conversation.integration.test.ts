// Residents going through the shipped flows against the stand-in, on both databases.
import { cp, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { Writable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { databaseKinds, createMigratedTestDatabase } from "./support/testDatabases.ts";
import { residentId, startTestApp, type TTestApp } from "./support/startTestApp.ts";
import { onboard, residentView } from "./support/conversationHelpers.ts";

describe.each(databaseKinds)("Conversations on %s", (kind) => {
  let app: TTestApp;
  const logLines: string[] = [];
  beforeAll(async () => {
    const logStream = new Writable({
      write(chunk, _enc, done) {
        logLines.push(String(chunk));
        done();
      },
    });
    app = await startTestApp(kind, { logStream });
  });
  afterAll(async () => {
    await app?.stop();
  });

  const answersOf = (user: string) =>
    app.db.prisma.answer.findMany({ where: { resident: { lineUserId: user }, flowId: "poll-community" }, orderBy: { answeredAt: "asc" } });

  it("When residents answer the poll, then each answer is kept with flow, revision, step and value", async () => {
    const user = residentId(`poll-${kind}`);
    const r = await onboard(app, user);
    await r.say("アンケート");
    expect(r.texts().some((t) => t.includes("地域活動（自治会"))).toBe(true);
    expect(r.quickReplyLabels()).toEqual(["よく参加した", "ときどき参加した", "以前はしていた", "参加したことがない"]);
    await r.tap("参加したことがない");
    expect(r.last()?.text).toContain("あてはまるものをすべて選び");
    await r.tap("時間が合わない");
    await r.tap("いつどこであるか不明");
    await r.tap("決定");
    expect(r.quickReplyLabels()).toEqual(["1 思わない", "2", "3", "4", "5 とても思う"]);
    await r.say("9");
    expect(r.texts().at(-2)).toContain("1から5までの数字で答えてください");
    await r.tap("4");
    await r.say("1,3");
    await r.tap("はい");
    await r.say("平日の夜に参加できる活動があるとうれしいです。");
    expect(r.texts().at(-1)).toContain("ご回答ありがとうございました");
    const answers = await answersOf(user);
    expect(answers.map((a) => [a.stepId, a.name, a.value])).toEqual([
      ["participation", "participation", "never"],
      ["reasons", "reasons", ["time", "unknown"]],
      ["willingness", "willingness", 4],
      ["channel", "channels", ["line", "web"]],
      ["wants_comment", "wantsComment", "yes"],
      ["comment", "comment", "平日の夜に参加できる活動があるとうれしいです。"],
    ]);
    const flow = app.flows.get("poll-community")!;
    expect(answers.every((a) => a.flowRevision === flow.revision)).toBe(true);
    expect(app.standIn!.rejected()).toEqual([]);
  });

  it("When a resident stops halfway with やめる, then the answers given so far are kept and the conversation is paused, not going on", async () => {
    const user = residentId(`cancel-${kind}`);
    const r = await onboard(app, user);
    await r.say("アンケート");
    await r.tap("よく参加した");
    await r.say("やめる");
    expect(r.texts().at(-1)).toMatch(/^「地域活動への参加アンケート」を中断しました。ここまでの回答は.+まで保存しています。/);
    expect((await answersOf(user)).map((a) => a.value)).toEqual(["often"]);
    const conversation = await app.db.prisma.conversation.findFirstOrThrow({ where: { resident: { lineUserId: user }, flowId: "poll-community" } });
    expect(conversation.status).toBe("paused");
    await r.say("3");
    expect(r.texts().at(-1)).not.toContain("ご回答ありがとうございました");
  });

  it("When a resident declines consent, then nothing personal is stored and the poll asks for consent first", async () => {
    const user = residentId(`noconsent-${kind}`);
    const r = residentView(app, user);
    await r.follow();
    await r.tap("English");
    await r.tap("No");
    expect(r.texts().at(-1)).toContain("We keep nothing personal");
    await r.say("survey");
    expect(r.texts().at(-1)).toContain("please first agree");
    const resident = await app.db.prisma.resident.findUniqueOrThrow({ where: { lineUserId: user }, include: { answers: true } });
    expect(resident).toMatchObject({ language: "en", consentVersion: null, profile: {}, answers: [] });
  });

  it("When a resident taps an old button from a finished question, then they are told kindly and nothing is stored", async () => {
    const user = residentId(`stale-${kind}`);
    const r = await onboard(app, user);
    await r.say("アンケート");
    const oldQuestion = r.last()!;
    await r.say("やめる");
    const data = oldQuestion.quickReply!.items[0]!.action.data!;
    await app.standIn!.sendPostback(user, data);
    await app.processor.drain();
    expect(r.texts().at(-1)).toContain("すでに終了しています");
    expect(await answersOf(user)).toEqual([]);
  });

  it("When a resident asks for マイデータ and deletes it, then they see their data and then everything is gone", async () => {
    const user = residentId(`mydata-${kind}`);
    const r = await onboard(app, user, { language: "日本語", age: "70歳以上", district: "油谷", interests: ["福祉・介護", "防災・防犯"] });
    await r.say("アンケート");
    await r.tap("ときどき参加した");
    await r.say("マイデータ");
    const shown = r.texts().find((t) => t.includes("市がお預かりしているあなたの情報"))!;
    expect(shown).toContain("年代：70歳以上");
    expect(shown).toContain("地区：油谷");
    expect(shown).toContain("関心：福祉・介護、防災・防犯");
    expect(shown).toContain("この1年間に、地域の活動に参加しましたか？：ときどき参加した");
    expect(shown).not.toContain("participation");
    await r.tap("はい");
    await r.tap("はい");
    expect(r.texts().at(-1)).toContain("削除しました");
    expect(await app.db.prisma.resident.findUnique({ where: { lineUserId: user } })).toBeNull();
    expect(await app.db.prisma.answer.count({ where: { resident: { lineUserId: user } } })).toBe(0);
    const audit = await app.db.prisma.auditEntry.findMany({ where: { action: "resident.data_deleted" } });
    expect(audit.length).toBeGreaterThan(0);
    expect(JSON.stringify(audit.map((a) => [a.actor, a.detail]))).not.toContain(user);
  });

  it("When a resident with a confirmed seat deletes their data, then the first on the waiting list gets the seat", async () => {
    const holder = residentId(`seat-holder-${kind}`);
    const waiting = residentId(`seat-waiting-${kind}`);
    const r = await onboard(app, holder);
    await onboard(app, waiting);
    const [a, b] = await Promise.all([holder, waiting].map((u) => app.db.prisma.resident.findUniqueOrThrow({ where: { lineUserId: u } })));
    const startsAt = new Date(Date.now() + 7 * 24 * 3600_000);
    const event = await app.db.prisma.event.create({
      data: { title: "清掃活動", description: "海岸の清掃", startsAt, place: "青海島", capacity: 1, signupDeadline: new Date(startsAt.getTime() - 3600_000), createdById: a!.id },
    });
    await app.db.prisma.eventRegistration.create({ data: { eventId: event.id, residentId: a!.id, status: "confirmed" } });
    await app.db.prisma.eventRegistration.create({ data: { eventId: event.id, residentId: b!.id, status: "waitlisted", createdAt: new Date(Date.now() + 1000) } });
    await r.say("マイデータ");
    expect(r.texts().find((t) => t.includes("市がお預かりしているあなたの情報"))).toContain("「清掃活動」（参加確定）");
    await r.tap("はい");
    await r.tap("はい");
    const seat = await app.db.prisma.eventRegistration.findFirstOrThrow({ where: { eventId: event.id, residentId: b!.id } });
    expect(seat.status).toBe("confirmed");
  });

  it("When a volunteer with a shift place deletes their data, then the first on the shift's waiting list gets the place and the profile goes", async () => {
    const holder = residentId(`shift-holder-${kind}`);
    const waiting = residentId(`shift-waiting-${kind}`);
    const r = await onboard(app, holder);
    await onboard(app, waiting);
    const [a, b] = await Promise.all([holder, waiting].map((u) => app.db.prisma.resident.findUniqueOrThrow({ where: { lineUserId: u } })));
    await app.db.prisma.volunteerProfile.create({ data: { residentId: a!.id, areas: [], skills: [], districts: [], availability: [] } });
    const startsAt = new Date(Date.now() + 7 * 24 * 3600_000);
    const opportunity = await app.db.prisma.opportunity.create({ data: { title: "花壇の手入れ", description: "駅前の花壇", createdById: a!.id } });
    const shift = await app.db.prisma.shift.create({ data: { opportunityId: opportunity.id, startsAt, endsAt: new Date(startsAt.getTime() + 2 * 3600_000), place: "駅前", needed: 1 } });
    await app.db.prisma.shiftSignup.create({ data: { shiftId: shift.id, residentId: a!.id, status: "confirmed" } });
    await app.db.prisma.shiftSignup.create({ data: { shiftId: shift.id, residentId: b!.id, status: "waitlisted", createdAt: new Date(Date.now() + 1000) } });
    await r.say("マイデータ");
    await r.tap("はい");
    await r.tap("はい");
    const place = await app.db.prisma.shiftSignup.findFirstOrThrow({ where: { shiftId: shift.id, residentId: b!.id } });
    expect(place.status).toBe("confirmed");
    expect(await app.db.prisma.volunteerProfile.count({ where: { residentId: a!.id } })).toBe(0);
    expect(await app.db.prisma.resident.count({ where: { lineUserId: holder } })).toBe(0);
  });

  it("When a conversation is left waiting past its time, then it ends with the flow's kind message", async () => {
    const user = residentId(`expire-${kind}`);
    const r = await onboard(app, user);
    await r.say("アンケート");
    await app.db.prisma.conversation.updateMany({ where: { resident: { lineUserId: user }, status: "active" }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect(await app.sweep()).toBeGreaterThanOrEqual(1);
    expect(r.texts().at(-1)).toContain("アンケートの途中でしたので、いったん終了しました");
    expect(await app.db.prisma.conversation.count({ where: { resident: { lineUserId: user }, status: "active" } })).toBe(0);
  });

  it("When anything happens, then the logs carry no message text and no LINE user id", async () => {
    const user = residentId(`logs-${kind}`);
    const r = await onboard(app, user);
    await r.say("アンケート");
    await r.say("とても秘密の意見です");
    const logs = logLines.join("");
    expect(logs).toContain("event handled");
    expect(logs).not.toContain(user);
    expect(logs).not.toContain("とても秘密の意見です");
    expect(logs).not.toContain("地域活動");
  });
});

describe("Flow versions", () => {
  it("When a flow file is edited while a resident is mid-conversation, then that conversation keeps its version and new ones get the new one", async () => {
    const database = await createMigratedTestDatabase("postgresql");
    const flowsDir = await mkdtemp(path.join(tmpdir(), "cityvoice-flows-"));
    await cp("flows", flowsDir, { recursive: true });
    const user = residentId("version-a");
    const other = residentId("version-b");
    try {
      let app = await startTestApp("postgresql", { database, env: { FLOWS_DIR: flowsDir } });
      await onboard(app, user);
      await residentView(app, user).say("アンケート");
      const oldRevision = app.flows.get("poll-community")!.revision;
      await app.close();

      // Staff rename the first answer's step and reword the question.
      const file = path.join(flowsDir, "poll-community.yaml");
      const text = (await readFile(file, "utf8")).replaceAll("id: participation", "id: participation_v2").replace("next: participation", "next: participation_v2").replace("この1年間に、地域の活動に参加しましたか", "この1年間に、地域の活動や行事に参加しましたか");
      await writeFile(file, text);
      app = await startTestApp("postgresql", { database, env: { FLOWS_DIR: flowsDir } });
      try {
        const newRevision = app.flows.get("poll-community")!.revision;
        expect(newRevision).not.toBe(oldRevision);
        const a = residentView(app, user);
        await a.say("よく参加した");
        expect(a.texts().at(-1)).toContain("問3");
        const b = await onboard(app, other);
        await b.say("アンケート");
        expect(b.texts().some((t) => t.includes("地域の活動や行事に参加しましたか"))).toBe(true);
        await b.tap("よく参加した");
        const answers = await app.db.prisma.answer.findMany({ where: { flowId: "poll-community" }, include: { resident: true } });
        expect(answers.map((x) => [x.resident.lineUserId, x.stepId, x.flowRevision]).sort()).toEqual(
          [
            [user, "participation", oldRevision],
            [other, "participation_v2", newRevision],
          ].sort(),
        );
      } finally {
        await app.close();
      }
    } finally {
      await database.drop();
      await rm(flowsDir, { recursive: true, force: true });
    }
  });
});
