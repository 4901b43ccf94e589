// Staff analyse a closed round's comments through the admin API: the job runs in a worker thread
// while the bot keeps answering residents; the themes match the evaluation set's labels; staff
// rename, merge, move and split themes, make them groups, answer a theme once, and download the
// files cities publish.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { performance } from "node:perf_hooks";
import { createServer, type Server } from "node:http";
import { type AddressInfo } from "node:net";
import { startTestApp, residentId, type TTestApp } from "./support/startTestApp.ts";
import { loginAsStaff, type TStaffClient } from "./support/staffClient.ts";
import { seedClosedRound, type TSeededRound } from "./support/seedRoundComments.ts";
import { onboard } from "./support/conversationHelpers.ts";
import { adjustedRandIndex } from "../src/domain/listening/evaluationMetrics.ts";
import { parseCsv } from "./support/parseCsv.ts";
import { readFileSync } from "node:fs";

type TTheme = { id: string; label: string; size: number; distinctSize: number; commentIds: string[]; children: { id: string; commentIds: string[] }[] };

describe("Comment analysis (意見の分析) through the admin API", () => {
  let app: TTestApp;
  let staff: TStaffClient;
  let round: TSeededRound;
  let analysisId: string;
  let themes: TTheme[];
  // A stand-in for a city's own OpenAI-compatible model server (THEME_SUMMARY_URL): it records what it is sent.
  let summaryServer: Server;
  const sentToSummaries: string[] = [];
  const personal = "私は山田太郎です。電話090-1234-5678、taro@example.jp。路線バスの本数が少なくて通院に困っています。バスを増やしてください。";

  beforeAll(async () => {
    summaryServer = createServer((req, res) => {
      let body = "";
      req.on("data", (c) => (body += c));
      req.on("end", () => {
        sentToSummaries.push(body);
        const theme = /テーマ「([^」]+)」/.exec(body)?.[1] ?? "";
        res.setHeader("content-type", "application/json");
        res.end(JSON.stringify({ choices: [{ message: { role: "assistant", content: `${theme}について、改善を求める意見が寄せられました。` } }] }));
      });
    });
    await new Promise<void>((r) => summaryServer.listen(0, "127.0.0.1", r));
    const summaryUrl = `http://127.0.0.1:${(summaryServer.address() as AddressInfo).port}/v1`;
    app = await startTestApp("postgresql", { env: { THEME_SUMMARY_URL: summaryUrl, THEME_SUMMARY_MODEL: "city-local" } });
    staff = await loginAsStaff(app, "sato", "staff");
    round = await seedClosedRound(app.db.prisma, { title: "長門市総合計画（案）" });
    // One comment with personal details, sent first.
    const resident = await app.db.prisma.resident.create({ data: { lineUserId: "Upersonal", profile: { ageBand: "70plus", district: "yuya" } } });
    const c = await app.db.prisma.comment.create({ data: { roundId: round.roundId, residentId: resident.id, receiptNumber: `R${round.number}-P0001`, sectionId: "general", body: personal, roundVersion: 1, submittedAt: new Date(Date.now() - 50 * 86_400_000) } });
    round.comments.unshift({ id: c.id, theme: "transport", body: personal, duplicateGroup: "" });
  }, 180_000);
  afterAll(async () => {
    await app?.listening.idle();
    await app?.stop();
    await new Promise((r) => summaryServer?.close(r));
  });

  const get = async () => (await staff.request("GET", `/analyses/${analysisId}`)).json.analysis;

  it("When staff start an analysis, then it runs in the background with progress, a resident is answered meanwhile, and every comment ends in exactly one theme that matches the labels", async () => {
    const resident = residentId("listening-resident");
    await onboard(app, resident, { language: "日本語", age: "30代", district: "長門", interests: ["まちづくり"] });

    const started = await staff.request("POST", `/rounds/${round.number}/analyses`, {});
    expect(started.status).toBe(202);
    expect(started.json.analysis.status).toBe("running");
    analysisId = started.json.analysis.id;

    // The bot's event loop stays free while the worker computes: a resident's message is answered,
    // and the main thread is mostly idle until the analysis is done (computing here instead would
    // keep it busy throughout: a utilisation near 1).
    const before = app.standIn!.messagesFor(resident).length;
    const elu = performance.eventLoopUtilization();
    expect((await app.standIn!.sendText(resident, "メニュー")).status).toBe(200);
    await app.processor.drain();
    expect(app.standIn!.messagesFor(resident).length).toBeGreaterThan(before);
    let view = await get();
    const seenProgress = new Set<number>();
    for (let i = 0; i < 400 && view.status === "running"; i++) {
      seenProgress.add(view.progress);
      await new Promise((r) => setTimeout(r, 500));
      view = await get();
    }
    const utilisation = performance.eventLoopUtilization(elu).utilization;
    expect(view.status, view.error ?? "").toBe("done");
    expect(utilisation).toBeLessThan(0.8);

    const result = view.result;
    themes = result.themes;
    const all = themes.flatMap((t) => t.commentIds);
    expect(all).toHaveLength(round.comments.length);
    expect(new Set(all).size).toBe(round.comments.length);
    expect(result.themeCount).toBeGreaterThanOrEqual(5);
    const themeOf = new Map(themes.flatMap((t) => t.commentIds.map((c) => [c, t.id] as const)));
    const ari = adjustedRandIndex(round.comments.map((c) => c.theme), round.comments.map((c) => themeOf.get(c.id)!));
    expect(ari).toBeGreaterThanOrEqual(0.5);

    // The campaign is one duplicate group, shown once, counted once in its theme's distinct size.
    const campaign = round.comments.filter((c) => c.duplicateGroup === "campaign-park").map((c) => c.id);
    const group = result.duplicates.find((d: { commentIds: string[] }) => d.commentIds.includes(campaign[0]!));
    expect([...group.commentIds].sort()).toEqual([...campaign].sort());
    const holding = themes.find((t) => t.commentIds.includes(campaign[0]!))!;
    expect(holding.size - holding.distinctSize).toBeGreaterThanOrEqual(campaign.length - 1);
    expect(view.texts[group.commentIds[0]].text).toContain("中央公園");

    // Who raised what: age bands and districts, none under five.
    for (const c of [view.comparison.ageBand, view.comparison.district]) {
      expect(c.groups.length).toBeGreaterThan(1);
      for (const g of c.groups) expect(g.answered).toBeGreaterThanOrEqual(5);
    }
    expect(result.map).toHaveLength(round.comments.length);
  }, 240_000);

  it("When staff ask for summaries from the configured server, then each theme gets a draft and nothing personal was sent", async () => {
    const answer = await staff.request("POST", `/analyses/${analysisId}/summaries`);
    expect(answer.status).toBe(200);
    const summarized = answer.json.analysis.result.themes.filter((t: { summary?: string }) => t.summary);
    expect(summarized.length).toBe(themes.filter((t) => t.id !== "other").length);
    expect(summarized[0].summary).toBe(`${summarized[0].label}について、改善を求める意見が寄せられました。`);
    const sent = sentToSummaries.join("\n");
    expect(JSON.parse(sentToSummaries[0]!).model).toBe("city-local");
    expect(sent).toContain("路線バスの本数が少なくて通院に困っています");
    for (const secret of ["山田", "太郎", "090", "5678", "taro@", "example.jp"]) expect(sent).not.toContain(secret);
    expect(answer.json.analysis.summariesAvailable).toBe(true);
  }, 120_000);

  it("When staff rename, merge, move and split themes, then each comment is still in exactly one theme", async () => {
    const [a, b, c] = themes;
    const edit = (body: unknown) => staff.request("POST", `/analyses/${analysisId}/edits`, body);
    expect((await edit({ kind: "rename", themeId: a!.id, label: "バス・鉄道などの公共交通" })).status).toBe(200);
    const merged = (await edit({ kind: "merge", themeIds: [a!.id, b!.id] })).json.analysis.result;
    const m = merged.themes.find((t: TTheme) => t.id === a!.id);
    expect(m.label).toBe("バス・鉄道などの公共交通");
    expect(m.size).toBe(a!.size + b!.size);
    expect(merged.themes.some((t: TTheme) => t.id === b!.id)).toBe(false);
    const moved = (await edit({ kind: "move", commentIds: [c!.commentIds[0]], toThemeId: a!.id })).json.analysis.result;
    expect(moved.themes.find((t: TTheme) => t.id === a!.id).commentIds).toContain(c!.commentIds[0]);
    const split = (await edit({ kind: "split", themeId: a!.id })).json.analysis.result;
    expect(split.themes.length).toBeGreaterThan(moved.themes.length);
    const all = split.themes.flatMap((t: TTheme) => t.commentIds);
    expect(new Set(all).size).toBe(round.comments.length);
    expect(all).toHaveLength(round.comments.length);
    expect((await edit({ kind: "merge", themeIds: ["nope", a!.id] })).status).toBe(404);
    themes = split.themes;
  }, 120_000);

  it("When staff make the themes groups and answer one theme, then the response applies to all its comments and the publication files carry it without personal details", async () => {
    const applied = (await staff.request("POST", `/analyses/${analysisId}/apply`)).json.analysis;
    expect(Object.keys(applied.groups)).toHaveLength(themes.length);
    const first = themes[0]!;
    const group = applied.groups[first.id];
    const patched = await staff.request("PATCH", `/rounds/${round.number}/groups/${group.id}`, { title: first.label, summary: "バスの本数を増やしてほしいとのご意見", response: "路線の見直しの中で増便を検討します。", revised: true });
    expect(patched.status).toBe(200);
    const inGroup = await app.db.prisma.comment.count({ where: { groupId: group.id } });
    expect(inGroup).toBe(first.size);

    // Applying again after a merge keeps the first theme's group and its response.
    await staff.request("POST", `/analyses/${analysisId}/edits`, { kind: "merge", themeIds: [first.id, themes[1]!.id] });
    const again = (await staff.request("POST", `/analyses/${analysisId}/apply`)).json.analysis;
    expect(again.groups[first.id].id).toBe(group.id);
    expect(again.groups[first.id].response).toBe("路線の見直しの中で増便を検討します。");
    expect(again.groups[themes[1]!.id]).toBeUndefined();

    const table = await staff.request("GET", `/rounds/${round.number}/publication.csv`);
    expect(table.status).toBe(200);
    const rows = parseCsv(table.text);
    expect(rows[0]).toEqual(["案件名", "長門市総合計画（案）"]);
    expect(rows.find((r) => r[0] === "意見数")?.[1]).toBe(`${round.comments.length}件`);
    expect(rows.find((r) => r[0] === "意見提出者数")?.[1]).toBe(`${Math.ceil(round.comments.length / 2)}人`);
    const themeRow = rows.find((r) => r[1] === first.label);
    expect(themeRow, JSON.stringify(rows)).toBeDefined();
    expect(themeRow!.slice(2)).toEqual(["バスの本数を増やしてほしいとのご意見", String(first.size + themes[1]!.size), "路線の見直しの中で増便を検討します。", "有"]);

    const open = await staff.request("GET", `/rounds/${round.number}/opendata.csv`);
    const data = parseCsv(open.text);
    expect(data[0]).toEqual(["comment-id", "comment-body", "section", "theme", "age_band", "district"]);
    expect(data).toHaveLength(round.comments.length + 1);
    expect(open.text).not.toMatch(/Useed/);
  }, 120_000);

  it("When staff give the plan's chapters with residents' words, then themes are called by the chapters' names and the next run keeps them; a line that cannot be read is refused naming the line", async () => {
    const planText = readFileSync("eval/listening/plan-subjects/city-plan.txt", "utf8");
    const chapters = planText.split("\n").filter((l) => l.trim() && !l.startsWith("#")).map((l) => l.split(/[:：]/)[0]!.trim());
    const refused = await staff.request("POST", `/rounds/${round.number}/analyses`, { planSubjects: "交通: バス、電車\n子育て 保育園" });
    expect(refused.status).toBe(400);
    expect(refused.json.issues).toEqual([{ path: "planSubjects", message: expect.stringContaining("2行目") }]);

    const waitDone = async (id: string) => {
      let view = (await staff.request("GET", `/analyses/${id}`)).json.analysis;
      for (let i = 0; i < 400 && view.status === "running"; i++) {
        await new Promise((r) => setTimeout(r, 500));
        view = (await staff.request("GET", `/analyses/${id}`)).json.analysis;
      }
      return view;
    };
    const started = await staff.request("POST", `/rounds/${round.number}/analyses`, { planSubjects: planText });
    expect(started.status).toBe(202);
    const view = await waitDone(started.json.analysis.id);
    expect(view.status).toBe("done");
    const named = (v: { result: { themes: TTheme[] } }) => v.result.themes.filter((t) => chapters.some((c) => t.label.startsWith(c))).length;
    expect(named(view)).toBeGreaterThanOrEqual(4);
    expect(view.planText.split("\n")).toHaveLength(chapters.length);

    // テーマを減らす: the same chapters, one theme fewer.
    const fewer = await staff.request("POST", `/rounds/${round.number}/analyses`, { themeCount: view.result.themeCount - 1, planSubjects: view.planText });
    const again = await waitDone(fewer.json.analysis.id);
    expect(again.result.themeCount).toBe(view.result.themeCount - 1);
    expect(again.planText).toBe(view.planText);
  }, 240_000);

  it("When staff analyse a poll's free-text question, then its answers are grouped into themes; a question that is not free text is refused", async () => {
    const creator = await app.db.prisma.staff.findFirstOrThrow();
    const poll = await app.db.prisma.poll.create({
      data: {
        title: "まちづくりアンケート",
        questions: [
          { id: "often", kind: "single", text: "よく出かけますか", choices: [{ value: "yes", label: "はい" }, { value: "no", label: "いいえ" }], maxLength: 500 },
          { id: "wish", kind: "text", text: "市に望むこと", choices: [], maxLength: 500 },
        ],
        opensAt: new Date(Date.now() - 86_400_000),
        closesAt: new Date(Date.now() + 86_400_000),
        createdById: creator.id,
      },
    });
    const texts = [
      ...["バスの本数を増やしてほしい", "駅までのバスが少なくて不便です", "コミュニティバスを夜も走らせて", "バス停に屋根をつけてください", "電車とバスの乗り継ぎを良くして", "デマンドタクシーを広げてほしい"],
      ...["避難所にエアコンを", "ハザードマップを配ってほしい", "大雨のときの避難情報を分かりやすく", "防災無線が聞こえません", "避難所の備蓄を増やして", "川の堤防を高くしてほしい"],
      ...["保育園を増やしてください", "学童保育の時間を延ばして", "子育て支援センターを土日も", "給食費を無償にして", "病児保育を増やしてほしい", "子ども医療費の助成を続けて"],
    ];
    for (const [i, wish] of texts.entries()) {
      const resident = await app.db.prisma.resident.create({ data: { lineUserId: `Upoll${i}`, profile: { ageBand: "30s" } } });
      await app.db.prisma.pollResponse.create({ data: { pollId: poll.id, residentId: resident.id, answers: { often: "yes", wish }, pollVersion: 1 } });
    }
    expect((await staff.request("POST", `/polls/${poll.number}/analyses`, { questionId: "often" })).status).toBe(400);
    const started = await staff.request("POST", `/polls/${poll.number}/analyses`, { questionId: "wish", themeCount: 3 });
    expect(started.status).toBe(202);
    const id = started.json.analysis.id;
    let view = started.json.analysis;
    for (let i = 0; i < 400 && view.status === "running"; i++) {
      await new Promise((r) => setTimeout(r, 500));
      view = (await staff.request("GET", `/analyses/${id}`)).json.analysis;
    }
    expect(view.status).toBe("done");
    expect(view.result.themes.flatMap((t: TTheme) => t.commentIds)).toHaveLength(texts.length);
    expect(view.source).toMatchObject({ kind: "poll", questionId: "wish" });
    expect((await staff.request("GET", `/polls/${poll.number}/analyses`)).json.analyses[0].id).toBe(id);
    expect((await staff.request("POST", `/analyses/${id}/apply`)).status).toBe(409);
  }, 240_000);
});
