// One set of turn rules, two ways to run them: many residents in one plain-SQL transaction, or one
// resident in a Prisma transaction. The same scripted conversations go through a bot that batches
// and a bot that never does; every row they leave and every message residents receive must agree.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { residentId, startTestApp, type TTestApp } from "./support/startTestApp.ts";
import { onboard, residentView } from "./support/conversationHelpers.ts";
import { tokenAsStaff } from "./support/staffClient.ts";

const HOUR = 3_600_000;

/**
 * Ids the turns make are recognisable (the batched bot may make some for a plan it then hands to
 * the other way), so they compare by where they first appear; ids the database made (staff items)
 * and moments differ between runs; everything else must not.
 */
function recognisableIds() {
  let n = 0;
  return { uuid: () => `00000000-0000-4000-8000-${(++n).toString(16).padStart(12, "0")}`, nonce: () => `nz${(++n).toString(36)}z` };
}

// Receipt numbers are random too (they must not be guessable).
const TURN_ID = /00000000-0000-4000-8000-[0-9a-f]{12}|nz[0-9a-z]+z|R\d+-\d{6}|E\d+-[0-9A-F]{8}/g;
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g;
const ISO = /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z?/g;
const normal = (value: unknown): unknown => {
  const seen = new Map<string, string>();
  const text = JSON.stringify(value, (_k, v: unknown) => (typeof v === "bigint" ? Number(v) : v))
    .replace(ISO, "<time>")
    // Clock times shown to residents (マイデータ's consent time) differ by when each bot ran.
    .replace(/\d{1,2}:\d{2}/g, "<clock>")
    .replace(TURN_ID, (id) => seen.get(id) ?? seen.set(id, `<id ${seen.size + 1}>`).get(id)!)
    .replace(UUID, "<uuid>");
  return JSON.parse(text) as unknown;
};

async function rows(app: TTestApp) {
  const p = app.db.prisma;
  const [residents, conversations, answers, audit, events, outbox, comments, registrations] = await Promise.all([
    p.resident.findMany({ orderBy: { lineUserId: "asc" }, omit: { createdAt: true, updatedAt: true, unfollowedAt: true, consentedAt: true } }),
    p.conversation.findMany({ orderBy: { id: "asc" }, omit: { startedAt: true, updatedAt: true, endedAt: true, expiresAt: true } }),
    p.answer.findMany({ omit: { id: true, answeredAt: true } }),
    p.auditEntry.findMany({ where: { actor: { startsWith: "resident:" } }, orderBy: { id: "asc" }, select: { action: true, detail: true } }),
    p.inboundEvent.findMany({ orderBy: { webhookEventId: "asc" }, select: { status: true, payload: true } }),
    p.outboundMessage.findMany({ orderBy: { seq: "asc" }, select: { lineUserId: true, messages: true, status: true, via: true, eventId: true } }),
    p.comment.findMany({ orderBy: { receiptNumber: "asc" }, select: { receiptNumber: true, body: true, status: true, sectionId: true } }),
    p.eventRegistration.findMany({ select: { status: true, companions: true } }),
  ]);
  const sort = (list: unknown[]) => list.map((x) => JSON.stringify(normal(x))).sort();
  // A flow built from a staff item has a revision hashed over its database ids.
  const revision = <T extends { flowId: string; flowRevision: string }>(r: T) => ({ ...r, flowRevision: /^(round|poll|event|shift)-/.test(r.flowId) ? "<generated>" : r.flowRevision });
  return {
    residents: normal(residents),
    conversations: normal(conversations.map(revision)),
    answers: sort(answers.map(revision)),
    audit: sort(audit),
    events: normal(events.map((e) => e.status)),
    outbox: normal(outbox.map(({ eventId: _e, ...o }) => o)),
    comments: normal(comments),
    registrations: sort(registrations),
  };
}

