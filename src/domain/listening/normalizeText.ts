// One form for every comment before anything compares them: NFKC folds full-width letters and
// digits and half-width katakana (ﾊﾞｽ → バス, ＪＲ → JR), case is folded, runs of space become one.
export function normalizeText(text: string): string {
  return text.normalize("NFKC").toLowerCase().replace(/\s+/g, " ").trim();
}
