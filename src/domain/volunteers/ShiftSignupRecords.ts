// Sign-ups as staff see them: who signed up for each shift (profile segments, never names), the
// hours staff record afterwards with the volunteer's thank-you, and the export of an opportunity's
// sign-ups. Every staff change is in the audit trail.
import { type PrismaClient, type Prisma } from "../../generated/prisma/client.ts";
import { NotFoundError, ValidationError } from "../../errors.ts";
import { ZResidentProfile } from "../../flows/engineTypes.ts";
import { type FlowSet } from "../../flows/FlowSet.ts";
import { type DeliveryQueue } from "../delivery/DeliveryQueue.ts";
import { recordAudit } from "../recordAudit.ts";
import { claimOnce } from "../scheduling/claimOnce.ts";
import { actorName, type TStaffActor } from "../staff/staffTypes.ts";
import { formatTokyoIso } from "../../tokyoTime.ts";
import { isUuid } from "../isUuid.ts";
import { type TOutMessage } from "../../flows/engineTypes.ts";
import { groupByLanguage } from "../delivery/byLanguage.ts";
import { assertWithinBudget, checkBudget, type TBudgetCheck } from "../delivery/messageBudget.ts";
import { type TStaffMessageInput, type TStaffMessagePreview } from "../messages/staffMessageInput.ts";
import { opportunityTextsSelect, shiftFacts } from "./shiftFacts.ts";
import { shiftStaffMessageText, thankYouText } from "./volunteerMessages.ts";
import { labeller, volunteerOptions } from "./volunteerOptions.ts";
import { minorAgeBand, type TShiftMessageResult, type TShiftSignupView, type TSignupExportRow, type TSignupStatus, type TSignupUpdate } from "./volunteerTypes.ts";
import { storedJson } from "../../db/storedJson.ts";
import { toLanguage } from "../../flows/flowSchema.ts";

const signupInclude = {
  resident: { select: { id: true, profile: true, lineUserId: true, language: true, volunteer: { select: { ageBand: true, skills: true, isMinor: true } } } },
} satisfies Prisma.ShiftSignupInclude;
type SignupRow = Prisma.ShiftSignupGetPayload<{ include: typeof signupInclude }>;

export const thankYouKey = (signupId: string) => `shift.thanks:${signupId}`;
/** Purpose of a message from staff to a shift's volunteers in the delivery queue. */
export const shiftMessagePurpose = (shiftId: string) => `shift.message:${shiftId}`;

/** What a message to a shift's volunteers did (or would cost, in a dry run): counts only. */
export type { TShiftMessageResult } from "./volunteerTypes.ts";

export const statusLabels: Record<TSignupStatus, string> = { confirmed: "参加確定", waitlisted: "キャンセル待ち", cancelled: "キャンセル" };

export class ShiftSignupRecords {
  constructor(private readonly deps: { prisma: PrismaClient; deliveries: DeliveryQueue; files: FlowSet }) {}

