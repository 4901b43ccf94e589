// Staff and links name a round, poll or event by its number ("3", what the console shows) or by its
// id (a uuid). The unique key to look it up by; null when the text is neither, so nothing is found.
import { isUuid } from "./isUuid.ts";

export function idOrNumber(id: string): { number: number } | { id: string } | null {
  if (/^\d{1,9}$/.test(id)) return { number: Number(id) };
  return isUuid(id) ? { id } : null;
}
