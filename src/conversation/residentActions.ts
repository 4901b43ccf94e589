// Actions flows can call by name (step `action: { name }`). Each runs inside the turn's
// transaction; later domains (comments, events, volunteers) add theirs here.
import { type Prisma } from "../generated/prisma/client.ts";
import { type TLanguage } from "../flows/flowSchema.ts";
import { type TOutMessage, ZResidentProfile } from "../flows/engineTypes.ts";
import { localize } from "../flows/localize.ts";
import { type FlowSet } from "../flows/FlowSet.ts";
import { choicesOf } from "../flows/parseReply.ts";
import { recordAudit } from "../domain/recordAudit.ts";

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

const lang = (r: TResidentRow): TLanguage => (r.language === "en" ? "en" : "ja");

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
    await tx.answer.deleteMany({ where: { residentId: resident.id } });
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
    for (const a of answers) {
      const flow = flows.get(a.flowId);
      const title = flow ? localize(flow.title, language) : a.flowId;
      const value = Array.isArray(a.value) ? a.value.join("、") : String(a.value);
      lines.push(`・${formatTokyo(a.answeredAt)} ${title} ${a.name}: ${value.length > 60 ? `${value.slice(0, 60)}…` : value}`);
    }
    if (answerCount > answers.length) lines.push(en ? `…and ${answerCount - answers.length} more` : `…ほか${answerCount - answers.length}件`);
    const holdsNothing = !resident.consentedAt && answerCount === 0 && !profile.ageBand && !profile.district && !profile.interests?.length;
    if (holdsNothing) lines.push(en ? "We hold nothing personal about you (only your language setting)." : "個人的な情報はお預かりしていません（言語設定のみ）。");
    const text = lines.join("\n");
    // LINE's limit is 5,000 UTF-16 units per text message.
    return { outcome: holdsNothing ? "nothing" : "shown", messages: [{ type: "text", text: text.length > 4900 ? `${text.slice(0, 4900)}…` : text }] };
  },

  async deleteMyData({ tx, resident, actor }) {
    await tx.resident.delete({ where: { id: resident.id } });
    await recordAudit(tx, { actor, action: "resident.data_deleted" });
    return { outcome: "deleted", residentDeleted: true };
  },
} satisfies Record<string, Action>;
