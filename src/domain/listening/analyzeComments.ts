// Groups comments into themes on this server, with nothing sent anywhere:
//  1. duplicates (findDuplicates) are set aside: each group is analysed once, through its first
//     comment, so a campaign weighs as one opinion and cannot swamp the themes;
//  2. words (the tokenizer), with the policy areas and the subjects within them a comment mentions
//     (policyAreas.ts, policySubjects.ts), weighted by BM25 with document frequency limits, rows of unit length;
//  3. latent semantic analysis: a truncated SVD puts comments that use related words near each other;
//  4. spherical k-means, the number of themes chosen by the silhouette on a sample (or as staff ask);
//  5. comments far from every centre, with no content words, or in a theme of one or two, go to その他 (`other`);
//  6. each theme split into two to five sub-themes the same way; labels from the words most
//     characteristic of the theme (class-based TF-IDF), representatives nearest its centre;
//  7. the 2-D map: the first two principal components of the latent vectors.
// Deterministic for a seed. Pure but for the tokenizer passed in; progress through a callback.
import { findDuplicates } from "./findDuplicates.ts";
import { normalizeRows, principalPlane, truncatedSvdRows, type TDense, type TSparseRows } from "./linearAlgebra.ts";
import { OTHER_THEME_ID, OTHER_THEME_LABEL, type TAnalysis, type TAnalysisOptions, type TSubTheme, type TTheme } from "./listeningTypes.ts";
import { sampleIndices, seededRandom, type TRandom } from "./random.ts";
import { silhouette, sphericalKMeans } from "./sphericalKMeans.ts";
import { NAME_MARK, type TTokenizer } from "./japaneseTokenizer.ts";
import { normalizeText } from "./normalizeText.ts";
import { policyAreasOf } from "./policyAreas.ts";
import { roundSubjectsOf } from "./policySubjects.ts";
import { PLAN_TERM, planSubjectsOf } from "./planSubjects.ts";

export type TAnalysisInput = { id: string; body: string }[];
export type TProgress = (fraction: number, stage: string) => void;

/** Tuning, in one place. Chosen on the development part of the evaluation set (eval/listening). */
export const ANALYSIS_PARAMETERS = {
  /** Latent dimensions: one per `rowsPerDimension` distinct comments, within [rankMin, rank]. More comments hold more reliable co-occurrences. */
  rank: 50,
  rankMin: 10,
  rowsPerDimension: 10,
  maxDocumentShare: 0.3,
  bm25: { k1: 1.2, b: 0.75 },
  /** Below this cosine to its theme's centre a comment goes to その他. */
  otherBelow: 0.15,
  /** A top-level theme with fewer distinct comments than this goes to その他. */
  minThemeSize: 3,
  selectionSample: 1500,
  minThemes: 3,
  maxThemes: 24,
  subThemeMinSize: 12,
  /** k-means runs per candidate number of themes (the best is kept): fewer jumps from run to run. As many as fit in
   * `restartBudget` rows × runs on the sample (30 runs for 300 comments), never fewer than `restarts`. */
  restarts: 3,
  restartBudget: 9000,
  /** The number of themes: the fewest within this share of the best silhouette. */
  silhouetteSlack: 0.05,
  /** How many times a policy area (policyAreas.ts) counts beside the comment's own words. */
  areaWeight: 2,
  /** How many times a subject within an area (policySubjects.ts) counts. */
  subjectWeight: 2,
  /** The subjects of an area count when at least this share of the distinct comments mention one of them (roundSubjectsOf). */
  subjectAreaShare: 0.3,
  /** How many times a subject of the plan staff gave for the round (planSubjects.ts) counts. */
  planSubjectWeight: 2,
  /** Weight of the character bigrams of kanji and katakana runs beside the words (0: none). */
  gramWeight: 1,
};

/**
 * Character bigrams ("#" + two characters) of every run of kanji and every run of katakana in a
 * normalised text. They carry what words miss: a typo or another spelling (ボランテイア, ボランティア),
 * a compound the tokenizer cut differently (審議会, 審議), related compounds (補助金, 補助制度).
 */
