// What residents read about comment rounds: the announcement card, the list of open rounds, their
// own comments, the publication notice and the short answers of the round actions.
// Channel-neutral messages (TOutMessage); the LINE edge converts them.
import { type TOutMessage } from "../../flows/engineTypes.ts";
import { startFlowPostback } from "../../flows/postback.ts";
import { flexCard, flexCarousel, type TFlexButton } from "../messages/flexCard.ts";
import { formatTokyoDateTime } from "../../tokyoTime.ts";
import { roundFlowId } from "./roundStatus.ts";

import { staffTr, tr } from "../messages/lang.ts";
import { type TLanguage } from "../../flows/flowSchema.ts";

/** LINE shows at most 12 bubbles in a carousel (the actions fetch no more than that). */
export { MAX_CAROUSEL } from "../messages/flexCard.ts";

export type TRoundCard = { number: number; title: string; summary: string; documentUrl: string; closesAt: Date; titleEn?: string | null; summaryEn?: string | null; titleEasy?: string | null; summaryEasy?: string | null };

export const clip = (text: string, max: number) => ([...text].length > max ? `${[...text].slice(0, max - 1).join("")}…` : text);
const text = (t: string): TOutMessage => ({ type: "text", text: t });
const ROUND_COLOR = "#0B5CAD";

/** The postback that starts commenting: the generated flow of this round. */
export function commentPostback(roundNumber: number): string {
  return startFlowPostback(roundFlowId(roundNumber));
}

/** One round as a Flex bubble: title, summary, 締切 (Tokyo), 「資料を見る」 and 「意見を書く」. */
export function roundBubble(round: TRoundCard, lang: TLanguage, options: { summaryMax: number }): Record<string, unknown> {
  const summary = clip(staffTr(lang, round.summary, round.summaryEn, round.summaryEasy).trim(), options.summaryMax);
  const write = tr(lang, { ja: "意見を書く", en: "Write a comment", easy: "意見を 書く" });
  return flexCard({
    kicker: { text: tr(lang, { ja: "意見募集（パブリックコメント）", en: "Public comment", easy: "市に 意見を 言う" }), color: ROUND_COLOR },
    title: clip(staffTr(lang, round.title, round.titleEn, round.titleEasy), 100),
    lines: [{ label: tr(lang, { ja: "締切", en: "Closes", easy: "いつまで" }), value: formatTokyoDateTime(round.closesAt, lang) }],
    body: summary,
    buttons: [
      { style: "secondary", action: { type: "uri", label: tr(lang, { ja: "資料を見る", en: "Read the draft", easy: "計画（けいかく）を 読む" }), uri: round.documentUrl } },
      { style: "primary", action: { type: "postback", label: write, data: commentPostback(round.number), displayText: write } },
    ],
  });
}

/** Sent to the audience when the round opens (or when staff announce it by hand). */
export function announcementMessage(round: TRoundCard, lang: TLanguage): TOutMessage {
  const title = staffTr(lang, round.title, round.titleEn, round.titleEasy);
  const closes = formatTokyoDateTime(round.closesAt, lang);
  return {
    type: "flex",
    altText: clip(tr(lang, { ja: `意見募集：${title}（締切 ${closes}）`, en: `Public comment: ${title} (closes ${closes})`, easy: `市に 意見を 言って ください。 ${title}（${closes} まで）` }), 300),
    contents: roundBubble(round, lang, { summaryMax: 400 }),
  };
}