  private views(opportunityNumber: number, rows: SignupRow[]): TShiftSignupView[] {
    const options = volunteerOptions(this.deps.files);
    const district = labeller(options.districts);
    const ageBand = labeller(options.ageBands);
    const skill = labeller(options.skills);
    // Waiting-list places in sign-up order (createdAt, then id), as the sign-up reply told them.
    const waiting = rows
      .filter((r) => r.status === "waitlisted")
      .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || (a.id < b.id ? -1 : 1))
      .map((r) => r.id);
    return rows.map((r) => {
      const profile = storedJson(ZResidentProfile, r.resident.profile, "Resident", "profile", r.resident.id);
      const band = r.resident.volunteer?.ageBand ?? profile.ageBand ?? null;
      const skills = r.resident.volunteer?.skills ?? [];
      return {
        id: r.id,
        receiptNumber: `V${opportunityNumber}-${r.id.slice(0, 8).toUpperCase()}`,
        status: r.status as TSignupStatus,
        position: r.status === "waitlisted" ? waiting.indexOf(r.id) + 1 : null,
        district: profile.district ?? null,
        districtLabel: district(profile.district),
        ageBand: band,
        ageBandLabel: ageBand(band),
        skills,
        skillLabels: skills.map((s) => skill(s)!),
        isMinor: r.resident.volunteer?.isMinor ?? band === minorAgeBand,
        attended: r.attended,
        hours: r.hours,
        createdAt: r.createdAt.toISOString(),
        promotedAt: r.promotedAt?.toISOString() ?? null,
        cancelledAt: r.cancelledAt?.toISOString() ?? null,
      };
    });
  }

  /** One shift's sign-ups: confirmed first, then the waiting list in order, then (if asked) the cancelled. */
  async list(shiftId: string, includeCancelled: boolean): Promise<{ shiftId: string; needed: number; signups: TShiftSignupView[] }> {
    const shift = isUuid(shiftId) ? await this.deps.prisma.shift.findUnique({ where: { id: shiftId }, include: { opportunity: { select: { number: true } } } }) : null;
    if (!shift) throw new NotFoundError("そのシフトはありません。");
    const rows = await this.deps.prisma.shiftSignup.findMany({
      where: { shiftId, ...(includeCancelled ? {} : { status: { not: "cancelled" } }) },
      include: signupInclude,
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    });
    return { shiftId, needed: shift.needed, signups: this.sortedViews(shift.opportunity.number, rows) };
  }

  /**
   * Staff record attendance and hours. The first time a sign-up is attended with hours, the
   * volunteer gets a thank-you with this shift's hours and their total so far — once (claimOnce in
   * the same transaction), held by quiet hours like every non-urgent message.
   */
  async update(shiftId: string, signupId: string, input: TSignupUpdate, staff: TStaffActor): Promise<TShiftSignupView & { thanked: boolean }> {
    if (input.attended === false && input.hours) throw new ValidationError("欠席の人には時間を記録できません。");
    return this.deps.prisma.$transaction(async (tx) => {
      const found = isUuid(signupId) ? await tx.shiftSignup.findUnique({ where: { id: signupId }, include: { shift: { include: { opportunity: true } } } }) : null;
      if (!found || found.shiftId !== shiftId) throw new NotFoundError("その申し込みはありません。");
      // Hours mean they came, unless staff say otherwise; someone absent has no hours.
      const attended = input.attended !== undefined ? input.attended : input.hours ? true : found.attended;
      const hours = attended === false ? null : input.hours !== undefined ? input.hours : found.hours;
      const row = await tx.shiftSignup.update({ where: { id: signupId }, data: { attended, hours }, include: signupInclude });
      await recordAudit(tx, { actor: actorName(staff), action: "shift.signup_recorded", target: `signup:${signupId}`, detail: { attended, hours } });

      let thanked = false;
      if (attended === true && hours && hours > 0 && (await claimOnce(tx, thankYouKey(signupId)))) {
        const total = await tx.shiftSignup.aggregate({ where: { residentId: row.residentId }, _sum: { hours: true } });
        const text = thankYouText(shiftFacts(found.shift, found.shift.opportunity), hours, total._sum.hours ?? hours, toLanguage(row.resident.language));
        await this.deps.deliveries.enqueue(tx, thankYouKey(signupId), [row.resident.lineUserId], [{ type: "text", text }]);
        thanked = true;
      }
      return { ...this.views(found.shift.opportunity.number, [row])[0]!, thanked };
    });
  }

  /** A message to a shift's volunteers, as they will read it in one language. */
  async previewMessage(shiftId: string, words: TStaffMessagePreview): Promise<TOutMessage[]> {
    const shift = isUuid(shiftId) ? await this.deps.prisma.shift.findUnique({ where: { id: shiftId }, include: { opportunity: { select: opportunityTextsSelect } } }) : null;
    if (!shift) throw new NotFoundError("そのシフトはありません。");
    return [{ type: "text", text: shiftStaffMessageText(shiftFacts(shift, shift.opportunity), words.text, words.lang, words.textEn, words.textEasy) }];
  }

  /**
   * A message from staff to a shift's volunteers (confirmed, and by default the waiting list): a
   * change of place, what to bring. Checked against the month's budget in the transaction that
   * records it; each volunteer reads it in their language.
   */
  async message(shiftId: string, staff: TStaffActor, input: TStaffMessageInput): Promise<TShiftMessageResult> {
    const now = new Date();
    return this.deps.prisma.$transaction(async (tx) => {
      const shift = isUuid(shiftId) ? await tx.shift.findUnique({ where: { id: shiftId }, include: { opportunity: { select: opportunityTextsSelect } } }) : null;
      if (!shift) throw new NotFoundError("そのシフトはありません。");
      const rows = await tx.shiftSignup.findMany({
        where: { shiftId, status: { in: input.includeWaitlisted ? ["confirmed", "waitlisted"] : ["confirmed"] }, resident: { reachable: true } },
        select: { resident: { select: { lineUserId: true, language: true } } },
        orderBy: [{ createdAt: "asc" }, { id: "asc" }],
      });
      const recipients = rows.map((r) => r.resident);
      if (input.dryRun || recipients.length === 0) return { sent: false, recipients: recipients.length, budget: await checkBudget(tx, recipients.length, now) };
      const purpose = shiftMessagePurpose(shiftId);
      const budget = await assertWithinBudget(tx, recipients.length, staff, input.confirmOverBudget, { purpose, now });
      const facts = shiftFacts(shift, shift.opportunity);
      for (const [lang, ids] of groupByLanguage(recipients)) {
        // Pointless once the shift is over.
        await this.deps.deliveries.enqueue(tx, purpose, ids, [{ type: "text", text: shiftStaffMessageText(facts, input.text, lang, input.textEn, input.textEasy) }], { urgent: input.urgent, expiresAt: shift.endsAt });
      }
      await recordAudit(tx, {
        actor: actorName(staff),
        action: "shift.messaged",
        target: `shift:${shiftId}`,
        detail: { recipients: recipients.length, urgent: input.urgent, characters: input.text.length, overBudget: budget.exceeds },
      });
      return { sent: true, recipients: recipients.length, budget };
    });
  }

  /** Every sign-up of an opportunity not cancelled, by shift, for the export. */
  async exportRows(opportunityId: string, staff: TStaffActor, format: "csv" | "json"): Promise<TSignupExportRow[]> {
    const opportunity = isUuid(opportunityId)
      ? await this.deps.prisma.opportunity.findUnique({ where: { id: opportunityId }, include: { shifts: { orderBy: [{ startsAt: "asc" }, { id: "asc" }] } } })
      : null;
    if (!opportunity) throw new NotFoundError("その募集はありません。");
    const rows = await this.deps.prisma.shiftSignup.findMany({
      where: { shiftId: { in: opportunity.shifts.map((s) => s.id) }, status: { not: "cancelled" } },
      include: signupInclude,
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    });
    await recordAudit(this.deps.prisma, { actor: actorName(staff), action: "opportunity.signups_exported", target: `opportunity:${opportunityId}`, detail: { format, rows: rows.length } });
    const out: TSignupExportRow[] = [];
    for (const shift of opportunity.shifts) {
      const views = this.sortedViews(opportunity.number, rows.filter((r) => r.shiftId === shift.id));
      for (const v of views) {
        out.push({
          opportunityNumber: opportunity.number,
          opportunityTitle: opportunity.title,
          shiftId: shift.id,
          shiftStartsAt: formatTokyoIso(shift.startsAt),
          shiftEndsAt: formatTokyoIso(shift.endsAt),
          place: shift.place,
          receiptNumber: v.receiptNumber,
          status: v.status,
          position: v.position,
          district: v.districtLabel ?? "",
          ageBand: v.ageBandLabel ?? "",
          skills: v.skillLabels.join("、"),
          isMinor: v.isMinor,
          attended: v.attended,
          hours: v.hours,
          createdAt: formatTokyoIso(new Date(v.createdAt)),
        });
      }
    }
    return out;
  }

  private sortedViews(opportunityNumber: number, rows: SignupRow[]): TShiftSignupView[] {
    const order: Record<string, number> = { confirmed: 0, waitlisted: 1, cancelled: 2 };
    return this.views(opportunityNumber, rows).sort((a, b) => order[a.status]! - order[b.status]! || (a.position ?? 0) - (b.position ?? 0));
  }
}

/** The CSV's columns, in Japanese for staff, from an export row. */
export const exportHeaders = ["募集番号", "募集名", "シフトID", "開始", "終了", "場所", "受付番号", "状態", "待ち順", "お住まいの地区", "年代", "できること", "18歳未満", "出欠", "活動時間", "申込日時"];

export function exportCells(r: TSignupExportRow): (string | number | null)[] {
  return [
    r.opportunityNumber,
    r.opportunityTitle,
    r.shiftId,
    r.shiftStartsAt,
    r.shiftEndsAt,
    r.place,
    r.receiptNumber,
    statusLabels[r.status],
    r.position,
    r.district,
    r.ageBand,
    r.skills,
    r.isMinor ? "はい" : "",
    r.attended === null ? "" : r.attended ? "出席" : "欠席",
    r.hours,
    r.createdAt,
  ];
}
