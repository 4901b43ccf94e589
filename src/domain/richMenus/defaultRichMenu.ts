// The menu a city gets at the first start: before consent, how to begin; after, the services, and a
// マイページ tab with what the resident has done. Labels in やさしい日本語 keep the keywords residents
// are told to send (「マイシフト」) as they are. Staff change it in the console (リッチメニュー).
import { type TRichMenuDefinition } from "./richMenuTypes.ts";

export const defaultRichMenu: TRichMenuDefinition = {
  format: 1,
  pages: [
    {
      key: "welcome",
      audience: "guest",
      layout: "compact3",
      chatBarText: { ja: "メニュー", en: "Menu", easy: "メニュー" },
      areas: [
        { label: { ja: "はじめる", en: "Start", easy: "はじめる" }, icon: "start", action: { type: "flow", flow: "onboarding" } },
        { label: { ja: "使い方", en: "How to use", easy: "つかいかた" }, icon: "info", action: { type: "flow", flow: "help" } },
        { label: { ja: "個人情報", en: "Your data", easy: "あなたの じょうほう" }, icon: "privacy", action: { type: "flow", flow: "mydata" } },
      ],
    },
    {
      key: "services",
      audience: "member",
      layout: "large6",
      chatBarText: { ja: "メニュー", en: "Menu", easy: "メニュー" },
      areas: [
        { label: { ja: "アンケート", en: "Surveys", easy: "しつもん" }, icon: "poll", action: { type: "flow", flow: "polls" } },
        { label: { ja: "意見募集", en: "Comment", easy: "いけんを 言う" }, icon: "comment", action: { type: "flow", flow: "rounds" } },
        { label: { ja: "イベント", en: "Events", easy: "あつまり" }, icon: "event", action: { type: "flow", flow: "events" } },
        { label: { ja: "ボランティア", en: "Volunteer", easy: "てつだい" }, icon: "volunteer", action: { type: "flow", flow: "volunteer" } },
        { label: { ja: "マイページ", en: "My page", easy: "マイページ" }, icon: "person", action: { type: "tab", page: "mypage" } },
        { label: { ja: "問い合わせ", en: "Contact", easy: "ききたい こと" }, icon: "inquiry", action: { type: "flow", flow: "inquiry" } },
      ],
    },
    {
      key: "mypage",
      audience: "member",
      layout: "large6",
      chatBarText: { ja: "マイページ", en: "My page", easy: "マイページ" },
      areas: [
        { label: { ja: "マイデータ", en: "My data", easy: "マイデータ" }, icon: "privacy", action: { type: "flow", flow: "mydata" } },
        { label: { ja: "マイコメント", en: "My comments", easy: "マイコメント" }, icon: "comment", action: { type: "flow", flow: "mycomments" } },
        { label: { ja: "マイイベント", en: "My events", easy: "マイイベント" }, icon: "event", action: { type: "flow", flow: "myevents" } },
        { label: { ja: "マイシフト", en: "My shifts", easy: "マイシフト" }, icon: "volunteer", action: { type: "flow", flow: "myshifts" } },
        { label: { ja: "登録の変更", en: "Settings", easy: "とうろくを かえる" }, icon: "person", action: { type: "flow", flow: "onboarding" } },
        { label: { ja: "もどる", en: "Back", easy: "もどる" }, icon: "home", action: { type: "tab", page: "services" } },
      ],
    },
  ],
};
