// Counting a poll's responses: per question, how many answered and chose each option, with
// breakdowns by age band and district (small groups suppressed). Plain data in, plain data out.
import { type TPollQuestion, type TPollResults } from "./pollTypes.ts";
import { NO_PROFILE_GROUP, type TProfileLabels } from "./profileLabels.ts";
import { suppressSmallGroups, type TGroup } from "../privacy/suppressSmallGroups.ts";

/** id: the response's, so that staff can reply to the resident who gave a free-text answer. */
export type TResponseRow = { id?: string; answers: Record<string, unknown>; ageBand: string | null; district: string | null; answeredAt: Date };

const SCALE = ["1", "2", "3", "4", "5"];
/** The free-text answers listed in results; the export has all of them. */
export const MAX_TEXTS = 1000;

const isAnswered = (v: unknown) => v !== undefined && v !== null && v !== "" && !(Array.isArray(v) && v.length === 0);

/** The option values an answer counts for: one for a single choice or a scale, several for several choices. */
function picked(q: TPollQuestion, value: unknown): string[] {
  if (q.kind === "text") return [];
  if (Array.isArray(value)) return value.map(String);
  return [String(value)];
}

const percent = (count: number, of: number) => (of > 0 ? Math.round((count / of) * 1000) / 10 : 0);

function breakdown(q: TPollQuestion, rows: TResponseRow[], key: (r: TResponseRow) => string | null, labels: TProfileLabels) {
  const groups = new Map<string, TGroup>();
  for (const r of rows) {
    const group = key(r) ?? NO_PROFILE_GROUP;
    let g = groups.get(group);
    if (!g) groups.set(group, (g = { group, label: labels.label(group === NO_PROFILE_GROUP ? null : group), answered: 0, options: {} }));
    g.answered++;
    for (const v of picked(q, r.answers[q.id])) g.options[v] = (g.options[v] ?? 0) + 1;
  }
  // The order residents saw at onboarding, then values no longer offered, then those without a profile.
  const rank = (g: TGroup) => (g.group === NO_PROFILE_GROUP ? Infinity : labels.order.indexOf(g.group) === -1 ? labels.order.length : labels.order.indexOf(g.group));
  return suppressSmallGroups([...groups.values()].sort((a, b) => rank(a) - rank(b) || a.group.localeCompare(b.group)));
}

export function computePollResults(input: {
  pollId: string;
  questions: TPollQuestion[];
  rows: TResponseRow[];
  audienceSize: number;
  ageBands: TProfileLabels;
  districts: TProfileLabels;
  /** Free text may carry personal details: only staff and administrators read it. */
  includeTexts: boolean;
}): TPollResults {
  const { rows, audienceSize } = input;
  return {
    pollId: input.pollId,
    responseCount: rows.length,
    audienceSize,
    participationRate: audienceSize > 0 ? rows.length / audienceSize : null,
    questions: input.questions.map((q) => {
      const answeredRows = rows.filter((r) => isAnswered(r.answers[q.id]));
      const answered = answeredRows.length;
      const counts = new Map<string, number>();
      for (const r of answeredRows) for (const v of picked(q, r.answers[q.id])) counts.set(v, (counts.get(v) ?? 0) + 1);
      const offered = q.kind === "scale" ? SCALE.map((v) => ({ value: v, label: scaleLabel(q, v) })) : q.choices.map((c) => ({ value: c.value, label: c.label }));
      // Answers given to an earlier version, for a choice since removed, still count: shown apart, never dropped.
      const removed = [...counts.keys()].filter((v) => !offered.some((o) => o.value === v)).sort().map((v) => ({ value: v, label: `${v}（旧版の選択肢）` }));
      const options = q.kind === "text" ? [] : [...offered, ...removed].map((o) => ({ ...o, count: counts.get(o.value) ?? 0, percent: percent(counts.get(o.value) ?? 0, answered) }));
      const byAgeBand = breakdown(q, answeredRows, (r) => r.ageBand, input.ageBands);
      const byDistrict = breakdown(q, answeredRows, (r) => r.district, input.districts);
      return {
        id: q.id,
        kind: q.kind,
        text: q.text,
        answered,
        options,
        byAgeBand: byAgeBand.groups,
        byDistrict: byDistrict.groups,
        suppressedGroups: byAgeBand.suppressed + byDistrict.suppressed,
        ...(q.kind === "text" && input.includeTexts ? textAnswers(q.id, answeredRows) : {}),
      };
    }),
  };
}

/** A free-text question's answers, newest first, with the responses they came from (when known). */
function textAnswers(questionId: string, answered: TResponseRow[]): { texts: string[]; responseIds?: string[] } {
  const newest = [...answered].sort((a, b) => b.answeredAt.getTime() - a.answeredAt.getTime()).slice(0, MAX_TEXTS);
  const texts = newest.map((r) => String(r.answers[questionId]));
  return newest.every((r) => r.id !== undefined) ? { texts, responseIds: newest.map((r) => r.id!) } : { texts };
}

/** "1（不満）", "3", "5（満足）": a scale's ends carry what staff said they mean. */
export function scaleLabel(q: Pick<TPollQuestion, "scaleLabels">, value: string): string {
  const end = value === "1" ? q.scaleLabels?.low : value === "5" ? q.scaleLabels?.high : undefined;
  return end ? `${value}（${end}）` : value;
}
