// What residents read about the inbox: that a person will read their message and roughly when, and
// the line that says a message comes from staff. ja / en / やさしい日本語 (easy).
import { formatTokyoDateTime } from "../../tokyoTime.ts";
import { type TSettings } from "../settings/settingsTypes.ts";
import { describeOfficeHours, officeState } from "./officeHours.ts";
import { type TLanguage } from "../../flows/flowSchema.ts";

const received = {
  ja: "お問い合わせを受け付けました。\n職員が読んで、このトークでお返事します。",
  en: "Thank you, we have your message.\nA member of city staff will read it and reply in this chat.",
  easy: "受け取りました。\nしょくいんが 読んで、 ここに へんじを 書きます。",
} as const;

/** Told when a message reaches the inbox: a person reads it, now (office hours) or from the next working day. */
export function acknowledgement(lang: TLanguage, now: Date, settings: TSettings["inbox"]): string {
  const state = officeState(now, settings);
  const hours = describeOfficeHours(settings, lang);
  if (state.open) {
    const when = {
      ja: `いまは受付時間内です（${hours}）。順に読みますので、しばらくお待ちください。`,
      en: `We are open now (${hours}). Please wait a little while we read it.`,
      easy: "いまは しごとの 時間です。\n少し まって ください。",
    }[lang];
    return `${received[lang]}\n${when}`;
  }
  if (!state.opensAt) return received[lang];
  const opens = formatTokyoDateTime(state.opensAt, lang);
  const when = {
    ja: `いまは受付時間外です（${hours}）。${opens}以降に読みます。`,
    en: `We are closed now (open ${hours}). Staff will read it from ${opens}.`,
    easy: `いまは しごとの 時間では ありません。\n${opens} から 読みます。`,
  }[lang];
  return `${received[lang]}\n${when}`;
}

export type TReplyContext = { kind: "inquiry" } | { kind: "comment"; receiptNumber: string } | { kind: "pollAnswer"; pollTitle: string };

/** The first line of a staff reply: who writes, and to what. Staff's own words follow as they wrote them. */
export function replyHeading(lang: TLanguage, context: TReplyContext): string {
  switch (context.kind) {
    case "inquiry":
      return { ja: "【職員からの返信】", en: "[Reply from city staff]", easy: "【しょくいんからの へんじ】" }[lang];
    case "comment":
      return {
        ja: `【ご意見（受付番号 ${context.receiptNumber}）への職員からの返信】`,
        en: `[Reply from city staff to your comment ${context.receiptNumber}]`,
        easy: `【あなたの 意見（${context.receiptNumber}）への へんじ】`,
      }[lang];
    case "pollAnswer":
      return {
        ja: `【アンケート「${context.pollTitle}」のご回答への職員からの返信】`,
        en: `[Reply from city staff to your answer in "${context.pollTitle}"]`,
        easy: `【しつもん「${context.pollTitle}」の 答えへの へんじ】`,
      }[lang];
  }
}