/** Open rounds, closing soonest first, as a carousel; a kind word when there are none. */
export function openRoundsMessages(rounds: TRoundCard[], total: number, lang: TLanguage): TOutMessage[] {
  const mine = tr(lang, { ja: "送ったご意見の確認・取り下げは「マイコメント」と送ってください。", en: "To see or withdraw your comments, send \"my comments\".", easy: "出した 意見は 「マイコメント」で 見る ことが できます。" });
  if (rounds.length === 0) {
    return [text(tr(lang, { ja: "いま意見を募集している案件はありません。募集が始まったら、このLINEでお知らせします。", en: "No drafts are open for comment right now. We will let you know here when one opens.", easy: "いま 意見を 聞いて いる 計画（けいかく）は ありません。 はじまったら、 この LINEで 知らせます。" }) + `\n${mine}`)];
  }
  const more = total > rounds.length ? tr(lang, { ja: `（締切の近い${rounds.length}件を表示）`, en: ` (the ${rounds.length} closing soonest are shown)`, easy: `（早く おわる ${rounds.length}つを 出して います）` }) : "";
  return [
    text(tr(lang, { ja: `ご意見を募集している案件です（${total}件、締切の近い順）。${more}\n${mine}`, en: `Drafts open for comment (${total}, closing soonest first).${more}\n${mine}`, easy: `意見を 聞いて いる 計画（けいかく）です。 ぜんぶで ${total}つ あります。${more}\n${mine}` })),
    {
      type: "flex",
      altText: tr(lang, { ja: `意見募集中の案件（${total}件）`, en: `Open for comment (${total})`, easy: `意見を 聞いて いる 計画（${total}つ）` }),
      contents: flexCarousel(rounds.map((r) => roundBubble(r, lang, { summaryMax: 80 }))),
    },
  ];
}

/** Sent once to each resident who commented (and did not withdraw) when staff publish the results. */
export function publishedMessage(round: { title: string; titleEn?: string | null; titleEasy?: string | null }, resultsUrl: string, lang: TLanguage): TOutMessage {
  const label = tr(lang, { ja: "結果を見る", en: "See the results", easy: "けっかを 見る" });
  const title = staffTr(lang, round.title, round.titleEn, round.titleEasy);
  const kicker = tr(lang, { ja: "意見募集の結果を公表しました", en: "Public comment results are out", easy: "意見の けっかが 出ました" });
  return {
    type: "flex",
    altText: clip(`${kicker}${tr(lang, { ja: "：", en: ": ", easy: "：" })}${title}`, 300),
    contents: flexCard({
      kicker: { text: kicker, color: ROUND_COLOR },
      title: clip(title, 100),
      lines: [],
      body: tr(lang, {
        ja: "ご意見をお寄せいただき、ありがとうございました。いただいたご意見と、それに対する市の考え方を公表しました。",
        en: "Thank you for your comment. The city has published the comments it received and its response to them.", easy: "意見を 送って くれて、 ありがとう ございました。 みなさんの 意見と 市の 考えを 出しました。",
      }),
      buttons: [{ style: "primary", action: { type: "uri", label, uri: resultsUrl } }],
    }),
  };
}

export type TMyComment = {
  receiptNumber: string;
  roundTitle: string;
  sectionTitle: string;
  body: string;
  status: "submitted" | "withdrawn";
  submittedAt: Date;
  /** The round takes comments (and withdrawals) now. */
  roundOpen: boolean;
  closesAt: Date;
  resultsUrl: string | null;
};

export const WITHDRAW_FLOW = "comment-withdraw";
export const withdrawPostback = (receipt: string) => startFlowPostback(WITHDRAW_FLOW, { receipt });

function statusLine(c: TMyComment, lang: TLanguage): string {
  if (c.status === "withdrawn") return tr(lang, { ja: "取り下げ済み", en: "Withdrawn", easy: "とりけしました" });
  if (c.roundOpen) return tr(lang, { ja: `受付済み（締切 ${formatTokyoDateTime(c.closesAt, lang)} まで取り下げ可）`, en: `Received (can be withdrawn until ${formatTokyoDateTime(c.closesAt, lang)})`, easy: `もらいました（${formatTokyoDateTime(c.closesAt, lang)} まで とりけす ことが できます）` });
  return c.resultsUrl ? tr(lang, { ja: "受付済み（結果公表済み）", en: "Received (results published)", easy: "もらいました（けっかが 出ました）" }) : tr(lang, { ja: "受付済み（募集は締切）", en: "Received (closed)", easy: "もらいました（もう おわりました）" });
}

