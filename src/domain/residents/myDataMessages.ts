// 「マイデータ」: everything the city holds about a resident, in their language, grouped (profile,
// comments, surveys, events, volunteering) with dates. Answers are labelled with the question and
// choice labels of the flow revision they were given in; answers of a conversation never finished
// are marked so. Read here, written as plain text messages.
import { type Prisma } from "../../generated/prisma/client.ts";
import { toLanguage, ZFlowFile, type TAsk, type TFlowFile, type TLanguage, type TText } from "../../flows/flowSchema.ts";
import { type TOutMessage, ZConversationState, ZResidentProfile } from "../../flows/engineTypes.ts";
import { localize } from "../../flows/localize.ts";
import { type FlowSet } from "../../flows/FlowSet.ts";
import { choicesOf } from "../../flows/parseReply.ts";
import { formatTokyoDate, formatTokyoDateTime } from "../../tokyoTime.ts";
import { colon, paren, quote, staffTr } from "../messages/lang.ts";
import { storedJson } from "../../db/storedJson.ts";
import { inquiriesForMyData } from "../inbox/InboxService.ts";

type TResident = { id: string; language: string; profile: unknown; consentVersion: string | null; consentedAt: Date | null };

/** LINE takes 5,000 characters per text message; the flow adds its question after these. */
const MESSAGE_MAX = 4800;
const MAX_MESSAGES = 3;
const SURVEY_RUNS = 10;

/** Age band values stored before bands told adulthood (answers keep the value they were given). */
const legacyBands: Record<string, TText> = { under20: { ja: "19歳以下", en: "Under 20", easy: "19さいまで" }, "20s": { ja: "20代", en: "20s", easy: "20さい〜29さい" } };

const clip = (text: string, max: number) => ([...text].length > max ? `${[...text].slice(0, max - 1).join("")}…` : text);

/** The label a flow gives a value of the question saving `save` (or asking for profile `save`). */
function choiceLabel(flows: readonly TFlowFile[], save: string, value: string, language: TLanguage): string {
  for (const flow of flows) {
    for (const step of flow.steps) {
      if (!step.ask || (step.ask.save !== save && step.ask.profile !== save)) continue;
      const choice = choicesOf(step.ask).find((c) => c.value === value);
      if (choice) return localize(choice.label, language);
    }
  }
  const legacy = save === "ageBand" ? legacyBands[value] : undefined;
  return legacy ? localize(legacy, language) : value;
}

/** An answer as the resident gave it: choice labels, はい/いいえ, the number, the text (clipped). */
function answerText(ask: TAsk | undefined, value: unknown, language: TLanguage): string {
  const one = (v: unknown) => {
    const choice = ask ? choicesOf(ask).find((c) => c.value === v) : undefined;
    return choice ? localize(choice.label, language) : String(v);
  };
  const text = Array.isArray(value) ? value.map(one).join(language === "en" ? ", " : "、") : one(value);
  return clip(text, 80);
}

/** The question of a step: the first line of its last text, without a 問N. number. */
function questionLabel(flow: TFlowFile | undefined, stepId: string, name: string, language: TLanguage): string {
  const step = flow?.steps.find((s) => s.id === stepId);
  const texts = (step?.say ?? []).flatMap((m) => ("text" in m ? [localize(m.text, language)] : []));
  const last = texts[texts.length - 1];
  if (!last) return name;
  return clip(last.split("\n")[0]!.replace(/^(問|Q)\d+\.\s*/, ""), 40);
}

const t = (language: TLanguage, text: TText) => localize(text, language);
/** やさしい日本語 keeps a record's line short: what it is first, then its details on the next line. */
const record = (language: TLanguage, what: string, details: string) => (language === "easy" ? `${what}\n　${details}` : `${what} ${details}`);
/** A list item: 「・」 in Japanese, "- " in English. */
const bullet = (language: TLanguage) => (language === "en" ? "- " : "・");