export function charBigramsOf(normalized: string): string[] {
  const out: string[] = [];
  for (const pattern of [/[\p{Script=Han}々]+/gu, /[\p{Script=Katakana}ー]+/gu]) {
    for (const [run] of normalized.matchAll(pattern)) for (let i = 0; i + 2 <= run.length; i++) out.push("#" + run.slice(i, i + 2));
  }
  return out;
}

type TPrepared = { matrix: TSparseRows; vocabulary: string[]; empty: boolean[] };

function weigh(terms: string[][]): TPrepared {
  const n = terms.length;
  const df = new Map<string, number>();
  for (const doc of terms) for (const t of new Set(doc)) df.set(t, (df.get(t) ?? 0) + 1);
  const minDf = n >= 40 ? 2 : 1;
  const maxDf = Math.max(2, Math.floor(n * ANALYSIS_PARAMETERS.maxDocumentShare));
  const index = new Map<string, number>();
  const vocabulary: string[] = [];
  for (const [t, f] of df) {
    // The plan's chapters from staff are kept however common: a chapter that half the round is about
    // still tells that half from the rest (BM25 gives it a low weight), while a word that common is
    // the round's own subject and says nothing.
    if (f < minDf || (f > maxDf && !t.startsWith(PLAN_TERM))) continue;
    index.set(t, vocabulary.length);
    vocabulary.push(t);
  }
  const idf = vocabulary.map((t) => Math.log(1 + (n - df.get(t)! + 0.5) / (df.get(t)! + 0.5)) * (t.startsWith("#") ? ANALYSIS_PARAMETERS.gramWeight : 1));
  const lengths = terms.map((d) => d.length);
  const avg = lengths.reduce((a, b) => a + b, 0) / Math.max(1, n) || 1;
  const rowStart = new Int32Array(n + 1);
  const cols: number[] = [];
  const vals: number[] = [];
  const empty: boolean[] = [];
  const { k1, b } = ANALYSIS_PARAMETERS.bm25;
  terms.forEach((doc, i) => {
    const tf = new Map<number, number>();
    for (const t of doc) {
      const j = index.get(t);
      if (j !== undefined) tf.set(j, (tf.get(j) ?? 0) + 1);
    }
    const entries = [...tf].map(([j, f]) => [j, (idf[j]! * f * (k1 + 1)) / (f + k1 * (1 - b + (b * lengths[i]!) / avg))] as const);
    const norm = Math.sqrt(entries.reduce((s, [, w]) => s + w * w, 0)) || 1;
    for (const [j, w] of entries.sort((x, y) => x[0] - y[0])) {
      cols.push(j);
      vals.push(w / norm);
    }
    rowStart[i + 1] = cols.length;
    empty.push(entries.length === 0);
  });
  return { matrix: { rows: n, cols: vocabulary.length, rowStart, colIndex: Int32Array.from(cols), values: Float64Array.from(vals) }, vocabulary, empty };
}

function cosineDistances(points: TDense, sample: number[]): Float32Array {
  const n = sample.length;
  const d = points.cols;
  const out = new Float32Array(n * n);
  for (let a = 0; a < n; a++) {
    for (let b = a + 1; b < n; b++) {
      let s = 0;
      const oa = sample[a]! * d;
      const ob = sample[b]! * d;
      for (let j = 0; j < d; j++) s += points.data[oa + j]! * points.data[ob + j]!;
      out[a * n + b] = out[b * n + a] = 1 - s;
    }
  }
  return out;
}

