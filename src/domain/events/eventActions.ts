// Flow actions of events: browse what is open, sign up (generated flow event-<number>), see and
// cancel one's sign-ups (flows/myevents.yaml, flows/event-cancel.yaml).
import { type TAction, type TActionContext } from "../actionContract.ts";
import { DeliveryQueue } from "../delivery/DeliveryQueue.ts";
import { countsFor } from "./EventService.ts";
import { isUuid } from "../isUuid.ts";
import { EventRegistrations, waitlistPosition } from "./EventRegistrations.ts";
import { alreadyText, cancelledRegistrationText, cancelQuestionText, cancelRefusedText, closedText, confirmedText, factLines, myRegistrationsMessage, receiptNumber, receiptQrUrl, seatsLine, upcomingMessage, waitlistedText, type TMyRegistration } from "./eventMessages.ts";
import { toLanguage } from "../../flows/flowSchema.ts";

/**
 * Actions are a fixed table (domain/actions.ts), so they cannot take the app's delivery queue
 * as a parameter; eventsModule hands it over here. Without it, promotions are still recorded in the
 * same transaction (a queue of our own writes the same rows); only the sender's wake-up is lost,
 * and its poll sends them a moment later.
 */
let registrations = new EventRegistrations(new DeliveryQueue());
/** The bot's public address, for the receipt's QR code in 「マイイベント」 (none: no QR code, the number still shows). */
let publicUrl: string | undefined;
export function useEventDeliveries(deliveries: DeliveryQueue, botPublicUrl?: string): EventRegistrations {
  registrations = new EventRegistrations(deliveries);
  publicUrl = botPublicUrl;
  return registrations;
}

/** A resident deleting their data: their seats at upcoming events go to the next on each waiting list first. */
export async function releaseUpcomingRegistrations(tx: TActionContext["tx"], residentId: string, now: Date): Promise<void> {
  const upcoming = await tx.eventRegistration.findMany({ where: { residentId, status: { not: "cancelled" }, event: { startsAt: { gt: now } } } });
  for (const r of upcoming) await registrations.cancel(tx, { registrationId: r.id, residentId, now });
}

const lang = (ctx: TActionContext) => toLanguage(ctx.resident.language);
const text = (t: string) => ({ type: "text" as const, text: t });

/** At the start of a sign-up: is it open, and has this resident signed up already? */
const checkEventSignup: TAction = async (ctx) => {
  const l = lang(ctx);
  const eventId = ctx.args.eventId;
  const event = isUuid(eventId) ? await ctx.tx.event.findUnique({ where: { id: eventId } }) : null;
  if (!event) return { outcome: "closed", messages: [text(closedText("missing", l))] };
  const reason = event.cancelledAt ? "cancelled" : ctx.now >= event.startsAt ? "started" : ctx.now > event.signupDeadline ? "deadline" : undefined;
  if (reason) return { outcome: "closed", messages: [text(closedText(reason, l))] };
  const existing = await ctx.tx.eventRegistration.findUnique({ where: { eventId_residentId: { eventId: event.id, residentId: ctx.resident.id } } });
  if (existing && existing.status !== "cancelled") {
    const status = existing.status as "confirmed" | "waitlisted";
    const position = status === "waitlisted" ? await waitlistPosition(ctx.tx, existing) : null;
    return { outcome: "already", messages: [text(alreadyText(event, { status, companions: existing.companions, position, receipt: receiptNumber(event.number, existing.id) }, l))] };
  }
  const taken = (await countsFor(ctx.tx, [event.id])).get(event.id)?.seatsTaken ?? 0;
  return { outcome: "open", messages: [text([...factLines(event, l), seatsLine(Math.max(0, event.capacity - taken), l)].join("\n"))] };
};

/** The last step of a sign-up: confirmed, waitlisted (with the position), already, or closed. */
const registerForEvent: TAction = async (ctx) => {
  const l = lang(ctx);
  const eventId = ctx.args.eventId;
  if (!isUuid(eventId)) return { outcome: "closed", messages: [text(closedText("missing", l))] };
  const companions = Number(ctx.answers.companions ?? 0);
  const result = await registrations.register(ctx.tx, { eventId, residentId: ctx.resident.id, companions, now: ctx.now });
  switch (result.outcome) {
    case "confirmed":
      return { outcome: "confirmed", messages: [text(confirmedText(result.event, result.registration.companions, l, receiptNumber(result.event.number, result.registration.id)))] };
    case "waitlisted":
      return { outcome: "waitlisted", messages: [text(waitlistedText(result.event, result.position, l))] };
    case "already": {
      const status = result.registration.status as "confirmed" | "waitlisted";
      const receipt = receiptNumber(result.event.number, result.registration.id);
      return { outcome: "already", messages: [text(alreadyText(result.event, { status, companions: result.registration.companions, position: result.position, receipt }, l))] };
    }
    case "closed":
      return { outcome: "closed", messages: [text(closedText(result.reason, l))] };
  }
};

