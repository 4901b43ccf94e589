// Actions flows can call by name (step `action: { name }`). Each runs inside the turn's
// transaction; later domains (comments, events, volunteers) add theirs here.
import { type Prisma } from "../generated/prisma/client.ts";
import { type TOutMessage } from "../flows/engineTypes.ts";
import { type FlowSet } from "../flows/FlowSet.ts";
import { recordAudit } from "../domain/recordAudit.ts";
import { myDataMessages } from "./myDataMessages.ts";
import { DeliveryQueue } from "../domain/delivery/DeliveryQueue.ts";
import { EventRegistrations } from "../domain/events/EventRegistrations.ts";
import { ShiftSignups } from "../domain/volunteers/ShiftSignups.ts";

export type TResidentRow = { id: string; lineUserId: string; language: string; profile: unknown; consentVersion: string | null; consentedAt: Date | null };

export type TActionContext = {
  tx: Prisma.TransactionClient;
  resident: TResidentRow;
  args: Record<string, unknown>;
  /** The conversation's answers so far (and values handed in by the button that started it). */
  answers: Record<string, unknown>;
  now: Date;
  flows: FlowSet;
  privacyNoticeVersion: string;
  /** Names the resident in the audit trail without their LINE id. */
  actor: string;
};

export type TActionResult = { outcome?: string; messages?: TOutMessage[]; residentDeleted?: boolean };

export type TAction = (ctx: TActionContext) => Promise<TActionResult>;
type Action = TAction;

export const residentActions = {
  async recordConsent({ tx, resident, now, privacyNoticeVersion, actor }) {
    await tx.resident.update({ where: { id: resident.id }, data: { consentVersion: privacyNoticeVersion, consentedAt: now } });
    await recordAudit(tx, { actor, action: "resident.consented", detail: { noticeVersion: privacyNoticeVersion } });
    return { outcome: "consented" };
  },

  /** No consent (or consent withdrawn): nothing personal is kept, so what was kept goes. */
  async declineConsent({ tx, resident, actor, now }) {
    const had = resident.consentVersion !== null;
    // What was kept on the strength of the consent goes with it; public comments and sign-ups,
    // which the resident gave under their own notices, stay.
    await tx.answer.deleteMany({ where: { residentId: resident.id } });
    await tx.pollResponse.deleteMany({ where: { residentId: resident.id } });
    await tx.volunteerProfile.deleteMany({ where: { residentId: resident.id } });
    // Answers left paused to take up later go too, with what they held.
    await tx.conversation.updateMany({
      where: { residentId: resident.id, status: "paused" },
      data: { status: "cancelled", endedAt: now, state: { v: 1, stepId: "", phase: "ask", answers: {}, nonce: "", retries: 0 } },
    });
    await tx.resident.update({ where: { id: resident.id }, data: { consentVersion: null, consentedAt: null, profile: {} } });
    await recordAudit(tx, { actor, action: had ? "resident.consent_withdrawn" : "resident.consent_declined" });
    return { outcome: "declined" };
  },

  async showMyData({ tx, resident, flows, now }) {
    const { nothing, messages } = await myDataMessages(tx, resident, flows, now);
    return { outcome: nothing ? "nothing" : "shown", messages };
  },

  async deleteMyData({ tx, resident, actor, now }) {
    // Seats held for upcoming events and shifts go to the next on their waiting lists first.
    const queue = new DeliveryQueue();
    const events = new EventRegistrations(queue);
    const shifts = new ShiftSignups(queue);
    const registrations = await tx.eventRegistration.findMany({ where: { residentId: resident.id, status: { not: "cancelled" }, event: { startsAt: { gt: now } } } });
    for (const r of registrations) await events.cancel(tx, { registrationId: r.id, residentId: resident.id, now });
    const signups = await tx.shiftSignup.findMany({ where: { residentId: resident.id, status: { not: "cancelled" }, shift: { startsAt: { gt: now } } } });
    for (const s of signups) await shifts.cancel(tx, { signupId: s.id, residentId: resident.id, now });
    await tx.resident.delete({ where: { id: resident.id } });
    await recordAudit(tx, { actor, action: "resident.data_deleted" });
    return { outcome: "deleted", residentDeleted: true };
  },
} satisfies Record<string, Action>;
