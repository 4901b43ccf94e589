// What staff do with events: create and edit them, announce them, cancel them, read and export
// who signed up, mark attendance, message registrants. Every change is in the audit trail; every
// send to many residents is checked against the month's message budget first.
import { type Event, type PrismaClient, type Prisma } from "../../generated/prisma/client.ts";
import { type FlowSet } from "../../flows/FlowSet.ts";
import { ZResidentProfile } from "../../flows/engineTypes.ts";
import { AppError, NotFoundError, ValidationError } from "../../errors.ts";
import { asJson } from "../../db/asJson.ts";
import { audienceLineUserIds, audienceOf, ZAudience } from "../audience.ts";
import { type DeliveryQueue } from "../delivery/DeliveryQueue.ts";
import { assertWithinBudget, checkBudget, OverBudgetError, type TBudgetCheck } from "../delivery/messageBudget.ts";
import { byLanguage, groupByLanguage } from "../delivery/byLanguage.ts";
import { untranslatedEvent } from "../messages/untranslated.ts";
import { profileLabels } from "../polls/profileLabels.ts";
import { type TStaffMessagePreview } from "../messages/staffMessageInput.ts";
import { recordAudit } from "../recordAudit.ts";
import { actorName, type TStaffActor } from "../staff/staffTypes.ts";
import {
  type TEventCreate,
  type TEventInput,
  type TEventMessageInput,
  type TEventSendResult,
  type TEventStatus,
  type TEventView,
  type TRegistrationStatus,
  type TRegistrationView,
} from "./eventTypes.ts";
import { type TOutMessage } from "../../flows/engineTypes.ts";
import { announcementMessage, eventCancelledText, receiptNumber, signupPostback, staffMessageText } from "./eventMessages.ts";
import { idOrNumber } from "../idOrNumber.ts";
import { isUuid } from "../isUuid.ts";
import { announcePurpose, lockEvent, seatsTaken, withdrawFromPendingDeliveries, type EventRegistrations } from "./EventRegistrations.ts";
import { storedJson } from "../../db/storedJson.ts";
import { type TLanguage } from "../../flows/flowSchema.ts";

type Db = PrismaClient | Prisma.TransactionClient;
type Tx = Prisma.TransactionClient;

const TX = { timeout: 60_000, maxWait: 20_000 };

type Counts = { seatsTaken: number; confirmed: number; waitlisted: number };

export type TEventServiceDeps = { prisma: PrismaClient; deliveries: DeliveryQueue; files: FlowSet; registrations: EventRegistrations };

export class EventService {
  constructor(private readonly deps: TEventServiceDeps) {}

  async list(query: { from?: Date; to?: Date }): Promise<TEventView[]> {
    const events = await this.deps.prisma.event.findMany({
      where: { startsAt: { ...(query.from ? { gte: query.from } : {}), ...(query.to ? { lt: query.to } : {}) } },
      orderBy: [{ startsAt: "asc" }, { number: "asc" }],
      take: 500,
    });
    const counts = await countsFor(this.deps.prisma, events.map((e) => e.id));
    const now = new Date();
    return events.map((e) => toView(e, counts.get(e.id), now));
  }

  async get(id: string): Promise<TEventView> {
    const event = await findEvent(this.deps.prisma, id);
    return this.view(this.deps.prisma, event);
  }

