// Actions flows can call by name (step `action: { name }`). Each runs inside the turn's
// transaction; later domains (comments, events, volunteers) add theirs here.
import { type Prisma } from "../generated/prisma/client.ts";
import { toLanguage, ZFlowFile, type TLanguage } from "../flows/flowSchema.ts";
import { type TOutMessage, ZResidentProfile } from "../flows/engineTypes.ts";
import { localize } from "../flows/localize.ts";
import { type FlowSet } from "../flows/FlowSet.ts";
import { choicesOf } from "../flows/parseReply.ts";
import { recordAudit } from "../domain/recordAudit.ts";
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

const lang = (r: TResidentRow): TLanguage => toLanguage(r.language);

/** The label a flow gave a profile value ("nagato" → "長門"), found in the flows that ask for it. */
function profileLabel(flows: FlowSet, field: string, value: string, language: TLanguage): string {
  for (const flow of flows.flows) {
    for (const step of flow.steps) {
      if (step.ask?.profile !== field) continue;
      const choice = choicesOf(step.ask).find((c) => c.value === value);
      if (choice) return localize(choice.label, language);
    }
  }
  return value;
}

function formatTokyo(d: Date): string {
  return d.toLocaleString("ja-JP", { timeZone: "Asia/Tokyo", dateStyle: "medium", timeStyle: "short" });
}

