// The one capacity and waiting-list algorithm, for event registrations and shift sign-ups alike.
// A sign-up takes seats (events: the resident and their companions; shifts: one person). While
// the seats last it is confirmed, else it waits; the list is in sign-up order (createdAt, then id),
// and a freed seat goes to the first on the list who fits, then the next who fits. Every call runs
// inside the caller's transaction with the parent row (Event, Shift) locked first, so people
// tapping at the same moment are counted one after the other and the seats never exceed the capacity.
import { Prisma } from "../../generated/prisma/client.ts";
import { outsideQuietHours } from "../delivery/quietHours.ts";
import { readSettings } from "../settings/SettingsService.ts";

type Tx = Prisma.TransactionClient;

/** Where a list's sign-ups are: the table, its parent's column, and the seats a row takes. */
export type TWaitingList = { table: "EventRegistration" | "ShiftSignup"; parent: "eventId" | "shiftId"; seats: "1 + \"companions\"" | "1" };

export const eventWaitingList: TWaitingList = { table: "EventRegistration", parent: "eventId", seats: '1 + "companions"' };
export const shiftWaitingList: TWaitingList = { table: "ShiftSignup", parent: "shiftId", seats: "1" };

const from = (list: TWaitingList) => Prisma.raw(`"${list.table}"`);
const parentColumn = (list: TWaitingList) => Prisma.raw(`"${list.parent}"`);

/** Seats taken by confirmed sign-ups. */
export async function seatsTaken(tx: Tx, list: TWaitingList, parentId: string): Promise<number> {
  const [row] = await tx.$queryRaw<{ n: bigint | null }[]>`
    SELECT COALESCE(SUM(${Prisma.raw(list.seats)}), 0)::bigint AS n FROM ${from(list)} WHERE ${parentColumn(list)} = ${parentId}::uuid AND "status" = 'confirmed'`;
  return Number(row?.n ?? 0);
}

/** Confirmed when the seats fit in what is free, else on the waiting list. */
export const admit = (seats: number, free: number): "confirmed" | "waitlisted" => (seats <= free ? "confirmed" : "waitlisted");

/**
 * The time a new sign-up is recorded at: now, or just after the latest sign-up. Taken under the
 * lock, so the list's order is the order in which sign-ups got the lock, even when clocks tie.
 */
export async function signupTime(tx: Tx, list: TWaitingList, parentId: string, now: Date): Promise<Date> {
  const [row] = await tx.$queryRaw<{ latest: Date | null }[]>`SELECT MAX("createdAt") AS latest FROM ${from(list)} WHERE ${parentColumn(list)} = ${parentId}::uuid`;
  return new Date(Math.max(now.getTime(), (row?.latest?.getTime() ?? 0) + 1));
}

/** 1 = next on the waiting list. */
export async function waitlistPosition(tx: Tx, list: TWaitingList, row: { id: string; parentId: string; createdAt: Date }): Promise<number> {
  const [ahead] = await tx.$queryRaw<{ n: bigint }[]>`
    SELECT COUNT(*)::bigint AS n FROM ${from(list)}
    WHERE ${parentColumn(list)} = ${row.parentId}::uuid AND "status" = 'waitlisted'
      AND ("createdAt" < ${row.createdAt} OR ("createdAt" = ${row.createdAt} AND "id" < ${row.id}::uuid))`;
  return Number(ahead?.n ?? 0) + 1;
}

/** Who on the list (in its order) takes the free seats: the first who fits, then the next who fits. */
export function promotions<T extends { seats: number }>(waiting: T[], free: number): T[] {
  const chosen: T[] = [];
  for (const w of waiting) {
    if (free <= 0) break;
    if (w.seats > free) continue;
    chosen.push(w);
    free -= w.seats;
  }
  return chosen;
}

/** A promotion is normally told outside quiet hours; but news that arrives after the start helps nobody: then at once. */
export async function promotionIsUrgent(tx: Tx, now: Date, startsAt: Date): Promise<boolean> {
  return outsideQuietHours(now, (await readSettings(tx)).quietHours) >= startsAt;
}
