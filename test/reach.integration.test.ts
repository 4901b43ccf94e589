// What staff read about reach: the ホーム figures (groups under 5 merged, participation against the
// target, the CSV), and per send who was targeted, who got it, who was left out (blocked, held by
// quiet hours) and what failed, LINE's opens and clicks fetched the next day (none under 20
// recipients), and blocks within 24 h. LINE is the stand-in, which checks every call against its
// contract (insight.yml for the statistics).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startLineStandIn } from "../src/standin/startLineStandIn.ts";
import { parseCsv } from "./support/parseCsv.ts";
import { databaseKinds } from "./support/testDatabases.ts";
import { residentId, startTestApp, testChannel, type TTestApp } from "./support/startTestApp.ts";
import { tokenAsStaff } from "./support/staffClient.ts";

const HOUR = 3600_000;
const DAY = 24 * HOUR;
const JST = 9 * HOUR;
const clock = (at: Date) => new Date(at.getTime() + JST).toISOString().slice(11, 16);
const SEEN_WITHIN = 20_000;

describe.each(databaseKinds)("Reach and the dashboard on %s", (kind) => {
  let line: Awaited<ReturnType<typeof startLineStandIn>>;
  let app: TTestApp;
  let asAdmin: Awaited<ReturnType<typeof tokenAsStaff>>;
  let asViewer: Awaited<ReturnType<typeof tokenAsStaff>>;
  let seq = 0;

  beforeAll(async () => {
    line = await startLineStandIn({ channelSecret: testChannel.secret, channelAccessToken: testChannel.token, port: 0 });
    app = await startTestApp(kind, { env: { LINE_CHANNEL_SECRET: testChannel.secret, LINE_CHANNEL_ACCESS_TOKEN: testChannel.token, LINE_API_BASE_URL: line.url, LINE_STATISTICS: "on" } });
    line.standIn.setWebhookUrl(`${app.url}/webhook`);
    asAdmin = await tokenAsStaff(app, `reach-admin-${kind}`, "admin");
    asViewer = await tokenAsStaff(app, `reach-viewer-${kind}`, "viewer");
  }, 120_000);
  afterAll(async () => {
    await app?.stop();
    await line?.close();
  });

  async function residents(n: number, data: { profile?: object; consentedAt?: Date | null; reachable?: boolean } = {}) {
    const ids = Array.from({ length: n }, () => residentId(`reach-${kind}-${++seq}`));
    await app.db.prisma.resident.createMany({
      data: ids.map((lineUserId) => ({ lineUserId, reachable: data.reachable ?? true, profile: data.profile ?? {}, consentedAt: data.consentedAt === undefined ? new Date() : data.consentedAt, consentVersion: data.consentedAt === null ? null : "v1", unfollowedAt: data.reachable === false ? new Date() : null })),
    });
    return ids;
  }
  const openPoll = (title: string) =>
    app.db.prisma.poll.create({ data: { title, questions: [], opensAt: new Date(Date.now() - HOUR), closesAt: new Date(Date.now() + 48 * HOUR), createdById: "00000000-0000-4000-8000-000000000001" } });
  const sendsAbout = async (about: string) => (await asViewer("GET", `/reach/sends?about=${about}`)).json.sends as any[];
  const quietNow = () => ({ enabled: true, start: clock(new Date(Date.now() - HOUR)), end: clock(new Date(Date.now() + 2 * HOUR)) });
  const blockViaLine = async (user: string) => {
    await line.standIn.unfollow(user);
    await expect.poll(async () => (await app.db.prisma.resident.findUnique({ where: { lineUserId: user } }))?.reachable, { timeout: SEEN_WITHIN }).toBe(false);
  };
  const rejected = () => line.standIn.requests.filter((r) => r.status >= 400 && !r.injectedFault);

  it("When staff open ホーム, then they see friends over time, residents by age band and district with groups under 5 merged, the share under 30, participation against the target and messages against the budget; the CSV has every figure", async () => {
    const young = await residents(6, { profile: { ageBand: "18to29", district: "nagato" } });
    await residents(5, { profile: { ageBand: "30s", district: "misumi" } });
    await residents(2, { profile: { ageBand: "70plus", district: "heki" } });
    await residents(1, { consentedAt: null });
    // Yesterday's snapshot, before anyone blocked the account.
    await app.runSchedules(new Date(Date.now() - DAY));
    await residents(1, { profile: { ageBand: "18to29", district: "nagato" }, reachable: false });
    expect((await asAdmin("PUT", "/settings", { participation: { population: 100, targetPercent: 25 }, budget: { monthlyLimit: 1000 } })).status).toBe(200);
    // Two residents took part this month (a poll answer each); an event sign-up of last year does not count this year.
    const poll = await openPoll("参加の集計");
    const rows = await app.db.prisma.resident.findMany({ where: { lineUserId: { in: young.slice(0, 2) } } });
    await app.db.prisma.pollResponse.createMany({ data: rows.map((r) => ({ pollId: poll.id, residentId: r.id, answers: {}, pollVersion: 1 })) });

    const d = (await asViewer("GET", "/dashboard")).json;
    expect(d.counts).toEqual({ friends: 15, consented: 13, reachable: 14, blocked: 1 });
    expect(d.history.at(-2)).toMatchObject({ friends: 14, consented: 13, reachable: 14, blocked: 0 });
    expect(d.history.at(-1)).toMatchObject({ day: d.today, friends: 15, blocked: 1 });
    // 長門 6 is shown; 日置 (2) is too few, and with 三隅 (5) joining it the rest is 7: no one can be singled out.
    expect(d.byDistrict).toEqual({ groups: [{ value: "nagato", label: "長門", residents: 6 }, { value: "suppressed", label: "その他（少数のため非表示）", residents: 7 }], suppressed: 2 });
    expect(d.byAgeBand.groups.map((g: any) => [g.label, g.residents])).toEqual([["18〜29歳", 6], ["その他（少数のため非表示）", 7]]);
    expect(d.under30).toEqual({ residents: 6, of: 13, share: 6 / 13 });
    expect(d.participation).toEqual({ thisMonth: 2, thisYear: 2, population: 100, targetPercent: 25, target: 25, yearPercent: 2 });
    expect(d.messages).toMatchObject({ used: 0, limit: 1000 });

    const csv = await asViewer("GET", "/dashboard.csv");
    expect(csv.status).toBe(200);
    expect(csv.headers.get("content-type")).toContain("text/csv");
    expect(csv.text.startsWith("\uFEFF")).toBe(true);
    const table = parseCsv(csv.text.slice(1));
    const value = (section: string, item: string) => table.find((r) => r[0] === section && r[1] === item)?.[2];
    expect(table[0]).toEqual(["section", "item", "value"]);
    expect(value("counts", "friends")).toBe("15");
    expect(value("counts", "blocked")).toBe("1");
    expect(value("district", "長門")).toBe("6");
    expect(value("district", "日置")).toBeUndefined();
    expect(value("district", "その他（少数のため非表示）")).toBe("7");
    expect(value("participation", "target_residents")).toBe("25");
    expect(value("under30", "share_percent")).toBe("46.2");
    expect(value(`history:${d.history.at(-2).day}`, "friends")).toBe("14");
  });

  it("When an announcement is held by quiet hours and a resident blocks the account before it goes, then staff see it targeted, held, then sent with the blocked resident skipped; the next day LINE's opens and clicks; a block within 24 h counts against it", async () => {
    const before = await app.db.prisma.resident.count({ where: { reachable: true } });
    const everyone = await residents(24);
    const targeted = before + everyone.length;
    const poll = await openPoll("公園の使い方アンケート");
    expect((await asAdmin("PUT", "/settings", { quietHours: quietNow() })).status).toBe(200);
    expect((await asAdmin("POST", `/polls/${poll.id}/announce`, {})).status).toBe(200);
    await app.deliverySender.kick();
    let [send] = await sendsAbout(poll.id);
    expect(send).toMatchObject({ kind: "poll.announce", targeted, sent: 0, skipped: { blocked: 0, quietHours: targeted }, failed: 0 });

    // A resident blocks the account while the message waits for the morning: they are not sent it.
    await blockViaLine(everyone[0]!);
    expect((await asAdmin("PUT", "/settings", { quietHours: { enabled: false } })).status).toBe(200);
    await app.deliverySender.kick();
    [send] = await sendsAbout(poll.id);
    expect(send).toMatchObject({ targeted, sent: targeted - 1, skipped: { blocked: 1, quietHours: 0 }, pending: 0, failed: 0, blockedWithin24h: 0 });
    expect(send.statistics).toMatchObject({ status: "waiting", opened: null });
    expect(line.standIn.messagesFor(everyone[0]!)).toHaveLength(0);
    expect(line.standIn.messagesFor(everyone[1]!)).toHaveLength(1);
    // The multicast named the send's aggregation unit, as LINE's contract allows.
    const multicasts = line.standIn.requests.filter((r) => r.operation === "multicast" && JSON.stringify(r.body).includes("公園の使い方"));
    expect(multicasts.length).toBeGreaterThan(0);
    expect(multicasts.every((r) => r.status === 200 && /^s[0-9a-f]{29}$/.test((r.body as any).customAggregationUnits[0]))).toBe(true);

    // Another resident blocks it an hour later: counted against the send.
    await blockViaLine(everyone[1]!);
    [send] = await sendsAbout(poll.id);
    expect(send.blockedWithin24h).toBe(1);
    const weeks = (await asViewer("GET", "/reach/blocks")).json.weeks as any[];
    expect(weeks).toHaveLength(12);
    // This week: the two blocks here and the blocked resident of the dashboard test; one of them after a send.
    expect(weeks.at(-1)).toMatchObject({ blocked: 3, afterSend: 1 });

    // The same day, nothing is fetched; the next day, LINE's figures.
    await app.runSchedules(new Date());
    expect((await sendsAbout(poll.id))[0].statistics.status).toBe("waiting");
    await app.runSchedules(new Date(Date.now() + DAY));
    [send] = await sendsAbout(poll.id);
    expect(send.statistics.status).toBe("ok");
    expect(send.statistics.opened).toBeGreaterThanOrEqual(Math.floor(send.sent * 0.55));
    expect(send.statistics.opened).toBeLessThanOrEqual(Math.ceil(send.sent * 0.65));
    expect(send.statistics.clicked).toBeGreaterThanOrEqual(Math.floor(send.sent * 0.05));
    expect(send.statistics.clicked).toBeLessThan(send.statistics.opened);
    const asked = line.standIn.requests.filter((r) => r.operation === "statisticsPerUnit");
    expect(asked.length).toBeGreaterThan(0);
    expect(asked.every((r) => r.status === 200)).toBe(true);
    expect(rejected()).toEqual([]);
  });

  it("When a message goes to fewer than 20 residents, then staff are told LINE gives no statistics, and LINE is not asked; a message LINE refuses is counted failed with LINE's reason", async () => {
    const few = await residents(3);
    const eventId = crypto.randomUUID();
    await app.deliveries.enqueue(app.db.prisma, `event.message:${eventId}`, few, [{ type: "text", text: "雨天のため会場を変更します" }]);
    await app.deliverySender.kick();
    const asked = line.standIn.requests.filter((r) => r.operation === "statisticsPerUnit").length;
    await app.runSchedules(new Date(Date.now() + 2 * DAY));
    let [send] = await sendsAbout(eventId);
    expect(send).toMatchObject({ targeted: 3, sent: 3, statistics: { status: "below_threshold", opened: null, clicked: null } });
    expect(line.standIn.requests.filter((r) => r.operation === "statisticsPerUnit")).toHaveLength(asked);

    const broken = crypto.randomUUID();
    await app.deliveries.enqueue(app.db.prisma, `event.message:${broken}`, few, [{ type: "flex", altText: "壊れたカード", contents: { type: "bubble", body: { type: "nope" } } } as never]);
    await app.deliverySender.kick();
    [send] = await sendsAbout(broken);
    expect(send).toMatchObject({ targeted: 3, sent: 0, failed: 3 });
    expect(send.problems[0]).toMatchObject({ status: "failed", recipients: 3 });
    expect(send.problems[0].reason).toMatch(/^400 /);
  });

  it("When staff send one resident a message (a 1:1 reply), then it is a send of its own: sent, or skipped when the resident blocked the account", async () => {
    const [reader, gone] = await residents(2);
    await blockViaLine(gone!);
    const thread = crypto.randomUUID();
    const sent = { id: crypto.randomUUID(), purpose: `reply:${thread}` };
    const skipped = { id: crypto.randomUUID(), purpose: `reply:${thread}` };
    expect(await app.push(reader!, [{ type: "text", text: "お問い合わせの件、担当からお答えします。" }], sent)).toBe("sent");
    expect(await app.push(gone!, [{ type: "text", text: "届かないはずの返信" }], skipped)).toBe("skipped");
    const sends = await sendsAbout(thread);
    expect(sends.find((s) => s.sendId === sent.id)).toMatchObject({ channel: "direct", kind: "reply", targeted: 1, sent: 1, skipped: { blocked: 0 } });
    expect(sends.find((s) => s.sendId === skipped.id)).toMatchObject({ channel: "direct", targeted: 1, sent: 0, skipped: { blocked: 1 } });
    expect(line.standIn.messagesFor(gone!)).toHaveLength(0);
  });

  it("When the stand-in is asked for statistics outside LINE's contract, then it refuses as LINE would; under 20 recipients its figures are null", async () => {
    const get = async (query: string) => {
      const r = await fetch(`${line.url}/v2/bot/insight/message/event/aggregation?${query}`, { headers: { authorization: `Bearer ${testChannel.token}` } });
      return { status: r.status, json: (await r.json()) as any };
    };
    expect((await get("customAggregationUnit=bad-name!&from=20261201&to=20261202")).status).toBe(400);
    expect((await get("customAggregationUnit=ok_unit&from=2026-12-01&to=20261202")).json.details[0].property).toBe("from");
    expect((await get("customAggregationUnit=ok_unit&from=20261201&to=20270115")).status).toBe(400);
    const none = await get("customAggregationUnit=ok_unit&from=20261201&to=20261202");
    expect(none).toMatchObject({ status: 200, json: { overview: { uniqueImpression: null, uniqueClick: null } } });
  });
});
