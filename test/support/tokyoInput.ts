// What a staff member types into a datetime-local field: the clock time in Tokyo, to the minute.
const JST_OFFSET_MS = 9 * 3600_000;

/** "2026-12-05T14:00" for the instant `at` (seconds dropped). */
export function tokyoInput(at: Date): string {
  return new Date(at.getTime() + JST_OFFSET_MS).toISOString().slice(0, 16);
}

/** The instant a datetime-local value means in Tokyo. */
export function fromTokyoInput(value: string): Date {
  return new Date(`${value}:00+09:00`);
}
