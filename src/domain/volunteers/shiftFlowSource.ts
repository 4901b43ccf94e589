// The sign-up flow of one shift, built from its row: "shift-<shiftId without dashes>" (see
// shiftFlowId), started by the invitation card's 「参加する」 button. Show the shift, ask to confirm, sign up (confirmed / waiting list).
import { createHash } from "node:crypto";
import { type TGeneratedFlowSource } from "../flowSource.ts";
import { ZFlowFile, type TFlow } from "../../flows/flowSchema.ts";
import { opportunityTextsSelect, shiftFacts } from "./shiftFacts.ts";
import { shiftFlowId, shiftSummaryText } from "./volunteerMessages.ts";

export const SHIFT_FLOW_PREFIX = "shift";

export function shiftFlowSource(): TGeneratedFlowSource {
  return {
    prefix: SHIFT_FLOW_PREFIX,
    async build(db, compactId) {
      // Only the compact form (see shiftFlowId): a flow must be stored under the id it is asked by.
      const m = /^([0-9a-f]{8})([0-9a-f]{4})([0-9a-f]{4})([0-9a-f]{4})([0-9a-f]{12})$/.exec(compactId);
      if (!m) return undefined;
      const shift = await db.shift.findUnique({ where: { id: m.slice(1).join("-") }, include: { opportunity: { select: opportunityTextsSelect } } });
      if (!shift) return undefined;
      const facts = shiftFacts(shift, shift.opportunity);
      // Decided when the flow starts; signUpForShift checks again under the shift's lock.
      const started = shift.startsAt <= new Date();
      const steps = started
        ? [{ id: "closed", say: [{ text: { ja: "申し訳ありません。このシフトの受付は終了しました。", en: "Sorry, sign-up for this shift has closed.", easy: "すみません。 この 日の 申し込みは もう おわりました。" } }], end: true }]
        : [
            {
              id: "check",
              action: { name: "checkVolunteerStatus" },
              next: [{ when: { if: "outcome", equals: "registered" }, goto: "show" }, { goto: "register_first" }],
            },
            {
              id: "register_first",
              say: [
                {
                  buttons: {
                    text: { ja: "シフトに参加するには、先にボランティア登録をお願いします（1分ほどで終わります）。", en: "Please register as a volunteer first (it takes about a minute).", easy: "手伝う 前に、 「ボランティア」と 送って 登録（とうろく） して ください。 1分ぐらいで おわります。" },
                    actions: [{ label: { ja: "ボランティア登録", en: "Register", easy: "登録（とうろく） する" }, flow: "volunteer" }],
                  },
                },
              ],
              end: true,
            },
            {
              id: "show",
              say: [
                { text: { ja: shiftSummaryText(facts, "ja"), en: shiftSummaryText(facts, "en"), easy: shiftSummaryText(facts, "easy") } },
                { text: { ja: "このシフトに参加しますか？", en: "Will you join this shift?", easy: "この 日に 手伝いに 行きますか？" } },
              ],
              ask: { kind: "yesno", save: "join" },
              next: [{ when: { if: "answers.join", equals: "yes" }, goto: "signup" }, { goto: "declined" }],
            },
            { id: "signup", action: { name: "signUpForShift", args: { shiftId: shift.id } }, end: true },
            { id: "declined", say: [{ text: { ja: "わかりました。また都合が合うときはよろしくお願いします。", en: "No problem. Maybe next time!", easy: "わかりました。 また 行ける ときは よろしく おねがいします。" } }], end: true },
          ];
      const definition = ZFlowFile.parse({
        format: 1,
        id: shiftFlowId(shift.id),
        title: { ja: `シフト申し込み：${shift.opportunity.title}`.slice(0, 100), en: `Shift sign-up: ${shift.opportunity.titleEn || shift.opportunity.title}`.slice(0, 100), easy: `手伝う 日の 申し込み：${shift.opportunity.titleEasy || shift.opportunity.title}`.slice(0, 100) },
        requires_consent: true,
        expires_after_minutes: 60 * 24,
        on_expire: { ja: "シフトの申し込みの途中でしたので、終了しました。もう一度「参加する」を押すと申し込めます。", en: "We closed the shift sign-up. Tap \"Join\" again to sign up.", easy: "申し込みを いったん やめました。 もう一度 「参加する」を おすと 申し込む ことが できます。" },
        steps,
      });
      const revision = createHash("sha256").update(JSON.stringify(definition)).digest("hex").slice(0, 12);
      const flow: TFlow = { ...definition, revision, file: `(shift ${shift.id.slice(0, 8)})` };
      return flow;
    },
  };
}
