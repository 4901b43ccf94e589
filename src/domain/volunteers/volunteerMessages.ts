// What volunteers read: the invitation card, sign-up replies, reminders, promotions, thanks and
// their own shifts. Kind, short, Japanese (English for residents who chose it), always with date,
// time and place. Pure functions: plain data in, channel-neutral messages out.
import { type TOutMessage } from "../../flows/engineTypes.ts";
import { formatTokyoDate, formatTokyoDateTime } from "../tokyoTime.ts";

export type TLang = "ja" | "en";
export const langOf = (language: string): TLang => (language === "en" ? "en" : "ja");
const tr = (lang: TLang, ja: string, en: string) => (lang === "en" ? en : ja);

/** What a message needs to know about a shift and its opportunity. */
export type TShiftFacts = { id: string; title: string; organizer: string | null; startsAt: Date; endsAt: Date; place: string };

/**
 * The generated sign-up flow of a shift: "shift-" and the shift's id in its compact form (32 hex
 * digits, no dashes), because flow ids are at most 40 characters and are checked again whenever a
 * conversation is read back.
 */
export const shiftFlowId = (shiftId: string) => `shift-${shiftId.replace(/-/g, "").toLowerCase()}`;

/** Postback data of the 「参加する」 button: starts the shift's sign-up flow. */
export const shiftSignupPostback = (shiftId: string) => `flow=${shiftFlowId(shiftId)}`;
export const shiftCancelPostback = (signupId: string) => `flow=shift-cancel&signup=${signupId}`;

const JST_OFFSET_MS = 9 * 3600_000;
const pad = (n: number) => String(n).padStart(2, "0");
const tokyoDay = (at: Date) => Math.floor((at.getTime() + JST_OFFSET_MS) / 86_400_000);

function formatWhen(at: Date, lang: TLang): string {
  if (lang === "ja") return formatTokyoDateTime(at);
  const j = new Date(at.getTime() + JST_OFFSET_MS);
  const day = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"][j.getUTCDay()];
  const month = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"][j.getUTCMonth()];
  return `${day} ${j.getUTCDate()} ${month} ${j.getUTCHours()}:${pad(j.getUTCMinutes())}`;
}

/** "12月5日(土) 9:00〜12:00" (the end's date only when it is another day). */
export function formatShiftSpan(s: Pick<TShiftFacts, "startsAt" | "endsAt">, lang: TLang): string {
  const start = formatWhen(s.startsAt, lang);
  const end = formatWhen(s.endsAt, lang);
  return `${start}〜${tokyoDay(s.startsAt) === tokyoDay(s.endsAt) ? end.slice(end.lastIndexOf(" ") + 1) : end}`;
}

/** 2 → "2", 2.5 → "2.5", 1.25 → "1.25". */
export const formatHours = (h: number) => String(Math.round(h * 100) / 100);

