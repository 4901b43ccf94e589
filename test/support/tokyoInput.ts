// What a staff member types into a datetime-local field: the clock time in Tokyo, to the minute.
import { formatTokyoIso, tokyoInstant } from "../../src/tokyoTime.ts";

/** "2026-12-05T14:00" for the instant `at` (seconds dropped). */
export function tokyoInput(at: Date): string {
  return formatTokyoIso(at).replace(" ", "T");
}

/** The instant a datetime-local value means in Tokyo. */
export function fromTokyoInput(value: string): Date {
  const [y, mo, d, h, mi] = value.split(/[-T:]/).map(Number) as [number, number, number, number, number];
  return tokyoInstant(y, mo, d, h, mi);
}
