// Event sign-ups within capacity, the waiting list, and promotion from it, by the one waiting-list
// algorithm (src/domain/signups/waitingList.ts): a sign-up takes 1 + companions seats. Every change
// runs inside the caller's transaction with the Event row locked first (SELECT … FOR UPDATE).
import { type Event, type EventRegistration, type Prisma } from "../../generated/prisma/client.ts";
import { type DeliveryQueue } from "../delivery/DeliveryQueue.ts";
import { promotedText, receiptNumber, type TClosedReason } from "./eventMessages.ts";
import { isUuid } from "../isUuid.ts";
import { toLanguage } from "../../flows/flowSchema.ts";
import { admit, eventWaitingList, promotionIsUrgent, promotions, seatsTaken as seatsTakenIn, signupTime, waitlistPosition as positionIn } from "../signups/waitingList.ts";

type Tx = Prisma.TransactionClient;

export type TRegisterResult =
  | { outcome: "confirmed"; event: Event; registration: EventRegistration }
  | { outcome: "waitlisted"; event: Event; registration: EventRegistration; position: number }
  | { outcome: "already"; event: Event; registration: EventRegistration; position: number | null }
  | { outcome: "closed"; event: Event | null; reason: TClosedReason };

export type TCancelResult =
  | { outcome: "cancelled"; event: Event; registration: EventRegistration; promoted: number }
  | { outcome: "missing" | "started" | "cancelled_before"; event: Event | null };


/** Locks the event for the rest of the transaction; later sign-ups for it wait here. */
export async function lockEvent(tx: Tx, eventId: string): Promise<Event | null> {
  await tx.$executeRaw`SELECT 1 FROM "Event" WHERE "id" = ${eventId}::uuid FOR UPDATE`;
  return tx.event.findUnique({ where: { id: eventId } });
}

/** Seats taken by confirmed sign-ups: each is the resident plus their companions. */
export const seatsTaken = (tx: Tx, eventId: string): Promise<number> => seatsTakenIn(tx, eventWaitingList, eventId);

/** 1 = next on the waiting list. The list is in sign-up order (createdAt, then id). */
export const waitlistPosition = (tx: Tx, r: Pick<EventRegistration, "id" | "eventId" | "createdAt">): Promise<number> =>
  positionIn(tx, eventWaitingList, { id: r.id, parentId: r.eventId, createdAt: r.createdAt });

export class EventRegistrations {
  constructor(private readonly deliveries: DeliveryQueue) {}

  /** Signs a resident up: confirmed while the seats last, else on the waiting list. */
  async register(tx: Tx, input: { eventId: string; residentId: string; companions: number; now: Date }): Promise<TRegisterResult> {
    const event = await lockEvent(tx, input.eventId);
    if (!event) return { outcome: "closed", event: null, reason: "missing" };
    if (event.cancelledAt) return { outcome: "closed", event, reason: "cancelled" };
    if (input.now >= event.startsAt) return { outcome: "closed", event, reason: "started" };
    if (input.now > event.signupDeadline) return { outcome: "closed", event, reason: "deadline" };

    const existing = await tx.eventRegistration.findUnique({ where: { eventId_residentId: { eventId: event.id, residentId: input.residentId } } });
    if (existing && existing.status !== "cancelled") {
      return { outcome: "already", event, registration: existing, position: existing.status === "waitlisted" ? await waitlistPosition(tx, existing) : null };
    }
    // The event may have been edited to allow fewer companions since the question was asked.
    const companions = Math.max(0, Math.min(Math.trunc(input.companions) || 0, event.maxCompanions));
    const status = admit(1 + companions, event.capacity - (await seatsTaken(tx, event.id)));
    const createdAt = await signupTime(tx, eventWaitingList, event.id, input.now);
    const data = { status, companions, createdAt, attended: null, promotedAt: null, cancelledAt: null };
    // One row per resident and event (unique): signing up again after cancelling reuses it, at the end of the list.
    const registration = existing
      ? await tx.eventRegistration.update({ where: { id: existing.id }, data })
      : await tx.eventRegistration.create({ data: { ...data, eventId: event.id, residentId: input.residentId } });
    if (status === "confirmed") return { outcome: "confirmed", event, registration };
    return { outcome: "waitlisted", event, registration, position: await waitlistPosition(tx, registration) };
  }

