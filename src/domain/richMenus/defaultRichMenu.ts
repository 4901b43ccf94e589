// The menu a city gets at the first start: before consent, how to begin; after, the services, and a
// マイページ tab with what the resident has done. Staff change it in the console (リッチメニュー).
import { type TRichMenuDefinition } from "./richMenuTypes.ts";

export const defaultRichMenu: TRichMenuDefinition = {
  format: 1,
  pages: [
    {
      key: "welcome",
      audience: "guest",
      layout: "compact3",
      chatBarText: { ja: "メニュー", en: "Menu" },
      areas: [
        { label: { ja: "はじめる", en: "Start" }, icon: "start", action: { type: "flow", flow: "onboarding" } },
        { label: { ja: "使い方", en: "How to use" }, icon: "info", action: { type: "flow", flow: "help" } },
        { label: { ja: "個人情報", en: "Your data" }, icon: "privacy", action: { type: "flow", flow: "mydata" } },
      ],
    },
    {
      key: "services",
      audience: "member",
      layout: "large6",
      chatBarText: { ja: "メニュー", en: "Menu" },
      areas: [
        { label: { ja: "アンケート", en: "Surveys" }, icon: "poll", action: { type: "flow", flow: "polls" } },
        { label: { ja: "意見募集", en: "Comment" }, icon: "comment", action: { type: "flow", flow: "rounds" } },
        { label: { ja: "イベント", en: "Events" }, icon: "event", action: { type: "flow", flow: "events" } },
        { label: { ja: "ボランティア", en: "Volunteer" }, icon: "volunteer", action: { type: "flow", flow: "volunteer" } },
        { label: { ja: "マイページ", en: "My page" }, icon: "person", action: { type: "tab", page: "mypage" } },
        { label: { ja: "問い合わせ", en: "Contact" }, icon: "inquiry", action: { type: "flow", flow: "inquiry" } },
      ],
    },
    {
      key: "mypage",
      audience: "member",
      layout: "large6",
      chatBarText: { ja: "マイページ", en: "My page" },
      areas: [
        { label: { ja: "マイデータ", en: "My data" }, icon: "privacy", action: { type: "flow", flow: "mydata" } },
        { label: { ja: "マイコメント", en: "My comments" }, icon: "comment", action: { type: "flow", flow: "mycomments" } },
        { label: { ja: "マイイベント", en: "My events" }, icon: "event", action: { type: "flow", flow: "myevents" } },
        { label: { ja: "マイシフト", en: "My shifts" }, icon: "volunteer", action: { type: "flow", flow: "myshifts" } },
        { label: { ja: "登録の変更", en: "Settings" }, icon: "person", action: { type: "flow", flow: "onboarding" } },
        { label: { ja: "もどる", en: "Back" }, icon: "home", action: { type: "tab", page: "services" } },
      ],
    },
  ],
};
