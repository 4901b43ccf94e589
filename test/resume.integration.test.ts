// 「やめる」/「メニュー」 in the middle of a flow keep the conversation paused; coming back to that
// flow before it expires offers 「続きから」/「最初から」, with where the resident was.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { residentId, startTestApp, type TTestApp } from "./support/startTestApp.ts";
import { onboard } from "./support/conversationHelpers.ts";
import { tokenAsStaff } from "./support/staffClient.ts";
import { asJson } from "../src/db/asJson.ts";
import { loadJapaneseTokenizer } from "../src/domain/language/japaneseTokenizer.ts";
import { checkPlainJapanese } from "../src/domain/language/plainJapanese/checkPlainJapanese.ts";

const HOUR = 3_600_000;
const JAPANESE = /[\u3040-\u30ff\u4e00-\u9fff]/;

describe("Taking a paused conversation up again", () => {
  let app: TTestApp;
  let roundNumber: number;
  beforeAll(async () => {
    app = await startTestApp("postgresql");
    const staff = await tokenAsStaff(app, "resume-staff", "staff");
    const round = await staff("POST", "/rounds", {
      title: "第3次総合計画（素案）",
      summary: "これから10年のまちづくりの計画です。",
      documentUrl: "https://www.city.example.jp/plan/draft.pdf",
      sections: [{ id: "s1", title: "第1章 子育て" }],
      opensAt: new Date(Date.now() - 60_000).toISOString(),
      closesAt: new Date(Date.now() + 48 * HOUR).toISOString(),
      audience: {},
      identity: "anonymous",
    });
    expect(round.status, round.text).toBe(201);
    roundNumber = (round.json.round ?? round.json).number;
  }, 120_000);
  afterAll(async () => {
    await app?.stop();
  });

  const conversationsOf = (user: string) =>
    app.db.prisma.conversation.findMany({ where: { resident: { lineUserId: user } }, orderBy: { startedAt: "asc" }, select: { flowId: true, status: true, state: true } });

  it("When a resident sends メニュー while writing a comment, then the draft is kept, shown in マイデータ, and 続きから finishes the comment with it", async () => {
    const user = residentId("resume-comment");
    const r = await onboard(app, user);
    await r.say("意見募集");
    await r.tap("意見を書く");
    await r.tap("第1章 子育て");
    await r.say("駅前に保育園を増やしてください。");
    await r.say("メニュー");
    const afterMenu = r.texts().slice(-2);
    expect(afterMenu[0]).toMatch(/^「意見募集（第3次総合計画（素案））」を中断しました。ここまでの回答は\d+月\d+日\(.\) \d+:\d\dまで保存しています。\nそれまでにもう一度選ぶと、続きから再開できます。$/);
    expect(afterMenu[1]).toContain("メニュー：");
    expect((await conversationsOf(user)).filter((c) => c.status === "paused").map((c) => c.flowId)).toEqual([`round-${roundNumber}`]);

    // マイデータ shows the unsent draft readably.
    await r.say("マイデータ");
    const myData = r.texts().find((t) => t.includes("【途中で止めた回答（続きから再開できます）】"));
    expect(myData).toBeDefined();
    expect(myData).toContain("・「意見募集（第3次総合計画（素案））」");
    expect(myData).toContain("どの章についてのご意見ですか？：第1章 子育て");
    expect(myData).toContain("書きかけ：駅前に保育園を増やしてください。");
    await r.tap("いいえ");

    // Back to the round: offered, with where it stood.
    await r.say("意見募集");
    await r.tap("意見を書く");
    const offer = r.last()!;
    expect(offer.text).toMatch(/^「意見募集（第3次総合計画（素案））」の途中の回答があります（\d+月\d+日\(.\) \d+:\d\dまで保存）。\n前回の質問：ご意見をお書きください（合わせて2000文字まで）。\nここまで：「駅前に保育園を増やしてください。」\n続きから始めますか？$/);
    expect(r.quickReplyLabels()).toEqual(["続きから", "最初から"]);
    await r.tap("続きから");
    const resumed = r.texts().slice(-3);
    expect(resumed[0]).toBe("続きから再開します。");
    expect(resumed[1]).toContain("ご意見をお書きください");
    expect(resumed[2]).toBe("受け付けました（合わせて16文字）。続けて送るか、「入力を終える」を押してください。");
    await r.say("送り迎えが大変です。");
    await r.tap("入力を終える");
    expect(r.last()!.text).toContain("【ご意見】\n駅前に保育園を増やしてください。\n送り迎えが大変です。");
    await r.tap("はい");
    expect(r.last()!.text).toMatch(/R\d+-\d{6}/);
    const comment = await app.db.prisma.comment.findFirstOrThrow({ where: { resident: { lineUserId: user } } });
    expect(comment.body).toBe("駅前に保育園を増やしてください。\n送り迎えが大変です。");
    expect(comment.sectionId).toBe("s1");
    // One conversation, paused and taken up again, finished.
    expect((await conversationsOf(user)).filter((c) => c.flowId.startsWith("round-")).map((c) => c.status)).toEqual(["completed"]);
  }, 120_000);

  it("When a resident stops the survey halfway with やめる and comes back, then 続きから goes on at the next question with the answers kept", async () => {
    const user = residentId("resume-poll");
    const r = await onboard(app, user);
    await r.say("アンケート");
    await r.tap("よく参加した");
    await r.say("やめる");
    expect(r.last()!.text).toMatch(/^「地域活動への参加アンケート」を中断しました。ここまでの回答は.+まで保存しています。/);
    // Something else meanwhile.
    await r.say("イベント");
    await r.say("アンケート");
    expect(r.last()!.text).toContain("前回の質問：問3. これから地域の活動に参加したいと思いますか？");
    await r.tap("続きから");
    expect(r.texts().at(-1)).toContain("問3. これから地域の活動に参加したいと思いますか？");
    await r.tap("4");
    await r.tap("LINE");
    await r.tap("決定");
    await r.tap("いいえ");
    expect(r.last()!.text).toContain("ご回答ありがとうございました！");
    const convs = (await conversationsOf(user)).filter((c) => c.flowId === "poll-community");
    expect(convs.map((c) => c.status)).toEqual(["completed"]);
    expect((convs[0]!.state as { answers: Record<string, unknown> }).answers).toMatchObject({ participation: "often", willingness: 4, channels: ["line"], wantsComment: "no" });
  }, 120_000);

  it("When a resident chooses 最初から, then the paused answers are dropped and the survey starts at its first question", async () => {
    const user = residentId("resume-restart");
    const r = await onboard(app, user);
    await r.say("アンケート");
    await r.tap("参加したことがない");
    await r.tap("時間が合わない");
    await r.say("メニュー");
    await r.say("アンケート");
    expect(r.last()!.text).toContain("前回の質問：問2. 参加していない理由を選んでください。\nここまで：「時間が合わない」");
    await r.tap("最初から");
    const texts = r.texts();
    expect(texts.slice(-3)[0]).toBe("最初から始めます。");
    expect(texts.at(-1)).toContain("問1. この1年間に、地域の活動に参加しましたか？");
    expect((await conversationsOf(user)).filter((c) => c.flowId === "poll-community").map((c) => c.status)).toEqual(["cancelled", "active"]);
    // Nothing is offered any more: the new one is the only one.
    await r.say("やめる");
    expect(r.last()!.text).toBe("いまの質問を終了しました。「メニュー」と送ると、できることが表示されます。");
    await r.say("アンケート");
    expect(r.texts().at(-1)).toContain("問1.");
    expect(r.quickReplyLabels()).not.toContain("続きから");
  }, 120_000);

  it("When nothing was answered yet, then やめる promises nothing; when a paused survey expires, it is gone silently and the survey starts anew", async () => {
    const user = residentId("resume-expiry");
    const r = await onboard(app, user);
    await r.say("アンケート");
    await r.say("やめる");
    expect(r.last()!.text).toBe("いまの質問を終了しました。「メニュー」と送ると、できることが表示されます。");
    expect(r.last()!.text).not.toMatch(/保存|再開/);

    await r.say("アンケート");
    await r.tap("ときどき参加した");
    await r.say("メニュー");
    const paused = await app.db.prisma.conversation.findFirstOrThrow({ where: { resident: { lineUserId: user }, status: "paused" } });
    await app.db.prisma.conversation.update({ where: { id: paused.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    const before = r.messages().length;
    await app.sweep();
    const gone = await app.db.prisma.conversation.findUniqueOrThrow({ where: { id: paused.id } });
    expect(gone.status).toBe("expired");
    expect((gone.state as { answers: unknown }).answers).toEqual({});
    expect(r.messages().length).toBe(before);
    await r.say("アンケート");
    expect(r.texts().at(-1)).toContain("問1.");
    expect(r.texts().join("\n")).not.toContain("途中の回答があります");
    // An old 続きから tapped now says plainly that nothing is kept.
    const { body } = await app.standIn!.sendPostback(user, `resume=${paused.id}`, undefined, { displayText: "続きから" });
    expect(body).toBeDefined();
    await app.processor.drain();
    expect(r.last()!.text).toBe("途中の回答は、もう保存していません（時間がたったか、すでに続きを始めたためです）。「メニュー」から改めてお選びください。");
  }, 120_000);

  it("When the survey changed so that the question it stopped at is gone, then the resident is told and it starts over", async () => {
    const user = residentId("resume-changed");
    const r = await onboard(app, user);
    await r.say("アンケート");
    await r.tap("よく参加した");
    await r.say("やめる");
    // The revision it was paused on had a question the current flow no longer has.
    const paused = await app.db.prisma.conversation.findFirstOrThrow({ where: { resident: { lineUserId: user }, status: "paused" } });
    const current = await app.db.prisma.flowRevision.findUniqueOrThrow({ where: { flowId_revision: { flowId: "poll-community", revision: paused.flowRevision } } });
    const definition = current.definition as { steps: { id: string; next?: unknown }[] };
    const older = { ...definition, steps: definition.steps.map((s) => (s.id === "willingness" ? { ...s, id: "willing_old" } : s.id === "participation" ? { ...s, next: "willing_old" } : s)) };
    await app.db.prisma.flowRevision.create({ data: { flowId: "poll-community", revision: "older0000000", definition: asJson(older) } });
    await app.db.prisma.conversation.update({ where: { id: paused.id }, data: { flowRevision: "older0000000", state: { ...(paused.state as object), stepId: "willing_old" } } });

    await r.say("アンケート");
    await r.tap("続きから");
    const texts = r.texts();
    expect(texts.slice(-3)[0]).toBe("前回から質問の内容が変わったため、続きからは再開できません。最初から始めます。");
    expect(texts.at(-1)).toContain("問1.");
    expect((await conversationsOf(user)).filter((c) => c.flowId === "poll-community").map((c) => c.status)).toEqual(["cancelled", "active"]);
  }, 120_000);

  it("When an English and an easy-Japanese resident pause and come back, then every text is in their language (the easy ones pass the plain-language check)", async () => {
    const tokenize = await loadJapaneseTokenizer();
    const en = await onboard(app, residentId("resume-en"), { language: "English", age: "18 to 29", district: "Nagato", interests: ["Community"] });
    await en.say("survey");
    await en.tap("Often");
    await en.say("cancel");
    const enPaused = en.last()!.text!;
    expect(enPaused).toMatch(/^Paused "Community activity survey"\. Your answers so far are kept until \w{3}, \w{3} \d+, \d+:\d\d [ap]m\. Choose it again before then to continue where you left off\.$/);
    await en.say("survey");
    const enOffer = en.last()!.text!;
    expect(enOffer).toContain('You have unfinished answers in "Community activity survey"');
    expect(enOffer).toContain("You were at: Q3. Would you like to take part from now on?");
    expect(en.quickReplyLabels()).toEqual(["Continue", "Start over"]);
    await en.tap("Continue");
    const enResumed = en.texts().slice(-2);
    expect(enResumed[0]).toBe("Continuing where you left off.");
    for (const text of [enPaused, enOffer, ...enResumed]) expect(text).not.toMatch(JAPANESE);

    const easyUser = residentId("resume-easy");
    const easy = await onboard(app, easyUser);
    await app.db.prisma.resident.update({ where: { lineUserId: easyUser }, data: { language: "easy" } });
    await easy.say("アンケート");
    await easy.tap("よく 行った");
    await easy.say("やめる");
    const easyPaused = easy.last()!.text!;
    expect(easyPaused).toMatch(/^「地いきの かつどうの しつもん」を とちゅうで 止めました。 ここまでの 答えは .+ まで のこします。/);
    await easy.say("アンケート");
    const easyOffer = easy.last()!.text!;
    expect(easyOffer).toContain("まえの しつもん：3. これから 地いきの かつどうに 行きたいですか？");
    expect(easy.quickReplyLabels()).toEqual(["つづきから", "はじめから"]);
    await easy.say("マイデータ");
    const easyData = easy.texts().find((t) => t.includes("【とちゅうで 止めた 答え（つづきから できます）】"))!;
    expect(easyData).toBeDefined();
    await easy.tap("いいえ");
    await easy.say("アンケート");
    await easy.tap("つづきから");
    const easyResumed = easy.texts().at(-2)!;
    expect(easyResumed).toBe("つづきから します。");
    const easySection = easyData.slice(easyData.indexOf("【とちゅうで"));
    const flagged = [easyPaused, easyOffer, easyResumed, "つづきから", "はじめから", easySection.split("\n\n")[0]!].flatMap((s) =>
      checkPlainJapanese(s, tokenize).map((f) => `${f.rule}: ${f.excerpt} in 「${s.slice(0, 40)}」`),
    );
    expect(flagged).toEqual([]);
  }, 120_000);

  it("When a resident deletes their data, then the paused draft goes with it", async () => {
    const user = residentId("resume-delete");
    const r = await onboard(app, user);
    await r.say("意見募集");
    await r.tap("意見を書く");
    await r.tap("第1章 子育て");
    await r.say("消してほしい下書きです。");
    await r.say("マイデータ");
    expect(r.texts().join("\n")).toContain("書きかけ：消してほしい下書きです。");
    await r.tap("はい");
    await r.tap("はい");
    expect(r.last()!.text).toContain("削除しました。");
    expect(await app.db.prisma.conversation.count({ where: { resident: { lineUserId: user } } })).toBe(0);
    const stored = await app.db.prisma.conversation.findMany({ where: { status: "paused" }, select: { state: true } });
    expect(JSON.stringify(stored)).not.toContain("消してほしい下書き");
  }, 120_000);
});
