// The round's own plan, as staff know it: one line per chapter or measure (施策の柱) with the words
// residents use for it. The built-in lists (policyAreas.ts, policySubjects.ts) know the kinds of
// plan every city has; a plan they do not cover, or a city whose plan is cut differently (a city of
// islands where the ferry runs through every chapter), gets its structure from the staff who wrote
// it. Each line becomes a pseudo-term ("@plan/<name>") beside a comment's words when the comment
// uses one of its words, as the built-in subjects do. Staff type it into a text box or a file:
//
//   # 行頭が # の行はメモ
//   定期航路: 船、フェリー、高速船、欠航、港
//   医療: 病院、診療所、医師、通院
import { z } from "zod";
import { normalizeText } from "./normalizeText.ts";

export const ZPlanSubject = z.object({
  name: z.string().min(1).max(40),
  words: z.array(z.string().min(1).max(40)).min(1).max(100),
});
export type TPlanSubject = z.infer<typeof ZPlanSubject>;
export const MAX_PLAN_SUBJECTS = 40;
/** A chapter's pseudo-term is this and its name: "@plan/医療". */
export const PLAN_TERM = "@plan/";
export const ZPlanSubjects = z.array(ZPlanSubject).max(MAX_PLAN_SUBJECTS);

export type TPlanSubjectsParse = { ok: true; subjects: TPlanSubject[] } | { ok: false; line: number; message: string };

/** The text staff typed, line by line; the first line that cannot be read is named. */
export function parsePlanSubjects(text: string): TPlanSubjectsParse {
  const subjects: TPlanSubject[] = [];
  const lines = text.replace(/^\uFEFF/, "").split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (line === "" || line.startsWith("#") || line.startsWith("＃")) continue;
    const fail = (message: string): TPlanSubjectsParse => ({ ok: false, line: i + 1, message });
    const colon = line.search(/[:：]/);
    if (colon <= 0) return fail("「柱の名前: 言葉、言葉」の形にしてください（名前のあとにコロン）");
    const name = line.slice(0, colon).trim();
    const words = [...new Set(line.slice(colon + 1).split(/[、,，\s]+/).map((w) => w.trim()).filter(Boolean))];
    if (name.length > 40) return fail("柱の名前は40文字までにしてください");
    if (words.length === 0) return fail(`「${name}」の言葉がありません`);
    if (words.length > 100) return fail(`「${name}」の言葉は100個までにしてください`);
    const long = words.find((w) => w.length > 40);
    if (long) return fail(`言葉は40文字までにしてください（${long.slice(0, 10)}…）`);
    if (subjects.some((s) => s.name === name)) return fail(`「${name}」が二度あります`);
    subjects.push({ name, words });
    if (subjects.length > MAX_PLAN_SUBJECTS) return fail(`柱は${MAX_PLAN_SUBJECTS}個までにしてください`);
  }
  return { ok: true, subjects };
}

/** The text box's content again, for staff to change and run once more. */
export function formatPlanSubjects(subjects: readonly TPlanSubject[]): string {
  return subjects.map((s) => `${s.name}: ${s.words.join("、")}`).join("\n");
}

/** For each (normalised) text, the pseudo-terms of the plan's subjects it mentions, once each. */
export function planSubjectsOf(normalizedTexts: readonly string[], subjects: readonly TPlanSubject[]): string[][] {
  const words = subjects.map((s) => ({ term: `${PLAN_TERM}${s.name}`, words: s.words.map(normalizeText).filter(Boolean) }));
  return normalizedTexts.map((text) => words.filter((s) => s.words.some((w) => text.includes(w))).map((s) => s.term));
}
