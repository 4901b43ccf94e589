// Receipt numbers residents are given for a comment: "R<round number>-<6 digits>". Random rather
// than counted, so a receipt does not tell how many comments came in; unique per round because the
// caller holds the round's row lock while it checks and inserts.
import { randomInt } from "node:crypto";

const RECEIPT = /^R(\d{1,9})-(\d{6})$/;

export function formatReceipt(roundNumber: number, n: number): string {
  return `R${roundNumber}-${String(n).padStart(6, "0")}`;
}

export function randomReceipt(roundNumber: number): string {
  return formatReceipt(roundNumber, randomInt(1, 1_000_000));
}

/** A receipt as a resident may type or a button carries it ("r3-000123", full-width digits): normalised, or undefined. */
export function parseReceipt(value: unknown): string | undefined {
  if (typeof value !== "string") return undefined;
  const normal = value.normalize("NFKC").trim().toUpperCase();
  return RECEIPT.test(normal) ? normal : undefined;
}

/** Picks a receipt not yet used; `taken` checks one. */
export async function receiptNumber(roundNumber: number, taken: (receipt: string) => Promise<boolean>): Promise<string> {
  for (let i = 0; i < 50; i++) {
    const receipt = randomReceipt(roundNumber);
    if (!(await taken(receipt))) return receipt;
  }
  throw new Error(`no free receipt number for round ${roundNumber}`);
}
