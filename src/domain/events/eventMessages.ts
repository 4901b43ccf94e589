// What residents read about events: the card (announcement, list), sign-up replies, reminders,
// promotions, cancellations. Kind, short, Japanese (English for residents who chose it), and
// always date, time and place. Pure functions: plain data in, channel-neutral messages out.
import { type TOutMessage } from "../../flows/engineTypes.ts";
import { startFlowPostback } from "../../flows/postback.ts";
import { flexCard, flexCarousel, type TFlexButton } from "../messages/flexCard.ts";
import { formatTokyoDateTime, formatTokyoSpan } from "../../tokyoTime.ts";



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
  titleEn?: string | null;
  descriptionEn?: string | null;
  placeEn?: string | null;
  organizerEn?: string | null;
  titleEasy?: string | null;
  descriptionEasy?: string | null;
  placeEasy?: string | null;
  organizerEasy?: string | null;
};

/** What staff wrote, in the resident's language where staff gave one. */
const titleOf = (e: TEventFacts, lang: TLanguage) => staffTr(lang, e.title, e.titleEn, e.titleEasy);
const placeOf = (e: TEventFacts, lang: TLanguage) => staffTr(lang, e.place, e.placeEn, e.placeEasy);
const descriptionOf = (e: TEventFacts, lang: TLanguage) => staffTr(lang, e.description, e.descriptionEn, e.descriptionEasy);
const organizerOf = (e: TEventFacts, lang: TLanguage) => (e.organizer ? staffTr(lang, e.organizer, e.organizerEn, e.organizerEasy) : null);

/** Postback data of the 「申し込む」 button: starts the generated sign-up flow "event-<number>". */
export const signupPostback = (eventNumber: number) => startFlowPostback(`event-${eventNumber}`);
export const cancelPostback = (registrationId: string) => startFlowPostback("event-cancel", { registration: registrationId });

/** "12月5日(土) 14:00" / "Sat, Dec 5, 2:00 pm", in Asia/Tokyo. */
export const formatWhen = (at: Date, lang: TLanguage): string => formatTokyoDateTime(at, lang);

/** Start, and end when known ("12月5日(土) 14:00〜16:00"; the end's date only when it differs). */
export const formatSpan = (e: Pick<TEventFacts, "startsAt" | "endsAt">, lang: TLanguage): string => formatTokyoSpan(e.startsAt, e.endsAt, lang);