/** The best k by silhouette on a sample of `members`, with the sample's centroids to start the full run from. */
function chooseK(points: TDense, members: number[], kMin: number, kMax: number, random: TRandom, fixed?: number): { k: number; suggested: number; centroids: Float64Array } {
  const sample = members.length > ANALYSIS_PARAMETERS.selectionSample ? sampleIndices(members.length, ANALYSIS_PARAMETERS.selectionSample, random).map((i) => members[i]!) : members;
  const distances = cosineDistances(points, sample);
  const restarts = Math.max(ANALYSIS_PARAMETERS.restarts, Math.min(30, Math.floor(ANALYSIS_PARAMETERS.restartBudget / sample.length)));
  const results = new Map<number, { score: number; centroids: Float64Array }>();
  for (let k = kMin; k <= Math.min(kMax, sample.length - 1); k++) {
    const c = sphericalKMeans(points, sample, k, random, restarts);
    results.set(k, { score: silhouette(distances, sample.length, c.assignment, k), centroids: c.centroids });
  }
  // The fewest themes whose silhouette is nearly the best: the silhouette of short texts creeps
  // up as themes split, and a theme split in two is harder for staff to read than one too broad.
  const top = Math.max(...[...results.values()].map((r) => r.score));
  const chosenK = [...results.keys()].find((k) => results.get(k)!.score >= top - ANALYSIS_PARAMETERS.silhouetteSlack * Math.abs(top)) ?? kMin;
  const best = { k: chosenK, centroids: results.get(chosenK)?.centroids ?? new Float64Array() };
  if (fixed !== undefined) {
    const k = Math.min(fixed, members.length);
    return { k, suggested: best.k, centroids: results.get(k)?.centroids ?? sphericalKMeans(points, sample, k, random, 3).centroids };
  }
  return { k: best.k, suggested: best.k, centroids: best.centroids };
}

/** Words most characteristic of a group of rows against all rows: the share of its comments using a word, times how much more than elsewhere. */
function keywordsOf(prepared: TPrepared, rows: number[], totals: Float64Array, n: number, count = 6): string[] {
  const { matrix, vocabulary } = prepared;
  const sums = new Map<number, number>();
  for (const i of rows) for (let p = matrix.rowStart[i]!; p < matrix.rowStart[i + 1]!; p++) sums.set(matrix.colIndex[p]!, (sums.get(matrix.colIndex[p]!) ?? 0) + 1);
  const scored = [...sums]
    .map(([j, s]) => {
      const inside = s / rows.length;
      return { term: vocabulary[j]!, score: inside * Math.log(1 + inside / (totals[j]! / n)) };
    })
    .sort((a, b) => b.score - a.score || (a.term < b.term ? -1 : 1));
  const out: string[] = [];
  for (const { term } of scored) {
    // 避難 adds nothing beside 避難所 already chosen (and the other way round).
    if (term.startsWith("@") || term.startsWith("#") || term.startsWith(NAME_MARK) || out.some((t) => t.includes(term) || term.includes(t))) continue;
    out.push(term);
    if (out.length >= count) break;
  }
  return out;
}

