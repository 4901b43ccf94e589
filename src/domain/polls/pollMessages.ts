// What residents read about polls: the announcement card, the list of open polls, and the short
// answers of the poll actions. Channel-neutral messages (TOutMessage); the LINE edge converts them.
import { type TOutMessage } from "../../flows/engineTypes.ts";
import { startFlowPostback } from "../../flows/postback.ts";
import { flexCard, flexCarousel } from "../messages/flexCard.ts";
import { formatTokyoDateTime } from "../../tokyoTime.ts";
import { pollFlowId } from "./pollStatus.ts";

import { staffTr, tr } from "../messages/lang.ts";
import { type TLanguage } from "../../flows/flowSchema.ts";

export type TPollCard = { number: number; title: string; description: string; closesAt: Date; questionCount: number; titleEn?: string | null; descriptionEn?: string | null; titleEasy?: string | null; descriptionEasy?: string | null };

const clip = (text: string, max: number) => ([...text].length > max ? `${[...text].slice(0, max - 1).join("")}…` : text);

/** The postback that starts answering: the generated flow of this poll. */
export function answerPostback(pollNumber: number): string {
  return startFlowPostback(pollFlowId(pollNumber));
}

/** One poll as a Flex bubble: title, 締切 (Tokyo), number of questions, description, 「回答する」. */
export function pollBubble(poll: TPollCard, lang: TLanguage, options: { descriptionMax: number; answered?: boolean }): Record<string, unknown> {
  const description = clip(staffTr(lang, poll.description, poll.descriptionEn, poll.descriptionEasy).trim(), options.descriptionMax);
  const label = options.answered ? tr(lang, { ja: "回答を変更する", en: "Change my answer", easy: "答えを かえる" }) : tr(lang, { ja: "回答する", en: "Answer", easy: "答える" });
  return flexCard({
    kicker: { text: tr(lang, { ja: "アンケート", en: "Survey", easy: "しつもん" }), color: "#1B7F3B" },
    title: staffTr(lang, poll.title, poll.titleEn, poll.titleEasy),
    notes: options.answered ? [{ text: tr(lang, { ja: "回答済み（締切まで変更できます）", en: "Answered (you can change it until the deadline)", easy: "答えました（おわる 前なら かえる ことが できます）" }), tone: "status" }] : [],
    lines: [
      { label: tr(lang, { ja: "締切", en: "Closes", easy: "いつまで" }), value: formatTokyoDateTime(poll.closesAt, lang) },
      { label: tr(lang, { ja: "質問", en: "Questions", easy: "しつもんの 数" }), value: tr(lang, { ja: `${poll.questionCount}問`, en: String(poll.questionCount), easy: `${poll.questionCount}つ` }) },
    ],
    body: description,
    buttons: [{ style: "primary", action: { type: "postback", label, data: answerPostback(poll.number), displayText: label } }],
  });
}

/** Sent to the audience when the poll opens (or when staff announce it by hand; reminder: again, to those who have not answered). */
export function announcementMessage(poll: TPollCard, lang: TLanguage, options: { reminder?: boolean } = {}): TOutMessage {
  const title = staffTr(lang, poll.title, poll.titleEn, poll.titleEasy);
  const closes = formatTokyoDateTime(poll.closesAt, lang);
  const reminder = options.reminder ? tr(lang, { ja: "【まだの方へ】", en: "[Reminder] ", easy: "【まだ 答えて いない 人へ】" }) : "";
  return {
    type: "flex",
    altText: clip(`${reminder}${tr(lang, { ja: `アンケートのお願い：${title}（締切 ${closes}）`, en: `Survey: ${title} (closes ${closes})`, easy: `しつもんに 答えて ください。 ${title}（${closes} まで）` })}`, 300),
    contents: pollBubble(poll, lang, { descriptionMax: 400 }),
  };
}

/** Open polls, closing soonest first, as a carousel; a kind word when there are none. */
export function openPollsMessages(polls: (TPollCard & { answered: boolean })[], total: number, lang: TLanguage): TOutMessage[] {
  if (polls.length === 0) {
    return [{ type: "text", text: tr(lang, { ja: "いま回答を受け付けているアンケートはありません。新しいアンケートが始まったら、このLINEでお知らせします。", en: "No surveys are open right now. We will let you know here when a new one starts.", easy: "いま 答える ことが できる しつもんは ありません。 新しい しつもんが はじまったら、 この LINEで 知らせます。" }) }];
  }
  const more = total > polls.length ? tr(lang, { ja: `（締切の近い${polls.length}件を表示）`, en: ` (the ${polls.length} closing soonest are shown)`, easy: `（早く おわる ${polls.length}つを 出して います）` }) : "";
  return [
    { type: "text", text: tr(lang, { ja: `回答を受け付けているアンケートです（${total}件、締切の近い順）。${more}`, en: `Surveys open now (${total}, closing soonest first).${more}`, easy: `いま 答える ことが できる しつもんです。 ぜんぶで ${total}つ あります。${more}` }) },
    {
      type: "flex",
      altText: tr(lang, { ja: `受付中のアンケート（${total}件）`, en: `Open surveys (${total})`, easy: `答える ことが できる しつもん（${total}つ）` }),
      contents: flexCarousel(polls.map((p) => pollBubble(p, lang, { descriptionMax: 80, answered: p.answered }))),
    },
  ];
}

