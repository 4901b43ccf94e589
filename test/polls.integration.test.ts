// Polls staff create in the console: created and edited through the admin API, announced at the
// opening time to their audience, answered by residents with taps through the LINE stand-in,
// counted (small groups suppressed) and exported.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { databaseKinds } from "./support/testDatabases.ts";
import { residentId, startTestApp, type TTestApp } from "./support/startTestApp.ts";
import { loginAsStaff, type TStaffClient } from "./support/staffClient.ts";
import { residentView } from "./support/conversationHelpers.ts";
import { flexActions } from "./support/flexActions.ts";
import { parseCsv } from "./support/parseCsv.ts";

const HOUR = 3600_000;

const pollInput = (overrides: Record<string, unknown> = {}) => ({
  title: "公園の使い方アンケート",
  description: "市内の公園をよりよくするため、ご意見をお聞かせください。",
  audience: { districts: ["nagato", "misumi", "heki"] },
  opensAt: new Date(Date.now() - 60_000).toISOString(),
  closesAt: new Date(Date.now() + 48 * HOUR).toISOString(),
  questions: [
    { id: "visit", kind: "single", text: "最近、公園に行きましたか？", choices: [{ value: "yes", label: "行った" }, { value: "no", label: "行っていない" }] },
    { id: "why_not", kind: "text", text: "行かない理由を教えてください。", maxLength: 200, when: { questionId: "visit", in: ["no"] } },
    {
      id: "uses",
      kind: "multiple",
      text: "公園で何をしますか？",
      choices: [{ value: "walk", label: "散歩" }, { value: "play", label: "子どもと遊ぶ" }, { value: "sport", label: "運動" }],
      when: { questionId: "visit", in: ["yes"] },
    },
    { id: "kit", kind: "single", text: "ほしい遊具は？", choices: [{ value: "swing", label: "ブランコ" }, { value: "slide", label: "すべり台" }], when: { questionId: "uses", in: ["play"] } },
    { id: "rating", kind: "scale", text: "公園の満足度を教えてください。" },
    { id: "comment", kind: "text", text: "ご意見をどうぞ。", maxLength: 500 },
  ],
  ...overrides,
});

type TPlan = { visit: "行った" | "行っていない"; whyNot?: string; uses?: string[]; kit?: string; rating: string; comment: string };

