// The residents' own actions (consent, 「マイデータ」, deleting their data), called by flows by name
// (step `action: { name }`) inside the turn's transaction, as every domain's actions are. What other
// domains keep of a resident they forget or release themselves; 「マイデータ」 reads a resident's own
// rows of every domain in one report (myDataMessages.ts).
import { type TAction } from "../actionContract.ts";
import { recordAudit } from "../recordAudit.ts";
import { myDataMessages } from "./myDataMessages.ts";
import { releaseUpcomingRegistrations } from "../events/eventActions.ts";
import { forgetPollResponses } from "../polls/pollActions.ts";
import { forgetVolunteerProfile, releaseUpcomingSignups } from "../volunteers/volunteerActions.ts";
import { forgetInquiries } from "../inbox/inboxActions.ts";

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
    await forgetPollResponses(tx, resident.id);
    await forgetVolunteerProfile(tx, resident.id);
    await forgetInquiries(tx, resident.id);
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
    await releaseUpcomingRegistrations(tx, resident.id, now);
    await releaseUpcomingSignups(tx, resident.id, now);
    await tx.resident.delete({ where: { id: resident.id } });
    await recordAudit(tx, { actor, action: "resident.data_deleted" });
    return { outcome: "deleted", residentDeleted: true };
  },
} satisfies Record<string, TAction>;