  /** A resident cancels their own sign-up, before the event starts; a freed seat goes to the waiting list. */
  async cancel(tx: Tx, input: { registrationId: string; residentId: string; now: Date }): Promise<TCancelResult> {
    if (!isUuid(input.registrationId)) return { outcome: "missing", event: null };
    const found = await tx.eventRegistration.findUnique({ where: { id: input.registrationId }, select: { eventId: true, residentId: true } });
    if (!found || found.residentId !== input.residentId) return { outcome: "missing", event: null };
    const event = await lockEvent(tx, found.eventId);
    // Read again under the lock: a promotion may have changed it meanwhile.
    const registration = await tx.eventRegistration.findUnique({ where: { id: input.registrationId }, include: { resident: { select: { lineUserId: true } } } });
    if (!event || !registration) return { outcome: "missing", event };
    if (registration.status === "cancelled") return { outcome: "cancelled_before", event };
    if (input.now >= event.startsAt) return { outcome: "started", event };
    const { resident, ...row } = registration;
    const cancelled = await tx.eventRegistration.update({ where: { id: row.id }, data: { status: "cancelled", cancelledAt: input.now } });
    await withdrawFromPendingDeliveries(tx, event.id, resident.lineUserId);
    const promoted = row.status === "confirmed" ? await this.promote(tx, event, input.now) : 0;
    return { outcome: "cancelled", event, registration: cancelled, promoted };
  }

  /**
   * Fills free seats from the waiting list, in order: the first who fits (1 + companions) is
   * confirmed, then the next who fits, and each is told once by a push through the delivery queue.
   * The caller holds the event's lock.
   */
  async promote(tx: Tx, event: Event, now: Date): Promise<number> {
    if (event.cancelledAt || now >= event.startsAt) return 0;
    const free = event.capacity - (await seatsTaken(tx, event.id));
    if (free <= 0) return 0;
    const waiting = await tx.eventRegistration.findMany({
      where: { eventId: event.id, status: "waitlisted" },
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
      include: { resident: { select: { lineUserId: true, language: true } } },
    });
    const chosen = promotions(waiting.map((w) => ({ ...w, seats: 1 + w.companions })), free);
    const urgent = await promotionIsUrgent(tx, now, event.startsAt);
    for (const w of chosen) {
      await tx.eventRegistration.update({ where: { id: w.id }, data: { status: "confirmed", promotedAt: now } });
      await this.deliveries.enqueue(tx, `event.promoted:${w.id}`, [w.resident.lineUserId], [{ type: "text", text: promotedText(event, w.companions, toLanguage(w.resident.language), receiptNumber(event.number, w.id)) }], { urgent, expiresAt: event.startsAt });
    }
    return chosen.length;
  }
}

/** Purposes of the event's messages that go to many residents and may still be waiting (quiet hours). */
export const reminderPurpose = (eventId: string, kind: "dayBefore" | "hourBefore") => `event.reminder:${eventId}:${kind}`;
export const announcePurpose = (eventId: string) => `event.announce:${eventId}`;

/**
 * Takes a resident out of the event's reminders not sent yet (so that someone who cancelled is not
 * reminded the next morning), or everyone out of its reminders and announcements (event cancelled). Only rows still pending: the
 * sender claims rows by switching them to "sending", and this UPDATE waits for that row lock.
 */
export async function withdrawFromPendingDeliveries(tx: Tx, eventId: string, lineUserId: string | "everyone"): Promise<void> {
  const reminders = [reminderPurpose(eventId, "dayBefore"), reminderPurpose(eventId, "hourBefore")];
  const purposes = lineUserId === "everyone" ? [...reminders, announcePurpose(eventId)] : reminders;
  if (lineUserId === "everyone") {
    await tx.$executeRaw`UPDATE "Delivery" SET "lineUserIds" = '{}' WHERE "status" = 'pending' AND "purpose" = ANY(${purposes}::text[])`;
  } else {
    await tx.$executeRaw`UPDATE "Delivery" SET "lineUserIds" = array_remove("lineUserIds", ${lineUserId}) WHERE "status" = 'pending' AND "purpose" = ANY(${purposes}::text[]) AND ${lineUserId} = ANY("lineUserIds")`;
  }
}