function myCommentBubble(c: TMyComment, lang: TLanguage): Record<string, unknown> {
  const withdraw = tr(lang, { ja: "取り下げる", en: "Withdraw", easy: "とりけす" });
  const buttons: TFlexButton[] = [];
  if (c.status === "submitted" && c.roundOpen) buttons.push({ style: "secondary", action: { type: "postback", label: withdraw, data: withdrawPostback(c.receiptNumber), displayText: withdraw } });
  if (c.resultsUrl) buttons.push({ style: "link", action: { type: "uri", label: tr(lang, { ja: "結果を見る", en: "See the results", easy: "けっかを 見る" }), uri: c.resultsUrl } });
  return flexCard({
    kicker: { text: `${tr(lang, { ja: "受付番号", en: "Receipt", easy: "ばんごう" })} ${c.receiptNumber}`, color: ROUND_COLOR },
    title: clip(c.roundTitle, 100),
    titleSize: "md",
    lines: [
      { label: tr(lang, { ja: "章", en: "Section", easy: "どこに ついて" }), value: c.sectionTitle },
      { label: tr(lang, { ja: "受付", en: "Sent", easy: "送った 日" }), value: formatTokyoDateTime(c.submittedAt, lang) },
      { label: tr(lang, { ja: "状態", en: "Status", easy: "いま" }), value: statusLine(c, lang) },
    ],
    body: clip(c.body, 100),
    buttons,
  });
}

/** A resident's own comments, newest first (at most a carousel's worth), or a kind word when there are none. */
export function myCommentsMessages(comments: TMyComment[], total: number, lang: TLanguage): TOutMessage[] {
  if (comments.length === 0) {
    return [text(tr(lang, { ja: "まだご意見はいただいていません。募集中の案件は「意見募集」と送るとご覧いただけます。", en: "You have not sent any comments yet. Send \"public comment\" to see the drafts open for comment.", easy: "まだ 意見は 送って いません。 「意見募集」と 送ると、 いま 意見を 聞いて いる 計画（けいかく）を 見る ことが できます。" }))];
  }
  const more = total > comments.length ? tr(lang, { ja: `（新しい${comments.length}件を表示）`, en: ` (the latest ${comments.length} are shown)`, easy: `（新しい ${comments.length}つを 出して います）` }) : "";
  return [
    text(
      tr(
        lang,
        { ja: `お送りいただいたご意見です（${total}件）。${more}\n募集中の案件へのご意見は、締切まで「取り下げる」で取り下げられます。`, en: `Your comments (${total}).${more}\nWhile a draft is open for comment you can withdraw yours.`, easy: `あなたが 送った 意見です（${total}つ）。${more}\nおわる 前なら、 「とりけす」で とりけす ことが できます。` },
      ),
    ),
    {
      type: "flex",
      altText: tr(lang, { ja: `あなたのご意見（${total}件）`, en: `Your comments (${total})`, easy: `あなたの 意見（${total}つ）` }),
      contents: flexCarousel(comments.map((c) => myCommentBubble(c, lang))),
    },
  ];
}

