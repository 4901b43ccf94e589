// Volunteer opportunities with shifts, as staff post and edit them, and the invitation of the
// volunteers who match. Every staff change is in the audit trail.
import { type PrismaClient, type Prisma } from "../../generated/prisma/client.ts";
import { AppError, NotFoundError, ValidationError } from "../../errors.ts";
import { type FlowSet } from "../../flows/FlowSet.ts";
import { type DeliveryQueue } from "../delivery/DeliveryQueue.ts";
import { assertWithinBudget, checkBudget } from "../delivery/messageBudget.ts";
import { recordAudit } from "../recordAudit.ts";
import { actorName, type TStaffActor } from "../staff/staffTypes.ts";
import { matchVolunteer } from "./matchVolunteer.ts";
import { lockShift, ShiftSignups } from "./ShiftSignups.ts";
import { isUuid } from "../isUuid.ts";
import { type TOutMessage } from "../../flows/engineTypes.ts";
import { untranslatedOpportunity } from "../messages/untranslated.ts";
import { groupByLanguage } from "../delivery/byLanguage.ts";
import { shiftFacts } from "./shiftFacts.ts";
import { invitationMessages, shiftSignupPostback } from "./volunteerMessages.ts";
import { profileChoices } from "./volunteerOptions.ts";
import {
  type TInviteInput,
  type TInviteResult,
  type TOpportunityInput,
  type TOpportunityListQuery,
  type TOpportunityView,
  type TShiftView,
} from "./volunteerTypes.ts";
import { type TLanguage, toLanguage } from "../../flows/flowSchema.ts";

type Db = PrismaClient | Prisma.TransactionClient;

const opportunityInclude = { shifts: { orderBy: [{ startsAt: "asc" as const }, { id: "asc" as const }] } } satisfies Prisma.OpportunityInclude;
type OpportunityRow = Prisma.OpportunityGetPayload<{ include: typeof opportunityInclude }>;

/** A volunteer who may be invited, with where to reach them. */
type Candidate = { lineUserId: string; language: string; areas: string[]; districts: string[]; availability: string[]; ageBand: string | null };

export class OpportunityService {
  private readonly signups: ShiftSignups;

  constructor(private readonly deps: { prisma: PrismaClient; deliveries: DeliveryQueue; files: FlowSet }) {
    this.signups = new ShiftSignups(deps.deliveries);
  }

  /** Areas and districts must be onboarding's values, or matching would never find anyone. */
  private checkSegments(input: TOpportunityInput): void {
    const problems: string[] = [];
    const known = (field: "interests" | "district") => new Set(profileChoices(this.deps.files, field).map((c) => c.value));
    const areas = known("interests");
    const districts = known("district");
    for (const a of input.areas) if (!areas.has(a)) problems.push(`分野「${a}」はありません`);
    for (const d of input.districts) if (!districts.has(d)) problems.push(`地区「${d}」はありません`);
    if (problems.length > 0) throw new ValidationError("分野・地区は選択肢から選んでください。", problems);
  }

  async create(input: TOpportunityInput, staff: TStaffActor): Promise<TOpportunityView> {
    this.checkSegments(input);
    if (input.shifts.some((s) => s.id)) throw new ValidationError("新しい募集のシフトにIDは付けられません。");
    const id = await this.deps.prisma.$transaction(async (tx) => {
      const { shifts, ...fields } = input;
      const row = await tx.opportunity.create({
        data: { ...fields, createdById: staff.id, shifts: { create: shifts.map(({ id: _id, ...s }) => s) } },
      });
      await recordAudit(tx, { actor: actorName(staff), action: "opportunity.created", target: `opportunity:${row.id}`, detail: { number: row.number, shifts: shifts.length } });
      return row.id;
    });
    return this.get(id);
  }

