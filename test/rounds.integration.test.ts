// Public comment rounds (パブリックコメント): created and edited by staff through the admin API,
// announced at the opening time to their audience, commented on by residents through the LINE
// stand-in (the card's button, the menu, マイコメント and withdrawal), closed at their time,
// annotated (public text, groups, the city's response), published (each commenter told once) and
// exported as CSV and JSON.
import { type AddressInfo } from "node:net";
import { type Server } from "node:http";
import express from "express";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { databaseKinds } from "./support/testDatabases.ts";
import { residentId, startTestApp, type TTestApp } from "./support/startTestApp.ts";
import { loginAsStaff, type TStaffClient } from "./support/staffClient.ts";
import { residentView } from "./support/conversationHelpers.ts";
import { flexActions } from "./support/flexActions.ts";
import { parseCsv } from "./support/parseCsv.ts";
import { roundResultsPage } from "../src/publicPages/roundResultsPage.ts";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const roundInput = (overrides: Record<string, unknown> = {}) => ({
  title: "第3次総合計画（素案）",
  summary: "これから10年のまちづくりの計画です。子育てと公園について、ご意見をお聞かせください。",
  documentUrl: "https://www.city.example.jp/plan/draft.pdf",
  sections: [
    { id: "s1", title: "第1章 子育て" },
    { id: "s2", title: "第2章 公園" },
  ],
  opensAt: new Date(Date.now() - MINUTE).toISOString(),
  closesAt: new Date(Date.now() + 2 * HOUR).toISOString(),
  audience: { districts: ["nagato", "misumi"] },
  identity: "anonymous",
  ...overrides,
});

// Texts a spreadsheet must read back as text.
const QUOTED_PART_1 = '公園に"ベンチ"を、増やして';
const QUOTED_PART_2 = "ほしい,です";
const QUOTED = `${QUOTED_PART_1}\n${QUOTED_PART_2}`;
const FORMULA = "=cmd|' /C calc'!A0";

