// Identical and near-identical comments (a campaign's template with small edits, a comment sent
// twice). Identical: the same text once width, case, spaces and punctuation are folded.
// Near-identical: Jaccard similarity of character 3-gram sets at least NEAR_DUPLICATE_JACCARD,
// found among the distinct texts by MinHash with locality-sensitive hashing (bands of rows), so
// the work grows with the number of comments, not its square. Groups close transitively; then a
// text joins a campaign whose template it is made of (joinCampaignTemplates).
import { normalizeText } from "./normalizeText.ts";

// 0.3: in the six labelled sets two unrelated comments share at most 0.25 of their 3-grams (once
// courtesy formulas are set aside), and five of the six campaigns stay connected through pairs
// sharing 0.35 or more (0.35 in the transport set, whose senders reword most slots of the template;
// the education set's weakest link is 0.29, so one member is missed there). 0.4 left a third of the
// transport campaign out (pair recall 0.64); 0.5 missed most of the disaster set's (0.19). Groups
// close transitively, so a round of tens of thousands of comments on one subject chains more texts
// at 0.3 than at 0.4: 10,000 synthesised comments (bench:themes) came out as 4,383 distinct texts
// against 7,763.
export const NEAR_DUPLICATE_JACCARD = 0.3;
/** Shorter texts are grouped only when identical: 「賛成です」 and 「反対です」 share most 3-grams. */
const MIN_NEAR_LENGTH = 20;
// Two rows a band, 36 bands: a pair at the threshold (Jaccard 0.3) meets in some band with
// probability 0.97 (three rows and 24 bands: 0.48). The same 72 hashes a text.
const BANDS = 36;
/** Distinct texts from which a group is a campaign whose template a text may be matched against. */
const CAMPAIGN_MIN_SENDERS = 5;
// 0.8: every campaign member of the twelve labelled sets that the pairs missed is joined anywhere
// from 0.7 to 0.85 (0.9 loses one of the suburb set's), and no other comment is, at 0.7 either.
const TEMPLATE_CONTAINMENT = 0.8;
/**
 * A 3-gram is the template's when this share of the campaign's texts (two at least) use it: a
 * template's every version is sent by many, while a group that grew by chaining through a large
 * round on one subject has no such core, and its rare 3-grams must not let it swallow the round
 * (bench:themes' 50,000 comments: 44 more texts joined, against 8,000 with any two).
 */
const TEMPLATE_SHARE = 0.05;
const ROWS = 2;

const key = (text: string) => normalizeText(text).replace(/[\s\p{P}\p{S}]+/gu, "");

// Courtesy formulas carry nothing of what a comment says, and many residents open and close with
// them: left in, two short comments on different things shared enough 3-grams to look like one
// template edited (every comment of the labelled sets wrapped in such formulas: pair precision at
// 0.4 fell to 0.57). Removed before comparing, not from what staff see.
const COURTESY = new RegExp(
  [
    "(いつも|日頃(より|から)?|平素(より|は)?)?(大変)?お世話にな(って|り)(おり|い)?ます",
    "(どうぞ|何卒|なにとぞ)?(よろしく|宜しく)(お願い|おねがい)(いた|致)?(します|申し上げます)",
    "(ご|御)?(検討|考慮|配慮|対応)(のほど|を|して|していただけるよう|くださいますよう)?(よろしく|宜しく)?(お願い|おねがい)(いた|致)?(します|申し上げます)",
    "(ご|御)?(検討|考慮|配慮)(を)?(ください|下さい|願います)",
    "(以上|意見)(です|となります|を申し上げます|を述べます)",
    "(計画案|計画|素案|案)を(拝見|拝読|読み|読ませていただき)(しました|ました)",
    "(市民|住民)の一人として",
  ].join("|"),
  "g",
);

function fnv(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

function shingles(text: string): Uint32Array {
  const set = new Set<number>();
  for (let i = 0; i + 3 <= text.length; i++) set.add(fnv(text.slice(i, i + 3)));
  if (set.size === 0) set.add(fnv(text));
  return Uint32Array.from(set).sort();
}

function jaccard(a: Uint32Array, b: Uint32Array): number {
  let i = 0;
  let j = 0;
  let both = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      both++;
      i++;
      j++;
    } else if (a[i]! < b[j]!) i++;
    else j++;
  }
  return both / (a.length + b.length - both);
}

function mix(x: number, seed: number): number {
  let h = Math.imul(x ^ seed, 0x9e3779b1);
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  return h >>> 0;
}

