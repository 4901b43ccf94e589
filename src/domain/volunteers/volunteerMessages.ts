// What volunteers read: the invitation card, sign-up replies, reminders, promotions, thanks and
// their own shifts. Kind, short, Japanese (English for residents who chose it), always with date,
// time and place. Pure functions: plain data in, channel-neutral messages out.
import { type TOutMessage } from "../../flows/engineTypes.ts";
import { formatTokyoDate, formatTokyoSpan } from "../tokyoTime.ts";

export { type TLang, langOf } from "../messages/lang.ts";
import { type TLang } from "../messages/lang.ts";
import { colon, staffTr, tr } from "../messages/lang.ts";

/** What a message needs to know about a shift and its opportunity (with staff's English, where given). */
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
};

const titleOf = (s: Pick<TShiftFacts, "title" | "titleEn">, lang: TLang) => staffTr(lang, s.title, s.titleEn);
const placeOf = (s: TShiftFacts, lang: TLang) => staffTr(lang, s.place, s.placeEn);
const organizerOf = (s: Pick<TShiftFacts, "organizer" | "organizerEn">, lang: TLang) => (s.organizer ? staffTr(lang, s.organizer, s.organizerEn) : null);

/**
 * The generated sign-up flow of a shift: "shift-" and the shift's id in its compact form (32 hex
 * digits, no dashes), because flow ids are at most 40 characters and are checked again whenever a
 * conversation is read back.
 */
export const shiftFlowId = (shiftId: string) => `shift-${shiftId.replace(/-/g, "").toLowerCase()}`;

/** Postback data of the 「参加する」 button: starts the shift's sign-up flow. */
export const shiftSignupPostback = (shiftId: string) => `flow=${shiftFlowId(shiftId)}`;
export const shiftCancelPostback = (signupId: string) => `flow=shift-cancel&signup=${signupId}`;

/** "12月5日(土) 9:00〜12:00" / "Sat, Dec 5, 9:00 am – 12:00 pm" (the end's date only when it is another day). */
export const formatShiftSpan = (s: Pick<TShiftFacts, "startsAt" | "endsAt">, lang: TLang): string => formatTokyoSpan(s.startsAt, s.endsAt, lang);

/** 2 → "2", 2.5 → "2.5", 1.25 → "1.25". */
export const formatHours = (h: number) => String(Math.round(h * 100) / 100);

