/** How typed words are compared: full-width and half-width alike, case and spaces ignored. */
export function normalizeText(text: string): string {
  return text
    .normalize("NFKC")
    .toLowerCase()
    .replace(/[\s　]+/g, "")
    .replace(/[。．.!！?？、,]+$/u, "");
}
