// What volunteers read: the invitation card, sign-up replies, reminders, promotions, thanks and
// their own shifts. Kind, short, Japanese (English for residents who chose it), always with date,
// time and place. Pure functions: plain data in, channel-neutral messages out.
import { type TOutMessage } from "../../flows/engineTypes.ts";
import { startFlowPostback } from "../../flows/postback.ts";
import { formatTokyoDate, formatTokyoSpan } from "../../tokyoTime.ts";

import { colon, staffTr, tr } from "../messages/lang.ts";
import { type TLanguage } from "../../flows/flowSchema.ts";

/** What a message needs to know about a shift and its opportunity (with staff's English and やさしい日本語, where given). */
export type TShiftFacts = {
  id: string;
  title: string;
  organizer: string | null;
  startsAt: Date;
  endsAt: Date;
  place: string;
  titleEn?: string | null;
  organizerEn?: string | null;
  placeEn?: string | null;
  titleEasy?: string | null;
  organizerEasy?: string | null;
  placeEasy?: string | null;
};

/** An opportunity's own texts, as staff wrote them. */
export type TOpportunityTexts = Pick<TShiftFacts, "title" | "organizer" | "titleEn" | "organizerEn" | "titleEasy" | "organizerEasy"> & {
  description: string;
  descriptionEn?: string | null;
  descriptionEasy?: string | null;
};

const titleOf = (s: Pick<TShiftFacts, "title" | "titleEn" | "titleEasy">, lang: TLanguage) => staffTr(lang, s.title, s.titleEn, s.titleEasy);
const placeOf = (s: TShiftFacts, lang: TLanguage) => staffTr(lang, s.place, s.placeEn, s.placeEasy);
const organizerOf = (s: Pick<TShiftFacts, "organizer" | "organizerEn" | "organizerEasy">, lang: TLanguage) => (s.organizer ? staffTr(lang, s.organizer, s.organizerEn, s.organizerEasy) : null);

/**
 * The generated sign-up flow of a shift: "shift-" and the shift's id in its compact form (32 hex
 * digits, no dashes), because flow ids are at most 40 characters and are checked again whenever a
 * conversation is read back.
 */
export const shiftFlowId = (shiftId: string) => `shift-${shiftId.replace(/-/g, "").toLowerCase()}`;

/** Postback data of the 「参加する」 button: starts the shift's sign-up flow. */
export const shiftSignupPostback = (shiftId: string) => startFlowPostback(shiftFlowId(shiftId));
export const shiftCancelPostback = (signupId: string) => startFlowPostback("shift-cancel", { signup: signupId });

/** "12月5日(土) 9:00〜12:00" / "Sat, Dec 5, 9:00 am – 12:00 pm" (the end's date only when it is another day). */
export const formatShiftSpan = (s: Pick<TShiftFacts, "startsAt" | "endsAt">, lang: TLanguage): string => formatTokyoSpan(s.startsAt, s.endsAt, lang);

/** 2 → "2", 2.5 → "2.5", 1.25 → "1.25". */
export const formatHours = (h: number) => String(Math.round(h * 100) / 100);