describe.each(databaseKinds)("Public comment rounds on %s", (kind) => {
  let app: TTestApp;
  let staff: TStaffClient;
  let viewerToken: string;
  let round: { id: string; number: number; opensAt: string; closesAt: string };
  let named: { id: string; number: number };
  const receipts = { a: "", b: "", c: "", d: "", named: "" };
  const user = (name: string) => residentId(`round-${kind}-${name}`);

  beforeAll(async () => {
    app = await startTestApp(kind);
    staff = await loginAsStaff(app, `round-staff-${kind}`, "staff");
    const { staff: viewer } = await app.staffService.create({ loginId: `round-viewer-${kind}`, displayName: "閲覧", role: "viewer" }, "system");
    viewerToken = await app.staffService.issueApiToken(viewer.id, viewer);
    const consented = { consentVersion: "2026-11", consentedAt: new Date() };
    await app.db.prisma.resident.createMany({
      data: [
        // a, b: in the audience (長門, 三隅); c: outside it (油谷); d: gave no profiling consent.
        { lineUserId: user("a"), profile: { district: "nagato", ageBand: "18to29" }, ...consented },
        { lineUserId: user("b"), profile: { district: "misumi", ageBand: "30s" }, ...consented },
        { lineUserId: user("c"), profile: { district: "yuya", ageBand: "18to29" }, ...consented },
        { lineUserId: user("d"), profile: {} },
      ],
    });
  });
  afterAll(async () => {
    await app?.stop();
  });

  const asViewer = async (path: string) => {
    const r = await fetch(`${app.url}/api/admin${path}`, { headers: { authorization: `Bearer ${viewerToken}` } });
    return { status: r.status, text: await r.clone().text(), json: (await r.json().catch(() => undefined)) as any };
  };
  const multicasts = (needle: string) => app.standIn!.deliveries.filter((d) => d.via === "multicast" && JSON.stringify(d.messages).includes(needle));
  const cardsOf = (roundNumber: number) => multicasts(`"flow=round-${roundNumber}"`);

  /** Taps the button with this label (and postback data, if given) in the resident's latest Flex message that has it. */
  async function tapFlex(name: string, label: string, data?: string) {
    const action = (app.standIn!.messagesFor(user(name)) as { type: string }[])
      .filter((m) => m.type === "flex")
      .flatMap(flexActions)
      .reverse()
      .find((a) => a.label === label && (data === undefined || a.data === data));
    expect(action, `a flex button "${label}" ${data ?? ""} for ${name}`).toBeDefined();
    const r = await app.standIn!.sendPostback(user(name), action!.data!, undefined, { displayText: label });
    expect(r.status).toBe(200);
    await app.processor.drain();
  }

  const commentsOf = (name: string, roundId: string) => app.db.prisma.comment.findMany({ where: { roundId, resident: { lineUserId: user(name) } }, orderBy: { submittedAt: "asc" } });
  const receiptIn = (text: string | undefined) => text?.match(/受付番号：(R\d+-\d{6})/)?.[1];

  it("When staff create a round closing before it opens, then it is refused with 400 and the Japanese message, and nothing is stored", async () => {
    const backwards = await staff.request("POST", "/rounds", roundInput({ opensAt: new Date(Date.now() + 2 * HOUR).toISOString(), closesAt: new Date(Date.now() + HOUR).toISOString() }));
    expect(backwards.status).toBe(400);
    expect(backwards.json.issues).toContainEqual({ path: "closesAt", message: "締切は開始より後にしてください" });
    const badUrl = await staff.request("POST", "/rounds", roundInput({ documentUrl: "javascript:alert(1)" }));
    expect(badUrl.status).toBe(400);
    const byViewer = await fetch(`${app.url}/api/admin/rounds`, { method: "POST", headers: { authorization: `Bearer ${viewerToken}`, "content-type": "application/json" }, body: JSON.stringify(roundInput()) });
    expect(byViewer.status).toBe(403);
    expect(await app.db.prisma.round.count()).toBe(0);
    expect(await app.db.prisma.auditEntry.count({ where: { action: "round.created" } })).toBe(0);
  });

  it("When the opening time comes, then the round announces itself to exactly its audience, once however often the job runs", async () => {
    const opensAt = new Date(Date.now() + 800);
    const created = await staff.request("POST", "/rounds", roundInput({ opensAt: opensAt.toISOString() }));
    expect(created.status).toBe(201);
    round = created.json.round;
    expect(created.json.round).toMatchObject({ status: "scheduled", version: 1, commentCount: 0, audienceSize: 2, announcedAt: null, flowId: `round-${round.number}` });

    await app.runSchedules(new Date(opensAt.getTime() - 1000));
    expect(cardsOf(round.number)).toHaveLength(0);
    await sleep(Math.max(0, opensAt.getTime() - Date.now() + 20));
    await Promise.all([app.runSchedules(opensAt), app.runSchedules(opensAt)]);
    await app.runSchedules(new Date(opensAt.getTime() + MINUTE));

    const sent = cardsOf(round.number);
    expect(sent).toHaveLength(1);
    expect([...sent[0]!.to].sort()).toEqual([user("a"), user("b")].sort());
    expect(await app.db.prisma.delivery.count({ where: { purpose: `round.announce:${round.id}` } })).toBe(1);
    const card = sent[0]!.messages[0] as { type: string; altText: string; contents: unknown };
    expect(card.type).toBe("flex");
    const bubble = JSON.stringify(card.contents);
    expect(bubble).toContain("第3次総合計画（素案）");
    expect(bubble).toContain("これから10年のまちづくりの計画です");
    expect(bubble).toContain("締切");
    expect(flexActions(card.contents)).toEqual([
      { type: "uri", label: "資料を見る", uri: "https://www.city.example.jp/plan/draft.pdf" },
      { type: "postback", label: "意見を書く", data: `flow=round-${round.number}`, displayText: "意見を書く" },
    ]);

    const again = await staff.request("POST", `/rounds/${round.id}/announce`, {});
    expect(again.status).toBe(409);
    const view = await asViewer(`/rounds/${round.number}`);
    expect(view.json.round).toMatchObject({ id: round.id, status: "open", audienceSize: 2 });
    expect(view.json.round.announcedAt).not.toBeNull();
    expect(app.standIn!.rejected()).toEqual([]);
  });

  it("When staff announce a round by hand before it opens, then its audience gets the card at once and the opening job does not send it again", async () => {
    // Opening before the first round closes: running the schedules at its opening must not close that one.
    const opensAt = new Date(Date.now() + 30 * MINUTE);
    const created = await staff.request("POST", "/rounds", roundInput({ title: "予告する意見募集", audience: { ageBands: ["30s"] }, opensAt: opensAt.toISOString(), closesAt: new Date(opensAt.getTime() + 24 * HOUR).toISOString() }));
    const early = created.json.round as { id: string; number: number };
    const byViewer = await fetch(`${app.url}/api/admin/rounds/${early.id}/announce`, { method: "POST", headers: { authorization: `Bearer ${viewerToken}`, "content-type": "application/json" }, body: "{}" });
    expect(byViewer.status).toBe(403);
    const announced = await staff.request("POST", `/rounds/${early.id}/announce`, {});
    expect(announced.status).toBe(200);
    expect(announced.json).toMatchObject({ recipients: 1, round: { status: "scheduled" } });
    await app.runSchedules(opensAt);
    await app.runSchedules(new Date(opensAt.getTime() + MINUTE));
    expect(cardsOf(early.number).map((d) => d.to)).toEqual([[user("b")]]);
    // A resident who taps before the opening is told when it opens.
    await tapFlex("b", "意見を書く", `flow=round-${early.number}`);
    expect(residentView(app, user("b")).last()?.text).toContain("から受け付けます");
    await app.db.prisma.round.delete({ where: { id: early.id } });
  });

  it("When a resident taps the card, chooses a section and writes in several messages, then the parts are joined and a receipt number comes back", async () => {
    const a = residentView(app, user("a"));
    await tapFlex("a", "意見を書く", `flow=round-${round.number}`);
    const intro = a.texts().slice(-3);
    expect(intro[0]).toContain("【意見募集】第3次総合計画（素案）");
    expect(intro[2]).toContain("どの章");
    expect(a.quickReplyLabels()).toEqual(["第1章 子育て", "第2章 公園", "全体について"]);
    await a.tap("第1章 子育て");
    await a.say("保育園を増やしてください。");
    expect(a.quickReplyLabels()).toEqual(["入力を終える"]);
    await a.say("送り迎えの駐車場もほしいです。");
    await a.tap("入力を終える");
    const [notice, confirmation] = a.texts().slice(-2);
    expect(notice).toContain("個人が特定できる部分は市が伏せます");
    expect(confirmation).toContain("【章】第1章 子育て");
    expect(confirmation).toContain("保育園を増やしてください。\n送り迎えの駐車場もほしいです。");
    await a.tap("はい");
    receipts.a = receiptIn(a.last()?.text)!;
    expect(receipts.a).toMatch(new RegExp(`^R${round.number}-\\d{6}$`));

    const [stored] = await commentsOf("a", round.id);
    expect(stored).toMatchObject({ receiptNumber: receipts.a, sectionId: "s1", body: "保育園を増やしてください。\n送り迎えの駐車場もほしいです。", roundVersion: 1, status: "submitted", name: null });
    // The comment is the one copy: the conversation's answers are not kept beside it.
    expect(await app.db.prisma.answer.count({ where: { flowId: `round-${round.number}` } })).toBe(0);
    expect(app.standIn!.rejected()).toEqual([]);
  });

  it("When staff edit the open round, then the version goes up and the comment already given keeps its version", async () => {
    const edited = await staff.request("PUT", `/rounds/${round.id}`, roundInput({ summary: "改訂：子育てと公園について、ご意見をお聞かせください。", opensAt: round.opensAt, closesAt: round.closesAt }));
    expect(edited.status).toBe(200);
    expect(edited.json.round).toMatchObject({ version: 2, status: "open", commentCount: 1 });
    expect((await commentsOf("a", round.id))[0]!.roundVersion).toBe(1);
  });

  it("When an opinion part is too long, then it is re-asked and nothing written so far is lost", async () => {
    const b = residentView(app, user("b"));
    await tapFlex("b", "意見を書く", `flow=round-${round.number}`);
    await b.tap("第2章 公園");
    await b.say(QUOTED_PART_1);
    await b.say("長".repeat(2001));
    expect(b.texts().join("\n")).toContain("合わせて2000文字以内でお願いします");
    expect(b.texts().at(-1)).toContain("入力を終える");
    await b.say(QUOTED_PART_2);
    await b.tap("入力を終える");
    expect(b.texts().at(-1)).toContain(QUOTED);
    await b.tap("はい");
    receipts.b = receiptIn(b.last()?.text)!;
    expect(await commentsOf("b", round.id)).toMatchObject([{ receiptNumber: receipts.b, sectionId: "s2", body: QUOTED, roundVersion: 2 }]);
    expect(app.standIn!.rejected()).toEqual([]);
  });

  it("When a resident outside the audience sends 意見募集, then the open rounds come as a carousel they can comment from", async () => {
    const c = residentView(app, user("c"));
    await c.say("意見募集");
    const carousel = (app.standIn!.messagesFor(user("c")) as { type: string }[]).find((m) => m.type === "flex" && JSON.stringify(m).includes('"carousel"'));
    expect(carousel).toBeDefined();
    expect(flexActions(carousel).map((x) => x.data ?? x.uri)).toEqual(["https://www.city.example.jp/plan/draft.pdf", `flow=round-${round.number}`]);
    await tapFlex("c", "意見を書く", `flow=round-${round.number}`);
    await c.tap("全体について");
    await c.say(FORMULA);
    await c.tap("入力を終える");
    await c.tap("はい");
    receipts.c = receiptIn(c.last()?.text)!;
    expect(await commentsOf("c", round.id)).toMatchObject([{ sectionId: "general", body: FORMULA }]);
    expect(app.standIn!.rejected()).toEqual([]);
  });

  it("When a resident without the profiling consent comments from the menu, then they need no consent; withdrawn from マイコメント, the comment is kept but not counted", async () => {
    const d = residentView(app, user("d"));
    await d.say("メニュー");
    await d.tap("意見募集（パブコメ）");
    await tapFlex("d", "意見を書く", `flow=round-${round.number}`);
    expect(d.texts().join("\n")).not.toContain("同意が必要です");
    await d.tap("第2章 公園");
    await d.say("遊具を新しくしてください。");
    await d.tap("入力を終える");
    await d.tap("はい");
    receipts.d = receiptIn(d.last()?.text)!;
    expect(receipts.d).toMatch(/^R\d+-\d{6}$/);
    expect((await asViewer(`/rounds/${round.id}`)).json.round).toMatchObject({ commentCount: 4, commenterCount: 4 });

    await d.say("マイコメント");
    const mine = (app.standIn!.messagesFor(user("d")) as { type: string }[]).filter((m) => m.type === "flex").at(-1)!;
    expect(JSON.stringify(mine)).toContain(receipts.d);
    expect(JSON.stringify(mine)).toContain("遊具を新しくしてください。");
    expect(flexActions(mine).map((x) => x.data)).toEqual([`flow=comment-withdraw&receipt=${receipts.d}`]);
    await tapFlex("d", "取り下げる");
    expect(d.texts().at(-1)).toContain("取り下げますか");
    await d.tap("はい");
    expect(d.last()?.text).toContain(`受付番号 ${receipts.d} のご意見を取り下げました`);

    const [withdrawn] = await commentsOf("d", round.id);
    expect(withdrawn).toMatchObject({ status: "withdrawn", body: "遊具を新しくしてください。" });
    expect(withdrawn!.withdrawnAt).not.toBeNull();
    expect((await asViewer(`/rounds/${round.id}`)).json.round).toMatchObject({ commentCount: 3, commenterCount: 3 });
    // The button again (an old message): it is already withdrawn. Someone else's receipt: not found.
    await app.standIn!.sendPostback(user("d"), `flow=comment-withdraw&receipt=${receipts.d}`);
    await app.processor.drain();
    expect(d.last()?.text).toContain("すでに取り下げられています");
    await app.standIn!.sendPostback(user("d"), `flow=comment-withdraw&receipt=${receipts.a}`);
    await app.processor.drain();
    expect(d.last()?.text).toContain("見つかりませんでした");
    expect((await commentsOf("a", round.id))[0]!.status).toBe("submitted");
    await d.say("マイコメント");
    const after = (app.standIn!.messagesFor(user("d")) as { type: string }[]).filter((m) => m.type === "flex").at(-1)!;
    expect(JSON.stringify(after)).toContain("取り下げ済み");
    expect(flexActions(after)).toEqual([]);
    expect(app.standIn!.rejected()).toEqual([]);
  });

  it("When staff filter the comments, then section, district, age band and dates pick the right ones, and withdrawn ones only when asked", async () => {
    const receiptsOf = async (query: string) => {
      const r = await staff.request("GET", `/rounds/${round.id}/comments${query}`);
      expect(r.status).toBe(200);
      return r.json.comments.map((c: { receiptNumber: string }) => c.receiptNumber).sort();
    };
    expect(await receiptsOf("")).toEqual([receipts.a, receipts.b, receipts.c].sort());
    expect(await receiptsOf("?sectionId=s1")).toEqual([receipts.a]);
    expect(await receiptsOf("?sectionId=general")).toEqual([receipts.c]);
    expect(await receiptsOf("?district=misumi")).toEqual([receipts.b]);
    expect(await receiptsOf("?ageBand=18to29")).toEqual([receipts.a, receipts.c].sort());
    expect(await receiptsOf("?district=nagato&ageBand=30s")).toEqual([]);
    const tomorrow = new Date(Date.now() + 24 * HOUR + 9 * HOUR).toISOString().slice(0, 10);
    const today = new Date(Date.now() + 9 * HOUR).toISOString().slice(0, 10);
    expect(await receiptsOf(`?from=${tomorrow}`)).toEqual([]);
    expect(await receiptsOf(`?from=${today}&to=${today}`)).toHaveLength(3);
    expect(await receiptsOf("?includeWithdrawn=false")).toHaveLength(3);
    expect(await receiptsOf("?includeWithdrawn=true&sectionId=s2")).toEqual([receipts.b, receipts.d].sort());
    expect((await staff.request("GET", `/rounds/${round.id}/comments?from=later`)).status).toBe(400);

    const all = (await staff.request("GET", `/rounds/${round.id}/comments?includeWithdrawn=true`)).json.comments;
    expect(all.find((c: { receiptNumber: string }) => c.receiptNumber === receipts.a)).toMatchObject({ sectionTitle: "第1章 子育て", district: "nagato", ageBand: "18to29", status: "submitted" });
    expect(all.find((c: { receiptNumber: string }) => c.receiptNumber === receipts.d)).toMatchObject({ status: "withdrawn", district: null });
    const segments = await asViewer("/options/segments");
    expect(segments.json.districts).toContainEqual({ value: "nagato", label: "長門" });
    expect(segments.json.ageBands).toContainEqual({ value: "18to29", label: "18〜29歳" });
    expect(segments.json.interests).toContainEqual({ value: "community", label: "まちづくり" });
  });

  it("When a round requires name and address, then they are asked and kept for staff only; a comment sent one second after closing is refused and nothing is kept", async () => {
    const created = await staff.request("POST", "/rounds", roundInput({ title: "公共施設の再編方針（案）", sections: [], audience: {}, identity: "name_address" }));
    expect(created.status).toBe(201);
    named = created.json.round;
    await app.runSchedules(new Date());
    expect([...cardsOf(named.number)[0]!.to].sort()).toEqual(["a", "b", "c", "d"].map(user).sort());

    const a = residentView(app, user("a"));
    await tapFlex("a", "意見を書く", `flow=round-${named.number}`);
    expect(a.texts().at(-1)).toContain("ご意見をお書きください");
    await a.say("図書館は残してください。");
    await a.tap("入力を終える");
    expect(a.texts().at(-1)).toContain("お名前（氏名）");
    await a.say("長門 花子");
    await a.say("長門市東深川1-1");
    expect(a.texts().at(-1)).toContain("【お名前】長門 花子");
    await a.tap("はい");
    receipts.named = receiptIn(a.last()?.text)!;
    expect(await commentsOf("a", named.id)).toMatchObject([{ receiptNumber: receipts.named, sectionId: "general", name: "長門 花子", address: "長門市東深川1-1" }]);
    expect((await staff.request("GET", `/rounds/${named.id}/comments`)).json.comments[0]).toMatchObject({ name: "長門 花子", address: "長門市東深川1-1" });
    expect((await asViewer(`/rounds/${named.id}/comments`)).json.comments[0]).toMatchObject({ name: null, address: null, body: "図書館は残してください。" });

    // c gives a name, then stops: what was typed is kept only as the paused draft (until it expires),
    // never as answers or a comment, though c has consented to the bot's storage.
    const c = residentView(app, user("c"));
    const cRow = await app.db.prisma.resident.update({ where: { lineUserId: user("c") }, data: { consentVersion: "2026-11", consentedAt: new Date() } });
    await tapFlex("c", "意見を書く", `flow=round-${named.number}`);
    await c.say("駐車場を広げてください。");
    await c.tap("入力を終える");
    await c.say("日置 次郎");
    await c.say("やめる");
    expect(await app.db.prisma.answer.count({ where: { residentId: cRow.id, flowId: `round-${named.number}` } })).toBe(0);
    expect(await commentsOf("c", named.id)).toEqual([]);

    // b writes while the round is open; the closing moment passes one second before b sends.
    const b = residentView(app, user("b"));
    await tapFlex("b", "意見を書く", `flow=round-${named.number}`);
    await b.say("体育館を残してください。");
    await b.tap("入力を終える");
    await b.say("三隅 太郎");
    await b.say("長門市三隅中1-1");
    await app.db.prisma.round.update({ where: { id: named.id }, data: { closesAt: new Date(Date.now() - 1000) } });
    await b.tap("はい");
    expect(b.last()?.text).toContain("受付が終了したため、今回のご意見はお預かりできませんでした");
    expect(await commentsOf("b", named.id)).toEqual([]);
    expect(await app.db.prisma.answer.count({ where: { flowId: `round-${named.number}` } })).toBe(0);
    // The card's button later: a kind word, no questions.
    await tapFlex("b", "意見を書く", `flow=round-${named.number}`);
    expect(b.last()?.text).toContain("受付は終了しました");

    await app.runSchedules(new Date());
    const closed = await app.db.prisma.round.findUniqueOrThrow({ where: { id: named.id } });
    expect(closed.closedAt).not.toBeNull();
    expect(await app.db.prisma.auditEntry.count({ where: { action: "round.closed", target: `round:${named.id}` } })).toBe(1);
    const edit = await staff.request("PUT", `/rounds/${named.id}`, roundInput({ sections: [], audience: {}, identity: "name_address" }));
    expect(edit.status).toBe(409);
    expect(edit.json.error).toBe("締め切った意見募集は編集できません。");
    expect(app.standIn!.rejected()).toEqual([]);
  });

  it("When staff write public text, group comments and answer them, then each change is kept", async () => {
    const list = (await staff.request("GET", `/rounds/${round.id}/comments`)).json.comments as { id: string; receiptNumber: string }[];
    const idOf = (receipt: string) => list.find((c) => c.receiptNumber === receipt)!.id;
    const publicText = await staff.request("PATCH", `/rounds/${round.id}/comments/${idOf(receipts.a)}`, { publicBody: "保育園を増やしてください。（一部省略）" });
    expect(publicText.status).toBe(200);
    expect(publicText.json.comment).toMatchObject({ publicBody: "保育園を増やしてください。（一部省略）", body: "保育園を増やしてください。\n送り迎えの駐車場もほしいです。" });

    const group = await staff.request("POST", `/rounds/${round.id}/groups`, { title: "子育て・公園の環境", response: null });
    expect(group.status).toBe(201);
    const groupId = group.json.group.id as string;
    for (const r of [receipts.a, receipts.b]) expect((await staff.request("PATCH", `/rounds/${round.id}/comments/${idOf(r)}`, { groupId })).status).toBe(200);
    const answered = await staff.request("PATCH", `/rounds/${round.id}/groups/${groupId}`, { title: "子育て・公園の環境", response: "計画に反映します。" });
    expect(answered.json.group).toMatchObject({ commentCount: 2, response: "計画に反映します。" });
    expect((await staff.request("PATCH", `/rounds/${round.id}/comments/${idOf(receipts.c)}`, { response: "ご意見として承ります。" })).status).toBe(200);
    expect((await asViewer(`/rounds/${round.id}/groups`)).json.groups).toEqual([expect.objectContaining({ id: groupId, title: "子育て・公園の環境", commentCount: 2 })]);

    const other = await staff.request("POST", `/rounds/${named.id}/groups`, { title: "別の案件" });
    expect((await staff.request("PATCH", `/rounds/${round.id}/comments/${idOf(receipts.a)}`, { groupId: other.json.group.id })).status).toBe(400);
    const withdrawnId = (await app.db.prisma.comment.findUniqueOrThrow({ where: { receiptNumber: receipts.d } })).id;
    expect((await staff.request("PATCH", `/rounds/${round.id}/comments/${withdrawnId}`, { response: "x" })).status).toBe(409);
    const byViewer = await fetch(`${app.url}/api/admin/rounds/${round.id}/comments/${idOf(receipts.a)}`, {
      method: "PATCH",
      headers: { authorization: `Bearer ${viewerToken}`, "content-type": "application/json" },
      body: JSON.stringify({ response: "x" }),
    });
    expect(byViewer.status).toBe(403);
  });

  it("When staff publish, then it is refused before closing; after closing each resident who commented and did not withdraw is told once", async () => {
    const early = await staff.request("POST", `/rounds/${round.id}/publish`, {});
    expect(early.status).toBe(409);
    await app.runSchedules(new Date(new Date(round.closesAt).getTime() + 1000));
    expect((await asViewer(`/rounds/${round.id}`)).json.round.status).toBe("closed");

    const published = await staff.request("POST", `/rounds/${round.id}/publish`);
    expect(published.status).toBe(200);
    const resultsUrl = `${app.url}/results/rounds/${round.id}`;
    expect(published.json).toMatchObject({ recipients: 3, round: { status: "published", resultsUrl } });
    expect((await staff.request("POST", `/rounds/${round.id}/publish`, {})).status).toBe(409);
    await app.deliverySender.kick();
    await app.runSchedules(new Date(new Date(round.closesAt).getTime() + 2000));
    const notices = multicasts(`"uri":"${resultsUrl}"`);
    expect(notices).toHaveLength(1);
    expect([...notices[0]!.to].sort()).toEqual(["a", "b", "c"].map(user).sort());
    expect(flexActions(notices[0]!.messages[0])).toEqual([{ type: "uri", label: "結果を見る", uri: resultsUrl }]);
    // マイコメント now links to the results, and offers no withdrawal.
    await residentView(app, user("a")).say("マイコメント");
    const mine = (app.standIn!.messagesFor(user("a")) as { type: string }[]).filter((m) => m.type === "flex").at(-1)!;
    expect(flexActions(mine)).toContainEqual({ type: "uri", label: "結果を見る", uri: resultsUrl });
    expect(flexActions(mine).filter((x) => x.label === "取り下げる")).toEqual([]);
    expect(app.standIn!.rejected()).toEqual([]);
  });

  it("When the comments are exported, then the CSV opens in Excel as written (BOM, CRLF, Japanese headers, formulas neutralised) and matches the JSON", async () => {
    const raw = new Uint8Array(await (await fetch(`${app.url}/api/admin/rounds/${round.id}/comments.csv?includeWithdrawn=true`, { headers: { authorization: `Bearer ${await staffToken()}` } })).arrayBuffer());
    expect([...raw.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder("utf-8", { ignoreBOM: true }).decode(raw);
    expect(text.endsWith("\r\n")).toBe(true);
    const csv = await staff.request("GET", `/rounds/${round.id}/comments.csv?includeWithdrawn=true`);
    expect(csv.headers.get("content-type")).toContain("text/csv");
    expect(csv.headers.get("content-disposition")).toContain(`round-${round.number}-comments.csv`);
    const [headers, ...rows] = parseCsv(text.slice(1));
    expect(headers).toEqual(["受付番号", "章", "意見", "公表用の文面", "氏名", "住所", "地区", "年代", "状態", "まとまり", "市の考え方", "受付日時", "取り下げ日時", "案の版"]);
    expect(rows.map((r) => r[0])).toEqual([receipts.a, receipts.b, receipts.c, receipts.d]);
    const byReceipt = new Map(rows.map((r) => [r[0], r]));
    expect(byReceipt.get(receipts.b)!.slice(1, 11)).toEqual(["第2章 公園", QUOTED, "", "", "", "三隅", "30代", "受付", "子育て・公園の環境", "計画に反映します。"]);
    expect(byReceipt.get(receipts.c)![2]).toBe(`'${FORMULA}`);
    expect(byReceipt.get(receipts.c)!.slice(8, 11)).toEqual(["受付", "", "ご意見として承ります。"]);
    expect(byReceipt.get(receipts.a)![3]).toBe("保育園を増やしてください。（一部省略）");
    expect(byReceipt.get(receipts.d)![8]).toBe("取り下げ");
    expect(byReceipt.get(receipts.d)![12]).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/);
    expect(byReceipt.get(receipts.a)![11]).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/);

    const json = await staff.request("GET", `/rounds/${round.id}/comments.json?includeWithdrawn=true`);
    expect(json.status).toBe(200);
    expect(json.json.count).toBe(4);
    for (const [i, c] of json.json.comments.entries()) {
      const row = rows[i]!;
      expect(row[0]).toBe(c.receiptNumber);
      expect(row[2]!.replace(/^'/, "")).toBe(c.body);
      expect([row[1], row[6], row[7], row[9], row[10]]).toEqual([c.sectionTitle, c.districtLabel, c.ageBandLabel, c.groupTitle ?? "", c.cityResponse ?? ""]);
    }
    // Without withdrawn ones (the default), in a date window; viewers get no name or address columns.
    expect(parseCsv((await staff.request("GET", `/rounds/${round.id}/comments.csv`)).text).slice(1).map((r) => r[0])).toEqual([receipts.a, receipts.b, receipts.c]);
    const tomorrow = new Date(Date.now() + 24 * HOUR + 9 * HOUR).toISOString().slice(0, 10);
    expect(parseCsv((await staff.request("GET", `/rounds/${round.id}/comments.csv?from=${tomorrow}`)).text)).toHaveLength(1);
    const namedCsv = parseCsv((await staff.request("GET", `/rounds/${named.id}/comments.csv`)).text);
    expect(namedCsv[1]!.slice(4, 6)).toEqual(["長門 花子", "長門市東深川1-1"]);
    const viewerCsv = await asViewer(`/rounds/${named.id}/comments.csv`);
    expect(viewerCsv.text).not.toContain("長門 花子");
    expect(parseCsv(viewerCsv.text.replace(/^\uFEFF/, ""))[0]).not.toContain("氏名");
    expect((await asViewer(`/rounds/${named.id}/comments.json`)).json.comments[0]).toMatchObject({ name: null, address: null });
  });

  it("When there are more comments than one page of the export, then each is exported exactly once, in order", async () => {
    const big = await staff.request("POST", "/rounds", roundInput({ title: "大きな意見募集", audience: {} }));
    const id = big.json.round.id as string;
    const resident = await app.db.prisma.resident.findUniqueOrThrow({ where: { lineUserId: user("c") } });
    const at = new Date();
    const n = 2100;
    // Many share one moment: the pages must still neither skip nor repeat a comment.
    await app.db.prisma.comment.createMany({
      data: Array.from({ length: n }, (_, i) => ({
        roundId: id, residentId: resident.id, receiptNumber: `R${big.json.round.number}-${String(i + 1).padStart(6, "0")}`, sectionId: "general", body: `意見${i}`, roundVersion: 1, submittedAt: new Date(at.getTime() + (i % 3)),
      })),
    });
    const json = await staff.request("GET", `/rounds/${id}/comments.json`);
    expect(json.json.count).toBe(n);
    expect(new Set(json.json.comments.map((c: { id: string }) => c.id)).size).toBe(n);
    const csvRows = parseCsv((await staff.request("GET", `/rounds/${id}/comments.csv`)).text).slice(1);
    expect(csvRows.map((r) => r[0])).toEqual(json.json.comments.map((c: { receiptNumber: string }) => c.receiptNumber));
    await app.db.prisma.round.delete({ where: { id } });
  });

  it("When the results are exported and the public page is read, then they hold the public text, groups and responses, never a name or address", async () => {
    const csv = await staff.request("GET", `/rounds/${round.id}/results.csv`);
    const [headers, ...rows] = parseCsv(csv.text.replace(/^\uFEFF/, ""));
    expect(headers).toEqual(["受付番号", "章", "意見（公表文）", "まとまり", "市の考え方"]);
    // Section order: 第1章, 第2章, 全体について; the withdrawn comment is not there.
    expect(rows).toEqual([
      [receipts.a, "第1章 子育て", "保育園を増やしてください。（一部省略）", "子育て・公園の環境", "計画に反映します。"],
      [receipts.b, "第2章 公園", QUOTED, "子育て・公園の環境", "計画に反映します。"],
      [receipts.c, "全体について", `'${FORMULA}`, "", "ご意見として承ります。"],
    ]);
    const json = await asViewer(`/rounds/${round.id}/results.json`);
    expect(json.json.comments.map((c: { receiptNumber: string; text: string }) => [c.receiptNumber, c.text])).toEqual(rows.map((r) => [r[0], r[2]!.replace(/^'/, "")]));
    expect(json.json.groups).toEqual([expect.objectContaining({ title: "子育て・公園の環境", response: "計画に反映します。", commentCount: 2 })]);
    expect(json.text).not.toContain("送り迎えの駐車場");

    // The page, mounted as app.ts mounts it.
    const server: Server = await new Promise((resolve) => {
      const s = express().use(roundResultsPage({ prisma: app.db.prisma })).listen(0, "127.0.0.1", () => resolve(s));
    });
    try {
      const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const page = await fetch(`${base}/results/rounds/${round.id}`);
      expect(page.status).toBe(200);
      expect(page.headers.get("content-type")).toContain("text/html");
      const html = await page.text();
      expect(html).toContain("第3次総合計画（素案）");
      expect(html).toContain("保育園を増やしてください。（一部省略）");
      expect(html).toContain("公園に&quot;ベンチ&quot;を、増やして");
      expect(html).toContain("計画に反映します。");
      expect(html).not.toContain("送り迎えの駐車場");
      expect(html).not.toContain("遊具を新しくしてください");
      // Not yet published: nothing to see. Published with names: the names stay out.
      expect((await fetch(`${base}/results/rounds/${named.id}`)).status).toBe(404);
      expect((await staff.request("POST", `/rounds/${named.id}/publish`, {})).status).toBe(200);
      const namedHtml = await (await fetch(`${base}/results/rounds/${named.number}`)).text();
      expect(namedHtml).toContain("図書館は残してください。");
      expect(namedHtml).not.toContain("長門 花子");
      expect(namedHtml).not.toContain("東深川");
    } finally {
      await new Promise((r) => server.close(r));
    }
  });

  it("When staff acted, then the audit trail has each of their changes, without comment text", async () => {
    const entries = await app.db.prisma.auditEntry.findMany({ where: { actor: `staff:round-staff-${kind}` }, orderBy: { id: "asc" } });
    const actions = new Set(entries.map((e) => e.action));
    for (const action of ["round.created", "round.updated", "comment.updated", "group.created", "group.updated", "round.published", "round.comments_exported", "round.results_exported"]) {
      expect(actions, action).toContain(action);
    }
    expect(await app.db.prisma.auditEntry.count({ where: { action: "round.announced", target: `round:${round.id}`, actor: "system" } })).toBe(1);
    expect(entries.filter((e) => e.action === "round.announced")).toHaveLength(1);
    const text = JSON.stringify(entries.map((e) => e.detail));
    expect(text).not.toContain("保育園");
    expect(text).not.toContain("長門 花子");
    expect(await app.db.prisma.auditEntry.count({ where: { action: "comment.withdrawn" } })).toBe(1);
    expect(app.standIn!.rejected()).toEqual([]);
  });

  it("When the OpenAPI document is read, then it lists every round operation under the tag rounds", async () => {
    const doc = (await (await fetch(`${app.url}/api/admin/openapi.json`)).json()) as { paths: Record<string, Record<string, { tags: string[] }>> };
    const ops = Object.entries(doc.paths).flatMap(([path, methods]) => Object.entries(methods).filter(([, op]) => op.tags.includes("rounds")).map(([method]) => `${method.toUpperCase()} ${path}`));
    expect(ops.sort()).toEqual(
      [
        "GET /api/admin/rounds",
        "POST /api/admin/rounds",
        "GET /api/admin/rounds/{id}",
        "PUT /api/admin/rounds/{id}",
        "POST /api/admin/rounds/{id}/announce",
        "GET /api/admin/rounds/{id}/comments",
        "PATCH /api/admin/rounds/{id}/comments/{commentId}",
        "GET /api/admin/rounds/{id}/groups",
        "POST /api/admin/rounds/{id}/groups",
        "PATCH /api/admin/rounds/{id}/groups/{groupId}",
        "POST /api/admin/rounds/{id}/publish",
        "POST /api/admin/rounds/{id}/close",
        "GET /api/admin/rounds/{id}/preview",
        "GET /api/admin/rounds/{id}/comments.csv",
        "GET /api/admin/rounds/{id}/comments.json",
        "GET /api/admin/rounds/{id}/results.csv",
        "GET /api/admin/rounds/{id}/results.json",
        "GET /api/admin/options/segments",
      ].sort(),
    );
  });

  let token: string | undefined;
  async function staffToken() {
    if (token) return token;
    const row = await app.db.prisma.staff.findUniqueOrThrow({ where: { loginId: `round-staff-${kind}` } });
    return (token = await app.staffService.issueApiToken(row.id, { id: row.id, loginId: row.loginId, displayName: row.displayName, role: "staff" }));
  }
});
