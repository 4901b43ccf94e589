// Sign-ups within capacity, the waiting list, and promotion from it. Every change runs inside the
// caller's transaction with the Event row locked first (SELECT … FOR UPDATE), so residents tapping
// at the same moment are counted one after the other and the seats never exceed the capacity.
import { type Event, type EventRegistration, type Prisma } from "../../generated/prisma/client.ts";
import { type DeliveryQueue } from "../delivery/DeliveryQueue.ts";
import { outsideQuietHours } from "../delivery/quietHours.ts";
import { readSettings } from "../settings/SettingsService.ts";
import { promotedText, receiptNumber, type TClosedReason } from "./eventMessages.ts";
import { isUuid } from "../isUuid.ts";
import { toLanguage } from "../../flows/flowSchema.ts";

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
export async function seatsTaken(tx: Tx, eventId: string): Promise<number> {
  const agg = await tx.eventRegistration.aggregate({ where: { eventId, status: "confirmed" }, _count: { _all: true }, _sum: { companions: true } });
  return agg._count._all + (agg._sum.companions ?? 0);
}

/** 1 = next on the waiting list. The list is in sign-up order (createdAt, then id). */
export async function waitlistPosition(tx: Tx, r: Pick<EventRegistration, "id" | "eventId" | "createdAt">): Promise<number> {
  const ahead = await tx.eventRegistration.count({
    where: { eventId: r.eventId, status: "waitlisted", OR: [{ createdAt: { lt: r.createdAt } }, { createdAt: r.createdAt, id: { lt: r.id } }] },
  });
  return ahead + 1;
}

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
    const free = event.capacity - (await seatsTaken(tx, event.id));
    const status = 1 + companions <= free ? "confirmed" : "waitlisted";
    // The waiting list is ordered by createdAt: taken under the lock and after the latest sign-up,
    // so the order is the order in which sign-ups got the lock, even when clocks tie.
    const latest = await tx.eventRegistration.aggregate({ where: { eventId: event.id }, _max: { createdAt: true } });
    const createdAt = new Date(Math.max(input.now.getTime(), (latest._max.createdAt?.getTime() ?? 0) + 1));
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
    let free = event.capacity - (await seatsTaken(tx, event.id));
    if (free <= 0) return 0;
    const waiting = await tx.eventRegistration.findMany({
      where: { eventId: event.id, status: "waitlisted" },
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
      include: { resident: { select: { lineUserId: true, language: true } } },
    });
    // Normally held through quiet hours; but news that arrives after the event has started helps nobody.
    const releasedAt = outsideQuietHours(now, (await readSettings(tx)).quietHours);
    const urgent = releasedAt >= event.startsAt;
    let promoted = 0;
    for (const w of waiting) {
      if (free <= 0) break;
      const seats = 1 + w.companions;
      if (seats > free) continue;
      await tx.eventRegistration.update({ where: { id: w.id }, data: { status: "confirmed", promotedAt: now } });
      free -= seats;
      promoted++;
      await this.deliveries.enqueue(tx, `event.promoted:${w.id}`, [w.resident.lineUserId], [{ type: "text", text: promotedText(event, w.companions, toLanguage(w.resident.language), receiptNumber(event.number, w.id)) }], { urgent, expiresAt: event.startsAt });
    }
    return promoted;
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