describe("Turn rules, batched and one by one", () => {
  let batched: TTestApp;
  let alone: TTestApp;
  beforeAll(async () => {
    [batched, alone] = await Promise.all([
      startTestApp("postgresql", { app: { turnIds: recognisableIds() } }),
      startTestApp("postgresql", { app: { batchTurns: false, turnIds: recognisableIds() } }),
    ]);
  });
  afterAll(async () => {
    await Promise.all([batched?.stop(), alone?.stop()]);
  });

  it("When the same residents do the same things through both ways, then every row kept and every message sent is the same", async () => {
    const script = async (app: TTestApp) => {
      const staff = await tokenAsStaff(app, "paths-staff", "staff");
      const round = await staff("POST", "/rounds", {
        title: "第3次総合計画（素案）",
        summary: "これから10年のまちづくりの計画です。",
        documentUrl: "https://www.city.example.jp/plan/draft.pdf",
        sections: [{ id: "s1", title: "第1章 子育て" }],
        opensAt: new Date(Date.now() - 60_000).toISOString(),
        closesAt: new Date(Date.now() + 2 * HOUR).toISOString(),
        audience: {},
        identity: "anonymous",
      });
      expect(round.status, round.text).toBe(201);
      const event = await staff("POST", "/events", {
        title: "まちなか清掃",
        description: "みんなで商店街をきれいにします。",
        startsAt: new Date(Date.now() + 240 * HOUR).toISOString(),
        endsAt: new Date(Date.now() + 242 * HOUR).toISOString(),
        place: "長門市役所 前庭",
        capacity: 1,
        signupDeadline: new Date(Date.now() + 200 * HOUR).toISOString(),
        audience: {},
        maxCompanions: 0,
      });
      expect(event.status, event.text).toBe(201);
      expect((await staff("POST", `/events/${event.json.event.id}/announce`, {})).status).toBe(200);

      // Onboarding with consent, then the poll through its "past" branch with a comment.
      const a = await onboard(app, residentId("paths-a"));
      for (const text of ["アンケート", "3", "1,2", "2", "2,5", "はい", "集会所が遠くて行きにくいです"]) await a.say(text);
      // The poll again, stopped halfway; an old button tapped afterwards.
      await a.say("アンケート");
      await a.say("1");
      await a.say("やめる");
      await a.tap("ときどき参加した").catch(() => undefined);
      await a.say("マイデータ");
      await a.tap("いいえ");
      // Back to the paused poll: 続きから and one more answer; paused again by メニュー, then 最初から.
      await a.say("アンケート");
      await a.tap("続きから");
      await a.tap("3");
      await a.say("メニュー");
      await a.say("アンケート");
      await a.tap("最初から");
      await a.say("やめる");
      // Onboarding in English without consent; the poll asks for consent first.
      const b = residentView(app, residentId("paths-b"));
      await b.follow();
      await b.tap("English");
      await b.tap("No");
      await b.say("survey");
      // A comment on the round, then withdrawn; a seat at the event and the waiting list.
      const c = await onboard(app, residentId("paths-c"));
      await c.say("意見募集");
      await c.tap("意見を書く");
      await c.tap("第1章 子育て");
      // A draft left by メニュー and taken up again.
      await c.say("保育園を");
      await c.say("メニュー");
      await c.say("意見募集");
      await c.tap("意見を書く");
      await c.tap("続きから");
      await c.say("増やしてください。");
      await c.tap("入力を終える");
      await c.tap("はい");
      await c.say("マイコメント");
      await c.tap("取り下げる");
      await c.tap("はい");
      for (const u of [c, a]) {
        await u.say("イベント");
        await u.tap("申し込む");
        await u.tap("はい").catch(() => undefined);
      }
      // A message LINE delivers twice, and a conversation left to expire.
      const d = await onboard(app, residentId("paths-d"));
      const again = await app.standIn!.sendText(residentId("paths-d"), "アンケート");
      await app.standIn!.deliverEvents(again.body, { redelivery: true });
      await app.processor.drain();
      await app.db.prisma.conversation.updateMany({ where: { resident: { lineUserId: residentId("paths-d") }, status: "active" }, data: { expiresAt: new Date(Date.now() - 1000) } });
      await app.sweep();
      // The closing message is sent by the outbox's sweep, which may be one already under way: waited
      // for, so that it comes before the reply to what d sends next in both runs.
      await expect.poll(() => d.texts().some((t) => t.startsWith("アンケートの途中でしたので")), { timeout: 30_000 }).toBe(true);
      await d.say("1");
      await app.processor.drain();
      return [a, b, c, d].map((r) => r.messages());
    };
    const [one, other] = [await script(batched), await script(alone)];
    expect(normal(other)).toEqual(normal(one));
    const [x, y] = await Promise.all([rows(batched), rows(alone)]);
    for (const table of Object.keys(x) as (keyof typeof x)[]) expect(y[table], table).toEqual(x[table]);
    // The script did reach what it meant to: answers, a withdrawn comment, a seat and a waiting place.
    expect((x.comments as { status: string; body: string }[]).map((c) => [c.status, c.body])).toEqual([["withdrawn", "保育園を\n増やしてください。"]]);
    // The poll taken up again went on where it stopped; the one started anew was left with nothing in it.
    expect((x.conversations as { flowId: string; status: string }[]).filter((c) => c.flowId === "poll-community").map((c) => c.status).sort()).toEqual(["cancelled", "cancelled", "completed", "expired"]);
    expect(x.registrations).toHaveLength(2);
    expect(x.answers.length).toBeGreaterThan(10);
  }, 240_000);
});