describe.each(databaseKinds)("Polls on %s", (kind) => {
  let app: TTestApp;
  let staff: TStaffClient;
  let viewerToken: string;
  let poll: { id: string; number: number };
  const user = (name: string) => residentId(`poll-${kind}-${name}`);

  // Respondents: districts 長門 6, 三隅 3, 日置 2 (三隅 + 日置 = 5); age bands 20代 5, 30代 4, 40代 2.
  const respondents = [
    ["n0", "nagato", "18to29"], ["n1", "nagato", "18to29"], ["n2", "nagato", "18to29"], ["n3", "nagato", "18to29"], ["n4", "nagato", "18to29"], ["n5", "nagato", "30s"],
    ["m0", "misumi", "30s"], ["m1", "misumi", "30s"], ["m2", "misumi", "30s"],
    ["h0", "heki", "40s"], ["h1", "heki", "40s"],
  ] as const;

  beforeAll(async () => {
    app = await startTestApp(kind);
    staff = await loginAsStaff(app, `poll-staff-${kind}`, "staff");
    const { staff: viewer } = await app.staffService.create({ loginId: `poll-viewer-${kind}`, displayName: "閲覧", role: "viewer" }, "system");
    viewerToken = await app.staffService.issueApiToken(viewer.id, viewer);
    const consented = { consentVersion: "2026-11", consentedAt: new Date() };
    await app.db.prisma.resident.createMany({
      data: [
        ...respondents.map(([name, district, ageBand]) => ({ lineUserId: user(name), profile: { district, ageBand }, ...consented })),
        // In the audience but never answering; outside the audience; without consent.
        { lineUserId: user("n6"), profile: { district: "nagato", ageBand: "50s" }, ...consented },
        { lineUserId: user("y0"), profile: { district: "yuya", ageBand: "18to29" }, ...consented },
        { lineUserId: user("u0"), profile: {} },
      ],
    });
  });
  afterAll(async () => {
    await app?.stop();
  });

  const asViewer = async (path: string) => {
    const r = await fetch(`${app.url}/api/admin${path}`, { headers: { authorization: `Bearer ${viewerToken}` } });
    return { status: r.status, json: (await r.json()) as any };
  };
  const announced = (pollNumber: number) =>
    app.standIn!.deliveries.filter((d) => d.via === "multicast" && JSON.stringify(d.messages).includes(`flow=poll-${pollNumber}"`));

  /** Taps a button of the last Flex message that has one with this label (the announcement's 「回答する」). */
  async function tapFlex(name: string, label: string) {
    const messages = app.standIn!.messagesFor(user(name)) as { type: string }[];
    const action = messages
      .filter((m) => m.type === "flex")
      .flatMap(flexActions)
      .reverse()
      .find((a) => a.label === label);
    expect(action, `a flex button "${label}" for ${name}`).toBeDefined();
    const r = await app.standIn!.sendPostback(user(name), action!.data!, undefined, { displayText: label });
    expect(r.status).toBe(200);
    await app.processor.drain();
  }

  async function answer(name: string, plan: TPlan) {
    const r = residentView(app, user(name));
    await tapFlex(name, "回答する");
    expect(r.last()?.text).toContain("問1. 最近、公園に行きましたか？");
    await r.tap(plan.visit);
    if (plan.whyNot !== undefined) {
      expect(r.last()?.text).toContain("行かない理由");
      await r.say(plan.whyNot);
    }
    if (plan.uses) {
      for (const u of plan.uses) await r.tap(u);
      await r.tap("決定");
    }
    if (plan.kit) {
      expect(r.last()?.text).toContain("ほしい遊具");
      await r.tap(plan.kit);
    }
    expect(r.last()?.text).toContain("満足度");
    expect(r.quickReplyLabels()).toEqual(["1", "2", "3", "4", "5"]);
    await r.tap(plan.rating);
    expect(r.last()?.text).toContain("ご意見をどうぞ");
    await r.say(plan.comment);
    return r;
  }

  const responseOf = (name: string) =>
    app.db.prisma.pollResponse.findFirst({ where: { pollId: poll.id, resident: { lineUserId: user(name) } } });

  it("When staff create a poll with no question or closing before it opens, then it is refused with a Japanese message and nothing is stored", async () => {
    const empty = await staff.request("POST", "/polls", pollInput({ questions: [] }));
    expect(empty.status).toBe(400);
    expect(empty.json.issues.map((i: { message: string }) => i.message)).toContain("質問を1つ以上入れてください");
    const backwards = await staff.request("POST", "/polls", pollInput({ opensAt: new Date(Date.now() + 2 * HOUR).toISOString(), closesAt: new Date(Date.now() + HOUR).toISOString() }));
    expect(backwards.status).toBe(400);
    expect(backwards.json.issues.map((i: { message: string }) => i.message)).toContain("締切は開始より後にしてください");
    const byViewer = await fetch(`${app.url}/api/admin/polls`, { method: "POST", headers: { authorization: `Bearer ${viewerToken}`, "content-type": "application/json" }, body: JSON.stringify(pollInput()) });
    expect(byViewer.status).toBe(403);
    expect(await app.db.prisma.poll.count()).toBe(0);
    expect(await app.db.prisma.auditEntry.count({ where: { action: "poll.created" } })).toBe(0);
  });

  it("When the opening time comes, then the poll announces itself once to exactly its audience, even if the job runs twice at once", async () => {
    const created = await staff.request("POST", "/polls", pollInput());
    expect(created.status).toBe(201);
    poll = created.json.poll;
    expect(created.json.poll).toMatchObject({ status: "open", version: 1, responseCount: 0, audienceSize: 12, announcedAt: null, flowId: `poll-${poll.number}` });
    const later = await staff.request("POST", "/polls", pollInput({ title: "来月のアンケート", audience: {}, opensAt: new Date(Date.now() + 24 * HOUR).toISOString() }));
    expect(later.json.poll.status).toBe("scheduled");

    const now = new Date();
    await Promise.all([app.runSchedules(now), app.runSchedules(now)]);
    await app.runSchedules(now);

    const sent = announced(poll.number);
    expect(sent).toHaveLength(1);
    const audience = [...respondents.map(([name]) => user(name)), user("n6")];
    expect([...sent[0]!.to].sort()).toEqual([...audience].sort());
    expect(announced(later.json.poll.number)).toHaveLength(0);
    expect(await app.db.prisma.delivery.count({ where: { purpose: `poll.announce:${poll.id}` } })).toBe(1);

    const card = sent[0]!.messages[0] as { type: string; altText: string; contents: unknown };
    expect(card.type).toBe("flex");
    const bubble = JSON.stringify(card.contents);
    expect(bubble).toContain("公園の使い方アンケート");
    expect(bubble).toContain("市内の公園をよりよくするため");
    expect(bubble).toContain("締切");
    expect(flexActions(card.contents)).toEqual([{ type: "postback", label: "回答する", data: `flow=poll-${poll.number}`, displayText: "回答する" }]);

    // By hand: once is enough (409); `again` reminds only those in the audience who have not answered.
    const twice = await staff.request("POST", `/polls/${poll.id}/announce`, {});
    expect(twice.status).toBe(409);
    const early = await staff.request("POST", `/polls/${later.json.poll.id}/announce`, {});
    expect(early.status).toBe(409);
    expect((await asViewer(`/polls/${poll.id}`)).json.poll.announcedAt).not.toBeNull();
    expect(app.standIn!.rejected()).toEqual([]);
  });

  it("When residents tap through the poll, then each branch is taken or skipped and one response keeps their answers by question id", async () => {
    const r = await answer("n0", { visit: "行った", uses: ["散歩", "子どもと遊ぶ"], kit: "ブランコ", rating: "4", comment: '=HYPERLINK("x")' });
    expect(r.last()?.text).toContain("回答を受け付けました");
    const first = await responseOf("n0");
    expect(first).toMatchObject({ pollVersion: 1, answers: { visit: "yes", uses: ["walk", "play"], kit: "swing", rating: 4, comment: '=HYPERLINK("x")' } });

    // 行っていない: the reason is asked, the uses and the playground questions are skipped.
    await answer("n1", { visit: "行っていない", whyNot: "家から遠いから", rating: "2", comment: "ベンチがほしい" });
    expect((await responseOf("n1"))!.answers).toEqual({ visit: "no", why_not: "家から遠いから", rating: 2, comment: "ベンチがほしい" });
    // Several choices without 子どもと遊ぶ: the playground question is skipped.
    await answer("n2", { visit: "行った", uses: ["運動"], rating: "5", comment: "なし" });
    expect((await responseOf("n2"))!.answers).toEqual({ visit: "yes", uses: ["sport"], rating: 5, comment: "なし" });
    expect(app.standIn!.rejected()).toEqual([]);
  });

  it("When a resident answers again, then their response is replaced (still one) and they are told it was updated", async () => {
    const r = residentView(app, user("n0"));
    await tapFlex("n0", "回答する");
    expect(r.texts().at(-2)).toContain("すでに回答いただいています");
    await r.tap("行った");
    await r.tap("散歩");
    await r.tap("決定");
    await r.tap("3");
    await r.say('=HYPERLINK("x")');
    expect(r.last()?.text).toContain("回答を更新しました");
    expect(await app.db.prisma.pollResponse.count({ where: { pollId: poll.id, resident: { lineUserId: user("n0") } } })).toBe(1);
    expect((await responseOf("n0"))!.answers).toEqual({ visit: "yes", uses: ["walk"], rating: 3, comment: '=HYPERLINK("x")' });
    expect(app.standIn!.rejected()).toEqual([]);
  });

  it("When residents open the list of polls, then those in the audience see a carousel with the poll and the sample poll; others a kind word", async () => {
    const inside = residentView(app, user("n6"));
    await inside.say("アンケート一覧");
    const carousel = app.standIn!.messagesFor(user("n6")).find((m) => (m as { type: string }).type === "flex" && JSON.stringify(m).includes('"carousel"'));
    expect(carousel).toBeDefined();
    expect(flexActions(carousel).map((a) => a.data)).toEqual([`flow=poll-${poll.number}`]);
    expect((inside.last() as { template?: { actions: { data?: string }[] } }).template!.actions[0]!.data).toBe("flow=poll-community");

    const outside = residentView(app, user("y0"));
    await outside.say("polls");
    expect(outside.texts().at(-2)).toContain("いま回答を受け付けているアンケートはありません");
    // And if they get hold of the button anyway, the poll is not for them.
    await app.standIn!.sendPostback(user("y0"), `flow=poll-${poll.number}`);
    await app.processor.drain();
    expect(outside.last()?.text).toContain("対象の地区・年代の方");
    expect(app.standIn!.rejected()).toEqual([]);
  });

  it("When enough residents answer, then results count each option with percentages, break down groups of 5 or more and suppress smaller ones", async () => {
    // n0, n1, n2 answered above; eight more.
    const yes = (name: string, rating: string) => answer(name, { visit: "行った", uses: ["散歩"], rating, comment: `${name}の意見` });
    for (const name of ["n3", "n4", "n5", "m0", "m1"]) await yes(name, "5");
    await answer("m2", { visit: "行っていない", whyNot: "時間がない", rating: "1", comment: "m2の意見" });
    for (const name of ["h0", "h1"]) await yes(name, "2");

    const { status, json: results } = await asViewer(`/polls/${poll.id}/results`);
    expect(status).toBe(200);
    expect(results).toMatchObject({ pollId: poll.id, responseCount: 11, audienceSize: 12 });
    expect(results.participationRate).toBeCloseTo(11 / 12);
    const q = (id: string) => results.questions.find((x: { id: string }) => x.id === id);
    expect(q("visit").answered).toBe(11);
    expect(q("visit").options).toEqual([
      { value: "yes", label: "行った", count: 9, percent: 81.8 },
      { value: "no", label: "行っていない", count: 2, percent: 18.2 },
    ]);
    expect(q("rating").options.map((o: { count: number }) => o.count)).toEqual([1, 3, 1, 0, 6]);
    expect(q("uses").options.map((o: { value: string; count: number; percent: number }) => [o.value, o.count, o.percent])).toEqual([
      ["walk", 8, 88.9],
      ["play", 0, 0],
      ["sport", 1, 11.1],
    ]);
    // Districts: 長門 6 shown; 三隅 3 and 日置 2 only together (5).
    expect(q("visit").byDistrict).toEqual([
      { group: "nagato", label: "長門", answered: 6, options: { yes: 5, no: 1 } },
      { group: "suppressed", label: "その他（少数のため非表示）", answered: 5, options: { yes: 4, no: 1 } },
    ]);
    // Age bands: 20代 5 shown; 30代 4 and 40代 2 together (6).
    expect(q("visit").byAgeBand.map((g: { label: string; answered: number }) => [g.label, g.answered])).toEqual([["18〜29歳", 5], ["その他（少数のため非表示）", 6]]);
    expect(q("visit").suppressedGroups).toBe(4);
    // Only two gave a reason: too few to break down at all.
    expect(q("why_not")).toMatchObject({ answered: 2, byDistrict: [], byAgeBand: [], suppressedGroups: 4 });
    // Viewers see counts only; staff read the free text, newest first.
    expect(q("comment").texts).toBeUndefined();
    const forStaff = await staff.request("GET", `/polls/${poll.id}/results`);
    const comments = forStaff.json.questions.find((x: { id: string }) => x.id === "comment").texts;
    expect(comments).toHaveLength(11);
    expect(comments.slice(0, 2)).toEqual(["h1の意見", "h0の意見"]);

    const list = await asViewer("/polls");
    expect(list.json.polls.find((p: { id: string }) => p.id === poll.id)).toMatchObject({ status: "open", responseCount: 11, audienceSize: 12 });
    expect(app.standIn!.rejected()).toEqual([]);
  });

  it("When staff remind the audience, then only those who have not answered get it again", async () => {
    const again = await staff.request("POST", `/polls/${poll.id}/announce`, { again: true });
    expect(again.status).toBe(200);
    expect(again.json.recipients).toBe(1);
    await app.deliverySender.kick();
    const reminders = app.standIn!.deliveries.filter((d) => d.via === "multicast" && JSON.stringify(d.messages).includes("【まだの方へ】"));
    expect(reminders.map((d) => d.to)).toEqual([[user("n6")]]);
  });

  it("When the responses are exported, then the CSV has a BOM, Japanese headers, a row per response, neutralised formulas, and matches the JSON", async () => {
    const csv = await staff.request("GET", `/polls/${poll.id}/responses.csv`);
    expect(csv.status).toBe(200);
    expect(csv.headers.get("content-type")).toContain("text/csv");
    expect(csv.headers.get("content-disposition")).toContain(`poll-${poll.number}-responses.csv`);
    const raw = new Uint8Array(await (await fetch(`${app.url}/api/admin/polls/${poll.id}/responses.csv`, { headers: { authorization: `Bearer ${await staffToken()}` } })).arrayBuffer());
    expect([...raw.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    // fetch's text() drops a BOM; read the bytes as they came.
    const text = new TextDecoder("utf-8", { ignoreBOM: true }).decode(raw);
    expect(text.startsWith("\uFEFF")).toBe(true);
    expect(text.endsWith("\r\n")).toBe(true);
    expect(text).toBe(`\uFEFF${csv.text}`);
    const [headers, ...rows] = parseCsv(text.slice(1));
    expect(headers).toEqual([
      "回答ID", "回答日時", "初回回答日時", "アンケートの版", "年代", "地区",
      "問1 最近、公園に行きましたか？", "問2 行かない理由を教えてください。", "問3 公園で何をしますか？", "問4 ほしい遊具は？", "問5 公園の満足度を教えてください。", "問6 ご意見をどうぞ。",
    ]);
    expect(rows).toHaveLength(11);
    expect(csv.text).toContain(`"'=HYPERLINK(""x"")"`);
    const n1 = rows.find((r) => r[11] === "ベンチがほしい")!;
    expect(n1.slice(3)).toEqual(["1", "18〜29歳", "長門", "行っていない", "家から遠いから", "", "", "2", "ベンチがほしい"]);
    expect(n1[1]).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/);

    const json = await staff.request("GET", `/polls/${poll.id}/responses.json`);
    expect(json.status).toBe(200);
    expect(json.json.count).toBe(11);
    expect(json.json.responses.map((r: { id: string }) => r.id)).toEqual(rows.map((r) => r[0]));
    for (const [i, r] of json.json.responses.entries()) {
      const row = rows[i]!;
      expect(row[3]).toBe(String(r.pollVersion));
      expect([row[4], row[5]]).toEqual([r.ageBandLabel ?? "", r.districtLabel ?? ""]);
      const ids = ["visit", "why_not", "uses", "kit", "rating", "comment"];
      const cells = ids.map((id) => String(r.answerLabels[id] ?? ""));
      expect(row.slice(6).map((c) => c.replace(/^'/, ""))).toEqual(cells);
    }
    expect(json.json.responses.find((r: { answers: { comment: string } }) => r.answers.comment === "ベンチがほしい").answers).toEqual({ visit: "no", why_not: "家から遠いから", rating: 2, comment: "ベンチがほしい" });

    // A date window: nothing answered from tomorrow on; everything up to today (Tokyo days, `to` inclusive).
    const tomorrow = new Date(Date.now() + 24 * HOUR + 9 * HOUR).toISOString().slice(0, 10);
    const today = new Date(Date.now() + 9 * HOUR).toISOString().slice(0, 10);
    expect(parseCsv((await staff.request("GET", `/polls/${poll.id}/responses.csv?from=${tomorrow}`)).text)).toHaveLength(1);
    expect((await staff.request("GET", `/polls/${poll.id}/responses.json?to=${today}`)).json.count).toBe(11);
    expect((await staff.request("GET", `/polls/${poll.id}/responses.csv?from=soon`)).status).toBe(400);
    const viewerCsv = await fetch(`${app.url}/api/admin/polls/${poll.id}/responses.csv`, { headers: { authorization: `Bearer ${viewerToken}` } });
    expect(viewerCsv.status).toBe(403);
  });

  it("When there are more responses than one page of the export, then each is exported exactly once, in order", async () => {
    const big = await staff.request("POST", "/polls", pollInput({ title: "大きなアンケート", audience: {}, questions: [{ id: "rating", kind: "scale", text: "満足度" }] }));
    const id = big.json.poll.id as string;
    const n = 2345;
    const ids = Array.from({ length: n }, (_, i) => residentId(`poll-big-${kind}-${i}`));
    await app.db.prisma.resident.createMany({ data: ids.map((lineUserId) => ({ lineUserId, consentVersion: "2026-11", consentedAt: new Date() })) });
    const residents = await app.db.prisma.resident.findMany({ where: { lineUserId: { in: ids } }, select: { id: true } });
    // Many share one moment: the pages must still neither skip nor repeat a response.
    const at = new Date();
    await app.db.prisma.pollResponse.createMany({
      data: residents.map((r, i) => ({ pollId: id, residentId: r.id, answers: { rating: (i % 5) + 1 }, pollVersion: 1, submittedAt: new Date(at.getTime() + (i % 3)), updatedAt: at })),
    });
    const json = await staff.request("GET", `/polls/${id}/responses.json`);
    expect(json.json.count).toBe(n);
    expect(new Set(json.json.responses.map((r: { id: string }) => r.id)).size).toBe(n);
    const csvRows = parseCsv((await staff.request("GET", `/polls/${id}/responses.csv`)).text).slice(1);
    expect(csvRows.map((r) => r[0])).toEqual(json.json.responses.map((r: { id: string }) => r.id));
    await app.db.prisma.resident.deleteMany({ where: { lineUserId: { in: ids } } });
    expect(await app.db.prisma.pollResponse.count({ where: { pollId: id } })).toBe(0);
  });

  it("When the OpenAPI document is read, then it lists every poll operation under the tag polls", async () => {
    const doc = (await (await fetch(`${app.url}/api/admin/openapi.json`)).json()) as { paths: Record<string, Record<string, { tags: string[] }>> };
    const ops = Object.entries(doc.paths).flatMap(([path, methods]) => Object.entries(methods).filter(([, op]) => op.tags.includes("polls")).map(([method]) => `${method.toUpperCase()} ${path}`));
    expect(ops.sort()).toEqual(
      [
        "GET /api/admin/polls",
        "POST /api/admin/polls",
        "GET /api/admin/polls/{id}",
        "PUT /api/admin/polls/{id}",
        "POST /api/admin/polls/{id}/announce",
        "POST /api/admin/polls/{id}/close",
        "GET /api/admin/polls/{id}/preview",
        "GET /api/admin/polls/{id}/results",
        "GET /api/admin/polls/{id}/responses.csv",
        "GET /api/admin/polls/{id}/responses.json",
      ].sort(),
    );
  });

  let token: string | undefined;
  async function staffToken() {
    if (token) return token;
    const row = await app.db.prisma.staff.findUniqueOrThrow({ where: { loginId: `poll-staff-${kind}` } });
    const actor = { id: row.id, loginId: row.loginId, displayName: row.displayName, role: "staff" as const };
    return (token = await app.staffService.issueApiToken(row.id, actor));
  }

  it("When staff edit the poll after responses, then the version goes up and earlier responses keep the version they answered", async () => {
    // A resident in the middle of answering when the poll is edited finishes on the version they began.
    const h0 = residentView(app, user("h0"));
    await tapFlex("h0", "回答する");
    await h0.tap("行った");

    const input = pollInput();
    input.questions[4] = { id: "rating", kind: "scale", text: "公園の満足度を1〜5で教えてください。" };
    const edited = await staff.request("PUT", `/polls/${poll.id}`, { ...input, opensAt: new Date(Date.now() - 60_000).toISOString() });
    expect(edited.status).toBe(200);
    expect(edited.json.poll.version).toBe(2);

    await h0.tap("散歩");
    await h0.tap("決定");
    expect(h0.last()?.text).toContain("問5. 公園の満足度を教えてください。");
    await h0.tap("4");
    await h0.say("途中で変わった？");
    expect(h0.last()?.text).toContain("回答を更新しました");
    expect((await responseOf("h0"))!.pollVersion).toBe(1);

    // Answering afresh uses the new version; the others' responses are untouched.
    const h1 = residentView(app, user("h1"));
    await tapFlex("h1", "回答する");
    await h1.tap("行っていない");
    await h1.say("雨");
    expect(h1.last()?.text).toContain("問5. 公園の満足度を1〜5で教えてください。");
    await h1.tap("3");
    await h1.say("h1の新しい意見");
    expect((await responseOf("h1"))!.pollVersion).toBe(2);
    expect((await responseOf("n1"))).toMatchObject({ pollVersion: 1, answers: { comment: "ベンチがほしい" } });
    expect(await app.db.prisma.pollResponse.count({ where: { pollId: poll.id, pollVersion: 1 } })).toBe(10);
    expect(app.standIn!.rejected()).toEqual([]);
  });

  it("When the poll closes, then an answer in progress is refused kindly, nothing is stored, a stale button says it closed, and edits are refused", async () => {
    const m0 = residentView(app, user("m0"));
    await tapFlex("m0", "回答する");
    await m0.tap("行っていない");
    await m0.say("理由");
    await m0.tap("5");
    // Staff close it early: the closing time is all that decides.
    const close = await staff.request("PUT", `/polls/${poll.id}`, { ...pollInput(), closesAt: new Date(Date.now() - 1000).toISOString(), opensAt: new Date(Date.now() - HOUR).toISOString() });
    expect(close.status).toBe(200);
    const before = await responseOf("m0");
    await m0.say("締切のあとに送った意見");
    expect(m0.last()?.text).toContain("締め切りましたので、今回の回答はお預かりできませんでした");
    expect(await responseOf("m0")).toEqual(before);
    expect(await app.db.prisma.answer.count({ where: { value: { equals: "締切のあとに送った意見" } } })).toBe(0);

    await tapFlex("m1", "回答する");
    expect(residentView(app, user("m1")).last()?.text).toContain("このアンケートは締め切りました");
    expect(await app.db.prisma.conversation.count({ where: { resident: { lineUserId: user("m1") }, status: "active" } })).toBe(0);

    const edit = await staff.request("PUT", `/polls/${poll.id}`, pollInput());
    expect(edit.status).toBe(409);
    expect((await staff.request("POST", `/polls/${poll.id}/announce`, { again: true })).status).toBe(409);
    expect((await asViewer(`/polls/${poll.id}`)).json.poll).toMatchObject({ status: "closed", version: 3, responseCount: 11 });
    expect(app.standIn!.rejected()).toEqual([]);
  });

  it("When a resident deletes their data, then their response goes with it; and every staff change is in the audit trail", async () => {
    await app.db.prisma.resident.delete({ where: { lineUserId: user("n5") } });
    expect((await asViewer(`/polls/${poll.id}/results`)).json.responseCount).toBe(10);

    const entries = await app.db.prisma.auditEntry.findMany({ where: { target: `poll:${poll.id}` }, orderBy: { id: "asc" } });
    const actions = entries.map((e) => `${e.actor} ${e.action}`);
    expect(actions).toEqual(
      expect.arrayContaining([
        `staff:poll-staff-${kind} poll.created`,
        "system poll.announced",
        `staff:poll-staff-${kind} poll.reminded`,
        `staff:poll-staff-${kind} poll.exported`,
        `staff:poll-staff-${kind} poll.updated`,
      ]),
    );
    expect(actions.filter((a) => a.endsWith("poll.announced"))).toHaveLength(1);
    expect(entries.filter((e) => e.action === "poll.updated").map((e) => (e.detail as { version: number }).version)).toEqual([2, 3]);
    expect(app.standIn!.rejected()).toEqual([]);
  });
});
