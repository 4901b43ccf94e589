// What the bot says outside any flow, in each language (easy: やさしい日本語).
import { type TText } from "../flows/flowSchema.ts";

export const cancelWords = ["やめる", "やめます", "中止", "キャンセル", "終了", "cancel", "stop", "quit"];

export const systemTexts = {
  cancelled: {
    ja: "いまの質問を終了しました。ここまでの回答はお預かりしています。\n「メニュー」と送ると、いつでも再開できます。",
    en: "Stopped. Your answers so far are kept.\nSend \"menu\" to start again any time.",
    easy: "いまの しつもんを やめました。 ここまでの 答えは のこして います。\n「メニュー」と 送ると、 いつでも また はじめる ことが できます。",
  },
  nothingToCancel: { ja: "いま進行中の質問はありません。「メニュー」と送ると、できることが表示されます。", en: "There is nothing to stop. Send \"menu\" to see what you can do.",
    easy: "いま している しつもんは ありません。 「メニュー」と 送ると、 できる ことが 出ます。",
  },
  staleButton: {
    ja: "そのボタンの質問はすでに終了しています。「メニュー」から改めてお選びください。",
    en: "That question has already closed. Please start again from the menu.",
    easy: "その ボタンの しつもんは もう おわりました。 「メニュー」から もう一度 えらんで ください。",
  },
  expired: { ja: "時間がたったため、前の質問は終了しました。", en: "The previous questions were closed because some time passed.", easy: "時間が たったので、 前の しつもんは おわりました。" },
  consentNeeded: {
    ja: "この機能を使うには、個人情報の取り扱いへの同意が必要です。下のボタンから内容をご確認ください。",
    en: "To use this, please first agree to how we handle personal data. Tap below to read it.",
    easy: "これを 使う 前に、 あなたの じょうほうの 使いかたを 読んで ください。 下の ボタンを おして ください。",
  },
  consentButton: { ja: "同意の確認へ", en: "Review and agree", easy: "読んで 答える" },
  unknownFlow: { ja: "その項目は現在ご利用いただけません。「メニュー」からお選びください。", en: "That item is not available now. Please choose from the menu.", easy: "それは いま 使えません。 「メニュー」から えらんで ください。" },
  failed: {
    ja: "申し訳ありません。処理中に問題が起きました。少し時間をおいて、もう一度お試しください。",
    en: "Sorry, something went wrong. Please try again in a little while.",
    easy: "すみません。 うまく できませんでした。 少し 待ってから、 もう一度 して ください。",
  },
} satisfies Record<string, TText>;