export const pollTexts = {
  intro: (poll: TPollCard, answered: boolean, lang: TLanguage) =>
    [
      tr(lang, { ja: `「${staffTr(lang, poll.title, poll.titleEn, poll.titleEasy)}」`, en: `"${staffTr(lang, poll.title, poll.titleEn, poll.titleEasy)}"`, easy: `「${staffTr(lang, poll.title, poll.titleEn, poll.titleEasy)}」` }),
      ...(poll.description.trim() ? [clip(staffTr(lang, poll.description, poll.descriptionEn, poll.descriptionEasy).trim(), 1000)] : []),
      tr(lang, { ja: `質問は${poll.questionCount}問です。締切：${formatTokyoDateTime(poll.closesAt, lang)}`, en: `${poll.questionCount} question(s). Closes: ${formatTokyoDateTime(poll.closesAt, lang)}`, easy: `しつもんは ${poll.questionCount}つです。\n${formatTokyoDateTime(poll.closesAt, lang)} まで 答える ことが できます。` }),
      ...(answered ? [tr(lang, { ja: "すでに回答いただいています。もう一度答えると、前の回答と置き換わります。", en: "You have answered already. Answering again replaces your earlier answer.", easy: "あなたは もう 答えて います。 もう一度 答えると、 前の 答えと かわります。" })] : []),
      tr(lang, { ja: "回答は最後の質問のあとで保存されます。途中でやめるときは「やめる」と送ってください。", en: "Your answers are saved after the last question. Send \"cancel\" to stop.", easy: "答えは さいごの しつもんの 後で のこります。 やめる ときは 「やめる」と 送って ください。" }),
    ].join("\n"),
  closed: (lang: TLanguage) => tr(lang, { ja: "このアンケートは締め切りました。ご関心をお寄せいただき、ありがとうございます。", en: "This survey has closed. Thank you for your interest.", easy: "この しつもんは もう おわりました。 ありがとう ございます。" }),
  closedWhileAnswering: (lang: TLanguage) =>
    tr(lang, { ja: "申し訳ありません。このアンケートは締め切りましたので、今回の回答はお預かりできませんでした。ご協力ありがとうございました。", en: "Sorry, this survey closed while you were answering, so these answers were not kept. Thank you for your time.", easy: "すみません。 この しつもんは もう おわったので、 この 答えは 入れる ことが できませんでした。 ありがとう ございました。" }),
  notYet: (opensAt: Date, lang: TLanguage) => tr(lang, { ja: `このアンケートは${formatTokyoDateTime(opensAt, lang)}から回答できます。`, en: `This survey opens on ${formatTokyoDateTime(opensAt, lang)}.`, easy: `この しつもんは ${formatTokyoDateTime(opensAt, lang)}から 答える ことが できます。` }),
  missing: (lang: TLanguage) => tr(lang, { ja: "このアンケートは見つかりませんでした。「アンケート一覧」と送ると、受付中のアンケートが見られます。", en: "We could not find this survey. Send \"polls\" to see the open ones.", easy: "この しつもんは 見つかりませんでした。 「アンケート一覧」と 送ると、 いま 答える ことが できる しつもんが 出ます。" }),
  outside: (lang: TLanguage) => tr(lang, { ja: "このアンケートは、対象の地区・年代の方にお願いしています。", en: "This survey is for residents of particular districts or age groups.", easy: "この しつもんは、 きまった 所に 住む 人や、 きまった 年の 人に 聞いて います。" }),
  noConsent: (lang: TLanguage) => tr(lang, { ja: "回答をお預かりするには、個人情報の取り扱いへの同意が必要です。「登録」と送ってください。", en: "To keep your answers we need your consent. Send \"register\".", easy: "答えを のこす 前に、 じょうほうの 使いかたに 「いいです」と 言って ください。 「登録」と 送って ください。" }),
  saved: (updated: boolean, closesAt: Date, lang: TLanguage) =>
    updated
      ? tr(lang, { ja: `回答を更新しました。ありがとうございます。\n締切（${formatTokyoDateTime(closesAt, lang)}）までは、何度でも変更できます。`, en: `Your answer has been updated. Thank you.\nYou can change it until ${formatTokyoDateTime(closesAt, lang)}.`, easy: `答えを かえました。 ありがとう ございます。\n${formatTokyoDateTime(closesAt, lang)} までは、 何回でも かえる ことが できます。` })
      : tr(lang, { ja: `回答を受け付けました。ご協力ありがとうございました！\n締切（${formatTokyoDateTime(closesAt, lang)}）までは、もう一度答えると回答を変更できます。`, en: `Thank you, your answer has been received!\nUntil ${formatTokyoDateTime(closesAt, lang)} you can answer again to change it.`, easy: `答えを もらいました。 ありがとう ございました。\n${formatTokyoDateTime(closesAt, lang)} までは、 答えを かえる ことが できます。` }),
};
