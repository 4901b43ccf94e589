import { describe, expect, it } from "vitest";
import { analyzeComments, charBigramsOf } from "./analyzeComments.ts";
import { OTHER_THEME_ID, toThemesFile } from "./listeningTypes.ts";

// A stand-in tokenizer (words separated by spaces) keeps this test free of the dictionary.
const words = (text: string) => text.split(/\s+/).filter(Boolean);

const topics = {
  bus: ["バス", "本数", "路線", "駅", "時刻表", "運賃", "乗り継ぎ", "停留所"],
  rain: ["避難", "大雨", "河川", "浸水", "避難所", "備蓄", "堤防", "ハザード"],
  trash: ["ごみ", "分別", "収集", "資源", "回収", "粗大", "清掃", "不法投棄"],
};

function corpus() {
  const out: { id: string; body: string; topic: string }[] = [];
  let n = 0;
  for (const [topic, vocab] of Object.entries(topics)) {
    // Thirty different three-word comments (short enough that only identical ones are duplicates).
    const combos: string[] = [];
    for (let a = 0; a < 8; a++) for (let b = a + 1; b < 8; b++) for (let c = b + 1; c < 8; c++) combos.push([vocab[a], vocab[b], vocab[c]].join(" "));
    for (let i = 0; i < 30; i++) out.push({ id: `c${++n}`, body: combos[(i * 17) % combos.length]!, topic });
  }
  for (let i = 0; i < 6; i++) out.push({ id: `c${++n}`, body: "中央公園 の 桜 を 伐採 する 案 に 反対 します 一度 切った 木 は 戻りません", topic: "trash" });
  return out;
}

describe("analyzeComments", () => {
  it("When comments are about three subjects with a campaign among them, then each subject is a theme, the campaign is one duplicate group counted once, and every comment is in exactly one theme", async () => {
    const comments = corpus();
    const analysis = await analyzeComments(comments, words, { themeCount: 3 });
    const file = toThemesFile(analysis);
    const all = file.themes.flatMap((t) => t.commentIds);
    expect(all.sort()).toEqual(comments.map((c) => c.id).sort());
    for (const topic of Object.keys(topics)) {
      const ids = comments.filter((c) => c.topic === topic && !c.body.includes("伐採")).map((c) => c.id);
      const holding = analysis.themes.filter((t) => t.commentIds.some((id) => ids.includes(id)));
      expect(holding.length, topic).toBe(1);
    }
    expect(analysis.duplicates).toHaveLength(1);
    expect(analysis.duplicates[0]!.commentIds).toHaveLength(6);
    const withCampaign = analysis.themes.find((t) => t.commentIds.includes(analysis.duplicates[0]!.commentIds[0]!))!;
    expect(withCampaign.size - withCampaign.distinctSize).toBe(5);
    expect(analysis.map).toHaveLength(comments.length);
    for (const t of analysis.themes.filter((t) => t.id !== OTHER_THEME_ID)) {
      expect(t.keywords.length).toBeGreaterThan(0);
      expect(t.representativeIds.length).toBeGreaterThanOrEqual(2);
      expect(t.children.flatMap((c) => c.commentIds).sort()).toEqual(t.children.length ? [...t.commentIds].sort() : []);
    }
  });

  it("When a round is made of clearly distinct groups, then it gets that many themes (not the cap), none of them of one or two comments", async () => {
    const vocabularies = [...Object.values(topics), ["図書館", "蔵書", "司書", "閲覧", "開館", "読書", "雑誌", "新刊"], ["保育", "待機", "入園", "延長", "保育士", "一時預かり", "園庭", "送迎"]];
    for (const [groups, each] of [[4, 30], [5, 60]] as const) {
      const comments: { id: string; body: string }[] = [];
      for (const vocab of vocabularies.slice(0, groups)) {
        const combos: string[] = [];
        for (let a = 0; a < 8; a++) for (let b = a + 1; b < 8; b++) for (let c = b + 1; c < 8; c++) combos.push([vocab[a], vocab[b], vocab[c]].join(" "));
        // 56 three-word combinations, then a fourth word so none repeats.
        for (let i = 0; i < each; i++) comments.push({ id: `c${comments.length + 1}`, body: combos[(i * 17) % combos.length]! + (i >= combos.length ? ` ${vocab[i % 8]}` : "") });
      }
      const analysis = await analyzeComments(comments, words);
      expect(analysis.themeCount, `${groups} groups of ${each}`).toBe(groups);
      for (const t of analysis.themes.filter((t) => t.id !== OTHER_THEME_ID)) expect(t.distinctSize).toBeGreaterThanOrEqual(3);
    }
  });

  it("When the comments' own words say nothing that groups them, then the plan's chapters from staff do, and each such theme is called by its chapter's name", async () => {
    // A city of islands: every comment is about getting to the mainland (words the whole round
    // shares) and names its matter in a word of its own (m00, s01 ...), which the words alone
    // cannot group: a word used once says nothing about the others.
    const matters = { m: "医療", s: "買い物", w: "仕事", k: "学校" };
    const keys = Object.keys(matters) as (keyof typeof matters)[];
    const code = (c: string, i: number) => `${c}${String(i).padStart(2, "0")}`;
    const comments = Array.from({ length: 40 }, (_, i) => ({ id: `c${i}`, body: `船 本土 島 ${code("x", i)} ${code(keys[i % 4]!, i)}` }));
    const planSubjects = keys.map((k) => ({ name: matters[k], words: Array.from({ length: 40 }, (_, i) => code(k, i)) }));
    const matterOf = (id: string) => keys[Number(id.slice(1)) % 4]!;
    const grouped = (themes: { label: string; commentIds: string[] }[]) => themes.map((t) => `${t.label}: ${[...new Set(t.commentIds.map(matterOf))].join("")}`).sort();

    expect(grouped((await analyzeComments(comments, words, { themeCount: 4 })).themes)).toEqual(["その他: mswk"]);
    expect(grouped((await analyzeComments(comments, words, { themeCount: 4, planSubjects })).themes)).toEqual(["仕事: w", "医療: m", "学校: k", "買い物: s"]);
  });

  it("When staff ask for more themes, then there are more", async () => {
    const comments = corpus();
    const fewer = await analyzeComments(comments, words, { themeCount: 2 });
    const more = await analyzeComments(comments, words, { themeCount: 5 });
    expect(fewer.themeCount).toBeLessThan(more.themeCount);
  });

  it("When a word is misspelt or cut differently, then its kanji and katakana bigrams still match the usual spelling", () => {
    expect(charBigramsOf("ボランテイア")).toEqual(expect.arrayContaining(["#ボラ", "#ラン", "#ンテ"]));
    expect(charBigramsOf("ボランティア")).toEqual(expect.arrayContaining(["#ボラ", "#ラン", "#ンテ"]));
    expect(charBigramsOf("審議会の委員")).toEqual(["#審議", "#議会", "#委員"]);
    expect(charBigramsOf("ok です")).toEqual([]);
  });
});