export async function analyzeComments(comments: TAnalysisInput, tokenize: TTokenizer, options: TAnalysisOptions = {}, onProgress: TProgress = () => {}): Promise<TAnalysis> {
  const random = seededRandom(options.seed ?? 20261201);
  const P = ANALYSIS_PARAMETERS;
  onProgress(0, "duplicates");
  const groups = findDuplicates(comments.map((c) => c.body));
  const groupOf = new Int32Array(comments.length).fill(-1);
  groups.forEach((g, gi) => g.forEach((i) => (groupOf[i] = gi)));
  // One row per distinct opinion: a comment alone, or the first of its duplicate group.
  const distinct: number[] = [];
  const rowOf = new Int32Array(comments.length);
  comments.forEach((_, i) => {
    const g = groupOf[i]!;
    if (g >= 0 && groups[g]![0] !== i) return;
    rowOf[i] = distinct.length;
    distinct.push(i);
  });
  comments.forEach((_, i) => {
    const g = groupOf[i]!;
    if (g >= 0 && groups[g]![0] !== i) rowOf[i] = rowOf[groups[g]![0]!]!;
  });
  const weightOf = distinct.map((i) => (groupOf[i]! >= 0 ? groups[groupOf[i]!]!.length : 1));

  const normalizedOf = distinct.map((i) => normalizeText(comments[i]!.body));
  const subjectsOf = roundSubjectsOf(normalizedOf, P.subjectAreaShare);
  const planOf = options.planSubjects?.length ? planSubjectsOf(normalizedOf, options.planSubjects) : undefined;
  const terms: string[][] = [];
  for (let r = 0; r < distinct.length; r++) {
    const body = comments[distinct[r]!]!.body;
    const normalized = normalizedOf[r]!;
    const areas = policyAreasOf(normalized);
    terms.push([...tokenize(body), ...Array.from({ length: P.areaWeight }, () => areas).flat(), ...Array.from({ length: P.subjectWeight }, () => subjectsOf[r]!).flat(), ...(planOf ? Array.from({ length: P.planSubjectWeight }, () => planOf[r]!).flat() : []), ...(P.gramWeight > 0 ? charBigramsOf(normalized) : [])]);
    if (r % 500 === 499) {
      onProgress(0.05 + 0.55 * (r / distinct.length), "words");
      await Promise.resolve();
    }
  }
  onProgress(0.6, "weights");
  const prepared = weigh(terms);
  const n = distinct.length;
  const totals = new Float64Array(prepared.vocabulary.length);
  for (let p = 0; p < prepared.matrix.values.length; p++) totals[prepared.matrix.colIndex[p]!]! += 1;

  const usable = Array.from({ length: n }, (_, r) => r).filter((r) => !prepared.empty[r]);
  const rank = Math.max(2, Math.min(P.rank, Math.max(P.rankMin, Math.round(usable.length / P.rowsPerDimension)), usable.length - 1, prepared.vocabulary.length - 1));
  const points = prepared.vocabulary.length >= 3 && usable.length >= 3 ? truncatedSvdRows(prepared.matrix, rank, random) : { rows: n, cols: 1, data: new Float64Array(n) };
  normalizeRows(points);
  onProgress(0.7, "themes");

  // Top-level themes.
  const themeOfRow = new Int32Array(n).fill(-1);
  const similarityOfRow = new Float64Array(n);
  let chosen: { k: number; suggested: number; centroids: Float64Array } = { k: 0, suggested: 0, centroids: new Float64Array() };
  if (usable.length >= P.minThemes * 2) {
    const kMax = Math.max(P.minThemes, Math.min(P.maxThemes, Math.floor(Math.sqrt(usable.length / 2))));
    chosen = chooseK(points, usable, Math.min(2, kMax), kMax, random, options.themeCount);
    const final = sphericalKMeans(points, usable, chosen.k, random, 1, chosen.centroids);
    // A top-level theme of one or two comments tells staff nothing a list would not: they go to その他.
    const members = new Int32Array(chosen.k);
    usable.forEach((_, m) => {
      if (final.similarity[m]! >= P.otherBelow) members[final.assignment[m]!]!++;
    });
    usable.forEach((r, m) => {
      similarityOfRow[r] = final.similarity[m]!;
      if (final.similarity[m]! >= P.otherBelow && members[final.assignment[m]!]! >= P.minThemeSize) themeOfRow[r] = final.assignment[m]!;
    });
    chosen.centroids = final.centroids;
  }
  onProgress(0.85, "labels");

  const idsOfRows = (rows: number[]) => {
    const set = new Set(rows);
    return comments.filter((_, i) => set.has(rowOf[i]!)).map((c) => c.id);
  };
  const sizeOf = (rows: number[]) => rows.reduce((s, r) => s + weightOf[r]!, 0);
  const representatives = (rows: number[], centroid?: Float64Array, offset = 0) => {
    const d = points.cols;
    const score = (r: number) => {
      if (!centroid) return 0;
      let s = 0;
      for (let j = 0; j < d; j++) s += points.data[r * d + j]! * centroid[offset + j]!;
      const len = comments[distinct[r]!]!.body.length;
      return s - (len < 15 ? 0.3 : 0) - (len > 250 ? 0.1 : 0);
    };
    return [...rows].sort((a, b) => score(b) - score(a)).slice(0, 3).map((r) => comments[distinct[r]!]!.id);
  };
  const labelOf = (keywords: string[]) => keywords.slice(0, 3).join("・") || OTHER_THEME_LABEL;
  // A theme most of whose comments use the words of one of the plan's chapters is called by its name.
  const chapterOf = (rows: number[]) => {
    if (!planOf) return undefined;
    const counts = new Map<string, number>();
    for (const r of rows) for (const term of planOf[r]!) counts.set(term, (counts.get(term) ?? 0) + 1);
    const [term, count] = [...counts].sort((a, b) => b[1] - a[1])[0] ?? ["", 0];
    return count > rows.length / 2 ? term.slice(PLAN_TERM.length) : undefined;
  };
  const themeLabelOf = (keywords: string[], rows: number[]) => {
    const chapter = chapterOf(rows);
    const words = keywords.filter((k) => k !== chapter).slice(0, 2).join("・");
    return chapter ? (words ? `${chapter}（${words}）` : chapter) : labelOf(keywords);
  };

  const byTheme = new Map<number, number[]>();
  const otherRows: number[] = [];
  for (let r = 0; r < n; r++) {
    const t = themeOfRow[r]!;
    if (t < 0) otherRows.push(r);
    else {
      const list = byTheme.get(t);
      if (list) list.push(r);
      else byTheme.set(t, [r]);
    }
  }
  const ordered = [...byTheme].sort((a, b) => sizeOf(b[1]) - sizeOf(a[1]));
  const themes: TTheme[] = ordered.map(([c, rows], index) => {
    const id = `t${index + 1}`;
    const keywords = keywordsOf(prepared, rows, totals, n);
    const children: TSubTheme[] = [];
    if (rows.length >= P.subThemeMinSize) {
      const sub = chooseK(points, rows, 2, Math.min(5, Math.floor(rows.length / 5)), random);
      const clustering = sphericalKMeans(points, rows, sub.k, random, 1, sub.centroids);
      const parts = new Map<number, number[]>();
      rows.forEach((r, m) => {
        const a = clustering.assignment[m]!;
        const list = parts.get(a);
        if (list) list.push(r);
        else parts.set(a, [r]);
      });
      [...parts.entries()]
        .sort((a, b) => sizeOf(b[1]) - sizeOf(a[1]))
        .forEach(([sc, part], si) => {
          const kw = keywordsOf(prepared, part, totals, n).filter((k) => !keywords.slice(0, 2).includes(k));
          children.push({ id: `${id}.${si + 1}`, label: labelOf(kw), keywords: kw, size: sizeOf(part), distinctSize: part.length, commentIds: idsOfRows(part), representativeIds: representatives(part, clustering.centroids, sc * points.cols) });
        });
    }
    return { id, label: themeLabelOf(keywords, rows), keywords, size: sizeOf(rows), distinctSize: rows.length, commentIds: idsOfRows(rows), representativeIds: representatives(rows, chosen.centroids, c * points.cols), children };
  });
  if (otherRows.length > 0) {
    themes.push({ id: OTHER_THEME_ID, label: OTHER_THEME_LABEL, keywords: keywordsOf(prepared, otherRows, totals, n), size: sizeOf(otherRows), distinctSize: otherRows.length, commentIds: idsOfRows(otherRows), representativeIds: representatives(otherRows), children: [] });
  }

  onProgress(0.95, "map");
  const plane = principalPlane(points, usable.length > 0 ? (usable.length > 4000 ? sampleIndices(usable.length, 4000, random).map((i) => usable[i]!) : usable) : [0]);
  const scale = (v: Float64Array) => {
    let m = 0;
    for (const x of v) m = Math.max(m, Math.abs(x));
    return m || 1;
  };
  const sx = scale(plane.x);
  const sy = scale(plane.y);
  const round = (v: number) => Math.round(v * 1000) / 1000;
  const map = comments.map((c, i) => ({ id: c.id, x: round(plane.x[rowOf[i]!]! / sx), y: round(plane.y[rowOf[i]!]! / sy) }));

  onProgress(1, "done");
  return {
    themes,
    duplicates: groups.map((g) => ({ commentIds: g.map((i) => comments[i]!.id) })),
    map,
    commentCount: comments.length,
    distinctCount: n,
    suggestedThemeCount: chosen.suggested,
    themeCount: themes.filter((t) => t.id !== OTHER_THEME_ID).length,
  };
}