/** Announced events still open for sign-up, soonest first, as a carousel. */
const showUpcomingEvents: TAction = async (ctx) => {
  // Only announced events: one not yet announced may still be a draft staff are working on.
  const events = await ctx.tx.event.findMany({
    where: { announcedAt: { not: null }, cancelledAt: null, startsAt: { gt: ctx.now }, signupDeadline: { gte: ctx.now } },
    orderBy: [{ startsAt: "asc" }, { number: "asc" }],
    take: 12,
  });
  const counts = await countsFor(ctx.tx, events.map((e) => e.id));
  const list = events.map((e) => ({ facts: e, seatsLeft: Math.max(0, e.capacity - (counts.get(e.id)?.seatsTaken ?? 0)) }));
  return { outcome: events.length > 0 ? "shown" : "none", messages: upcomingMessage(list, lang(ctx)) };
};

/** The resident's sign-ups for events not yet started, with 「キャンセル」 buttons. */
const listMyRegistrations: TAction = async (ctx) => {
  const where = { residentId: ctx.resident.id, status: { in: ["confirmed", "waitlisted"] }, event: { startsAt: { gt: ctx.now } } };
  const rows = await ctx.tx.eventRegistration.findMany({ where, include: { event: true }, orderBy: { event: { startsAt: "asc" } }, take: 12 });
  const total = await ctx.tx.eventRegistration.count({ where });
  const mine: TMyRegistration[] = [];
  for (const r of rows) {
    const status = r.status as "confirmed" | "waitlisted";
    mine.push({
      id: r.id,
      status,
      companions: r.companions,
      position: status === "waitlisted" ? await waitlistPosition(ctx.tx, r) : null,
      facts: r.event,
      cancelled: r.event.cancelledAt !== null,
      receipt: receiptNumber(r.event.number, r.id),
      qrUrl: publicUrl ? receiptQrUrl(publicUrl, receiptNumber(r.event.number, r.id)) : null,
    });
  }
  return { outcome: mine.length > 0 ? "shown" : "none", messages: myRegistrationsMessage(mine, total - mine.length, lang(ctx)) };
};

/** Which sign-up the 「キャンセル」 button meant (answers.registration), if it is theirs and can still be cancelled. */
const checkRegistrationCancel: TAction = async (ctx) => {
  const l = lang(ctx);
  const id = ctx.answers.registration;
  const r = isUuid(id) ? await ctx.tx.eventRegistration.findUnique({ where: { id }, include: { event: true } }) : null;
  if (!r || r.residentId !== ctx.resident.id) return { outcome: "missing", messages: [text(cancelRefusedText("missing", l))] };
  if (r.status === "cancelled") return { outcome: "cancelled", messages: [text(cancelRefusedText("cancelled", l))] };
  if (r.event.cancelledAt) return { outcome: "cancelled", messages: [text(closedText("cancelled", l))] };
  if (ctx.now >= r.event.startsAt) return { outcome: "started", messages: [text(cancelRefusedText("started", l))] };
  const status = r.status as "confirmed" | "waitlisted";
  const position = status === "waitlisted" ? await waitlistPosition(ctx.tx, r) : null;
  return { outcome: "ok", messages: [text(cancelQuestionText(r.event, { status, companions: r.companions, position }, l))] };
};

/** Cancels the resident's own sign-up; a freed seat goes to the first on the waiting list who fits. */
const cancelRegistration: TAction = async (ctx) => {
  const l = lang(ctx);
  const id = ctx.answers.registration;
  if (!isUuid(id)) return { outcome: "missing", messages: [text(cancelRefusedText("missing", l))] };
  const result = await registrations.cancel(ctx.tx, { registrationId: id, residentId: ctx.resident.id, now: ctx.now });
  switch (result.outcome) {
    case "cancelled":
      return { outcome: "cancelled", messages: [text(cancelledRegistrationText(result.event, l))] };
    case "cancelled_before":
      return { outcome: "missing", messages: [text(cancelRefusedText("cancelled", l))] };
    default:
      return { outcome: result.outcome, messages: [text(cancelRefusedText(result.outcome, l))] };
  }
};

export const eventActions: Record<string, TAction> = {
  checkEventSignup,
  registerForEvent,
  showUpcomingEvents,
  listMyRegistrations,
  checkRegistrationCancel,
  cancelRegistration,
};
