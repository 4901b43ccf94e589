// One resident's way through the bot, in whichever language they choose: onboarding, the sample
// poll, a comment on a round, an event sign-up, a volunteer registration and a shift sign-up, and 「マイデータ」. Taps go by the choice's value or the button's
// postback (not its label), so the same journey runs in Japanese and in やさしい日本語. No test
// runner inside: the easy-language test and the plainness script (bench/plainness.ts) both use it.
import { type LineStandIn } from "../../src/standin/createLineStandIn.ts";

export type TJourneyApp = { standIn?: LineStandIn; processor: { drain(): Promise<void> } };
export type TJourneyLanguage = "ja" | "en" | "easy";
type TAction = { type: string; label?: string; data?: string; text?: string };
type TMessage = { type: string; text?: string; altText?: string; quickReply?: { items: { action: TAction }[] }; template?: { text?: string; title?: string; actions?: TAction[] }; contents?: unknown };

/**
 * Every string a resident reads in one message: its text, alt text, Flex strings and (unless
 * `labels` is false) button and quick-reply labels, which are names rather than sentences.
 */
export function readableStrings(message: unknown, { labels = true }: { labels?: boolean } = {}): string[] {
  const m = message as TMessage;
  const out: string[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (typeof node !== "object" || node === null) return;
    for (const [key, value] of Object.entries(node)) {
      if (typeof value === "string" && (["text", "title", "altText"].includes(key) || (labels && key === "label")) && value.trim()) out.push(value);
      else if (key !== "data" && key !== "uri" && (labels || key !== "action")) walk(value);
    }
  };
  walk({ text: m.text, altText: m.altText, template: m.template, contents: m.contents });
  if (labels) for (const item of m.quickReply?.items ?? []) if (item.action.label) out.push(item.action.label);
  return out;
}

export function residentDriver(app: TJourneyApp, user: string) {
  const standIn = app.standIn!;
  const messages = () => standIn.messagesFor(user) as TMessage[];
  const actions = (): TAction[] =>
    messages()
      .slice()
      .reverse()
      .flatMap((m) => {
        const found: TAction[] = [...(m.quickReply?.items.map((i) => i.action) ?? []), ...(m.template?.actions ?? [])];
        const walk = (node: unknown): void => {
          if (Array.isArray(node)) return node.forEach(walk);
          if (typeof node !== "object" || node === null) return;
          const action = (node as { action?: TAction }).action;
          if (action?.data) found.push(action);
          Object.values(node).forEach(walk);
        };
        walk(m.contents);
        return found;
      });
  const check = (status: number, what: string) => {
    if (status !== 200) throw new Error(`${what}: webhook answered ${status}`);
  };
  const postback = async (action: TAction) => {
    check((await standIn.sendPostback(user, action.data!, undefined, { displayText: action.label })).status, `tap ${action.label}`);
    await app.processor.drain();
  };
  return {
    messages,
    async follow() {
      check((await standIn.follow(user)).status, "follow");
      await app.processor.drain();
    },
    async say(text: string) {
      check((await standIn.sendText(user, text)).status, `say ${text}`);
      await app.processor.drain();
    },
    /** Taps the newest button whose postback carries this choice value (v=…). */
    async tapValue(value: string) {
      const action = actions().find((a) => new URLSearchParams(a.data ?? "").get("v") === value);
      if (!action) throw new Error(`no button with value "${value}" after ${JSON.stringify(messages().at(-1))}`);
      await postback(action);
    },
    /** Taps the newest button whose postback starts a flow (flow=…). */
    async tapFlow(flowId: string) {
      const action = actions().find((a) => new URLSearchParams(a.data ?? "").get("flow") === flowId);
      if (!action) throw new Error(`no button for flow "${flowId}" after ${JSON.stringify(messages().at(-1))}`);
      await postback(action);
    },
  };
}

/** What staff set up for the journey (test/support/easyJourneyItems.ts). */
export type TJourneyItems = { roundNumber: number; sectionId: string; eventNumber: number; shiftId: string };

/** The choice value the language question offers for each language. */
const languageValue: Record<TJourneyLanguage, string> = { ja: "ja", en: "en", easy: "easy" };

/**
 * Onboarding, the sample poll, a comment on round `roundNumber` (section `sectionId`), a sign-up
 * for event `eventNumber`, a volunteer registration and a sign-up for shift `shiftId`, then
 * 「マイデータ」. Returns the messages received after the language was chosen.
 */
export async function runResidentJourney(app: TJourneyApp, user: string, language: TJourneyLanguage, items: TJourneyItems) {
  const r = residentDriver(app, user);
  await r.follow();
  await r.tapValue(languageValue[language]);
  const from = r.messages().length - 1;
  // Onboarding: consent, age band, district, one interest, done.
  await r.tapValue("yes");
  await r.tapValue("30s");
  await r.tapValue("nagato");
  await r.tapValue("community");
  await r.tapValue("__done");
  // The sample poll, by its keyword (keywords work in every language).
  await r.say("アンケート");
  await r.tapValue("never");
  await r.tapValue("time");
  await r.tapValue("__done");
  await r.tapValue("4");
  await r.tapValue("line");
  await r.tapValue("__done");
  await r.tapValue("no");
  // A comment: the list of open rounds, 「意見を書く」, a section, the text, finish, confirm.
  await r.say("意見募集");
  await r.tapFlow(`round-${items.roundNumber}`);
  await r.tapValue(items.sectionId);
  await r.say("公園に すわる 所を ふやして ほしいです。");
  await r.tapValue("__done");
  await r.tapValue("yes");
  // An event: the list, 「申し込む」, confirm.
  await r.say("イベント");
  await r.tapFlow(`event-${items.eventNumber}`);
  await r.tapValue("yes");
  // Volunteering: the registration (area, skill, district, free time; the age band is onboarding's),
  // then the open activities and 「参加する」 on the shift, confirmed.
  await r.say("ボランティア");
  for (const value of ["environment", "none", "nagato", "weekend_morning"]) {
    await r.tapValue(value);
    await r.tapValue("__done");
  }
  await r.say("ボランティア募集");
  await r.tapFlow(`shift-${items.shiftId.replace(/-/g, "")}`);
  await r.tapValue("yes");
  // What the city holds about them, kept (not deleted).
  await r.say("マイデータ");
  await r.tapValue("no");
  return r.messages().slice(from);
}
