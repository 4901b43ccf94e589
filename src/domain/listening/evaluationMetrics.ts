// How well themes and duplicate groups match hand labels: the Adjusted Rand Index (Hubert &
// Arabie 1985) of two partitions, and precision/recall/F1 over pairs of comments put together.
const pairs = (n: number) => (n * (n - 1)) / 2;

/** ARI of two labelings of the same items (1 = identical partitions, about 0 = chance). */
export function adjustedRandIndex(a: string[], b: string[]): number {
  const table = new Map<string, number>();
  const rows = new Map<string, number>();
  const cols = new Map<string, number>();
  a.forEach((x, i) => {
    const y = b[i]!;
    table.set(`${x}\u0000${y}`, (table.get(`${x}\u0000${y}`) ?? 0) + 1);
    rows.set(x, (rows.get(x) ?? 0) + 1);
    cols.set(y, (cols.get(y) ?? 0) + 1);
  });
  const index = [...table.values()].reduce((s, v) => s + pairs(v), 0);
  const sumRows = [...rows.values()].reduce((s, v) => s + pairs(v), 0);
  const sumCols = [...cols.values()].reduce((s, v) => s + pairs(v), 0);
  const expected = (sumRows * sumCols) / pairs(a.length);
  const max = (sumRows + sumCols) / 2;
  return max === expected ? 1 : (index - expected) / (max - expected);
}

/** Pair precision, recall and F1 of predicted groups against true groups (items alone form no pair). */
export function pairF1(predicted: string[][], truth: string[][]): { precision: number; recall: number; f1: number } {
  const key = (x: string, y: string) => (x < y ? `${x}\u0000${y}` : `${y}\u0000${x}`);
  const toPairs = (groups: string[][]) => {
    const out = new Set<string>();
    for (const g of groups) for (let i = 0; i < g.length; i++) for (let j = i + 1; j < g.length; j++) out.add(key(g[i]!, g[j]!));
    return out;
  };
  const p = toPairs(predicted);
  const t = toPairs(truth);
  let both = 0;
  for (const x of p) if (t.has(x)) both++;
  const precision = p.size === 0 ? (t.size === 0 ? 1 : 0) : both / p.size;
  const recall = t.size === 0 ? 1 : both / t.size;
  return { precision, recall, f1: precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall) };
}