function clip(text: string, max: number): string {
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join("")}…`;
}

/** Title, date and time, place: the lines every shift message carries. */
function shiftLines(s: TShiftFacts, lang: TLanguage): string {
  return [titleOf(s, lang), `${tr(lang, { ja: "日時", en: "When", easy: "いつ" })}${colon(lang)}${formatShiftSpan(s, lang)}`, `${tr(lang, { ja: "場所", en: "Where", easy: "どこ" })}${colon(lang)}${placeOf(s, lang)}`].join("\n");
}

const remainingText = (remaining: number, lang: TLanguage) =>
  remaining > 0 ? tr(lang, { ja: `残り${remaining}人`, en: `${remaining} more needed`, easy: `あと ${remaining}人` }) : tr(lang, { ja: "定員に達しました（キャンセル待ちで受付）", en: "Full (waiting list open)", easy: "人が たりました（あくのを 待つ ことが できます）" });

function shiftBubble(s: TShiftFacts, lang: TLanguage, status: string, statusColor: string, button: { label: string; data: string; style: "primary" | "secondary" }) {
  const row = (label: string, value: string) => ({
    type: "box",
    layout: "baseline",
    spacing: "sm",
    contents: [
      { type: "text", text: label, size: "sm", color: "#888888", flex: 2 },
      { type: "text", text: value, size: "sm", color: "#333333", wrap: true, flex: 7 },
    ],
  });
  return {
    type: "bubble",
    size: "kilo",
    body: {
      type: "box",
      layout: "vertical",
      spacing: "sm",
      contents: [
        { type: "text", text: clip(titleOf(s, lang), 60), weight: "bold", size: "md", wrap: true },
        ...(s.organizer ? [{ type: "text", text: clip(organizerOf(s, lang)!, 60), size: "xs", color: "#888888", wrap: true }] : []),
        row(tr(lang, { ja: "日時", en: "When", easy: "いつ" }), formatShiftSpan(s, lang)),
        row(tr(lang, { ja: "場所", en: "Where", easy: "どこ" }), clip(placeOf(s, lang), 100)),
        { type: "text", text: status, size: "sm", weight: "bold", color: statusColor, wrap: true },
      ],
    },
    footer: {
      type: "box",
      layout: "vertical",
      contents: [{ type: "button", style: button.style, height: "sm", action: { type: "postback", label: button.label, data: button.data, displayText: button.label } }],
    },
  };
}

/** The invitation: a few words about the opportunity, then one card per shift with 「参加する」. */
export function invitationMessages(
  o: TOpportunityTexts,
  shifts: (TShiftFacts & { remaining: number })[],
  lang: TLanguage,
): TOutMessage[] {
  const title = titleOf(o, lang);
  const intro = [
    tr(lang, { ja: `【ボランティア募集】${title}`, en: `[Volunteers wanted] ${title}`, easy: `【手伝う 人（ボランティア）を さがして います】${title}` }),
    ...(o.organizer ? [`${tr(lang, { ja: "主催", en: "Organizer", easy: "する 人" })}${colon(lang)}${organizerOf(o, lang)}`] : []),
    ...(o.description ? [clip(staffTr(lang, o.description, o.descriptionEn, o.descriptionEasy), 500)] : []),
    tr(lang, { ja: "ご登録の内容から、あなたに合いそうな活動をお知らせしています。参加できるシフトの「参加する」を押してください。", en: "We thought this might suit you. Tap \"Join\" on a shift you can do.", easy: "あなたに あいそうな 手伝いを 知らせて います。 行ける 日の 「参加する」を おして ください。" }),
  ].join("\n");
  const label = tr(lang, { ja: "参加する", en: "Join", easy: "参加する" });
  return [
    { type: "text", text: intro },
    {
      type: "flex",
      altText: clip(tr(lang, { ja: `ボランティア募集：${title}`, en: `Volunteers wanted: ${title}`, easy: `手伝う 人を さがして います：${title}` }), 400),
      contents: {
        type: "carousel",
        contents: shifts.map((s) => shiftBubble(s, lang, remainingText(s.remaining, lang), s.remaining > 0 ? "#1a7f37" : "#b35900", { label, data: shiftSignupPostback(s.id), style: "primary" })),
      },
    },
  ];
}

/** The sign-up flow's first words: what the shift is. */
export function shiftSummaryText(s: TShiftFacts, lang: TLanguage): string {
  return `${shiftLines(s, lang)}${s.organizer ? `\n${tr(lang, { ja: "主催", en: "Organizer", easy: "する 人" })}${colon(lang)}${organizerOf(s, lang)}` : ""}`;
}

const minorNote = (lang: TLanguage) => tr(lang, { ja: "\n※18歳未満の方は、保護者の方の同意を得てからご参加ください。", en: "\nIf you are under 18, please get your parent's or guardian's consent first.", easy: "\n※18さいより 下の 人は、 家の 人に 「いいよ」と 言って もらって ください。" });
const cancelHint = (lang: TLanguage) => tr(lang, { ja: "行けなくなったときは「マイシフト」からキャンセルしてください。", en: "If you can't come, cancel it from \"my shifts\".", easy: "行けなく なった ときは 「マイシフト」から やめて ください。" });

export function signupConfirmedText(s: TShiftFacts, isMinor: boolean, lang: TLanguage): string {
  return `${tr(lang, { ja: "参加の申し込みを受け付けました。ありがとうございます！", en: "You're signed up. Thank you!", easy: "申し込みを もらいました。 ありがとう ございます。" })}\n${shiftLines(s, lang)}\n${cancelHint(lang)}${isMinor ? minorNote(lang) : ""}`;
}

export function signupWaitlistedText(s: TShiftFacts, position: number, lang: TLanguage): string {
  return `${tr(lang, { ja: `必要な人数に達しているため、キャンセル待ち（${position}番目）で受け付けました。参加できるようになったらお知らせします。`, en: `This shift is full, so you are on the waiting list (number ${position}). We'll tell you if a place opens.`, easy: `人が たりて いるので、 あなたは あくのを 待って います（${position}ばんめ）。 行く ことが できる ように なったら 知らせます。` })}\n${shiftLines(s, lang)}`;
}

export function signupAlreadyText(s: TShiftFacts, position: number | null, lang: TLanguage): string {
  const state = position === null ? tr(lang, { ja: "参加確定", en: "confirmed", easy: "行く ことが きまりました" }) : tr(lang, { ja: `キャンセル待ち${position}番目`, en: `waiting list, number ${position}`, easy: `待って いる 人の ${position}ばんめ` });
  return `${tr(lang, { ja: `このシフトはすでにお申し込み済みです（${state}）。`, en: `You are already signed up for this shift (${state}).`, easy: `あなたは もう この 日に 申し込んで います（${state}）。` })}\n${shiftLines(s, lang)}`;
}

export const signupClosedText = (lang: TLanguage) => tr(lang, { ja: "申し訳ありません。このシフトの受付は終了しました。", en: "Sorry, sign-up for this shift has closed.", easy: "すみません。 この 日の 申し込みは もう おわりました。" });

export const notRegisteredMessage = (lang: TLanguage): TOutMessage => {
  const text = tr(lang, { ja: "シフトに参加するには、先にボランティア登録をお願いします（1分ほどで終わります）。", en: "Please register as a volunteer first (it takes about a minute).", easy: "手伝う 前に、 「ボランティア」と 送って 登録（とうろく） して ください。 1分ぐらいで おわります。" });
  const label = tr(lang, { ja: "ボランティア登録", en: "Register", easy: "登録（とうろく） する" });
  return { type: "buttons", altText: text, text, actions: [{ type: "postback", label, data: startFlowPostback("volunteer"), displayText: label }] };
};

export function promotedText(s: TShiftFacts, lang: TLanguage): string {
  return `${tr(lang, { ja: "キャンセル待ちだったシフトに空きが出たため、参加が確定しました！", en: "A place opened up: you're now confirmed for this shift!", easy: "せきが あいたので、 あなたは 手伝いに 行く ことが きまりました。" })}\n${shiftLines(s, lang)}\n${cancelHint(lang)}`;
}

export function cancelledText(s: TShiftFacts, lang: TLanguage): string {
  return `${tr(lang, { ja: "シフトの申し込みを取り消しました。ご連絡ありがとうございます。", en: "Your sign-up is cancelled. Thank you for letting us know.", easy: "手伝う 日の 申し込みを やめました。 知らせて くれて、 ありがとう ございます。" })}\n${shiftLines(s, lang)}`;
}

export function reminderText(s: TShiftFacts, note: string, lang: TLanguage): string {
  return [
    tr(lang, { ja: "【ボランティア参加予定のお知らせ】", en: "[Your volunteering shift is coming up]", easy: "【手伝う 日の おしらせ】" }),
    shiftLines(s, lang),
    ...(note ? [note] : []),
    tr(lang, { ja: "よろしくお願いします。", en: "See you there!", easy: "よろしく おねがいします。" }) + cancelHint(lang),
  ].join("\n");
}

/** A message staff send to a shift's volunteers: which shift it is about, then their words. */
export function shiftStaffMessageText(s: TShiftFacts, text: string, lang: TLanguage, textEn?: string | null, textEasy?: string | null): string {
  return [
    tr(lang, { ja: "【ボランティアのお知らせ】", en: "[About your volunteering shift]", easy: "【手伝う 人への おしらせ】" }),
    shiftLines(s, lang),
    staffTr(lang, text, textEn, textEasy),
  ].join("\n");
}

export function thankYouText(s: TShiftFacts, hours: number, totalHours: number, lang: TLanguage): string {
  if (lang === "easy") {
    return `「${titleOf(s, lang)}」を 手伝って くれて、 ありがとう ございました。\n日：${formatTokyoDate(s.startsAt, "easy")}\nこんかい：${formatHours(hours)}時間\nいままで：ぜんぶで ${formatHours(totalHours)}時間`;
  }
  return lang === "en"
    ? `Thank you for volunteering at ${titleOf(s, lang)} on ${formatTokyoDate(s.startsAt, "en")}!\nThis time: ${formatHours(hours)} h\nYour total so far: ${formatHours(totalHours)} h`
    : `${formatTokyoDate(s.startsAt)}の「${s.title}」にご参加いただき、ありがとうございました！\n今回の活動時間：${formatHours(hours)}時間\nこれまでの合計：${formatHours(totalHours)}時間`;
}

/** The volunteer's upcoming shifts, one card each with 「キャンセル」, and their hours so far. */
export function myShiftsMessages(
  shifts: (TShiftFacts & { signupId: string; position: number | null })[],
  totalHours: number,
  lang: TLanguage,
): TOutMessage[] {
  const total = tr(lang, { ja: `これまでの活動時間：合計${formatHours(totalHours)}時間`, en: `Your volunteering so far: ${formatHours(totalHours)} hours in total`, easy: `いままで てつだった 時間：ぜんぶで ${formatHours(totalHours)}時間` });
  if (shifts.length === 0) return [{ type: "text", text: `${tr(lang, { ja: "予定しているシフトはありません。", en: "You have no upcoming shifts.", easy: "てつだう 日は ありません。" })}\n${total}` }];
  const shown = shifts.slice(0, 12);
  const label = tr(lang, { ja: "キャンセル", en: "Cancel", easy: "やめる" });
  const more = shifts.length > shown.length ? tr(lang, { ja: `\n（ほか${shifts.length - shown.length}件は、近いものを終えると表示されます）`, en: `\n(${shifts.length - shown.length} more are shown once these are done)`, easy: `\n（ほかに ${shifts.length - shown.length}つ あります。 近い 日が おわると 出ます）` }) : "";
  return [
    {
      type: "flex",
      altText: tr(lang, { ja: `予定しているシフト（${shifts.length}件）`, en: `Your upcoming shifts (${shifts.length})`, easy: `手伝う 日（${shifts.length}つ）` }),
      contents: {
        type: "carousel",
        contents: shown.map((s) =>
          shiftBubble(
            s,
            lang,
            s.position === null ? tr(lang, { ja: "参加確定", en: "Confirmed", easy: "行く ことが きまりました" }) : tr(lang, { ja: `キャンセル待ち${s.position}番目`, en: `Waiting list: number ${s.position}`, easy: `待って いる 人の ${s.position}ばんめ` }),
            s.position === null ? "#1a7f37" : "#b35900",
            { label, data: shiftCancelPostback(s.signupId), style: "secondary" },
          ),
        ),
      },
    },
    { type: "text", text: `${tr(lang, { ja: `予定しているシフトは${shifts.length}件です。`, en: `You have ${shifts.length} upcoming shift(s).`, easy: `てつだう 日は ${shifts.length}つ あります。` })}${more}\n${total}` },
  ];
}

/** A shift open for sign-up, for browsing: how many are still needed, and whether it suits the volunteer's registration. */
export type TOpenShift = TShiftFacts & { remaining: number; suits: boolean };

/** 「ボランティア募集」: the open shifts, one card each with 「参加する」; those that suit the volunteer first. */
export function openOpportunitiesMessages(shifts: TOpenShift[], more: number, registered: boolean, lang: TLanguage): TOutMessage[] {
  if (shifts.length === 0) {
    return [{ type: "text", text: tr(lang, { ja: "いま募集中のボランティア活動はありません。決まりしだいお知らせします。", en: "No volunteer activities are open right now. We will let you know.", easy: "いま 手伝う 人（ボランティア）を さがして いる ことは ありません。 きまったら 知らせます。" }) }];
  }
  const intro = [
    tr(lang, { ja: `募集中のボランティア活動です（${shifts.length + more}件）。参加できるものの「参加する」を押してください。`, en: `Volunteer activities open now (${shifts.length + more}). Tap "Join" on one you can do.`, easy: `手伝う 人（ボランティア）を さがして います（${shifts.length + more}つ）。\n行ける ものの 「参加する」を おして ください。` }),
    ...(more > 0 ? [tr(lang, { ja: `（12件まで表示しています）`, en: "(12 are shown.)", easy: `（12まで 出して います）` })] : []),
    registered
      ? tr(lang, { ja: "ご登録の内容に合うものを先に並べています。", en: "Those that suit your registration come first.", easy: "あなたの 登録（とうろく）に あう ものを 先に ならべて います。" })
      : tr(lang, { ja: "参加にはボランティア登録が必要です（「ボランティア」と送ってください）。", en: "To join, register as a volunteer first (send \"volunteer\").", easy: "手伝う 前に 登録（とうろく）が ひつようです。 「ボランティア」と 送って ください。" }),
  ].join("\n");
  const label = tr(lang, { ja: "参加する", en: "Join", easy: "参加する" });
  return [
    { type: "text", text: intro },
    {
      type: "flex",
      altText: tr(lang, { ja: `募集中のボランティア（${shifts.length + more}件）`, en: `Volunteer activities open (${shifts.length + more})`, easy: `手伝う 人を さがして います（${shifts.length + more}つ）` }),
      contents: {
        type: "carousel",
        contents: shifts.map((s) =>
          shiftBubble(
            s,
            lang,
            [remainingText(s.remaining, lang), ...(s.suits ? [tr(lang, { ja: "あなたの登録内容に合います", en: "Suits your registration", easy: "あなたに あいます" })] : [])].join("・"),
            s.remaining > 0 ? "#1a7f37" : "#b35900",
            { label, data: shiftSignupPostback(s.id), style: "primary" },
          ),
        ),
      },
    },
  ];
}