export const residentActions = {
  async recordConsent({ tx, resident, now, privacyNoticeVersion, actor }) {
    await tx.resident.update({ where: { id: resident.id }, data: { consentVersion: privacyNoticeVersion, consentedAt: now } });
    await recordAudit(tx, { actor, action: "resident.consented", detail: { noticeVersion: privacyNoticeVersion } });
    return { outcome: "consented" };
  },

  /** No consent (or consent withdrawn): nothing personal is kept, so what was kept goes. */
  async declineConsent({ tx, resident, actor }) {
    const had = resident.consentVersion !== null;
    // What was kept on the strength of the consent goes with it; public comments and sign-ups,
    // which the resident gave under their own notices, stay.
    await tx.answer.deleteMany({ where: { residentId: resident.id } });
    await tx.pollResponse.deleteMany({ where: { residentId: resident.id } });
    await tx.volunteerProfile.deleteMany({ where: { residentId: resident.id } });
    await tx.resident.update({ where: { id: resident.id }, data: { consentVersion: null, consentedAt: null, profile: {} } });
    await recordAudit(tx, { actor, action: had ? "resident.consent_withdrawn" : "resident.consent_declined" });
    return { outcome: "declined" };
  },

  async showMyData({ tx, resident, flows }) {
    const language = lang(resident);
    const profile = ZResidentProfile.safeParse(resident.profile).data ?? {};
    const answers = await tx.answer.findMany({ where: { residentId: resident.id }, orderBy: { answeredAt: "desc" }, take: 20 });
    const answerCount = await tx.answer.count({ where: { residentId: resident.id } });
    const en = language === "en";
    const none = en ? "(none)" : "（なし）";
    const lines = [
      en ? "[What the city holds about you]" : "【市がお預かりしているあなたの情報】",
      `${en ? "Language" : "言語"}: ${resident.language === "en" ? "English" : "日本語"}`,
      `${en ? "Consent" : "同意"}: ${resident.consentedAt ? `${formatTokyo(resident.consentedAt)}（${resident.consentVersion}）` : en ? "not given" : "なし"}`,
      `${en ? "Age band" : "年代"}: ${profile.ageBand ? profileLabel(flows, "ageBand", profile.ageBand, language) : none}`,
      `${en ? "District" : "地区"}: ${profile.district ? profileLabel(flows, "district", profile.district, language) : none}`,
      `${en ? "Interests" : "関心"}: ${profile.interests?.length ? profile.interests.map((v) => profileLabel(flows, "interests", v, language)).join("、") : none}`,
      `${en ? "Answers" : "回答"}: ${answerCount}${en ? "" : "件"}`,
    ];
    // Flows built from the console (a poll, a round) are not files: their titles are in FlowRevision.
    const generated = [...new Set(answers.map((a) => a.flowId).filter((id) => !flows.get(id)))];
    const revisions = generated.length > 0 ? await tx.flowRevision.findMany({ where: { flowId: { in: generated } }, orderBy: { loadedAt: "desc" } }) : [];
    const titleOf = (flowId: string) => {
      const file = flows.get(flowId);
      if (file) return localize(file.title, language);
      const stored = ZFlowFile.shape.title.safeParse((revisions.find((r) => r.flowId === flowId)?.definition as { title?: unknown } | null)?.title);
      return stored.success ? localize(stored.data, language) : flowId;
    };
    for (const a of answers) {
      const title = titleOf(a.flowId);
      const value = Array.isArray(a.value) ? a.value.join("、") : String(a.value);
      lines.push(`・${formatTokyo(a.answeredAt)} ${title} ${a.name}: ${value.length > 60 ? `${value.slice(0, 60)}…` : value}`);
    }
    if (answerCount > answers.length) lines.push(en ? `…and ${answerCount - answers.length} more` : `…ほか${answerCount - answers.length}件`);
    // What the other services keep for this resident.
    const [comments, registrations, volunteer, pollResponses, shiftSignups] = await Promise.all([
      tx.comment.findMany({ where: { residentId: resident.id }, include: { round: { select: { title: true } } }, orderBy: { submittedAt: "desc" }, take: 10 }),
      tx.eventRegistration.findMany({ where: { residentId: resident.id }, include: { event: { select: { title: true } } }, orderBy: { createdAt: "desc" }, take: 10 }),
      tx.volunteerProfile.findUnique({ where: { residentId: resident.id } }),
      tx.pollResponse.count({ where: { residentId: resident.id } }),
      tx.shiftSignup.count({ where: { residentId: resident.id } }),
    ]);
    for (const c of comments) {
      const withdrawn = c.status === "withdrawn";
      lines.push(`${en ? "Comment" : "ご意見"} ${c.receiptNumber}「${c.round.title}」${withdrawn ? (en ? " (withdrawn)" : "（取り下げ）") : ""}`);
    }
    for (const r of registrations) {
      const status = { confirmed: en ? "confirmed" : "申込済み", waitlisted: en ? "waiting list" : "キャンセル待ち", cancelled: en ? "cancelled" : "キャンセル" }[r.status] ?? r.status;
      lines.push(`${en ? "Event" : "イベント"}「${r.event.title}」${status}`);
    }
    if (pollResponses > 0) lines.push(`${en ? "Survey responses" : "アンケート回答"}: ${pollResponses}${en ? "" : "件"}`);
    if (volunteer) lines.push(`${en ? "Volunteer registration" : "ボランティア登録"}: ${volunteer.status === "active" ? (en ? "active" : "登録中") : en ? "ended" : "終了"}`);
    if (shiftSignups > 0) lines.push(`${en ? "Volunteer shifts" : "ボランティア参加申込"}: ${shiftSignups}${en ? "" : "件"}`);
    const holdsNothing =
      !resident.consentedAt && answerCount === 0 && !profile.ageBand && !profile.district && !profile.interests?.length &&
      comments.length === 0 && registrations.length === 0 && !volunteer && pollResponses === 0 && shiftSignups === 0;
    if (holdsNothing) lines.push(en ? "We hold nothing personal about you (only your language setting)." : "個人的な情報はお預かりしていません（言語設定のみ）。");
    const text = lines.join("\n");
    // LINE's limit is 5,000 UTF-16 units per text message.
    return { outcome: holdsNothing ? "nothing" : "shown", messages: [{ type: "text", text: text.length > 4900 ? `${text.slice(0, 4900)}…` : text }] };
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