  async create(input: TEventCreate, staff: TStaffActor): Promise<{ event: TEventView; announcement: TEventSendResult | null }> {
    const now = new Date();
    if (input.startsAt <= now) throw ValidationError.at("startsAt", "開始日時は、これからの日時にしてください");
    if (input.signupDeadline <= now) throw ValidationError.at("signupDeadline", "申し込み締切は、これからの日時にしてください");
    const { announceNow, confirmOverBudget, ...fields } = input;
    const created = await this.deps.prisma.$transaction(async (tx) => {
      const event = await tx.event.create({ data: { ...fields, audience: asJson(fields.audience), createdById: staff.id } });
      await recordAudit(tx, {
        actor: actorName(staff),
        action: "event.created",
        target: `event:${event.id}`,
        detail: { number: event.number, capacity: event.capacity, organizer: event.organizer },
      });
      return event;
    }, TX);
    // Announced after the event is stored: a refused announcement (budget) leaves the event to announce later.
    let announcement: TEventSendResult | null = null;
    if (announceNow) {
      try {
        announcement = await this.announce(created.id, staff, { confirmOverBudget });
      } catch (err) {
        if (!(err instanceof OverBudgetError)) throw err;
        announcement = { sent: false, recipients: err.budget.cost, budget: err.budget };
      }
    }
    return { event: await this.get(created.id), announcement };
  }

  /** Replaces the event's fields. Seats freed by a larger capacity go to the waiting list at once. */
  async update(id: string, input: TEventInput, staff: TStaffActor): Promise<{ event: TEventView; promoted: number }> {
    const found = await findEvent(this.deps.prisma, id);
    const promoted = await this.deps.prisma.$transaction(async (tx) => {
      const event = (await lockEvent(tx, found.id))!;
      if (event.cancelledAt) throw new AppError("中止したイベントは変更できません。", 409);
      const taken = await seatsTaken(tx, event.id);
      if (input.capacity < taken) throw ValidationError.at("capacity", `定員は、参加が確定している席数（${taken}席）より少なくできません`);
      const changed = (Object.keys(input) as (keyof TEventInput)[]).filter((k) => JSON.stringify(input[k]) !== JSON.stringify(event[k]));
      const updated = await tx.event.update({ where: { id: event.id }, data: { ...input, audience: asJson(input.audience), version: { increment: 1 } } });
      const n = await this.deps.registrations.promote(tx, updated, new Date());
      await recordAudit(tx, { actor: actorName(staff), action: "event.updated", target: `event:${event.id}`, detail: { changed: changed.join(",") || null, version: updated.version, promoted: n } });
      return n;
    }, TX);
    return { event: await this.get(found.id), promoted };
  }

  /** Sends the card to the event's audience, once: the claim on announcedAt and the send are one transaction. */
  async announce(id: string, staff: TStaffActor, options: { confirmOverBudget: boolean }): Promise<TEventSendResult> {
    const found = await findEvent(this.deps.prisma, id);
    const now = new Date();
    return this.deps.prisma.$transaction(async (tx) => {
      const event = (await tx.event.findUnique({ where: { id: found.id } }))!;
      if (event.cancelledAt) throw new AppError("中止したイベントはお知らせできません。", 409);
      if (event.announcedAt) throw new AppError("このイベントはすでにお知らせしました。", 409);
      if (now > event.signupDeadline) throw new AppError("申し込み締切を過ぎたイベントはお知らせできません。", 409);
      const audience = ZAudience.parse(event.audience);
      const ids = await audienceLineUserIds(tx, audience);
      const budget = await assertWithinBudget(tx, ids.length, staff, options.confirmOverBudget, { purpose: announcePurpose(event.id), now });
      const claimed = await tx.event.updateMany({ where: { id: event.id, announcedAt: null, cancelledAt: null }, data: { announcedAt: now } });
      if (claimed.count === 0) throw new AppError("このイベントはすでにお知らせしました。", 409);
      const seatsLeft = Math.max(0, event.capacity - (await seatsTaken(tx, event.id)));
      for (const [lang, group] of await byLanguage(tx, ids)) {
        await this.deps.deliveries.enqueue(tx, announcePurpose(event.id), group, [announcementMessage(event, seatsLeft, lang)], { expiresAt: event.signupDeadline });
      }
      await recordAudit(tx, {
        actor: actorName(staff),
        action: "event.announced",
        target: `event:${event.id}`,
        detail: { recipients: ids.length, overBudget: budget.exceeds },
      });
      return { sent: ids.length > 0, recipients: ids.length, budget };
    }, TX);
  }