  /**
   * Replaces the opportunity's fields and its list of shifts: a shift given with its id is kept
   * (with its sign-ups) and updated, one without an id is added, one left out is removed — unless
   * someone signed up for it. More people needed: the waiting list moves up.
   */
  async update(id: string, input: TOpportunityInput, staff: TStaffActor): Promise<TOpportunityView> {
    this.checkSegments(input);
    const now = new Date();
    await this.deps.prisma.$transaction(async (tx) => {
      const existing = isUuid(id) ? await tx.opportunity.findUnique({ where: { id }, include: { shifts: { select: { id: true } } } }) : null;
      if (!existing) throw new NotFoundError("その募集はありません。");
      await tx.$executeRaw`SELECT 1 FROM "Opportunity" WHERE "id" = ${id}::uuid FOR UPDATE`;
      const { shifts, ...fields } = input;
      const keptIds = new Set(shifts.flatMap((s) => (s.id ? [s.id] : [])));
      const ownIds = new Set(existing.shifts.map((s) => s.id));
      for (const s of keptIds) if (!ownIds.has(s)) throw new ValidationError("この募集にないシフトが含まれています。");
      const removed = existing.shifts.filter((s) => !keptIds.has(s.id)).map((s) => s.id);
      if (removed.length > 0) {
        const taken = await tx.shiftSignup.count({ where: { shiftId: { in: removed }, status: { not: "cancelled" } } });
        if (taken > 0) throw new AppError("申し込みのあるシフトは削除できません。必要人数や日時を変更するか、参加者に連絡してください。", 409);
        await tx.shift.deleteMany({ where: { id: { in: removed } } });
      }
      await tx.opportunity.update({ where: { id }, data: { ...fields, version: { increment: 1 } } });
      let promoted = 0;
      for (const { id: shiftId, ...s } of shifts) {
        if (!shiftId) {
          await tx.shift.create({ data: { ...s, opportunityId: id } });
          continue;
        }
        const locked = await lockShift(tx, shiftId);
        await tx.shift.update({ where: { id: shiftId }, data: s });
        if (locked && s.needed > locked.needed) promoted += await this.signups.promote(tx, { ...locked, ...s }, now);
      }
      await recordAudit(tx, {
        actor: actorName(staff),
        action: "opportunity.updated",
        target: `opportunity:${id}`,
        detail: { shifts: shifts.length, removedShifts: removed.length, promoted },
      });
    });
    return this.get(id);
  }

  async list(query: TOpportunityListQuery): Promise<TOpportunityView[]> {
    const startsAt = { ...(query.from ? { gte: query.from } : {}), ...(query.to ? { lt: query.to } : {}) };
    const rows = await this.deps.prisma.opportunity.findMany({
      where: query.from || query.to ? { shifts: { some: { startsAt } } } : {},
      include: opportunityInclude,
      orderBy: { number: "desc" },
    });
    return this.views(rows);
  }

  async get(id: string): Promise<TOpportunityView> {
    const row = isUuid(id) ? await this.deps.prisma.opportunity.findUnique({ where: { id }, include: opportunityInclude }) : null;
    if (!row) throw new NotFoundError("その募集はありません。");
    return (await this.views([row]))[0]!;
  }

  private async views(rows: OpportunityRow[]): Promise<TOpportunityView[]> {
    const shiftIds = rows.flatMap((r) => r.shifts.map((s) => s.id));
    const counts = shiftIds.length
      ? await this.deps.prisma.shiftSignup.groupBy({ by: ["shiftId", "status"], where: { shiftId: { in: shiftIds } }, _count: { _all: true } })
      : [];
    const count = (shiftId: string, status: string) => counts.find((c) => c.shiftId === shiftId && c.status === status)?._count._all ?? 0;
    const now = new Date();
    return rows.map((r) => ({
      untranslated: untranslatedOpportunity(r),
      withoutEasy: untranslatedOpportunity(r, "easy"),
      id: r.id,
      number: r.number,
      title: r.title,
      description: r.description,
      organizer: r.organizer,
      titleEn: r.titleEn,
      descriptionEn: r.descriptionEn,
      organizerEn: r.organizerEn,
      titleEasy: r.titleEasy,
      descriptionEasy: r.descriptionEasy,
      organizerEasy: r.organizerEasy,
      areas: r.areas,
      skills: r.skills,
      districts: r.districts,
      youthTargeted: r.youthTargeted,
      status: r.shifts.some((s) => s.startsAt > now) ? "open" : "finished",
      version: r.version,
      invitedAt: r.invitedAt?.toISOString() ?? null,
      shifts: r.shifts.map((s): TShiftView => {
        const confirmedCount = count(s.id, "confirmed");
        return {
          id: s.id,
          startsAt: s.startsAt.toISOString(),
          endsAt: s.endsAt.toISOString(),
          place: s.place,
          placeEn: s.placeEn,
          placeEasy: s.placeEasy,
          needed: s.needed,
          confirmedCount,
          waitlistedCount: count(s.id, "waitlisted"),
          remaining: Math.max(0, s.needed - confirmedCount),
          signupPostback: shiftSignupPostback(s.id),
        };
      }),
      createdAt: r.createdAt.toISOString(),
      updatedAt: r.updatedAt.toISOString(),
    }));
  }

  /** Registered, active, reachable volunteers (with consent) who match, and why. */
  private async matching(db: Db, o: OpportunityRow, shiftStarts: Date[]) {
    const rows = await db.volunteerProfile.findMany({
      where: { status: "active", resident: { reachable: true, consentedAt: { not: null } } },
      select: { areas: true, districts: true, availability: true, ageBand: true, resident: { select: { lineUserId: true, language: true } } },
    });
    const facts = { areas: o.areas, districts: o.districts, youthTargeted: o.youthTargeted, shiftStarts };
    const matched: (Candidate & { why: "match" | "youth" })[] = [];
    for (const r of rows) {
      const candidate = { ...r, lineUserId: r.resident.lineUserId, language: r.resident.language };
      const why = matchVolunteer(candidate, facts);
      if (why) matched.push({ ...candidate, why });
    }
    return matched;
  }

