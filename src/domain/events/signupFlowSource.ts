// The sign-up conversation of one event, built from its row: flow "event-<number>", started by the
// card's 「申し込む」 button (postback flow=event-<number>). It checks the event is open, asks for
// companions when the event allows them, asks to confirm, then signs up (registerForEvent).
// Seats left change every minute, so they are said by the check action, not written into the flow:
// the flow's revision changes only when staff edit the event.
import { createHash } from "node:crypto";
import { type Event } from "../../generated/prisma/client.ts";
import { type TGeneratedFlowSource } from "../flowSource.ts";
import { ZFlowFile, type TFlow } from "../../flows/flowSchema.ts";

/** Staff text goes into flow text, where {{...}} would be read as a placeholder. */
const literal = (text: string) => text.replace(/\{\{/g, "{ {");

export function buildSignupFlow(event: Pick<Event, "id" | "number" | "title" | "maxCompanions"> & { titleEn?: string | null; titleEasy?: string | null }): TFlow {
  const ja = literal(event.title);
  const en = literal(event.titleEn?.trim() || event.title);
  const easy = literal(event.titleEasy?.trim() || event.title);
  const withCompanions = event.maxCompanions > 0;
  const args = { eventId: event.id };
  const file = ZFlowFile.parse({
    format: 1,
    id: `event-${event.number}`,
    title: { ja: `イベント申し込み（${ja.slice(0, 40)}）`, en: `Event sign-up (${en.slice(0, 40)})`, easy: `あつまりの 申し込み（${easy.slice(0, 40)}）` },
    requires_consent: true,
    expires_after_minutes: 60,
    on_expire: { ja: "イベントの申し込みが途中でしたので、いったん終了しました。もう一度「申し込む」からどうぞ。", en: "We closed the unfinished sign-up. Tap \"Sign up\" again any time.", easy: "申し込みを いったん やめました。 もう一度 「申し込む」から して ください。" },
    steps: [
      {
        id: "check",
        action: { name: "checkEventSignup", args },
        next: [{ when: { if: "outcome", equals: "open" }, goto: withCompanions ? "companions" : "confirm" }, { goto: "stop" }],
      },
      { id: "stop", end: true },
      ...(withCompanions
        ? [
            {
              id: "companions",
              say: [{ text: { ja: `一緒に参加する方（同伴者）は何人ですか？（0〜${event.maxCompanions}人）`, en: `How many people will come with you? (0–${event.maxCompanions})`, easy: `いっしょに 行く 人は 何人ですか？ 0人から ${event.maxCompanions}人までです。` } }],
              ask: { kind: "number", save: "companions", min: 0, max: event.maxCompanions },
              next: "confirm",
            },
          ]
        : []),
      {
        id: "confirm",
        say: [
          {
            text: withCompanions
              ? { ja: `「${ja}」に、同伴者{{answers.companions}}人で申し込みますか？`, en: `Sign up for "${en}" with {{answers.companions}} more?`, easy: `「${easy}」に、 いっしょに 行く 人 {{answers.companions}}人と 申し込みますか？` }
              : { ja: `「${ja}」に申し込みますか？`, en: `Sign up for "${en}"?`, easy: `「${easy}」に 申し込みますか？` },
          },
        ],
        ask: { kind: "yesno", save: "confirm" },
        next: [{ when: { if: "answers.confirm", equals: "yes" }, goto: "register" }, { goto: "declined" }],
      },
      { id: "register", action: { name: "registerForEvent", args }, end: true },
      {
        id: "declined",
        say: [{ text: { ja: "申し込みはしていません。「イベント」と送ると、受付中のイベントが見られます。", en: "You did not sign up. Send \"events\" to see what is open.", easy: "申し込みは して いません。 「イベント」と 送ると、 申し込む ことが できる あつまりが 出ます。" } }],
        end: true,
      },
    ],
  });
  const revision = createHash("sha256").update(JSON.stringify(file)).digest("hex").slice(0, 12);
  return { ...file, revision, file: `(event ${event.number})` };
}

export function signupFlowSource(): TGeneratedFlowSource {
  return {
    prefix: "event",
    async build(db, id) {
      // The number, not the uuid: flow ids are at most 40 characters.
      if (!/^\d{1,9}$/.test(id)) return undefined;
      const event = await db.event.findUnique({ where: { number: Number(id) }, select: { id: true, number: true, title: true, titleEn: true, titleEasy: true, maxCompanions: true } });
      return event ? buildSignupFlow(event) : undefined;
    },
  };
}