  /** The card the audience will receive, in one language, from the builder the send uses (seats as they are now). */
  async previewAnnouncement(id: string, lang: TLanguage): Promise<TOutMessage[]> {
    const event = await findEvent(this.deps.prisma, id);
    const seatsLeft = Math.max(0, event.capacity - (await seatsTaken(this.deps.prisma, event.id)));
    return [announcementMessage(event, seatsLeft, lang)];
  }

  /** A message to everyone signed up, as they will read it in one language. */
  async previewMessage(id: string, words: TStaffMessagePreview): Promise<TOutMessage[]> {
    return [{ type: "text", text: staffMessageText(await findEvent(this.deps.prisma, id), words.text, words.lang, words.textEn, words.textEasy) }];
  }

  /** Cancels the event and tells everyone signed up at once (urgent: also in quiet hours). */
  async cancel(id: string, staff: TStaffActor, options: { reason: string; reasonEn?: string | null; reasonEasy?: string | null }): Promise<{ event: TEventView; notified: number; budget: TBudgetCheck }> {
    const found = await findEvent(this.deps.prisma, id);
    const now = new Date();
    const result = await this.deps.prisma.$transaction(async (tx) => {
      const event = (await lockEvent(tx, found.id))!;
      if (event.cancelledAt) throw new AppError("このイベントはすでに中止しています。", 409);
      if (now >= event.startsAt) throw new AppError("始まったイベントは中止にできません。", 409);
      await tx.event.update({ where: { id: event.id }, data: { cancelledAt: now } });
      const recipients = await registrantsOf(tx, event.id, ["confirmed", "waitlisted"]);
      // Telling people not to come is never held back by the budget; its cost is reported.
      const budget = await checkBudget(tx, recipients.length, now);
      await withdrawFromPendingDeliveries(tx, event.id, "everyone");
      for (const [lang, group] of groupByLanguage(recipients)) {
        await this.deps.deliveries.enqueue(tx, `event.cancelled:${event.id}`, group, [{ type: "text", text: eventCancelledText(event, options.reason, lang, options.reasonEn, options.reasonEasy) }], { urgent: true, expiresAt: event.startsAt });
      }
      await recordAudit(tx, { actor: actorName(staff), action: "event.cancelled", target: `event:${event.id}`, detail: { notified: recipients.length } });
      return { notified: recipients.length, budget };
    }, TX);
    return { event: await this.get(found.id), ...result };
  }

  /** A message from staff to everyone signed up (confirmed, and by default the waiting list). */
  async message(id: string, staff: TStaffActor, input: TEventMessageInput): Promise<TEventSendResult> {
    const found = await findEvent(this.deps.prisma, id);
    const now = new Date();
    return this.deps.prisma.$transaction(async (tx) => {
      const event = (await tx.event.findUnique({ where: { id: found.id } }))!;
      const recipients = await registrantsOf(tx, event.id, input.includeWaitlisted ? ["confirmed", "waitlisted"] : ["confirmed"]);
      if (input.dryRun || recipients.length === 0) return { sent: false, recipients: recipients.length, budget: await checkBudget(tx, recipients.length, now) };
      const budget = await assertWithinBudget(tx, recipients.length, staff, input.confirmOverBudget, { purpose: `event.message:${event.id}`, now });
      for (const [lang, group] of groupByLanguage(recipients)) {
        await this.deps.deliveries.enqueue(tx, `event.message:${event.id}`, group, [{ type: "text", text: staffMessageText(event, input.text, lang, input.textEn, input.textEasy) }], { urgent: input.urgent });
      }
      await recordAudit(tx, {
        actor: actorName(staff),
        action: "event.messaged",
        target: `event:${event.id}`,
        detail: { recipients: recipients.length, urgent: input.urgent, characters: input.text.length, overBudget: budget.exceeds },
      });
      return { sent: true, recipients: recipients.length, budget };
    }, TX);
  }