function clip(text: string, max: number): string {
  if (max <= 0) return "";
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join("")}…`;
}

import { colon, paren, quote, staffTr, tr } from "../messages/lang.ts";
import { type TLanguage } from "../../flows/flowSchema.ts";

export function seatsText(seatsLeft: number, lang: TLanguage): string {
  return seatsLeft > 0 ? tr(lang, { ja: `${seatsLeft}席`, en: `${seatsLeft}`, easy: `のこり ${seatsLeft}せき` }) : tr(lang, { ja: "満席（キャンセル待ちで受付）", en: "Full (waiting list open)", easy: "いっぱいです（あくのを 待つ ことが できます）" });
}

/** Date, time, place and map: the lines every event message carries. */
export function factLines(e: TEventFacts, lang: TLanguage): string[] {
  return [
    quote(lang, titleOf(e, lang)),
    `${tr(lang, { ja: "日時", en: "When", easy: "いつ" })}${colon(lang)}${formatSpan(e, lang)}`,
    `${tr(lang, { ja: "場所", en: "Where", easy: "どこ" })}${colon(lang)}${placeOf(e, lang)}`,
    ...(e.mapUrl ? [`${tr(lang, { ja: "地図", en: "Map", easy: "地図（ちず）" })}${colon(lang)}${e.mapUrl}`] : []),
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
export function eventBubble(e: TEventFacts, lang: TLanguage, options: TCardOptions): Record<string, unknown> {
  const description = clip(descriptionOf(e, lang).trim(), options.descriptionMax);
  const mapButton: TFlexButton[] = e.mapUrl ? [{ style: "secondary", action: { type: "uri", label: tr(lang, { ja: "地図", en: "Map", easy: "地図（ちず）" }), uri: e.mapUrl } }] : [];
  const signup = tr(lang, { ja: "申し込む", en: "Sign up", easy: "申し込む" });
  const actions = options.actions ?? [{ style: "primary", action: { type: "postback", label: signup, data: signupPostback(e.number), displayText: signup } }, ...mapButton];
  return flexCard({
    heroImageUrl: options.receipt?.qrUrl ?? e.imageUrl,
    heroSquare: Boolean(options.receipt?.qrUrl),
    title: titleOf(e, lang),
    notes: [
      ...(e.organizer ? [{ text: `${tr(lang, { ja: "主催", en: "By", easy: "する 人" })}${colon(lang)}${organizerOf(e, lang)}`, tone: "aside" as const }] : []),
      ...(options.status ? [{ text: options.status, tone: "status" as const }] : []),
    ],
    lines: [
      { label: tr(lang, { ja: "日時", en: "When", easy: "いつ" }), value: formatSpan(e, lang) },
      { label: tr(lang, { ja: "場所", en: "Where", easy: "どこ" }), value: placeOf(e, lang) },
      // My sign-ups show the status (and the receipt number) instead of seats and deadline.
      ...(options.receipt ? [{ label: tr(lang, { ja: "受付番号", en: "Receipt", easy: "ばんごう" }), value: options.receipt.number }] : []),
      ...(options.status
        ? []
        : [
            { label: tr(lang, { ja: "残り席", en: "Seats left", easy: "のこりの せき" }), value: seatsText(options.seatsLeft, lang) },
            { label: tr(lang, { ja: "締切", en: "Sign up by", easy: "申し込みは いつまで" }), value: formatWhen(e.signupDeadline, lang) },
          ]),
    ],
    body: description,
    buttons: actions,
  });
}

/** The announcement: one card. */
export function announcementMessage(e: TEventFacts, seatsLeft: number, lang: TLanguage): TOutMessage {
  return {
    type: "flex",
    // One idea per sentence in easy: what it is, then which and when.
    altText: clip(tr(lang, { ja: `イベントのご案内：${titleOf(e, lang)}（${formatWhen(e.startsAt, lang)}）`, en: `Event: ${titleOf(e, lang)} (${formatWhen(e.startsAt, lang)})`, easy: `あつまりの おしらせです。 ${titleOf(e, lang)}（${formatWhen(e.startsAt, lang)}）` }), 300),
    contents: eventBubble(e, lang, { seatsLeft, descriptionMax: 400 }),
  };
}

/** Upcoming events, soonest first: a carousel (LINE allows 12 bubbles). */
export function upcomingMessage(events: { facts: TEventFacts; seatsLeft: number }[], lang: TLanguage): TOutMessage[] {
  if (events.length === 0) {
    return [{ type: "text", text: tr(lang, { ja: "いま申し込みを受け付けているイベントはありません。決まりしだいお知らせします。", en: "No events are open for sign-up right now. We will let you know when there are.", easy: "いま 申し込む ことが できる あつまりは ありません。 きまったら 知らせます。" }) }];
  }
  return [
    { type: "text", text: tr(lang, { ja: "申し込み受付中のイベントです（開催日の近い順）。", en: "Events open for sign-up (soonest first).", easy: "申し込む ことが できる あつまりです。 早い 日から ならべて います。" }) },
    {
      type: "flex",
      altText: tr(lang, { ja: `受付中のイベント（${events.length}件）`, en: `Events open for sign-up (${events.length})`, easy: `申し込む ことが できる あつまり（${events.length}つ）` }),
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

const receiptLine = (receipt: string, lang: TLanguage) =>
  tr(lang, { ja: `受付番号：${receipt}（当日、受付でお見せください）`, en: `Receipt no.: ${receipt} (show it at the door)`, easy: `ばんごう：${receipt}（その 日に うけつけで 見せて ください）` });

function statusLine(r: Pick<TMyRegistration, "status" | "companions" | "position" | "cancelled">, lang: TLanguage): string {
  if (r.cancelled) return tr(lang, { ja: "このイベントは中止になりました", en: "This event was cancelled", easy: "この あつまりは なく なりました" });
  const withCompanions = r.companions > 0 ? tr(lang, { ja: `（同伴${r.companions}人）`, en: ` (+${r.companions})`, easy: `（いっしょに 行く 人 ${r.companions}人）` }) : "";
  return r.status === "confirmed"
    ? `${tr(lang, { ja: "参加確定", en: "Confirmed", easy: "行く ことが きまりました" })}${withCompanions}`
    : `${tr(lang, { ja: `キャンセル待ち ${r.position ?? "-"}番目`, en: `Waiting list: no. ${r.position ?? "-"}`, easy: `待って いる 人の ${r.position ?? "-"}ばんめ` })}${withCompanions}`;
}

/** The resident's sign-ups, each with 「キャンセル」. */
export function myRegistrationsMessage(rows: TMyRegistration[], more: number, lang: TLanguage): TOutMessage[] {
  if (rows.length === 0) {
    return [{ type: "text", text: tr(lang, { ja: "申し込み中のイベントはありません。「イベント」と送ると、受付中のイベントが見られます。", en: "You have no event sign-ups. Send \"events\" to see what is open.", easy: "申し込んで いる あつまりは ありません。 「イベント」と 送ると、 申し込む ことが できる あつまりが 出ます。" }) }];
  }
  const cancel = tr(lang, { ja: "キャンセル", en: "Cancel", easy: "やめる" });
  const bubbles = rows.map((r) =>
    eventBubble(r.facts, lang, {
      seatsLeft: 0,
      descriptionMax: 0,
      status: statusLine(r, lang),
      receipt: { number: r.receipt, qrUrl: r.cancelled || r.status !== "confirmed" ? null : r.qrUrl },
      actions: [
        ...(r.cancelled ? [] : [{ style: "secondary" as const, action: { type: "postback" as const, label: cancel, data: cancelPostback(r.id), displayText: cancel } }]),
        ...(r.facts.mapUrl ? [{ style: "link" as const, action: { type: "uri" as const, label: tr(lang, { ja: "地図", en: "Map", easy: "地図（ちず）" }), uri: r.facts.mapUrl } }] : []),
      ],
    }),
  );
  return [
    {
      type: "text",
      text: tr(lang, { ja: `申し込み中のイベントは${rows.length + more}件です。${more > 0 ? `（近い順に12件を表示）` : ""}`, en: `You have ${rows.length + more} sign-up(s).${more > 0 ? " (The 12 soonest are shown.)" : ""}`, easy: `申し込んで いる あつまりは ${rows.length + more}つです。${more > 0 ? "（近い 12を 出して います）" : ""}` }),
    },
    { type: "flex", altText: tr(lang, { ja: "申し込み中のイベント", en: "Your event sign-ups", easy: "申し込んで いる あつまり" }), contents: flexCarousel(bubbles) },
  ];
}

export function seatsLine(seatsLeft: number, lang: TLanguage): string {
  return seatsLeft > 0 ? tr(lang, { ja: `残り${seatsLeft}席です。`, en: `${seatsLeft} seat(s) left.`, easy: `のこりは ${seatsLeft}せきです。` }) : tr(lang, { ja: "満席のため、いまはキャンセル待ちでの受付です。", en: "It is full: you can join the waiting list.", easy: "いっぱいなので、 いまは せきが あくのを 待つ ことに なります。" });
}

export type TClosedReason = "cancelled" | "deadline" | "started" | "missing";

export function closedText(reason: TClosedReason, lang: TLanguage): string {
  switch (reason) {
    case "cancelled":
      return tr(lang, { ja: "このイベントは中止になりました。申し込みはできません。", en: "This event was cancelled, so sign-up is closed.", easy: "この あつまりは なく なりました。 申し込む ことは できません。" });
    case "deadline":
      return tr(lang, { ja: "申し込みの受付は締め切りました。またのご参加をお待ちしています。", en: "Sign-up has closed. We hope to see you another time.", easy: "申し込みは もう おわりました。 また 来て ください。" });
    case "started":
      return tr(lang, { ja: "このイベントはすでに始まっているため、申し込みはできません。", en: "This event has already started, so sign-up is closed.", easy: "この あつまりは もう はじまったので、 申し込む ことは できません。" });
    case "missing":
      return tr(lang, { ja: "このイベントは見つかりませんでした。「イベント」と送ると、受付中のイベントが見られます。", en: "We could not find this event. Send \"events\" to see what is open.", easy: "この あつまりは 見つかりませんでした。 「イベント」と 送ると、 申し込む ことが できる あつまりが 出ます。" });
  }
}

const companionsLine = (companions: number, lang: TLanguage) =>
  companions > 0 ? [tr(lang, { ja: `人数：あなたと同伴者${companions}人（${companions + 1}席）`, en: `People: you and ${companions} more (${companions + 1} seats)`, easy: `人数：あなたと いっしょに 行く 人 ${companions}人（${companions + 1}せき）` })] : [];

export function confirmedText(e: TEventFacts, companions: number, lang: TLanguage, receipt: string): string {
  return [
    tr(lang, { ja: "申し込みが完了しました！", en: "You are signed up!", easy: "申し込みが できました。" }),
    receiptLine(receipt, lang),
    ...factLines(e, lang),
    ...companionsLine(companions, lang),
    tr(lang, { ja: "確認・キャンセルは「マイイベント」と送ってください。", en: "Send \"my events\" to check or cancel.", easy: "見る・やめる ときは 「マイイベント」と 送って ください。" }),
  ].join("\n");
}

export function waitlistedText(e: TEventFacts, position: number, lang: TLanguage): string {
  return [
    tr(lang, { ja: `定員に達したため、キャンセル待ち（${position}番目）で受け付けました。参加できるようになったら、すぐにお知らせします。`, en: `The event is full, so you are on the waiting list (no. ${position}). We will tell you as soon as a seat is yours.`, easy: `人が いっぱいなので、 あなたは せきが あくのを 待って います（${position}ばんめ）。\n行く ことが できる ように なったら、 すぐに 知らせます。` }),
    ...factLines(e, lang),
    tr(lang, { ja: "確認・キャンセルは「マイイベント」と送ってください。", en: "Send \"my events\" to check or cancel.", easy: "見る・やめる ときは 「マイイベント」と 送って ください。" }),
  ].join("\n");
}

export function alreadyText(e: TEventFacts, r: { status: "confirmed" | "waitlisted"; companions: number; position: number | null; receipt?: string }, lang: TLanguage): string {
  return [
    tr(lang, { ja: "このイベントにはすでに申し込まれています。", en: "You have already signed up for this event.", easy: "あなたは もう この あつまりに 申し込んで います。" }),
    `${tr(lang, { ja: "状態", en: "Status", easy: "いま" })}${colon(lang)}${statusLine({ ...r, cancelled: false }, lang)}`,
    ...(r.receipt && r.status === "confirmed" ? [receiptLine(r.receipt, lang)] : []),
    ...factLines(e, lang),
    tr(lang, { ja: "人数の変更は、「マイイベント」からキャンセルして申し込み直してください。", en: "To change the number of people, cancel in \"my events\" and sign up again.", easy: "人数を かえる ときは、 「マイイベント」で やめてから もう一度 申し込んで ください。" }),
  ].join("\n");
}

export function promotedText(e: TEventFacts, companions: number, lang: TLanguage, receipt: string): string {
  return [
    tr(lang, { ja: "キャンセル待ちから繰り上がり、参加が確定しました！", en: "Good news: a seat opened up and your place is confirmed!", easy: "せきが あいたので、 あなたは 行く ことが きまりました。" }),
    receiptLine(receipt, lang),
    ...factLines(e, lang),
    ...companionsLine(companions, lang),
    tr(lang, { ja: "ご都合が悪い場合は「マイイベント」からキャンセルしてください。", en: "If you cannot come, please cancel in \"my events\".", easy: "行けない ときは 「マイイベント」から やめて ください。" }),
  ].join("\n");
}

export function reminderText(e: TEventFacts, kind: "dayBefore" | "hourBefore", note: string, lang: TLanguage): string {
  const head =
    kind === "dayBefore"
      ? tr(lang, { ja: "【リマインド】お申し込みのイベントが近づいてきました。", en: "[Reminder] Your event is coming up.", easy: "【おしらせ】 申し込んだ あつまりが もう すぐです。" })
      : tr(lang, { ja: "【まもなく開始】お申し込みのイベントは約1時間後に始まります。", en: "[Starting soon] Your event starts in about an hour.", easy: "【もう すぐ はじまります】 申し込んだ あつまりは 1時間ぐらいで はじまります。" });
  return [
    head,
    ...factLines(e, lang),
    ...(note.trim() ? [note.trim()] : []),
    tr(lang, { ja: "行けなくなった場合は「マイイベント」からキャンセルをお願いします。", en: "If you cannot come, please cancel in \"my events\".", easy: "行けなく なった ときは 「マイイベント」から やめて ください。" }),
  ].join("\n");
}

export function eventCancelledText(e: TEventFacts, reason: string, lang: TLanguage, reasonEn?: string | null, reasonEasy?: string | null): string {
  reason = staffTr(lang, reason, reasonEn, reasonEasy);
  return [
    tr(lang, { ja: "【中止のお知らせ】お申し込みのイベントは中止になりました。", en: "[Cancelled] The event you signed up for has been cancelled.", easy: "【おしらせ】 申し込んだ あつまりは なく なりました。" }),
    ...factLines(e, lang).filter((l) => !l.startsWith(tr(lang, { ja: "地図", en: "Map", easy: "地図（ちず）" }) + colon(lang))),
    ...(reason.trim() ? [`${tr(lang, { ja: "理由", en: "Reason", easy: "わけ" })}${colon(lang)}${reason.trim()}`] : []),
    tr(lang, { ja: "ご迷惑をおかけして申し訳ありません。", en: "We are sorry for the inconvenience.", easy: "ごめんなさい。" }),
  ].join("\n");
}

/** A message staff send to everyone signed up; the event's name says what it is about. */
export function staffMessageText(e: TEventFacts, text: string, lang: TLanguage, textEn?: string | null, textEasy?: string | null): string {
  const title = titleOf(e, lang);
  return `${tr(lang, { ja: `【「${title}」についてのお知らせ】`, en: `[About "${title}"]`, easy: `【「${title}」の おしらせ】` })}\n${staffTr(lang, text, textEn, textEasy)}`;
}

export function cancelQuestionText(e: TEventFacts, r: { status: "confirmed" | "waitlisted"; companions: number; position: number | null }, lang: TLanguage): string {
  return [...factLines(e, lang), `${tr(lang, { ja: "状態", en: "Status", easy: "いま" })}${colon(lang)}${statusLine({ ...r, cancelled: false }, lang)}`].join("\n");
}

export function cancelledRegistrationText(e: TEventFacts, lang: TLanguage): string {
  return [tr(lang, { ja: "キャンセルしました。ご連絡ありがとうございます。", en: "Cancelled. Thank you for letting us know.", easy: "やめました。 知らせて くれて、 ありがとう ございます。" }), `${quote(lang, titleOf(e, lang))}${paren(lang, formatWhen(e.startsAt, lang))}`].join("\n");
}

export type TCancelRefusal = "missing" | "started" | "cancelled";

export function cancelRefusedText(reason: TCancelRefusal, lang: TLanguage): string {
  switch (reason) {
    case "missing":
      return tr(lang, { ja: "この申し込みは見つかりませんでした。「マイイベント」で申し込みを確認できます。", en: "We could not find this sign-up. Send \"my events\" to see yours.", easy: "この 申し込みは 見つかりませんでした。 「マイイベント」で 申し込みを 見る ことが できます。" });
    case "cancelled":
      return tr(lang, { ja: "この申し込みはすでにキャンセルされています。", en: "This sign-up is already cancelled.", easy: "この 申し込みは もう やめて あります。" });
    case "started":
      return tr(lang, { ja: "イベントが始まった後はキャンセルできません。", en: "The event has started, so it can no longer be cancelled.", easy: "あつまりが はじまった 後は、 やめる ことが できません。" });
  }
}
