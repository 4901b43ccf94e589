// The commenting conversation of one round, built from its row: flow "round-<number>", started by
// the announcement's 「意見を書く」 button (postback flow=round-<number>). It checks the round is open
// (checkRoundOpen: a stale button gets a kind "closed"), introduces the draft with a link to the
// document, asks which section the comment is about, takes the opinion in as many messages as the
// resident needs (joined), asks name and address when the round requires them, shows the comment
// notice and the comment for confirmation, then submits it (submitComment) for a receipt number.
// Public comment is open to everyone: the flow needs no profiling consent and gives its own notice.
// The flow carries the round's version, so its revision changes with every edit and a conversation
// started before an edit finishes on the version it began.
import { createHash } from "node:crypto";
import { z } from "zod";
import { type Round } from "../../generated/prisma/client.ts";
import { type TGeneratedFlowSource } from "../../conversation/FlowCatalog.ts";
import { ZFlowFile, type TFlow } from "../../flows/flowSchema.ts";
import { formatTokyoDateTime } from "../tokyoTime.ts";
import { GENERAL_SECTION_ID, GENERAL_SECTION_TITLE, sectionButtonLabel, ZRoundSection } from "./roundTypes.ts";
import { roundFlowId } from "./roundStatus.ts";

/** The longest opinion, all messages joined (LINE takes 5,000 characters per message; the confirmation repeats it). */
export const OPINION_MAX = 2000;
export const NAME_MAX = 100;
export const ADDRESS_MAX = 200;

export const ZStoredSections = z.array(ZRoundSection);

