// What the bot says outside any flow, in each language (easy: やさしい日本語).
import { type TText } from "../flows/flowSchema.ts";
import { formatTokyoDateTime } from "../tokyoTime.ts";

export const cancelWords = ["やめる", "やめます", "中止", "キャンセル", "終了", "cancel", "stop", "quit"];

export const systemTexts = {
  /** Stopped with nothing to lose (no answer given yet): nothing is kept to take up again. */
  cancelled: {
    ja: "いまの質問を終了しました。「メニュー」と送ると、できることが表示されます。",
    en: "Stopped. Send \"menu\" to see what you can do.",
    easy: "いまの しつもんを やめました。 「メニュー」と 送ると、 できる ことが 出ます。",
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

/** A text made in each language from the language's own formatting (dates). */
const each = (make: (lang: "ja" | "en" | "easy") => string): TText => ({ ja: make("ja"), en: make("en"), easy: make("easy") });
const until = (at: Date | null, lang: "ja" | "en" | "easy") => (at ? formatTokyoDateTime(at, lang) : "");

/** Pausing a conversation (やめる, メニュー, another flow started) and taking it up again. */
export const pauseTexts = {
  /** title: the flow's, in the resident's language; expiresAt: until when it can be taken up. */
  paused: (title: string, expiresAt: Date | null): TText =>
    each((lang) =>
      lang === "en"
        ? `Paused "${title}". Your answers so far are kept until ${until(expiresAt, lang)}. Choose it again before then to continue where you left off.`
        : lang === "easy"
          ? `「${title}」を とちゅうで 止めました。 ここまでの 答えは ${until(expiresAt, lang)} まで のこします。\nそれまでに もう一度 えらぶと、 つづきから できます。`
          : `「${title}」を中断しました。ここまでの回答は${until(expiresAt, lang)}まで保存しています。\nそれまでにもう一度選ぶと、続きから再開できます。`,
    ),
  offer: (title: string, expiresAt: Date | null, where: { question?: string; draft?: string }): TText =>
    each((lang) =>
      (lang === "en"
        ? [
            `You have unfinished answers in "${title}" (kept until ${until(expiresAt, lang)}).`,
            ...(where.question ? [`You were at: ${where.question}`] : []),
            ...(where.draft ? [`So far: "${where.draft}"`] : []),
            "Continue where you left off, or start over?",
          ]
        : lang === "easy"
          ? [
              `「${title}」の とちゅうの 答えが あります。 ${until(expiresAt, lang)} まで のこします。`,
              ...(where.question ? [`まえの しつもん：${where.question}`] : []),
              ...(where.draft ? [`ここまで：「${where.draft}」`] : []),
              "つづきから しますか？",
            ]
          : [
              `「${title}」の途中の回答があります（${until(expiresAt, lang)}まで保存）。`,
              ...(where.question ? [`前回の質問：${where.question}`] : []),
              ...(where.draft ? [`ここまで：「${where.draft}」`] : []),
              "続きから始めますか？",
            ]
      ).join("\n"),
    ),
  continueButton: { ja: "続きから", en: "Continue", easy: "つづきから" },
  restartButton: { ja: "最初から", en: "Start over", easy: "はじめから" },
  resumed: { ja: "続きから再開します。", en: "Continuing where you left off.", easy: "つづきから します。" },
  restarted: { ja: "最初から始めます。", en: "Starting over.", easy: "はじめから します。" },
  gone: {
    ja: "途中の回答は、もう保存していません（時間がたったか、すでに続きを始めたためです）。「メニュー」から改めてお選びください。",
    en: "Those unfinished answers are no longer kept (time ran out, or you already took them up). Please choose from the menu.",
    easy: "とちゅうの 答えは もう ありません。 「メニュー」から もう一度 えらんで ください。",
  },
  changed: {
    ja: "前回から質問の内容が変わったため、続きからは再開できません。最初から始めます。",
    en: "The questions have changed since then, so you cannot continue where you left off. Starting over.",
    easy: "しつもんが かわりました。 つづきからは できません。 はじめから します。",
  },
} satisfies Record<string, TText | ((...args: never[]) => TText)>;