  async registrations(id: string, options: { includeCancelled: boolean }): Promise<{ event: TEventView; registrations: TRegistrationView[] }> {
    const found = await findEvent(this.deps.prisma, id);
    const rows = await this.deps.prisma.eventRegistration.findMany({
      where: { eventId: found.id, ...(options.includeCancelled ? {} : { status: { in: ["confirmed", "waitlisted"] } }) },
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
      include: { resident: { select: { id: true, profile: true } } },
    });
    let position = 0;
    const views = rows.map((r) => this.registrationView(found, r, r.status === "waitlisted" ? ++position : null));
    // Confirmed first, then the waiting list in order, then cancelled.
    const rank: Record<string, number> = { confirmed: 0, waitlisted: 1, cancelled: 2 };
    views.sort((a, b) => rank[a.status]! - rank[b.status]!);
    return { event: await this.view(this.deps.prisma, found), registrations: views };
  }

  async markAttendance(id: string, registrationId: string, attended: boolean | null, staff: TStaffActor): Promise<TRegistrationView> {
    const event = await findEvent(this.deps.prisma, id);
    return this.deps.prisma.$transaction(async (tx) => {
      const found = isUuid(registrationId) ? await tx.eventRegistration.findUnique({ where: { id: registrationId } }) : null;
      if (!found || found.eventId !== event.id) throw new NotFoundError("その申し込みは見つかりません。");
      const updated = await tx.eventRegistration.update({ where: { id: found.id }, data: { attended }, include: { resident: { select: { id: true, profile: true } } } });
      await recordAudit(tx, { actor: actorName(staff), action: "event.attendance_marked", target: `event:${event.id}`, detail: { registration: found.id, attended } });
      const position = updated.status === "waitlisted" ? await tx.eventRegistration.count({ where: { eventId: event.id, status: "waitlisted", createdAt: { lte: updated.createdAt } } }) : null;
      return this.registrationView(event, updated, position);
    });
  }

  /** The sign-ups for an export; reading personal data out of the bot is recorded. */
  async exportRegistrations(id: string, staff: TStaffActor, format: "csv" | "json"): Promise<{ event: TEventView; registrations: TRegistrationView[] }> {
    const result = await this.registrations(id, { includeCancelled: true });
    await recordAudit(this.deps.prisma, {
      actor: actorName(staff),
      action: "event.registrations_exported",
      target: `event:${result.event.id}`,
      detail: { format, rows: result.registrations.length },
    });
    return result;
  }

  private async view(db: Db, event: Event): Promise<TEventView> {
    const counts = await countsFor(db, [event.id]);
    return toView(event, counts.get(event.id), new Date());
  }

  private registrationView(event: Event, r: { id: string; status: string; companions: number; attended: boolean | null; createdAt: Date; promotedAt: Date | null; cancelledAt: Date | null; resident: { id: string; profile: unknown } }, position: number | null): TRegistrationView {
    const profile = storedJson(ZResidentProfile, r.resident.profile, "Resident", "profile", r.resident.id);
    return {
      id: r.id,
      receiptNumber: receiptNumber(event.number, r.id),
      status: r.status as TRegistrationStatus,
      position,
      companions: r.companions,
      seats: 1 + r.companions,
      district: profile.district ?? null,
      districtLabel: profile.district ? profileLabel(this.deps.files, "district", profile.district) : null,
      ageBand: profile.ageBand ?? null,
      ageBandLabel: profile.ageBand ? profileLabel(this.deps.files, "ageBand", profile.ageBand) : null,
      attended: r.attended,
      createdAt: r.createdAt.toISOString(),
      promotedAt: r.promotedAt?.toISOString() ?? null,
      cancelledAt: r.cancelledAt?.toISOString() ?? null,
    };
  }
}