/** Staff text goes into flow text, where {{...}} would be read as a placeholder. */
const literal = (text: string) => text.replace(/\{\{/g, "{ {");

export type TRoundForFlow = Pick<Round, "id" | "number" | "title" | "summary" | "documentUrl" | "sections" | "closesAt" | "identity" | "version">;

export const commentNotice = (identity: string) =>
  [
    "【ご意見の取り扱いについて】",
    "・いただいたご意見は、市の考え方とあわせて市のホームページ等で公表することがあります。",
    "・公表の前に、氏名・住所・電話番号など個人が特定できる部分は市が伏せます。",
    ...(identity === "name_address" ? ["・お名前とご住所は、意見を出された方の確認のためにのみ使い、公表しません。"] : []),
    "・ご意見は、この案件の検討のためにのみ使います。",
    "・締切までは「マイコメント」と送ると、確認・取り下げができます。",
  ].join("\n");

export function buildRoundFlow(round: TRoundForFlow): TFlow {
  const sections = ZStoredSections.parse(round.sections);
  const title = literal(round.title);
  const named = round.identity === "name_address";
  const afterOpinion = named ? "name" : "confirm";
  const sectionLine = sections.length > 0 ? "{{answers.section}}" : GENERAL_SECTION_TITLE;
  const file = ZFlowFile.parse({
    format: 1,
    id: roundFlowId(round.number),
    title: { ja: `意見募集（${title}）`, en: `Public comment (${title})` },
    requires_consent: false,
    // The Comment row is the record; name and address typed into an abandoned comment are not kept.
    keep_answers: false,
    expires_after_minutes: 24 * 60,
    on_expire: {
      ja: "ご意見の入力が途中でしたので、いったん終了しました。送信前のご意見はお預かりしていません。「意見募集」と送ると、もう一度始められます。",
      en: "We closed the unfinished comment. Nothing was kept, as it was not sent. Send \"public comment\" to start again.",
    },
    steps: [
      {
        id: "check",
        action: { name: "checkRoundOpen", args: { roundId: round.id } },
        next: [{ when: { if: "outcome", equals: "open" }, goto: "intro" }, { goto: "stop" }],
      },
      { id: "stop", end: true },
      {
        id: "intro",
        say: [
          { text: `【意見募集】${title}\n\n${literal(round.summary)}\n\n締切：${formatTokyoDateTime(round.closesAt)}` },
          { buttons: { text: "素案の資料は、こちらからご覧いただけます。", actions: [{ label: "資料を見る", url: round.documentUrl }] } },
        ],
        next: sections.length > 0 ? "section" : "opinion",
      },
      ...(sections.length > 0
        ? [
            {
              id: "section",
              // A chapter whose button shows a short name is listed with its full name, so nothing is hidden.
              say: [
                {
                  text: sections.some((s) => s.shortTitle)
                    ? `どの章についてのご意見ですか？\n${sections.map((s) => `・${literal(s.shortTitle ? `${s.shortTitle}：${s.title}` : s.title)}`).join("\n")}`
                    : "どの章についてのご意見ですか？",
                },
              ],
              ask: {
                kind: "choice",
                save: "section",
                choices: [...sections.map((s) => ({ value: s.id, label: sectionButtonLabel(s) })), { value: GENERAL_SECTION_ID, label: GENERAL_SECTION_TITLE }],
              },
              next: "opinion",
            },
          ]
        : []),
      {
        id: "opinion",
        say: [
          {
            text: `ご意見をお書きください（合わせて${OPINION_MAX}文字まで）。\n長いときは何回かに分けて送れます。書き終えたら「入力を終える」を押してください。`,
          },
        ],
        ask: { kind: "text", save: "opinion", join: true, min: 1, max: OPINION_MAX },
        next: afterOpinion,
      },
      ...(named
        ? [
            {
              id: "name",
              say: [{ text: "この意見募集では、お名前とご住所をうかがいます（確認のためで、公表はしません）。\nお名前（氏名）を入力してください。" }],
              ask: { kind: "text", save: "name", min: 1, max: NAME_MAX },
              next: "address",
            },
            {
              id: "address",
              say: [{ text: "ご住所を入力してください。" }],
              ask: { kind: "text", save: "address", min: 1, max: ADDRESS_MAX },
              next: "confirm",
            },
          ]
        : []),
      {
        id: "confirm",
        say: [
          { text: commentNotice(round.identity) },
          {
            text: [
              "次の内容で送信します。",
              `【案件】${title}`,
              `【章】${sectionLine}`,
              ...(named ? ["【お名前】{{answers.name}}", "【ご住所】{{answers.address}}"] : []),
              "【ご意見】",
              "{{answers.opinion}}",
              "",
              "上の取り扱いに同意のうえ、送信しますか？",
            ].join("\n"),
          },
        ],
        ask: { kind: "yesno", save: "confirm" },
        next: [{ when: { if: "answers.confirm", equals: "yes" }, goto: "submit" }, { goto: "dropped" }],
      },
      { id: "submit", action: { name: "submitComment", args: { roundId: round.id, version: round.version } }, end: true },
      {
        id: "dropped",
        say: [
          {
            buttons: {
              text: "送信を取りやめました。ご意見はお預かりしていません。書き直すときは「書き直す」を押してください。",
              actions: [{ label: "書き直す", flow: roundFlowId(round.number) }],
            },
          },
        ],
        end: true,
      },
    ],
  });
  const revision = createHash("sha256").update(JSON.stringify(file)).digest("hex").slice(0, 12);
  return { ...file, revision, file: `(round ${round.number} version ${round.version})` };
}

export function roundFlowSource(): TGeneratedFlowSource {
  return {
    prefix: "round",
    async build(db, id) {
      // The number, not the uuid: flow ids are at most 40 characters. "rounds" (a file) is found before this.
      if (!/^\d{1,9}$/.test(id)) return undefined;
      const round = await db.round.findUnique({
        where: { number: Number(id) },
        select: { id: true, number: true, title: true, summary: true, documentUrl: true, sections: true, closesAt: true, identity: true, version: true },
      });
      return round ? buildRoundFlow(round) : undefined;
    },
  };
}