function clip(text: string, max: number): string {
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join("")}…`;
}

/** Title, date and time, place: the lines every shift message carries. */
function shiftLines(s: TShiftFacts, lang: TLang): string {
  return [s.title, `${tr(lang, "日時", "When")}：${formatShiftSpan(s, lang)}`, `${tr(lang, "場所", "Where")}：${s.place}`].join("\n");
}

const remainingText = (remaining: number, lang: TLang) =>
  remaining > 0 ? tr(lang, `残り${remaining}人`, `${remaining} more needed`) : tr(lang, "定員に達しました（キャンセル待ちで受付）", "Full (waiting list open)");

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
        { type: "text", text: clip(s.title, 60), weight: "bold", size: "md", wrap: true },
        ...(s.organizer ? [{ type: "text", text: clip(s.organizer, 60), size: "xs", color: "#888888", wrap: true }] : []),
        row(tr(lang, "日時", "When"), formatShiftSpan(s, lang)),
        row(tr(lang, "場所", "Where"), clip(s.place, 100)),
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
  o: { title: string; description: string; organizer: string | null },
  shifts: (TShiftFacts & { remaining: number })[],
  lang: TLang,
): TOutMessage[] {
  const intro = [
    tr(lang, `【ボランティア募集】${o.title}`, `[Volunteers wanted] ${o.title}`),
    ...(o.organizer ? [`${tr(lang, "主催", "Organizer")}：${o.organizer}`] : []),
    ...(o.description ? [clip(o.description, 500)] : []),
    tr(lang, "ご登録の内容から、あなたに合いそうな活動をお知らせしています。参加できるシフトの「参加する」を押してください。", "We thought this might suit you. Tap \"Join\" on a shift you can do."),
  ].join("\n");
  const label = tr(lang, "参加する", "Join");
  return [
    { type: "text", text: intro },
    {
      type: "flex",
      altText: clip(tr(lang, `ボランティア募集：${o.title}`, `Volunteers wanted: ${o.title}`), 400),
      contents: {
        type: "carousel",
        contents: shifts.map((s) => shiftBubble(s, lang, remainingText(s.remaining, lang), s.remaining > 0 ? "#1a7f37" : "#b35900", { label, data: shiftSignupPostback(s.id), style: "primary" })),
      },
    },
  ];
}

/** The sign-up flow's first words: what the shift is. */
export function shiftSummaryText(s: TShiftFacts, lang: TLang): string {
  return `${shiftLines(s, lang)}${s.organizer ? `\n${tr(lang, "主催", "Organizer")}：${s.organizer}` : ""}`;
}

const minorNote = (lang: TLang) => tr(lang, "\n※19歳以下の方は、保護者の方の同意を得てからご参加ください。", "\nIf you are under 20, please get your parent's or guardian's consent first.");
const cancelHint = (lang: TLang) => tr(lang, "行けなくなったときは「マイシフト」からキャンセルしてください。", "If you can't come, cancel it from \"my shifts\".");

export function signupConfirmedText(s: TShiftFacts, isMinor: boolean, lang: TLang): string {
  return `${tr(lang, "参加の申し込みを受け付けました。ありがとうございます！", "You're signed up. Thank you!")}\n${shiftLines(s, lang)}\n${cancelHint(lang)}${isMinor ? minorNote(lang) : ""}`;
}

export function signupWaitlistedText(s: TShiftFacts, position: number, lang: TLang): string {
  return `${tr(lang, `必要な人数に達しているため、キャンセル待ち（${position}番目）で受け付けました。参加できるようになったらお知らせします。`, `This shift is full, so you are on the waiting list (number ${position}). We'll tell you if a place opens.`)}\n${shiftLines(s, lang)}`;
}

export function signupAlreadyText(s: TShiftFacts, position: number | null, lang: TLang): string {
  const state = position === null ? tr(lang, "参加確定", "confirmed") : tr(lang, `キャンセル待ち${position}番目`, `waiting list, number ${position}`);
  return `${tr(lang, `このシフトはすでにお申し込み済みです（${state}）。`, `You are already signed up for this shift (${state}).`)}\n${shiftLines(s, lang)}`;
}

export const signupClosedText = (lang: TLang) => tr(lang, "申し訳ありません。このシフトの受付は終了しました。", "Sorry, sign-up for this shift has closed.");

export const notRegisteredMessage = (lang: TLang): TOutMessage => {
  const text = tr(lang, "シフトに参加するには、先にボランティア登録をお願いします（1分ほどで終わります）。", "Please register as a volunteer first (it takes about a minute).");
  const label = tr(lang, "ボランティア登録", "Register");
  return { type: "buttons", altText: text, text, actions: [{ type: "postback", label, data: "flow=volunteer", displayText: label }] };
};

export function promotedText(s: TShiftFacts, lang: TLang): string {
  return `${tr(lang, "キャンセル待ちだったシフトに空きが出たため、参加が確定しました！", "A place opened up: you're now confirmed for this shift!")}\n${shiftLines(s, lang)}\n${cancelHint(lang)}`;
}

export function cancelledText(s: TShiftFacts, lang: TLang): string {
  return `${tr(lang, "シフトの申し込みを取り消しました。ご連絡ありがとうございます。", "Your sign-up is cancelled. Thank you for letting us know.")}\n${shiftLines(s, lang)}`;
}

export function reminderText(s: TShiftFacts, note: string, lang: TLang): string {
  return [
    tr(lang, "【ボランティア参加予定のお知らせ】", "[Your volunteering shift is coming up]"),
    shiftLines(s, lang),
    ...(note ? [note] : []),
    tr(lang, "よろしくお願いします。", "See you there!") + cancelHint(lang),
  ].join("\n");
}

export function thankYouText(s: TShiftFacts, hours: number, totalHours: number, lang: TLang): string {
  return lang === "en"
    ? `Thank you for volunteering at ${s.title} on ${formatWhen(s.startsAt, "en").replace(/ \d+:\d+$/, "")}!\nThis time: ${formatHours(hours)} h\nYour total so far: ${formatHours(totalHours)} h`
    : `${formatTokyoDate(s.startsAt)}の「${s.title}」にご参加いただき、ありがとうございました！\n今回の活動時間：${formatHours(hours)}時間\nこれまでの合計：${formatHours(totalHours)}時間`;
}

/** The volunteer's upcoming shifts, one card each with 「キャンセル」, and their hours so far. */
export function myShiftsMessages(
  shifts: (TShiftFacts & { signupId: string; position: number | null })[],
  totalHours: number,
  lang: TLang,
): TOutMessage[] {
  const total = tr(lang, `これまでの活動時間：合計${formatHours(totalHours)}時間`, `Your volunteering so far: ${formatHours(totalHours)} hours in total`);
  if (shifts.length === 0) return [{ type: "text", text: `${tr(lang, "予定しているシフトはありません。", "You have no upcoming shifts.")}\n${total}` }];
  const shown = shifts.slice(0, 12);
  const label = tr(lang, "キャンセル", "Cancel");
  const more = shifts.length > shown.length ? tr(lang, `\n（ほか${shifts.length - shown.length}件は、近いものを終えると表示されます）`, `\n(${shifts.length - shown.length} more are shown once these are done)`) : "";
  return [
    {
      type: "flex",
      altText: tr(lang, `予定しているシフト（${shifts.length}件）`, `Your upcoming shifts (${shifts.length})`),
      contents: {
        type: "carousel",
        contents: shown.map((s) =>
          shiftBubble(
            s,
            lang,
            s.position === null ? tr(lang, "参加確定", "Confirmed") : tr(lang, `キャンセル待ち${s.position}番目`, `Waiting list: number ${s.position}`),
            s.position === null ? "#1a7f37" : "#b35900",
            { label, data: shiftCancelPostback(s.signupId), style: "secondary" },
          ),
        ),
      },
    },
    { type: "text", text: `${tr(lang, `予定しているシフトは${shifts.length}件です。`, `You have ${shifts.length} upcoming shift(s).`)}${more}\n${total}` },
  ];
}

/** A shift open for sign-up, for browsing: how many are still needed, and whether it suits the volunteer's registration. */
export type TOpenShift = TShiftFacts & { remaining: number; suits: boolean };

/** 「ボランティア募集」: the open shifts, one card each with 「参加する」; those that suit the volunteer first. */
export function openOpportunitiesMessages(shifts: TOpenShift[], more: number, registered: boolean, lang: TLang): TOutMessage[] {
  if (shifts.length === 0) {
    return [{ type: "text", text: tr(lang, "いま募集中のボランティア活動はありません。決まりしだいお知らせします。", "No volunteer activities are open right now. We will let you know.") }];
  }
  const intro = [
    tr(lang, `募集中のボランティア活動です（${shifts.length + more}件）。参加できるものの「参加する」を押してください。`, `Volunteer activities open now (${shifts.length + more}). Tap "Join" on one you can do.`),
    ...(more > 0 ? [tr(lang, `（12件まで表示しています）`, "(12 are shown.)")] : []),
    registered
      ? tr(lang, "ご登録の内容に合うものを先に並べています。", "Those that suit your registration come first.")
      : tr(lang, "参加にはボランティア登録が必要です（「ボランティア」と送ってください）。", "To join, register as a volunteer first (send \"volunteer\")."),
  ].join("\n");
  const label = tr(lang, "参加する", "Join");
  return [
    { type: "text", text: intro },
    {
      type: "flex",
      altText: tr(lang, `募集中のボランティア（${shifts.length + more}件）`, `Volunteer activities open (${shifts.length + more})`),
      contents: {
        type: "carousel",
        contents: shifts.map((s) =>
          shiftBubble(
            s,
            lang,
            [remainingText(s.remaining, lang), ...(s.suits ? [tr(lang, "あなたの登録内容に合います", "Suits your registration")] : [])].join("・"),
            s.remaining > 0 ? "#1a7f37" : "#b35900",
            { label, data: shiftSignupPostback(s.id), style: "primary" },
          ),
        ),
      },
    },
  ];
}
