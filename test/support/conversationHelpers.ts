// Acting as a resident in the simulated LINE app: read what the bot sent, tap what it offered.
import { expect } from "vitest";
import { type TTestApp } from "./startTestApp.ts";

export type TLineMessage = {
  type: string;
  text?: string;
  altText?: string;
  quickReply?: { items: { action: { type: string; label: string; data?: string; text?: string; mode?: string } }[] };
  template?: { type: string; text: string; actions: { type: string; label: string; data?: string }[] };
};

/** Postback and message actions anywhere inside a Flex message. */
function flexActions(message: TLineMessage): { type: string; label: string; data?: string }[] {
  if (message.type !== "flex") return [];
  const found: { type: string; label: string; data?: string }[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (typeof node !== "object" || node === null) return;
    const action = (node as { action?: { type: string; label?: string; data?: string } }).action;
    if (action?.label && action.data) found.push({ type: action.type, label: action.label, data: action.data });
    Object.values(node).forEach(walk);
  };
  walk((message as { contents?: unknown }).contents);
  return found;
}

export function residentView(app: TTestApp, user: string) {
  const standIn = app.standIn!;
  const messages = () => standIn.messagesFor(user) as TLineMessage[];
  const texts = () => messages().map((m) => m.text ?? m.template?.text ?? m.altText ?? "");
  const last = () => messages().at(-1);
  const settle = () => app.processor.drain();
  return {
    messages,
    texts,
    last,
    async follow() {
      await standIn.follow(user);
      await settle();
    },
    async say(text: string) {
      const r = await standIn.sendText(user, text);
      expect(r.status).toBe(200);
      await settle();
    },
    /** Taps a quick reply (or, failing that, a template or Flex button, newest first) by its label. */
    async tap(label: string) {
      const m = last();
      const action =
        m?.quickReply?.items.map((i) => i.action).find((a) => a.label === label) ??
        messages()
          .flatMap((x) => [...(x.template?.actions ?? []), ...flexActions(x)])
          .reverse()
          .find((a) => a.label === label);
      expect(action, `a button "${label}" after: ${JSON.stringify(m)}`).toBeDefined();
      const r = await standIn.sendPostback(user, action!.data!, undefined, { displayText: label });
      expect(r.status).toBe(200);
      await settle();
    },
    quickReplyLabels: () => last()?.quickReply?.items.map((i) => i.action.label) ?? [],
  };
}

/** Follows and completes onboarding with consent. */
export async function onboard(app: TTestApp, user: string, answers = { language: "日本語", age: "18〜29歳", district: "長門", interests: ["まちづくり"] }) {
  const r = residentView(app, user);
  await r.follow();
  await r.tap(answers.language);
  await r.tap(answers.language === "English" ? "Yes" : "はい");
  await r.tap(answers.age);
  await r.tap(answers.district);
  for (const i of answers.interests) await r.tap(i);
  await r.tap(answers.language === "English" ? "Done" : "決定");
  return r;
}
