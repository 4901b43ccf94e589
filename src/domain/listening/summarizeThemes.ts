// Optional and off by default: a short summary per theme, written by an OpenAI-compatible chat
// completions endpoint the city configures (THEME_SUMMARY_URL: its own model server, say). Only
// the theme's comments go, each through redactPersonalDetails first; never who wrote them.
// A draft for 意見の概要: staff read and edit it before anything is published.
import { redactPersonalDetails } from "./redactPersonalDetails.ts";
import { OTHER_THEME_ID, type TAnalysis } from "./listeningTypes.ts";

export type TSummaryEndpoint = { baseUrl: string; model: string; apiKey: string | undefined };
export type TFetch = typeof fetch;

/** Characters of comments sent per theme: enough to read the theme, bounded for a small model. */
const BUDGET = 3000;
const TIMEOUT_MS = 60_000;

const SYSTEM = "あなたは市役所の職員を手伝います。市民から寄せられた意見を読み、パブリックコメントの結果公表で使う「意見の概要」を、個人が特定できる情報を含めず、です・ます調の2〜3文で書いてください。";

/** The texts sent for one theme: its representatives first, then the rest in order, within the budget, redacted. */
export function themeExcerpt(commentIds: string[], representatives: string[], textOf: (id: string) => string | undefined): string[] {
  const ordered = [...new Set([...representatives, ...commentIds])];
  const out: string[] = [];
  let used = 0;
  for (const id of ordered) {
    const text = textOf(id);
    if (!text) continue;
    const clean = redactPersonalDetails(text).slice(0, 500);
    if (used + clean.length > BUDGET && out.length > 0) break;
    out.push(clean);
    used += clean.length;
  }
  return out;
}

/** Theme id → summary, for each theme but その他. A theme the server fails on is left out. */
export async function summarizeThemes(analysis: Pick<TAnalysis, "themes" | "duplicates">, textOf: (id: string) => string | undefined, endpoint: TSummaryEndpoint, fetchImpl: TFetch = fetch): Promise<Record<string, string>> {
  // A campaign's copies say one thing: send it once.
  const repeats = new Set(analysis.duplicates.flatMap((d) => d.commentIds.slice(1)));
  const out: Record<string, string> = {};
  for (const theme of analysis.themes.filter((t) => t.id !== OTHER_THEME_ID)) {
    const texts = themeExcerpt(theme.commentIds.filter((id) => !repeats.has(id)), theme.representativeIds, textOf);
    if (texts.length === 0) continue;
    const res = await fetchImpl(`${endpoint.baseUrl.replace(/\/+$/, "")}/chat/completions`, {
      method: "POST",
      headers: { "content-type": "application/json", ...(endpoint.apiKey ? { authorization: `Bearer ${endpoint.apiKey}` } : {}) },
      body: JSON.stringify({
        model: endpoint.model,
        temperature: 0.2,
        messages: [
          { role: "system", content: SYSTEM },
          { role: "user", content: `テーマ「${theme.label}」（特徴的な言葉：${theme.keywords.join("、")}）の意見です。\n\n${texts.map((t) => `- ${t}`).join("\n")}` },
        ],
      }),
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
    if (!res.ok) throw new Error(`summary server answered ${res.status}`);
    const body = (await res.json()) as { choices?: { message?: { content?: unknown } }[] };
    const content = body.choices?.[0]?.message?.content;
    if (typeof content === "string" && content.trim()) out[theme.id] = content.trim().slice(0, 2000);
  }
  return out;
}