function clip(text: string, max: number): string {
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join("")}…`;
}

/** Title, date and time, place: the lines every shift message carries. */
function shiftLines(s: TShiftFacts, lang: TLang): string {
  return [titleOf(s, lang), `${tr(lang, { ja: "日時", en: "When" })}${colon(lang)}${formatShiftSpan(s, lang)}`, `${tr(lang, { ja: "場所", en: "Where" })}${colon(lang)}${placeOf(s, lang)}`].join("\n");
}

const remainingText = (remaining: number, lang: TLang) =>
  remaining > 0 ? tr(lang, { ja: `残り${remaining}人`, en: `${remaining} more needed` }) : tr(lang, { ja: "定員に達しました（キャンセル待ちで受付）", en: "Full (waiting list open)" });

function shiftBubble(s: TShiftFacts, lang: TLang, status: string, statusColor: string, button: { label: string; data: string; style: "primary" | "secondary" }) {
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
        row(tr(lang, { ja: "日時", en: "When" }), formatShiftSpan(s, lang)),
        row(tr(lang, { ja: "場所", en: "Where" }), clip(placeOf(s, lang), 100)),
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
  o: { title: string; description: string; organizer: string | null; titleEn?: string | null; descriptionEn?: string | null; organizerEn?: string | null },
  shifts: (TShiftFacts & { remaining: number })[],
  lang: TLang,
): TOutMessage[] {
  const title = titleOf(o, lang);
  const intro = [
    tr(lang, { ja: `【ボランティア募集】${title}`, en: `[Volunteers wanted] ${title}` }),
    ...(o.organizer ? [`${tr(lang, { ja: "主催", en: "Organizer" })}${colon(lang)}${organizerOf(o, lang)}`] : []),
    ...(o.description ? [clip(staffTr(lang, o.description, o.descriptionEn), 500)] : []),
    tr(lang, { ja: "ご登録の内容から、あなたに合いそうな活動をお知らせしています。参加できるシフトの「参加する」を押してください。", en: "We thought this might suit you. Tap \"Join\" on a shift you can do." }),
  ].join("\n");
  const label = tr(lang, { ja: "参加する", en: "Join" });
  return [
    { type: "text", text: intro },
    {
      type: "flex",
      altText: clip(tr(lang, { ja: `ボランティア募集：${title}`, en: `Volunteers wanted: ${title}` }), 400),
      contents: {
        type: "carousel",
        contents: shifts.map((s) => shiftBubble(s, lang, remainingText(s.remaining, lang), s.remaining > 0 ? "#1a7f37" : "#b35900", { label, data: shiftSignupPostback(s.id), style: "primary" })),
      },
    },
  ];
}

/** The sign-up flow's first words: what the shift is. */
export function shiftSummaryText(s: TShiftFacts, lang: TLang): string {
  return `${shiftLines(s, lang)}${s.organizer ? `\n${tr(lang, { ja: "主催", en: "Organizer" })}${colon(lang)}${organizerOf(s, lang)}` : ""}`;
}

const minorNote = (lang: TLang) => tr(lang, { ja: "\n※18歳未満の方は、保護者の方の同意を得てからご参加ください。", en: "\nIf you are under 18, please get your parent's or guardian's consent first." });
const cancelHint = (lang: TLang) => tr(lang, { ja: "行けなくなったときは「マイシフト」からキャンセルしてください。", en: "If you can't come, cancel it from \"my shifts\"." });

export function signupConfirmedText(s: TShiftFacts, isMinor: boolean, lang: TLang): string {
  return `${tr(lang, { ja: "参加の申し込みを受け付けました。ありがとうございます！", en: "You're signed up. Thank you!" })}\n${shiftLines(s, lang)}\n${cancelHint(lang)}${isMinor ? minorNote(lang) : ""}`;
}

export function signupWaitlistedText(s: TShiftFacts, position: number, lang: TLang): string {
  return `${tr(lang, { ja: `必要な人数に達しているため、キャンセル待ち（${position}番目）で受け付けました。参加できるようになったらお知らせします。`, en: `This shift is full, so you are on the waiting list (number ${position}). We'll tell you if a place opens.` })}\n${shiftLines(s, lang)}`;
}

export function signupAlreadyText(s: TShiftFacts, position: number | null, lang: TLang): string {
  const state = position === null ? tr(lang, { ja: "参加確定", en: "confirmed" }) : tr(lang, { ja: `キャンセル待ち${position}番目`, en: `waiting list, number ${position}` });
  return `${tr(lang, { ja: `このシフトはすでにお申し込み済みです（${state}）。`, en: `You are already signed up for this shift (${state}).` })}\n${shiftLines(s, lang)}`;
}

export const signupClosedText = (lang: TLang) => tr(lang, { ja: "申し訳ありません。このシフトの受付は終了しました。", en: "Sorry, sign-up for this shift has closed." });

export const notRegisteredMessage = (lang: TLang): TOutMessage => {
  const text = tr(lang, { ja: "シフトに参加するには、先にボランティア登録をお願いします（1分ほどで終わります）。", en: "Please register as a volunteer first (it takes about a minute)." });
  const label = tr(lang, { ja: "ボランティア登録", en: "Register" });
  return { type: "buttons", altText: text, text, actions: [{ type: "postback", label, data: "flow=volunteer", displayText: label }] };
};

export function promotedText(s: TShiftFacts, lang: TLang): string {
  return `${tr(lang, { ja: "キャンセル待ちだったシフトに空きが出たため、参加が確定しました！", en: "A place opened up: you're now confirmed for this shift!" })}\n${shiftLines(s, lang)}\n${cancelHint(lang)}`;
}

export function cancelledText(s: TShiftFacts, lang: TLang): string {
  return `${tr(lang, { ja: "シフトの申し込みを取り消しました。ご連絡ありがとうございます。", en: "Your sign-up is cancelled. Thank you for letting us know." })}\n${shiftLines(s, lang)}`;
}

export function reminderText(s: TShiftFacts, note: string, lang: TLang): string {
  return [
    tr(lang, { ja: "【ボランティア参加予定のお知らせ】", en: "[Your volunteering shift is coming up]" }),
    shiftLines(s, lang),
    ...(note ? [note] : []),
    tr(lang, { ja: "よろしくお願いします。", en: "See you there!" }) + cancelHint(lang),
  ].join("\n");
}

export function thankYouText(s: TShiftFacts, hours: number, totalHours: number, lang: TLang): string {
  return lang === "en"
    ? `Thank you for volunteering at ${titleOf(s, lang)} on ${formatTokyoDate(s.startsAt, "en")}!\nThis time: ${formatHours(hours)} h\nYour total so far: ${formatHours(totalHours)} h`
    : `${formatTokyoDate(s.startsAt)}の「${s.title}」にご参加いただき、ありがとうございました！\n今回の活動時間：${formatHours(hours)}時間\nこれまでの合計：${formatHours(totalHours)}時間`;
}

/** The volunteer's upcoming shifts, one card each with 「キャンセル」, and their hours so far. */
export function myShiftsMessages(
  shifts: (TShiftFacts & { signupId: string; position: number | null })[],
  totalHours: number,
  lang: TLang,
): TOutMessage[] {
  const total = tr(lang, { ja: `これまでの活動時間：合計${formatHours(totalHours)}時間`, en: `Your volunteering so far: ${formatHours(totalHours)} hours in total` });
  if (shifts.length === 0) return [{ type: "text", text: `${tr(lang, { ja: "予定しているシフトはありません。", en: "You have no upcoming shifts." })}\n${total}` }];
  const shown = shifts.slice(0, 12);
  const label = tr(lang, { ja: "キャンセル", en: "Cancel" });
  const more = shifts.length > shown.length ? tr(lang, { ja: `\n（ほか${shifts.length - shown.length}件は、近いものを終えると表示されます）`, en: `\n(${shifts.length - shown.length} more are shown once these are done)` }) : "";
  return [
    {
      type: "flex",
      altText: tr(lang, { ja: `予定しているシフト（${shifts.length}件）`, en: `Your upcoming shifts (${shifts.length})` }),
      contents: {
        type: "carousel",
        contents: shown.map((s) =>
          shiftBubble(
            s,
            lang,
            s.position === null ? tr(lang, { ja: "参加確定", en: "Confirmed" }) : tr(lang, { ja: `キャンセル待ち${s.position}番目`, en: `Waiting list: number ${s.position}` }),
            s.position === null ? "#1a7f37" : "#b35900",
            { label, data: shiftCancelPostback(s.signupId), style: "secondary" },
          ),
        ),
      },
    },
    { type: "text", text: `${tr(lang, { ja: `予定しているシフトは${shifts.length}件です。`, en: `You have ${shifts.length} upcoming shift(s).` })}${more}\n${total}` },
  ];
}

/** A shift open for sign-up, for browsing: how many are still needed, and whether it suits the volunteer's registration. */
export type TOpenShift = TShiftFacts & { remaining: number; suits: boolean };

/** 「ボランティア募集」: the open shifts, one card each with 「参加する」; those that suit the volunteer first. */
export function openOpportunitiesMessages(shifts: TOpenShift[], more: number, registered: boolean, lang: TLang): TOutMessage[] {
  if (shifts.length === 0) {
    return [{ type: "text", text: tr(lang, { ja: "いま募集中のボランティア活動はありません。決まりしだいお知らせします。", en: "No volunteer activities are open right now. We will let you know." }) }];
  }
  const intro = [
    tr(lang, { ja: `募集中のボランティア活動です（${shifts.length + more}件）。参加できるものの「参加する」を押してください。`, en: `Volunteer activities open now (${shifts.length + more}). Tap "Join" on one you can do.` }),
    ...(more > 0 ? [tr(lang, { ja: `（12件まで表示しています）`, en: "(12 are shown.)" })] : []),
    registered
      ? tr(lang, { ja: "ご登録の内容に合うものを先に並べています。", en: "Those that suit your registration come first." })
      : tr(lang, { ja: "参加にはボランティア登録が必要です（「ボランティア」と送ってください）。", en: "To join, register as a volunteer first (send \"volunteer\")." }),
  ].join("\n");
  const label = tr(lang, { ja: "参加する", en: "Join" });
  return [
    { type: "text", text: intro },
    {
      type: "flex",
      altText: tr(lang, { ja: `募集中のボランティア（${shifts.length + more}件）`, en: `Volunteer activities open (${shifts.length + more})` }),
      contents: {
        type: "carousel",
        contents: shifts.map((s) =>
          shiftBubble(
            s,
            lang,
            [remainingText(s.remaining, lang), ...(s.suits ? [tr(lang, { ja: "あなたの登録内容に合います", en: "Suits your registration" })] : [])].join("・"),
            s.remaining > 0 ? "#1a7f37" : "#b35900",
            { label, data: shiftSignupPostback(s.id), style: "primary" },
          ),
        ),
      },
    },
  ];
}
