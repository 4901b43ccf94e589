// Sign-ups for shifts within the number of people needed, the waiting list, and promotion from
// it, by the one waiting-list algorithm (src/domain/signups/waitingList.ts): a sign-up takes one
// place. Every change runs inside the caller's transaction with the Shift row locked first.
import { type Prisma, type ShiftSignup } from "../../generated/prisma/client.ts";
import { type DeliveryQueue } from "../delivery/DeliveryQueue.ts";
import { outsideQuietHours } from "../delivery/quietHours.ts";
import { readSettings } from "../settings/SettingsService.ts";
import { opportunityTextsSelect, shiftFacts } from "./shiftFacts.ts";
import { promotedText, type TShiftFacts } from "./volunteerMessages.ts";
import { toLanguage } from "../../flows/flowSchema.ts";
import { isUuid } from "../isUuid.ts";
import { admit, promotionIsUrgent, promotions, seatsTaken, shiftWaitingList, signupTime, waitlistPosition as positionIn } from "../signups/waitingList.ts";

type Tx = Prisma.TransactionClient;

export type TLockedShift = TShiftFacts & { opportunityId: string; needed: number };

export type TSignUpResult =
  | { outcome: "confirmed"; shift: TLockedShift; signup: ShiftSignup }
  | { outcome: "waitlisted"; shift: TLockedShift; signup: ShiftSignup; position: number }
  | { outcome: "already"; shift: TLockedShift; signup: ShiftSignup; position: number | null }
  | { outcome: "closed"; shift: TLockedShift | null };

export type TCancelResult =
  | { outcome: "cancelled"; shift: TLockedShift; signup: ShiftSignup; promoted: number }
  | { outcome: "missing" | "started" | "cancelled_before"; shift: TLockedShift | null };

/** Purpose of a shift's day-before reminder in the delivery queue. */
export const shiftReminderPurpose = (shiftId: string) => `shift.reminder:${shiftId}`;

/** Locks the shift for the rest of the transaction; later sign-ups for it wait here. */
export async function lockShift(tx: Tx, shiftId: string): Promise<TLockedShift | null> {
  if (!isUuid(shiftId)) return null;
  await tx.$executeRaw`SELECT 1 FROM "Shift" WHERE "id" = ${shiftId}::uuid FOR UPDATE`;
  const shift = await tx.shift.findUnique({ where: { id: shiftId }, include: { opportunity: { select: opportunityTextsSelect } } });
  if (!shift) return null;
  return { ...shiftFacts(shift, shift.opportunity), opportunityId: shift.opportunityId, needed: shift.needed };
}

/** 1 = next on the waiting list. The list is in sign-up order (createdAt, then id). */
export const waitlistPosition = (tx: Tx, s: Pick<ShiftSignup, "id" | "shiftId" | "createdAt">): Promise<number> =>
  positionIn(tx, shiftWaitingList, { id: s.id, parentId: s.shiftId, createdAt: s.createdAt });

export class ShiftSignups {
  constructor(private readonly deliveries: DeliveryQueue) {}

  /** Signs a volunteer up: confirmed while people are still needed, else on the waiting list. */
  async signUp(tx: Tx, input: { shiftId: string; residentId: string; now: Date }): Promise<TSignUpResult> {
    const shift = await lockShift(tx, input.shiftId);
    if (!shift || input.now >= shift.startsAt) return { outcome: "closed", shift };
    const existing = await tx.shiftSignup.findUnique({ where: { shiftId_residentId: { shiftId: shift.id, residentId: input.residentId } } });
    if (existing && existing.status !== "cancelled") {
      return { outcome: "already", shift, signup: existing, position: existing.status === "waitlisted" ? await waitlistPosition(tx, existing) : null };
    }
    const status = admit(1, shift.needed - (await seatsTaken(tx, shiftWaitingList, shift.id)));
    const createdAt = await signupTime(tx, shiftWaitingList, shift.id, input.now);
    const data = { status, createdAt, attended: null, hours: null, promotedAt: null, cancelledAt: null };
    // One row per volunteer and shift (unique): signing up again after cancelling reuses it, at the end of the list.
    const signup = existing
      ? await tx.shiftSignup.update({ where: { id: existing.id }, data })
      : await tx.shiftSignup.create({ data: { ...data, shiftId: shift.id, residentId: input.residentId } });
    if (status === "confirmed") return { outcome: "confirmed", shift, signup };
    return { outcome: "waitlisted", shift, signup, position: await waitlistPosition(tx, signup) };
  }

  /** A volunteer cancels their own sign-up before the shift starts; a freed place goes to the waiting list. */
  async cancel(tx: Tx, input: { signupId: string; residentId: string; now: Date }): Promise<TCancelResult> {
    if (!isUuid(input.signupId)) return { outcome: "missing", shift: null };
    const found = await tx.shiftSignup.findUnique({ where: { id: input.signupId }, select: { shiftId: true, residentId: true } });
    // Someone else's sign-up id (a forwarded button) is treated as unknown.
    if (!found || found.residentId !== input.residentId) return { outcome: "missing", shift: null };
    const shift = await lockShift(tx, found.shiftId);
    // Read again under the lock: a promotion may have changed it meanwhile.
    const signup = await tx.shiftSignup.findUnique({ where: { id: input.signupId }, include: { resident: { select: { lineUserId: true } } } });
    if (!shift || !signup) return { outcome: "missing", shift };
    if (signup.status === "cancelled") return { outcome: "cancelled_before", shift };
    if (input.now >= shift.startsAt) return { outcome: "started", shift };
    const { resident, ...row } = signup;
    const cancelled = await tx.shiftSignup.update({ where: { id: row.id }, data: { status: "cancelled", cancelledAt: input.now } });
    // Someone who cancelled is not reminded the evening before (a reminder held by quiet hours may still be waiting).
    await tx.$executeRaw`UPDATE "Delivery" SET "lineUserIds" = array_remove("lineUserIds", ${resident.lineUserId})
      WHERE "status" = 'pending' AND "purpose" = ${shiftReminderPurpose(shift.id)} AND ${resident.lineUserId} = ANY("lineUserIds")`;
    const promoted = row.status === "confirmed" ? await this.promote(tx, shift, input.now) : 0;
    return { outcome: "cancelled", shift, signup: cancelled, promoted };
  }

  /**
   * Fills free places from the waiting list, in order, and tells each promoted volunteer once by a
   * push through the delivery queue. The caller holds the shift's lock.
   */
  async promote(tx: Tx, shift: TLockedShift, now: Date): Promise<number> {
    if (now >= shift.startsAt) return 0;
    const free = shift.needed - (await seatsTaken(tx, shiftWaitingList, shift.id));
    if (free <= 0) return 0;
    const waiting = await tx.shiftSignup.findMany({
      where: { shiftId: shift.id, status: "waitlisted" },
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
      // Each takes one place: the first `free` are the ones who fit.
      take: free,
      include: { resident: { select: { lineUserId: true, language: true } } },
    });
    const chosen = promotions(waiting.map((w) => ({ ...w, seats: 1 })), free);
    const urgent = await promotionIsUrgent(tx, now, shift.startsAt);
    for (const w of chosen) {
      await tx.shiftSignup.update({ where: { id: w.id }, data: { status: "confirmed", promotedAt: now } });
      await this.deliveries.enqueue(tx, `shift.promoted:${w.id}`, [w.resident.lineUserId], [{ type: "text", text: promotedText(shift, toLanguage(w.resident.language)) }], { urgent, expiresAt: shift.startsAt });
    }
    return chosen.length;
  }
}