/** An event by id (uuid) or number; 404 otherwise. */
export async function findEvent(db: Db, id: string): Promise<Event> {
  const where = idOrNumber(id);
  const event = where ? await db.event.findUnique({ where }) : null;
  if (!event) throw new NotFoundError("そのイベントは見つかりません。");
  return event;
}

export async function countsFor(db: Db, eventIds: string[]): Promise<Map<string, Counts>> {
  const counts = new Map<string, Counts>();
  if (eventIds.length === 0) return counts;
  const groups = await db.eventRegistration.groupBy({
    by: ["eventId", "status"],
    where: { eventId: { in: eventIds }, status: { in: ["confirmed", "waitlisted"] } },
    _count: { _all: true },
    _sum: { companions: true },
  });
  for (const g of groups) {
    const c = counts.get(g.eventId) ?? { seatsTaken: 0, confirmed: 0, waitlisted: 0 };
    if (g.status === "confirmed") {
      c.confirmed = g._count._all;
      c.seatsTaken = g._count._all + (g._sum.companions ?? 0);
    } else c.waitlisted = g._count._all;
    counts.set(g.eventId, c);
  }
  return counts;
}

export function eventStatus(e: Pick<Event, "cancelledAt" | "startsAt" | "signupDeadline" | "capacity">, seatsTakenNow: number, now: Date): TEventStatus {
  if (e.cancelledAt) return "cancelled";
  if (now >= e.startsAt) return "finished";
  if (now > e.signupDeadline) return "closed";
  return seatsTakenNow >= e.capacity ? "full" : "open";
}

function toView(e: Event, counts: Counts | undefined, now: Date): TEventView {
  const c = counts ?? { seatsTaken: 0, confirmed: 0, waitlisted: 0 };
  return {
    id: e.id,
    number: e.number,
    title: e.title,
    description: e.description,
    imageUrl: e.imageUrl,
    startsAt: e.startsAt.toISOString(),
    endsAt: e.endsAt?.toISOString() ?? null,
    place: e.place,
    mapUrl: e.mapUrl,
    capacity: e.capacity,
    signupDeadline: e.signupDeadline.toISOString(),
    audience: audienceOf(e, "Event"),
    maxCompanions: e.maxCompanions,
    organizer: e.organizer,
    titleEn: e.titleEn,
    descriptionEn: e.descriptionEn,
    placeEn: e.placeEn,
    organizerEn: e.organizerEn,
    titleEasy: e.titleEasy,
    descriptionEasy: e.descriptionEasy,
    placeEasy: e.placeEasy,
    organizerEasy: e.organizerEasy,
    status: eventStatus(e, c.seatsTaken, now),
    version: e.version,
    announcedAt: e.announcedAt?.toISOString() ?? null,
    cancelledAt: e.cancelledAt?.toISOString() ?? null,
    seatsTaken: c.seatsTaken,
    seatsLeft: Math.max(0, e.capacity - c.seatsTaken),
    confirmedCount: c.confirmed,
    waitlistedCount: c.waitlisted,
    signupPostback: signupPostback(e.number),
    untranslated: untranslatedEvent(e),
    withoutEasy: untranslatedEvent(e, "easy"),
    createdAt: e.createdAt.toISOString(),
    updatedAt: e.updatedAt.toISOString(),
  };
}

type Recipient = { lineUserId: string; language: string };

/** Residents signed up (in these states) who still follow the account: the cost of a send to them. */
async function registrantsOf(tx: Tx, eventId: string, statuses: TRegistrationStatus[]): Promise<Recipient[]> {
  const rows = await tx.eventRegistration.findMany({
    where: { eventId, status: { in: statuses }, resident: { reachable: true } },
    select: { resident: { select: { lineUserId: true, language: true } } },
    orderBy: { createdAt: "asc" },
  });
  return rows.map((r) => r.resident);
}

/** The label onboarding gives a profile value ("nagato" → "長門"). */
export function profileLabel(files: FlowSet, field: "district" | "ageBand", value: string): string {
  return profileLabels(files, field).label(value);
}
