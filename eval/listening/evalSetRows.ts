// What the builders of the labelled sets (buildEvalSet, buildFacilitiesSet, buildCollaborationSet,
// buildDisasterSet, buildTransportSet, buildEducationSet, buildComprehensiveSet, buildInlandSet,
// buildSuburbSet, buildSectoralSet, buildSectoral2Set, buildSectoral3Set, buildSectoral4Set, buildSectoral5Set, buildSectoral6Set, buildComprehensive2Set, buildComprehensive3Set) do alike: seeded random numbers, each theme's comments read from its source
// file, comments some residents sent twice, a deterministic shuffle so that a theme's comments are
// not adjacent (as they never are in a real round), CSV fields, and writing a set's file.
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

export type TLabelledRow = { body: string; theme: string; dup: string };

/** The builders' own linear congruential generator: the same file every run. */
export function seededRandom(seed: number): { rand: () => number; pick: <T>(xs: T[]) => T } {
  let state = seed;
  const rand = () => ((state = (state * 1103515245 + 12345) % 2147483648), state / 2147483648);
  return { rand, pick: <T>(xs: T[]): T => xs[Math.floor(rand() * xs.length)]! };
}

/** One row per non-empty line of `<dir>/<theme>.txt`, theme by theme in the order given. */
export function themeRows(dir: string, themes: readonly string[]): TLabelledRow[] {
  const rows: TLabelledRow[] = [];
  for (const theme of themes) {
    for (const body of readFileSync(path.join(dir, `${theme}.txt`), "utf8").split("\n").map((l) => l.trim()).filter(Boolean)) rows.push({ body, theme, dup: "" });
  }
  return rows;
}

/** A CSV field, quoted when it holds a quote, a comma or a line break. */
export const csvField = (v: string): string => (/[",\n]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v);

/** The n-th comment of each theme sent again by the same person (a double tap, or a retry): both marked as one duplicate group. */
export function sendTwice(rows: TLabelledRow[], which: readonly (readonly [number, string])[]): void {
  for (const [n, theme] of which) {
    const original = rows.filter((r) => r.theme === theme)[n]!;
    original.dup = `repeat-${theme}-${n}`;
    rows.push({ body: original.body, theme, dup: original.dup });
  }
}

/**
 * A campaign: `count` senders of one template, each picking one version of every part (in the
 * order the parts are listed; "" for a part left out), all of one theme and duplicate group.
 */
export function campaignRows(parts: Record<string, string[]>, count: number, label: { theme: string; dup: string }, pick: <T>(xs: T[]) => T): TLabelledRow[] {
  return Array.from({ length: count }, () => ({ body: Object.values(parts).map((versions) => pick(versions)).join(""), theme: label.theme, dup: label.dup }));
}

/** Fisher–Yates with the builder's own seeded random numbers: the same order every run. */
export function shuffle<T>(rows: T[], rand: () => number): void {
  for (let i = rows.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [rows[i], rows[j]] = [rows[j]!, rows[i]!];
  }
}

const AGE_BANDS = ["under20", "20s", "30s", "40s", "50s", "60s", "70plus"];

/**
 * What every builder since the third set ends with: the rows shuffled, each given an id
 * (`prefix` + four digits), an age band and one of `districts` at random, written with a BOM as
 * `<dir>/<name>-comments.csv` (columns comment-id, comment-body, age_band, district, theme,
 * duplicate_group). The random numbers are drawn in that order, so a set's file stays the same.
 */
export function writeLabelledSet(dir: string, name: string, rows: TLabelledRow[], options: { prefix: string; districts: string[]; rand: () => number; pick: <T>(xs: T[]) => T }): void {
  const { prefix, districts, rand, pick } = options;
  shuffle(rows, rand);
  const out = ["comment-id,comment-body,age_band,district,theme,duplicate_group"];
  rows.forEach((r, i) => out.push([`${prefix}${String(i + 1).padStart(4, "0")}`, r.body, pick(AGE_BANDS), pick(districts), r.theme, r.dup].map(csvField).join(",")));
  writeFileSync(path.join(dir, `${name}-comments.csv`), "\uFEFF" + out.join("\n") + "\n");
  console.log(`${rows.length} comments written to eval/listening/${name}-comments.csv`);
}