/** Groups of indices (into texts) with two or more members, each in the order given; the rest are alone. */
export function findDuplicates(texts: string[]): number[][] {
  const parent = Int32Array.from({ length: texts.length }, (_, i) => i);
  const find = (i: number): number => {
    while (parent[i] !== i) {
      parent[i] = parent[parent[i]!]!;
      i = parent[i]!;
    }
    return i;
  };
  const union = (a: number, b: number) => {
    const ra = find(a);
    const rb = find(b);
    if (ra !== rb) parent[Math.max(ra, rb)] = Math.min(ra, rb);
  };

  const firstOf = new Map<string, number>();
  const distinct: number[] = [];
  const keys = texts.map(key);
  keys.forEach((k, i) => {
    const first = firstOf.get(k);
    if (first === undefined) {
      firstOf.set(k, i);
      distinct.push(i);
    } else union(first, i);
  });

  const seeds = Array.from({ length: BANDS * ROWS }, (_, i) => fnv(`seed${i}`));
  const buckets = new Map<number, number[]>();
  const sets = new Map<number, Uint32Array>();
  for (const i of distinct) {
    const near = keys[i]!.replace(COURTESY, "");
    if (near.length < MIN_NEAR_LENGTH) continue;
    const s = shingles(near);
    sets.set(i, s);
    const sig = new Uint32Array(seeds.length).fill(0xffffffff);
    for (const x of s) for (let h = 0; h < seeds.length; h++) {
      const v = mix(x, seeds[h]!);
      if (v < sig[h]!) sig[h] = v;
    }
    for (let b = 0; b < BANDS; b++) {
      // A number, not a string: two bands that collide only cost a Jaccard check.
      let h = Math.imul(b, 0x27d4eb2f);
      for (let r = 0; r < ROWS; r++) h = Math.imul(h ^ sig[b * ROWS + r]!, 0x9e3779b1);
      const bucketKey = (h >>> 0) + b * 4294967296;
      const members = buckets.get(bucketKey);
      if (!members) {
        buckets.set(bucketKey, [i]);
        continue;
      }
      // Compared with the bucket's first few texts only: a campaign of thousands fills one bucket,
      // and its members are found through one another across the bands.
      for (const other of members) {
        if (find(other) === find(i)) continue;
        if (jaccard(s, sets.get(other)!) >= NEAR_DUPLICATE_JACCARD) union(other, i);
      }
      if (members.length < 4) members.push(i);
    }
  }

  joinCampaignTemplates(sets, find, union);

  const groups = new Map<number, number[]>();
  for (let i = 0; i < texts.length; i++) {
    const r = find(i);
    const g = groups.get(r);
    if (g) g.push(i);
    else groups.set(r, [i]);
  }
  return [...groups.values()].filter((g) => g.length > 1);
}

/**
 * A campaign's senders each pick among a few versions of every part of the template, so two of
 * them may share only one part (Jaccard under the threshold) while every part of each is sent by
 * others too. For each group of CAMPAIGN_MIN_SENDERS or more distinct texts, its template is the
 * 3-grams that TEMPLATE_SHARE of them (two at least) use; a text outside the group joins it when nearly all of its
 * own 3-grams (TEMPLATE_CONTAINMENT) are the template's. A resident's own comment that quotes one
 * part of the campaign word for word has its own words beside it and stays apart.
 */
function joinCampaignTemplates(sets: Map<number, Uint32Array>, find: (i: number) => number, union: (a: number, b: number) => void): void {
  const members = new Map<number, number[]>();
  for (const i of sets.keys()) {
    const r = find(i);
    const m = members.get(r);
    if (m) m.push(i);
    else members.set(r, [i]);
  }
  // 3-gram → the campaigns whose template has it.
  const templatesWith = new Map<number, number[]>();
  for (const [root, texts] of members) {
    if (texts.length < CAMPAIGN_MIN_SENDERS) continue;
    const uses = new Map<number, number>();
    for (const i of texts) for (const x of sets.get(i)!) uses.set(x, (uses.get(x) ?? 0) + 1);
    const minUses = Math.max(2, Math.ceil(TEMPLATE_SHARE * texts.length));
    for (const [x, n] of uses) {
      if (n < minUses) continue;
      const list = templatesWith.get(x);
      if (list) list.push(root);
      else templatesWith.set(x, [root]);
    }
  }
  if (templatesWith.size === 0) return;
  for (const [i, s] of sets) {
    const hits = new Map<number, number>();
    for (const x of s) for (const root of templatesWith.get(x) ?? []) hits.set(root, (hits.get(root) ?? 0) + 1);
    for (const [root, n] of hits) if (n >= TEMPLATE_CONTAINMENT * s.length && find(i) !== find(root)) union(root, i);
  }
}
