// What residents read about events: the card (announcement, list), sign-up replies, reminders,
// promotions, cancellations. Kind, short, Japanese (English for residents who chose it), and
// always date, time and place. Pure functions: plain data in, channel-neutral messages out.
import { type TOutMessage } from "../../flows/engineTypes.ts";
import { flexCard, flexCarousel, type TFlexButton } from "../messages/flexCard.ts";
import { formatTokyoDateTime } from "../tokyoTime.ts";

export type TLang = "ja" | "en";

export const langOf = (language: string): TLang => (language === "en" ? "en" : "ja");

/** What a card or message needs to know about an event. */
export type TEventFacts = {
  number: number;
  title: string;
  description: string;
  imageUrl: string | null;
  startsAt: Date;
  endsAt: Date | null;
  place: string;
  mapUrl: string | null;
  signupDeadline: Date;
  organizer: string | null;
};

/** Postback data of the 「申し込む」 button: starts the generated sign-up flow "event-<number>". */
export const signupPostback = (eventNumber: number) => `flow=event-${eventNumber}`;
export const cancelPostback = (registrationId: string) => `flow=event-cancel&registration=${registrationId}`;

const pad = (n: number) => String(n).padStart(2, "0");

/** "12月5日(土) 14:00" / "Sat 5 Dec 14:00", in Asia/Tokyo. */
export function formatWhen(at: Date, lang: TLang): string {
  if (lang === "ja") return formatTokyoDateTime(at);
  const j = new Date(at.getTime() + 9 * 3600_000);
  const day = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"][j.getUTCDay()];
  const month = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"][j.getUTCMonth()];
  return `${day} ${j.getUTCDate()} ${month} ${j.getUTCHours()}:${pad(j.getUTCMinutes())}`;
}

/** Start, and end when known ("12月5日(土) 14:00〜16:00"; the end's date only when it differs). */
export function formatSpan(e: Pick<TEventFacts, "startsAt" | "endsAt">, lang: TLang): string {
  const start = formatWhen(e.startsAt, lang);
  if (!e.endsAt) return start;
  const end = formatWhen(e.endsAt, lang);
  const sameDay = Math.floor((e.startsAt.getTime() + 9 * 3600_000) / 86_400_000) === Math.floor((e.endsAt.getTime() + 9 * 3600_000) / 86_400_000);
  return `${start}〜${sameDay ? end.slice(end.lastIndexOf(" ") + 1) : end}`;
}

