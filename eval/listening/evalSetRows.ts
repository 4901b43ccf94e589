// What the builders of the labelled sets (buildEvalSet, buildFacilitiesSet, buildCollaborationSet)
// do alike: comments some residents sent twice, and a deterministic shuffle so that a theme's
// comments are not adjacent (as they never are in a real round).
export type TLabelledRow = { body: string; theme: string; dup: string };

/** The n-th comment of each theme sent again by the same person (a double tap, or a retry): both marked as one duplicate group. */
export function sendTwice(rows: TLabelledRow[], which: readonly (readonly [number, string])[]): void {
  for (const [n, theme] of which) {
    const original = rows.filter((r) => r.theme === theme)[n]!;
    original.dup = `repeat-${theme}-${n}`;
    rows.push({ body: original.body, theme, dup: original.dup });
  }
}

/** Fisher–Yates with the builder's own seeded random numbers: the same order every run. */
export function shuffle<T>(rows: T[], rand: () => number): void {
  for (let i = rows.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [rows[i], rows[j]] = [rows[j]!, rows[i]!];
  }
}