export const roundTexts = {
  missing: (lang: TLanguage) => tr(lang, { ja: "この意見募集は見つかりませんでした。「意見募集」と送ると、募集中の案件が見られます。", en: "We could not find this consultation. Send \"public comment\" to see the open ones.", easy: "この 計画（けいかく）は 見つかりませんでした。 「意見募集」と 送ると、 いま 意見を 聞いて いる 計画が 出ます。" }),
  notYet: (opensAt: Date, lang: TLanguage) => tr(lang, { ja: `この意見募集は${formatTokyoDateTime(opensAt, lang)}から受け付けます。もうしばらくお待ちください。`, en: `Comments open on ${formatTokyoDateTime(opensAt, lang)}.`, easy: `この 計画（けいかく）の 意見は ${formatTokyoDateTime(opensAt, lang)}から 聞きます。 少し 待って ください。` }),
  closed: (closesAt: Date, lang: TLanguage) =>
    tr(
      lang,
      { ja: `この意見募集の受付は終了しました（締切：${formatTokyoDateTime(closesAt, lang)}）。ご関心をお寄せいただき、ありがとうございます。`, en: `This consultation has closed (${formatTokyoDateTime(closesAt, lang)}). Thank you for your interest.`, easy: `この 計画（けいかく）の 意見は もう おわりました。\n${formatTokyoDateTime(closesAt, lang)} まででした。\nありがとう ございました。` },
    ),
  closedWhileWriting: (lang: TLanguage) =>
    tr(
      lang,
      { ja: "申し訳ありません。ご意見を書いていただいている間に受付が終了したため、今回のご意見はお預かりできませんでした。ご協力いただき、ありがとうございました。", en: "Sorry, the consultation closed while you were writing, so this comment could not be accepted. Thank you for your time.", easy: "すみません。 書いて いる 間に おわりの 時間に なりました。 この 意見は 入れる ことが できませんでした。 ありがとう ございました。" },
    ),
  incomplete: (lang: TLanguage) =>
    tr(lang, { ja: "申し訳ありません。必要な項目がそろっていないため、送信できませんでした。もう一度「意見を書く」からお願いします。", en: "Sorry, something required was missing, so it was not sent. Please start again.", easy: "すみません。 たりない ことが あったので、 送れませんでした。 もう一度 「意見を 書く」から して ください。" }),
  received: (receipt: string, closesAt: Date, lang: TLanguage) =>
    tr(
      lang,
      { ja: `ご意見を受け付けました。ありがとうございました。\n受付番号：${receipt}\n締切（${formatTokyoDateTime(closesAt, lang)}）までは「マイコメント」と送ると、確認・取り下げができます。結果を公表したときは、このLINEでお知らせします。`, en: `Thank you, your comment has been received.\nReceipt number: ${receipt}\nUntil ${formatTokyoDateTime(closesAt, lang)} you can see or withdraw it by sending "my comments". We will let you know here when the results are published.`, easy: `意見を もらいました。 ありがとう ございました。\nばんごう：${receipt}\n「マイコメント」と 送ると、 意見を 見る ことが できます。\nとりけす ことも できます。\n${formatTokyoDateTime(closesAt, lang)} までです。\nけっかが 出たら、 この LINEで 知らせます。` },
    ),
  withdrawNotFound: (lang: TLanguage) =>
    tr(lang, { ja: "そのご意見は見つかりませんでした。「マイコメント」と送ると、お送りいただいたご意見を確認できます。", en: "We could not find that comment. Send \"my comments\" to see yours.", easy: "その 意見は 見つかりませんでした。 「マイコメント」と 送ると、 あなたが 送った 意見が 出ます。" }),
  withdrawClosed: (lang: TLanguage) =>
    tr(lang, { ja: "この意見募集は締め切ったため、ご意見を取り下げることはできません。", en: "This consultation has closed, so comments can no longer be withdrawn.", easy: "この 計画（けいかく）は もう おわったので、 意見を とりけす ことは できません。" }),
  alreadyWithdrawn: (receipt: string, lang: TLanguage) => tr(lang, { ja: `受付番号 ${receipt} のご意見は、すでに取り下げられています。`, en: `Comment ${receipt} has already been withdrawn.`, easy: `ばんごう ${receipt} の 意見は、 もう とりけして あります。` }),
  withdrawConfirm: (c: { receiptNumber: string; roundTitle: string; sectionTitle: string; body: string }, lang: TLanguage) =>
    tr(
      lang,
      { ja: `受付番号 ${c.receiptNumber}\n${c.roundTitle}（${c.sectionTitle}）\n「${clip(c.body, 100)}」`, en: `Receipt ${c.receiptNumber}\n${c.roundTitle} (${c.sectionTitle})\n"${clip(c.body, 100)}"`, easy: `ばんごう ${c.receiptNumber}\n${c.roundTitle}（${c.sectionTitle}）\n「${clip(c.body, 100)}」` },
    ),
  withdrawn: (receipt: string, lang: TLanguage) =>
    tr(lang, { ja: `受付番号 ${receipt} のご意見を取り下げました。締切までは、改めてご意見を送ることもできます。`, en: `Comment ${receipt} has been withdrawn. Until the deadline you can send a new one.`, easy: `ばんごう ${receipt} の 意見を とりけしました。 おわる 前なら、 また 意見を 送る ことも できます。` }),
};