export async function myDataMessages(tx: Prisma.TransactionClient, resident: TResident, files: FlowSet, now = new Date()): Promise<{ nothing: boolean; messages: TOutMessage[] }> {
  const language: TLanguage = toLanguage(resident.language);
  const en = language === "en";
  const none = t(language, { ja: "（なし）", en: "(none)", easy: "（なし）" });
  const sep = en ? ", " : "、";
  const line = (label: TText, value: string) => `${t(language, label)}${colon(language)}${value}`;
  const profile = storedJson(ZResidentProfile, resident.profile, "Resident", "profile", resident.id);
  const [answers, conversations, comments, registrations, volunteer, pollResponses, shiftSignups] = await Promise.all([
    tx.answer.findMany({ where: { residentId: resident.id }, orderBy: { answeredAt: "asc" } }),
    tx.conversation.findMany({ where: { residentId: resident.id }, select: { id: true, flowId: true, flowRevision: true, status: true, state: true, startedAt: true, expiresAt: true } }),
    tx.comment.findMany({ where: { residentId: resident.id }, include: { round: { select: { title: true, titleEn: true, titleEasy: true } } }, orderBy: { submittedAt: "desc" }, take: 10 }),
    tx.eventRegistration.findMany({ where: { residentId: resident.id }, include: { event: { select: { title: true, titleEn: true, titleEasy: true, startsAt: true } } }, orderBy: { createdAt: "desc" }, take: 10 }),
    tx.volunteerProfile.findUnique({ where: { residentId: resident.id } }),
    tx.pollResponse.findMany({ where: { residentId: resident.id }, include: { poll: { select: { title: true, titleEn: true, titleEasy: true } } }, orderBy: { updatedAt: "desc" } }),
    tx.shiftSignup.findMany({ where: { residentId: resident.id }, include: { shift: { include: { opportunity: { select: { title: true, titleEn: true, titleEasy: true } } } } }, orderBy: { createdAt: "desc" }, take: 10 }),
  ]);

  // The flow each answer was given in, as it was then.
  // Paused conversations (left with やめる or メニュー, to be taken up again) until they expire.
  const paused = conversations.filter((c) => c.status === "paused" && (!c.expiresAt || c.expiresAt > now));
  const pairs = [...new Map([...answers, ...paused].map((a) => [`${a.flowId}@${a.flowRevision}`, { flowId: a.flowId, revision: a.flowRevision }])).values()];
  const revisions = pairs.length > 0 ? await tx.flowRevision.findMany({ where: { OR: pairs.map((p) => ({ flowId: p.flowId, revision: p.revision })) } }) : [];
  const definitions = new Map<string, TFlowFile>();
  for (const r of revisions) {
    const parsed = ZFlowFile.safeParse(r.definition);
    if (parsed.success) definitions.set(`${r.flowId}@${r.revision}`, parsed.data);
  }
  const flowOf = (flowId: string, revision: string): TFlowFile | undefined => definitions.get(`${flowId}@${revision}`) ?? files.get(flowId);
  const allFlows = [...files.flows, ...definitions.values()];

  const sections: string[] = [];
  // Profile.
  sections.push(
    [
      t(language, { ja: "【プロフィール】", en: "[Profile]", easy: "【あなたの こと】" }),
      line({ ja: "言語", en: "Language", easy: "ことば" }, { ja: "日本語", en: "English", easy: "やさしい にほんご" }[language]),
      line(
        { ja: "個人情報の取り扱いへの同意", en: "Consent to data use", easy: "じょうほうの 使いかたに 「いいです」" },
        resident.consentedAt ? `${formatTokyoDate(resident.consentedAt, language)}${en ? ` (notice ${resident.consentVersion})` : language === "easy" ? "" : `（${resident.consentVersion}版）`}` : t(language, { ja: "なし", en: "not given", easy: "なし" }),
      ),
      line({ ja: "年代", en: "Age band", easy: "年" }, profile.ageBand ? choiceLabel(files.flows, "ageBand", profile.ageBand, language) : none),
      line({ ja: "地区", en: "District", easy: "住んでいる 所" }, profile.district ? choiceLabel(files.flows, "district", profile.district, language) : none),
      line({ ja: "関心", en: "Interests", easy: "すきな こと" }, profile.interests?.length ? profile.interests.map((v) => choiceLabel(files.flows, "interests", v, language)).join(sep) : none),
    ].join("\n"),
  );

  // Comments on drafts.
  if (comments.length > 0) {
    sections.push(
      [
        t(language, { ja: "【ご意見（パブリックコメント）】", en: "[Comments on drafts]", easy: "【市に 言った 意見】" }),
        ...comments.map((c) => {
          const status = c.status === "withdrawn" ? t(language, { ja: "取り下げ済み", en: "withdrawn", easy: "とりけしました" }) : t(language, { ja: "受付済み", en: "received", easy: "もらいました" });
          const title = quote(language, staffTr(language, c.round.title, c.round.titleEn, c.round.titleEasy));
          return language === "easy"
            ? record(language, `${bullet(language)}${title}`, `${formatTokyoDate(c.submittedAt, language)} ${c.receiptNumber}${paren(language, status)}`)
            : `${bullet(language)}${formatTokyoDate(c.submittedAt, language)} ${title} ${c.receiptNumber}${paren(language, status)}`;
        }),
      ].join("\n"),
    );
  }

  // Surveys: each run of a survey conversation with its answers; unfinished runs say so.
  const byConversation = new Map<string, typeof answers>();
  for (const a of answers) byConversation.set(a.conversationId, [...(byConversation.get(a.conversationId) ?? []), a]);
  const conversationById = new Map(conversations.map((c) => [c.id, c]));
  const isSurvey = (flowId: string) => flowId.startsWith("poll");
  const surveyRuns = [...byConversation.entries()].filter(([, list]) => isSurvey(list[0]!.flowId)).reverse();
  const otherAnswers = answers.filter((a) => !isSurvey(a.flowId));
  if (surveyRuns.length > 0 || pollResponses.length > 0) {
    const lines = [t(language, { ja: "【アンケート】", en: "[Surveys]", easy: "【しつもん】" })];
    for (const p of pollResponses) {
      lines.push(`${bullet(language)}${quote(language, staffTr(language, p.poll.title, p.poll.titleEn, p.poll.titleEasy))} ${t(language, { ja: "回答済み", en: "answered", easy: "答えました" })} ${formatTokyoDate(p.updatedAt, language)}`);
    }
    for (const [conversationId, list] of surveyRuns.slice(0, SURVEY_RUNS)) {
      const first = list[0]!;
      const flow = flowOf(first.flowId, first.flowRevision);
      const status = conversationById.get(conversationId)?.status;
      const mark =
        status === "completed"
          ? ""
          : status === "active"
            ? t(language, { ja: "（回答の途中）", en: " (not finished yet)", easy: "（まだ 答えて いる とちゅう）" })
            : status === "paused"
              ? t(language, { ja: "（途中で止めた回答）", en: " (paused, not finished)", easy: "（とちゅうで 止めた 答え）" })
            : t(language, { ja: "（途中で終わった回答）", en: " (never finished)", easy: "（とちゅうで おわった 答え）" });
      lines.push(`${bullet(language)}${flow ? localize(flow.title, language) : first.flowId} ${formatTokyoDate(first.answeredAt, language)}${mark}`);
      for (const a of list) {
        const step = flow?.steps.find((s) => s.id === a.stepId);
        lines.push(`  ${questionLabel(flow, a.stepId, a.name, language)}${colon(language)}${answerText(step?.ask, a.value, language)}`);
      }
    }
    if (surveyRuns.length > SURVEY_RUNS) lines.push(t(language, { ja: `…ほか${surveyRuns.length - SURVEY_RUNS}回分`, en: `…and ${surveyRuns.length - SURVEY_RUNS} more`, easy: `…ほかに ${surveyRuns.length - SURVEY_RUNS}回` }));
    sections.push(lines.join("\n"));
  }

  // Paused: what the resident left to come back to, readably, with until when it is kept.
  if (paused.length > 0) {
    const lines = [t(language, { ja: "【途中で止めた回答（続きから再開できます）】", en: "[Paused, to continue later]", easy: "【とちゅうで 止めた 答え（つづきから できます）】" })];
    for (const c of paused) {
      const flow = flowOf(c.flowId, c.flowRevision);
      const state = ZConversationState.safeParse(c.state).data;
      const until = c.expiresAt ? formatTokyoDateTime(c.expiresAt, language) : "";
      const kept = t(language, { ja: `${until}まで保存`, en: `kept until ${until}`, easy: `${until} まで のこします` });
      const title = `${bullet(language)}${flow ? quote(language, localize(flow.title, language)) : c.flowId}`;
      lines.push(language === "easy" ? record(language, title, kept) : `${title}${paren(language, kept)}`);
      if (!state) continue;
      for (const [name, value] of Object.entries(state.answers)) {
        if (flow?.params.includes(name)) continue;
        const step = flow?.steps.find((s) => s.ask?.save === name);
        lines.push(`  ${step ? questionLabel(flow, step.id, name, language) : name}${colon(language)}${answerText(step?.ask, value, language)}`);
      }
      const ask = flow?.steps.find((s) => s.id === state.stepId)?.ask;
      const picked = state.picked ?? [];
      if (picked.length > 0) {
        const draft = ask?.kind === "text" ? clip(picked.join("\n"), 300) : answerText(ask, picked, language);
        const label = ask?.kind === "text" ? { ja: "書きかけ", en: "Draft (not sent)", easy: "書いて いる とちゅう" } : { ja: "選択中", en: "Chosen so far", easy: "えらんだ もの" };
        lines.push(`  ${t(language, label)}${colon(language)}${draft}`);
      }
    }
    sections.push(lines.join("\n"));
  }

  // Events.
  if (registrations.length > 0) {
    const statusOf = (s: string) =>
      t(language, s === "confirmed" ? { ja: "参加確定", en: "confirmed", easy: "行く ことが きまりました" } : s === "waitlisted" ? { ja: "キャンセル待ち", en: "waiting list", easy: "あくのを 待って います" } : { ja: "キャンセル", en: "cancelled", easy: "やめました" });
    sections.push(
      [
        t(language, { ja: "【イベント】", en: "[Events]", easy: "【あつまり】" }),
        ...registrations.map((r) => {
          const title = quote(language, staffTr(language, r.event.title, r.event.titleEn, r.event.titleEasy));
          return language === "easy"
            ? record(language, `${bullet(language)}${title}`, `${formatTokyoDateTime(r.event.startsAt, language)}${paren(language, statusOf(r.status))}`)
            : `${bullet(language)}${formatTokyoDateTime(r.event.startsAt, language)} ${title}${paren(language, statusOf(r.status))}`;
        }),
      ].join("\n"),
    );
  }

  // Volunteering.
  if (volunteer || shiftSignups.length > 0) {
    const lines = [t(language, { ja: "【ボランティア】", en: "[Volunteering]", easy: "【手伝う こと】" })];
    if (volunteer) {
      const labels = (save: string, values: string[]) => (values.length ? values.map((v) => choiceLabel(allFlows, save, v, language)).join(sep) : none);
      lines.push(
        line(
          { ja: "登録", en: "Registration", easy: "登録（とうろく）" },
          volunteer.status === "active"
            ? `${t(language, { ja: "登録中", en: "active", easy: "して います" })} ${en ? `(since ${formatTokyoDate(volunteer.registeredAt, language)})` : `（${formatTokyoDate(volunteer.registeredAt, language)}から）`}`
            : `${t(language, { ja: "終了", en: "ended", easy: "やめました" })}${volunteer.endedAt ? ` ${formatTokyoDate(volunteer.endedAt, language)}` : ""}`,
        ),
        line({ ja: "分野", en: "Areas", easy: "すきな こと" }, labels("areas", volunteer.areas)),
        line({ ja: "できること", en: "Skills", easy: "できる こと" }, labels("skills", volunteer.skills)),
        line({ ja: "活動できる地区", en: "Districts", easy: "行ける 所" }, labels("districts", volunteer.districts)),
        line({ ja: "都合のよい時間", en: "Free times", easy: "あいて いる 時間" }, labels("times", volunteer.availability)),
      );
    }
    for (const s of shiftSignups) {
      const status = t(language, s.status === "confirmed" ? { ja: "参加確定", en: "confirmed", easy: "行く ことが きまりました" } : s.status === "waitlisted" ? { ja: "キャンセル待ち", en: "waiting list", easy: "あくのを 待って います" } : { ja: "キャンセル", en: "cancelled", easy: "やめました" });
      const hours = s.hours ? (en ? `, ${s.hours} h` : `${bullet(language)}${s.hours}時間`) : "";
      const title = quote(language, staffTr(language, s.shift.opportunity.title, s.shift.opportunity.titleEn, s.shift.opportunity.titleEasy));
      lines.push(
        language === "easy"
          ? record(language, `${bullet(language)}${title}`, `${formatTokyoDateTime(s.shift.startsAt, language)}${paren(language, `${status}${hours}`)}`)
          : `${bullet(language)}${formatTokyoDateTime(s.shift.startsAt, language)} ${title}${paren(language, `${status}${hours}`)}`,
      );
    }
    sections.push(lines.join("\n"));
  }

  // Messages to staff (the inbox) and their replies.
  const inquiries = await inquiriesForMyData(tx, resident.id, language);
  if (inquiries) sections.push(inquiries);

  // Other answers (registration, confirmations): counted per flow, with the last date.
  if (otherAnswers.length > 0) {
    const counts = new Map<string, { title: string; count: number; last: Date }>();
    for (const a of otherAnswers) {
      const flow = flowOf(a.flowId, a.flowRevision);
      const title = flow ? localize(flow.title, language) : a.flowId;
      const entry = counts.get(title) ?? { title, count: 0, last: a.answeredAt };
      counts.set(title, { title, count: entry.count + 1, last: a.answeredAt > entry.last ? a.answeredAt : entry.last });
    }
    sections.push(
      [
        t(language, { ja: "【そのほかの回答の記録】", en: "[Other answers on record]", easy: "【ほかの 答え】" }),
        ...[...counts.values()].map((c) => `${bullet(language)}${c.title}${colon(language)}${en ? `${c.count} answer(s), last ${formatTokyoDate(c.last, language)}` : language === "easy" ? `\n　${c.count}つ（さいごは ${formatTokyoDate(c.last, language)}）` : `${c.count}件（最後は${formatTokyoDate(c.last, language)}）`}`),
      ].join("\n"),
    );
  }

  const nothing =
    !resident.consentedAt && answers.length === 0 && !profile.ageBand && !profile.district && !profile.interests?.length &&
    comments.length === 0 && registrations.length === 0 && !volunteer && pollResponses.length === 0 && shiftSignups.length === 0 && !inquiries && paused.length === 0;
  const head = nothing
    ? t(language, { ja: "個人的な情報はお預かりしていません（言語設定のみ）。", en: "We hold nothing personal about you (only your language setting).", easy: "あなたの じょうほうは のこして いません（ことばの せっていだけです）。" })
    : t(language, { ja: "市がお預かりしているあなたの情報です。", en: "This is what the city holds about you.", easy: "市が のこして いる あなたの じょうほうです。" });

  // Sections packed into at most three messages, each within LINE's limit.
  const messages: string[] = [head];
  for (const section of sections) {
    const last = messages[messages.length - 1]!;
    if (last.length + section.length + 2 <= MESSAGE_MAX) messages[messages.length - 1] = `${last}\n\n${section}`;
    else if (messages.length < MAX_MESSAGES) messages.push(clip(section, MESSAGE_MAX));
    else messages[messages.length - 1] = clip(`${last}\n\n${section}`, MESSAGE_MAX);
  }
  return { nothing, messages: messages.map((text) => ({ type: "text", text })) };
}