function clip(text: string, max: number): string {
  if (max <= 0) return "";
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join("")}…`;
}

const tr = (lang: TLang, ja: string, en: string) => (lang === "en" ? en : ja);

export function seatsText(seatsLeft: number, lang: TLang): string {
  return seatsLeft > 0 ? tr(lang, `${seatsLeft}席`, `${seatsLeft}`) : tr(lang, "満席（キャンセル待ちで受付）", "Full (waiting list open)");
}

/** Date, time, place and map: the lines every event message carries. */
export function factLines(e: TEventFacts, lang: TLang): string[] {
  return [
    `「${e.title}」`,
    `${tr(lang, "日時", "When")}：${formatSpan(e, lang)}`,
    `${tr(lang, "場所", "Where")}：${e.place}`,
    ...(e.mapUrl ? [`${tr(lang, "地図", "Map")}：${e.mapUrl}`] : []),
  ];
}

export type TCardOptions = {
  seatsLeft: number;
  /** Longest description shown (a carousel of 12 must stay under LINE's 50 KB). */
  descriptionMax: number;
  /** Extra status line (my sign-ups). */
  status?: string;
  /** My sign-ups: the receipt number as a row, and its QR code (to show at the door) instead of the event's picture. */
  receipt?: { number: string; qrUrl: string | null };
  /** Buttons in the footer, instead of 「申し込む」 (and 「地図」). */
  actions?: TFlexButton[];
};

/** One event as a Flex bubble: picture, title, date-time, place, seats left, 「申し込む」 and 「地図」. */
export function eventBubble(e: TEventFacts, lang: TLang, options: TCardOptions): Record<string, unknown> {
  const description = clip(e.description.trim(), options.descriptionMax);
  const mapButton: TFlexButton[] = e.mapUrl ? [{ style: "secondary", action: { type: "uri", label: tr(lang, "地図", "Map"), uri: e.mapUrl } }] : [];
  const signup = tr(lang, "申し込む", "Sign up");
  const actions = options.actions ?? [{ style: "primary", action: { type: "postback", label: signup, data: signupPostback(e.number), displayText: signup } }, ...mapButton];
  return flexCard({
    heroImageUrl: options.receipt?.qrUrl ?? e.imageUrl,
    heroSquare: Boolean(options.receipt?.qrUrl),
    title: e.title,
    notes: [
      ...(e.organizer ? [{ text: `${tr(lang, "主催", "By")}：${e.organizer}`, tone: "aside" as const }] : []),
      ...(options.status ? [{ text: options.status, tone: "status" as const }] : []),
    ],
    lines: [
      { label: tr(lang, "日時", "When"), value: formatSpan(e, lang) },
      { label: tr(lang, "場所", "Where"), value: e.place },
      // My sign-ups show the status (and the receipt number) instead of seats and deadline.
      ...(options.receipt ? [{ label: tr(lang, "受付番号", "Receipt"), value: options.receipt.number }] : []),
      ...(options.status
        ? []
        : [
            { label: tr(lang, "残り席", "Seats left"), value: seatsText(options.seatsLeft, lang) },
            { label: tr(lang, "締切", "Sign up by"), value: formatWhen(e.signupDeadline, lang) },
          ]),
    ],
    body: description,
    buttons: actions,
  });
}

/** The announcement: one card. */
export function announcementMessage(e: TEventFacts, seatsLeft: number, lang: TLang): TOutMessage {
  return {
    type: "flex",
    altText: clip(`${tr(lang, "イベントのご案内", "Event")}：${e.title}（${formatWhen(e.startsAt, lang)}）`, 300),
    contents: eventBubble(e, lang, { seatsLeft, descriptionMax: 400 }),
  };
}

/** Upcoming events, soonest first: a carousel (LINE allows 12 bubbles). */
export function upcomingMessage(events: { facts: TEventFacts; seatsLeft: number }[], lang: TLang): TOutMessage[] {
  if (events.length === 0) {
    return [{ type: "text", text: tr(lang, "いま申し込みを受け付けているイベントはありません。決まりしだいお知らせします。", "No events are open for sign-up right now. We will let you know when there are.") }];
  }
  return [
    { type: "text", text: tr(lang, "申し込み受付中のイベントです（開催日の近い順）。", "Events open for sign-up (soonest first).") },
    {
      type: "flex",
      altText: tr(lang, `受付中のイベント（${events.length}件）`, `Events open for sign-up (${events.length})`),
      contents: flexCarousel(events.map((x) => eventBubble(x.facts, lang, { seatsLeft: x.seatsLeft, descriptionMax: 80 }))),
    },
  ];
}

export type TMyRegistration = {
  id: string;
  status: "confirmed" | "waitlisted";
  companions: number;
  position: number | null;
  facts: TEventFacts;
  cancelled: boolean;
  receipt: string;
  /** The receipt's QR code (a PNG the bot serves), for a confirmed seat. */
  qrUrl: string | null;
};

/** "E3-1A2B3C4D": what staff read out at the door instead of a name the bot never asks for. */
export function receiptNumber(eventNumber: number, registrationId: string): string {
  return `E${eventNumber}-${registrationId.replace(/-/g, "").slice(0, 8).toUpperCase()}`;
}

/** Where the bot serves the receipt's QR code (src/http/receiptQrRouter.ts). */
export const receiptQrUrl = (publicUrl: string, receipt: string) => `${publicUrl.replace(/\/+$/, "")}/qr/receipts/${receipt}.png`;

const receiptLine = (receipt: string, lang: TLang) =>
  tr(lang, `受付番号：${receipt}（当日、受付でお見せください）`, `Receipt no.: ${receipt} (show it at the door)`);

function statusLine(r: Pick<TMyRegistration, "status" | "companions" | "position" | "cancelled">, lang: TLang): string {
  if (r.cancelled) return tr(lang, "このイベントは中止になりました", "This event was cancelled");
  const withCompanions = r.companions > 0 ? tr(lang, `（同伴${r.companions}人）`, ` (+${r.companions})`) : "";
  return r.status === "confirmed"
    ? `${tr(lang, "参加確定", "Confirmed")}${withCompanions}`
    : `${tr(lang, `キャンセル待ち ${r.position ?? "-"}番目`, `Waiting list: no. ${r.position ?? "-"}`)}${withCompanions}`;
}

/** The resident's sign-ups, each with 「キャンセル」. */
export function myRegistrationsMessage(rows: TMyRegistration[], more: number, lang: TLang): TOutMessage[] {
  if (rows.length === 0) {
    return [{ type: "text", text: tr(lang, "申し込み中のイベントはありません。「イベント」と送ると、受付中のイベントが見られます。", "You have no event sign-ups. Send \"events\" to see what is open.") }];
  }
  const cancel = tr(lang, "キャンセル", "Cancel");
  const bubbles = rows.map((r) =>
    eventBubble(r.facts, lang, {
      seatsLeft: 0,
      descriptionMax: 0,
      status: statusLine(r, lang),
      receipt: { number: r.receipt, qrUrl: r.cancelled || r.status !== "confirmed" ? null : r.qrUrl },
      actions: [
        ...(r.cancelled ? [] : [{ style: "secondary" as const, action: { type: "postback" as const, label: cancel, data: cancelPostback(r.id), displayText: cancel } }]),
        ...(r.facts.mapUrl ? [{ style: "link" as const, action: { type: "uri" as const, label: tr(lang, "地図", "Map"), uri: r.facts.mapUrl } }] : []),
      ],
    }),
  );
  return [
    {
      type: "text",
      text: tr(lang, `申し込み中のイベントは${rows.length + more}件です。${more > 0 ? `（近い順に12件を表示）` : ""}`, `You have ${rows.length + more} sign-up(s).${more > 0 ? " (The 12 soonest are shown.)" : ""}`),
    },
    { type: "flex", altText: tr(lang, "申し込み中のイベント", "Your event sign-ups"), contents: flexCarousel(bubbles) },
  ];
}

export function seatsLine(seatsLeft: number, lang: TLang): string {
  return seatsLeft > 0 ? tr(lang, `残り${seatsLeft}席です。`, `${seatsLeft} seat(s) left.`) : tr(lang, "満席のため、いまはキャンセル待ちでの受付です。", "It is full: you can join the waiting list.");
}

export type TClosedReason = "cancelled" | "deadline" | "started" | "missing";

export function closedText(reason: TClosedReason, lang: TLang): string {
  switch (reason) {
    case "cancelled":
      return tr(lang, "このイベントは中止になりました。申し込みはできません。", "This event was cancelled, so sign-up is closed.");
    case "deadline":
      return tr(lang, "申し込みの受付は締め切りました。またのご参加をお待ちしています。", "Sign-up has closed. We hope to see you another time.");
    case "started":
      return tr(lang, "このイベントはすでに始まっているため、申し込みはできません。", "This event has already started, so sign-up is closed.");
    case "missing":
      return tr(lang, "このイベントは見つかりませんでした。「イベント」と送ると、受付中のイベントが見られます。", "We could not find this event. Send \"events\" to see what is open.");
  }
}

const companionsLine = (companions: number, lang: TLang) =>
  companions > 0 ? [tr(lang, `人数：あなたと同伴者${companions}人（${companions + 1}席）`, `People: you and ${companions} more (${companions + 1} seats)`)] : [];

export function confirmedText(e: TEventFacts, companions: number, lang: TLang, receipt: string): string {
  return [
    tr(lang, "申し込みが完了しました！", "You are signed up!"),
    receiptLine(receipt, lang),
    ...factLines(e, lang),
    ...companionsLine(companions, lang),
    tr(lang, "確認・キャンセルは「マイイベント」と送ってください。", "Send \"my events\" to check or cancel."),
  ].join("\n");
}

export function waitlistedText(e: TEventFacts, position: number, lang: TLang): string {
  return [
    tr(lang, `定員に達したため、キャンセル待ち（${position}番目）で受け付けました。参加できるようになったら、すぐにお知らせします。`, `The event is full, so you are on the waiting list (no. ${position}). We will tell you as soon as a seat is yours.`),
    ...factLines(e, lang),
    tr(lang, "確認・キャンセルは「マイイベント」と送ってください。", "Send \"my events\" to check or cancel."),
  ].join("\n");
}

export function alreadyText(e: TEventFacts, r: { status: "confirmed" | "waitlisted"; companions: number; position: number | null; receipt?: string }, lang: TLang): string {
  return [
    tr(lang, "このイベントにはすでに申し込まれています。", "You have already signed up for this event."),
    `${tr(lang, "状態", "Status")}：${statusLine({ ...r, cancelled: false }, lang)}`,
    ...(r.receipt && r.status === "confirmed" ? [receiptLine(r.receipt, lang)] : []),
    ...factLines(e, lang),
    tr(lang, "人数の変更は、「マイイベント」からキャンセルして申し込み直してください。", "To change the number of people, cancel in \"my events\" and sign up again."),
  ].join("\n");
}

export function promotedText(e: TEventFacts, companions: number, lang: TLang, receipt: string): string {
  return [
    tr(lang, "キャンセル待ちから繰り上がり、参加が確定しました！", "Good news: a seat opened up and your place is confirmed!"),
    receiptLine(receipt, lang),
    ...factLines(e, lang),
    ...companionsLine(companions, lang),
    tr(lang, "ご都合が悪い場合は「マイイベント」からキャンセルしてください。", "If you cannot come, please cancel in \"my events\"."),
  ].join("\n");
}

export function reminderText(e: TEventFacts, kind: "dayBefore" | "hourBefore", note: string, lang: TLang): string {
  const head =
    kind === "dayBefore"
      ? tr(lang, "【リマインド】お申し込みのイベントが近づいてきました。", "[Reminder] Your event is coming up.")
      : tr(lang, "【まもなく開始】お申し込みのイベントは約1時間後に始まります。", "[Starting soon] Your event starts in about an hour.");
  return [
    head,
    ...factLines(e, lang),
    ...(note.trim() ? [note.trim()] : []),
    tr(lang, "行けなくなった場合は「マイイベント」からキャンセルをお願いします。", "If you cannot come, please cancel in \"my events\"."),
  ].join("\n");
}

export function eventCancelledText(e: TEventFacts, reason: string, lang: TLang): string {
  return [
    tr(lang, "【中止のお知らせ】お申し込みのイベントは中止になりました。", "[Cancelled] The event you signed up for has been cancelled."),
    ...factLines(e, lang).filter((l) => !l.startsWith(tr(lang, "地図", "Map"))),
    ...(reason.trim() ? [`${tr(lang, "理由", "Reason")}：${reason.trim()}`] : []),
    tr(lang, "ご迷惑をおかけして申し訳ありません。", "We are sorry for the inconvenience."),
  ].join("\n");
}

/** A message staff send to everyone signed up; the event's name says what it is about. */
export function staffMessageText(e: TEventFacts, text: string, lang: TLang): string {
  return `${tr(lang, `【「${e.title}」についてのお知らせ】`, `[About "${e.title}"]`)}\n${text}`;
}

export function cancelQuestionText(e: TEventFacts, r: { status: "confirmed" | "waitlisted"; companions: number; position: number | null }, lang: TLang): string {
  return [...factLines(e, lang), `${tr(lang, "状態", "Status")}：${statusLine({ ...r, cancelled: false }, lang)}`].join("\n");
}

export function cancelledRegistrationText(e: TEventFacts, lang: TLang): string {
  return [tr(lang, "キャンセルしました。ご連絡ありがとうございます。", "Cancelled. Thank you for letting us know."), `「${e.title}」（${formatWhen(e.startsAt, lang)}）`].join("\n");
}

export type TCancelRefusal = "missing" | "started" | "cancelled";

export function cancelRefusedText(reason: TCancelRefusal, lang: TLang): string {
  switch (reason) {
    case "missing":
      return tr(lang, "この申し込みは見つかりませんでした。「マイイベント」で申し込みを確認できます。", "We could not find this sign-up. Send \"my events\" to see yours.");
    case "cancelled":
      return tr(lang, "この申し込みはすでにキャンセルされています。", "This sign-up is already cancelled.");
    case "started":
      return tr(lang, "イベントが始まった後はキャンセルできません。", "The event has started, so it can no longer be cancelled.");
  }
}