  /** The invitation as matching volunteers will read it in one language, from the builder the send uses. */
  async previewInvitation(id: string, lang: TLanguage, now = new Date()): Promise<TOutMessage[]> {
    const row = isUuid(id) ? await this.deps.prisma.opportunity.findUnique({ where: { id }, include: opportunityInclude }) : null;
    if (!row) throw new NotFoundError("その募集はありません。");
    const upcoming = row.shifts.filter((s) => s.startsAt > now);
    const confirmed = await this.deps.prisma.shiftSignup.groupBy({ by: ["shiftId"], where: { shiftId: { in: upcoming.map((s) => s.id) }, status: "confirmed" }, _count: { _all: true } });
    const shifts = upcoming.map((s) => ({ ...shiftFacts(s, row), remaining: Math.max(0, s.needed - (confirmed.find((c) => c.shiftId === s.id)?._count._all ?? 0)) }));
    return invitationMessages(row, shifts, lang);
  }

  /**
   * Invites the matching volunteers once: the opportunity is claimed by a conditional UPDATE on
   * invitedAt in the same transaction that records the messages, so a second call (or a second
   * process) invites nobody. The month's message budget is checked first.
   */
  async invite(id: string, input: TInviteInput, staff: TStaffActor): Promise<TInviteResult> {
    const now = new Date();
    const row = isUuid(id) ? await this.deps.prisma.opportunity.findUnique({ where: { id }, include: opportunityInclude }) : null;
    if (!row) throw new NotFoundError("その募集はありません。");
    if (row.invitedAt) throw new AppError(`この募集はすでに案内しました（${row.invitedAt.toISOString()}）。`, 409);
    const upcoming = row.shifts.filter((s) => s.startsAt > now);
    if (upcoming.length === 0) throw new AppError("これから始まるシフトがないため、案内できません。", 409);
    const preview = await this.matching(this.deps.prisma, row, upcoming.map((s) => s.startsAt));
    // One message per recipient, as LINE counts a multicast (the card and its intro go in one call).
    const budget = await checkBudget(this.deps.prisma, preview.length, now);
    const counts = { matched: preview.length, matchedAsYouth: preview.filter((m) => m.why === "youth").length, shifts: upcoming.length };
    if (input.dryRun) return { dryRun: true, ...counts, invited: 0, budget, invitedAt: null };

    return this.deps.prisma.$transaction(
      async (tx) => {
        const claimed = await tx.$executeRaw`UPDATE "Opportunity" SET "invitedAt" = ${now} WHERE "id" = ${id}::uuid AND "invitedAt" IS NULL`;
        if (claimed !== 1) throw new AppError("この募集はすでに案内しました。", 409);
        // Counted again inside the claim: the list sent is the list of this moment.
        const matched = await this.matching(tx, row, upcoming.map((s) => s.startsAt));
        // The budget under its lock, for the list sent: another send may have used it since the preview.
        const locked = await assertWithinBudget(tx, matched.length, staff, input.confirmOverBudget, { purpose: `opportunity.invite:${id}`, now });
        const confirmed = await tx.shiftSignup.groupBy({ by: ["shiftId"], where: { shiftId: { in: upcoming.map((s) => s.id) }, status: "confirmed" }, _count: { _all: true } });
        const shifts = upcoming.map((s) => ({ ...shiftFacts(s, row), remaining: Math.max(0, s.needed - (confirmed.find((c) => c.shiftId === s.id)?._count._all ?? 0)) }));
        for (const [language, ids] of groupByLanguage(matched)) {
          // An invitation is pointless once the last of its shifts has started.
          await this.deps.deliveries.enqueue(tx, `opportunity.invite:${id}`, ids, invitationMessages(row, shifts, language), { expiresAt: new Date(Math.max(...upcoming.map((s) => s.startsAt.getTime()))) });
        }
        const result = { matched: matched.length, matchedAsYouth: matched.filter((m) => m.why === "youth").length, shifts: shifts.length };
        await recordAudit(tx, {
          actor: actorName(staff),
          action: "opportunity.invited",
          target: `opportunity:${id}`,
          detail: { ...result, overBudget: locked.exceeds },
        });
        return { dryRun: false, ...result, invited: matched.length, budget: locked, invitedAt: now.toISOString() };
      },
      { timeout: 60_000, maxWait: 20_000 },
    );
  }
}
