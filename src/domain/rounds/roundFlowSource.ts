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
import { type Round } from "../../generated/prisma/client.ts";
import { type TGeneratedFlowSource } from "../flowSource.ts";
import { ZFlowFile, type TFlow, type TText, type TLanguage } from "../../flows/flowSchema.ts";
import { staffText, staffTr, tr } from "../messages/lang.ts";
import { formatTokyoDateTime } from "../../tokyoTime.ts";
import { GENERAL_SECTION_ID, GENERAL_SECTION_TITLE, GENERAL_SECTION_TITLE_EASY, GENERAL_SECTION_TITLE_EN, sectionButtonLabel } from "./roundTypes.ts";
import { roundSections } from "./roundSections.ts";
import { roundFlowId } from "./roundStatus.ts";

/** The longest opinion, all messages joined (LINE takes 5,000 characters per message; the confirmation repeats it). */
export const OPINION_MAX = 2000;
export const NAME_MAX = 100;
export const ADDRESS_MAX = 200;

/** Staff text goes into flow text, where {{...}} would be read as a placeholder. */
const literal = (text: string) => text.replace(/\{\{/g, "{ {");

export type TRoundForFlow = Pick<Round, "id" | "number" | "title" | "summary" | "documentUrl" | "sections" | "closesAt" | "identity" | "version"> & {
  titleEn?: string | null;
  summaryEn?: string | null;
  titleEasy?: string | null;
  summaryEasy?: string | null;
};

const noticeLines = (identity: string) => ({
  ja: [
    "【ご意見の取り扱いについて】",
    "・いただいたご意見は、市の考え方とあわせて市のホームページ等で公表することがあります。",
    "・公表の前に、氏名・住所・電話番号など個人が特定できる部分は市が伏せます。",
    ...(identity === "name_address" ? ["・お名前とご住所は、意見を出された方の確認のためにのみ使い、公表しません。"] : []),
    "・ご意見は、この案件の検討のためにのみ使います。",
    "・締切までは「マイコメント」と送ると、確認・取り下げができます。",
  ],
  easy: [
    "【あなたの 意見の 使いかた】",
    "・市は あなたの 意見を ホームページなどに 出す ことが あります。 市の 考えも いっしょに 出します。",
    "・出す 前に、 名前・住所・電話の ばんごうなどは 市が かくします。",
    ...(identity === "name_address" ? ["・名前と 住所は、 だれが 出したかを たしかめる ためだけに 使います。 ほかの 人には 見せません。"] : []),
    "・あなたの 意見は、 この 計画（けいかく）を 考える ためだけに 使います。",
    "・「マイコメント」で 見る ことが できます。 おわる 前なら、 とりけす ことも できます。",
  ],
  en: [
    "[How we handle your comment]",
    "- The city may publish comments, with its response, on its website and elsewhere.",
    "- Before publishing, the city removes anything that identifies a person (name, address, phone number).",
    ...(identity === "name_address" ? ["- Your name and address are used only to confirm who commented, and are never published."] : []),
    "- Your comment is used only to consider this draft.",
    "- Until the deadline, send \"my comments\" to see or withdraw it.",
  ],
});

/** The comment notice, in every language. */
export const commentNoticeText = (identity: string): TText => {
  const lines = noticeLines(identity);
  return { ja: lines.ja.join("\n"), en: lines.en.join("\n"), easy: lines.easy.join("\n") };
};
/** The Japanese notice (what the console shows staff). */
export const commentNotice = (identity: string) => noticeLines(identity).ja.join("\n");

/** A text for every language; its dates formatted in each. */
const each = (make: (lang: TLanguage) => string): TText => ({ ja: make("ja"), en: make("en"), easy: make("easy") });

export function buildRoundFlow(round: TRoundForFlow): TFlow {
  const sections = roundSections(round);
  const title = (lang: TLanguage) => literal(staffTr(lang, round.title, round.titleEn, round.titleEasy));
  const summary = (lang: TLanguage) => literal(staffTr(lang, round.summary, round.summaryEn, round.summaryEasy));
  const named = round.identity === "name_address";
  const afterOpinion = named ? "name" : "confirm";
  const general = { ja: GENERAL_SECTION_TITLE, en: GENERAL_SECTION_TITLE_EN, easy: GENERAL_SECTION_TITLE_EASY };
  const sectionLine = (lang: TLanguage) => (sections.length > 0 ? "{{answers.section}}" : tr(lang, general));
  const file = ZFlowFile.parse({
    format: 1,
    id: roundFlowId(round.number),
    title: { ja: `意見募集（${title("ja")}）`, en: `Public comment (${title("en")})`, easy: `市に 意見を 言う（${title("easy")}）` },
    requires_consent: false,
    // The Comment row is the record; name and address typed into an abandoned comment are not kept.
    keep_answers: false,
    expires_after_minutes: 24 * 60,
    on_expire: {
      ja: "ご意見の入力が途中でしたので、いったん終了しました。送信前のご意見はお預かりしていません。「意見募集」と送ると、もう一度始められます。",
      en: "We closed the unfinished comment. Nothing was kept, as it was not sent. Send \"public comment\" to start again.",
      easy: "意見を 書くのを いったん やめました。 送る 前の 意見は のこして いません。 「意見募集」と 送ると、 また はじめる ことが できます。",
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
          {
            text: each((lang) =>
              lang === "en"
                ? `[Public comment] ${title(lang)}\n\n${summary(lang)}\n\nCloses: ${formatTokyoDateTime(round.closesAt, lang)}`
                : lang === "easy"
                  ? `【市に 意見を 言う】${title(lang)}\n\n${summary(lang)}\n\n${formatTokyoDateTime(round.closesAt, lang)} まで`
                  : `【意見募集】${title(lang)}\n\n${summary(lang)}\n\n締切：${formatTokyoDateTime(round.closesAt, lang)}`,
            ),
          },
          {
            buttons: {
              text: { ja: "素案の資料は、こちらからご覧いただけます。", en: "You can read the draft here.", easy: "計画（けいかく）は ここで 読む ことが できます。" },
              actions: [{ label: { ja: "資料を見る", en: "Read the draft", easy: "計画（けいかく）を 読む" }, url: round.documentUrl }],
            },
          },
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
                  text: {
                    ja: sections.some((s) => s.shortTitle)
                      ? `どの章についてのご意見ですか？\n${sections.map((s) => `・${literal(s.shortTitle ? `${s.shortTitle}：${s.title}` : s.title)}`).join("\n")}`
                      : "どの章についてのご意見ですか？",
                    en: "Which part of the draft is your comment about?",
                    easy: "どこに ついての 意見ですか？",
                  },
                },
              ],
              ask: {
                kind: "choice",
                save: "section",
                choices: [...sections.map((s) => ({ value: s.id, label: staffText(sectionButtonLabel(s), s.titleEn, s.titleEasy) })), { value: GENERAL_SECTION_ID, label: general }],
              },
              next: "opinion",
            },
          ]
        : []),
      {
        id: "opinion",
        say: [
          {
            text: {
              ja: `ご意見をお書きください（合わせて${OPINION_MAX}文字まで）。\n長いときは何回かに分けて送れます。書き終えたら「入力を終える」を押すか、「おわり」と送ってください。`,
              en: `Please write your comment (up to ${OPINION_MAX} characters in all).\nYou can send it in several messages. When you are done, tap Finish or send "done".`,
              easy: `意見を 書いて ください。 ぜんぶで ${OPINION_MAX}文字まで 書く ことが できます。\n何回かに 分けて 送っても いいです。\n書き おわったら 「書き おわる」を おして ください。`,
            },
          },
        ],
        ask: { kind: "text", save: "opinion", join: true, min: 1, max: OPINION_MAX },
        next: afterOpinion,
      },
      ...(named
        ? [
            {
              id: "name",
              say: [
                {
                  text: {
                    ja: "この意見募集では、お名前とご住所をうかがいます（確認のためで、公表はしません）。\nお名前（氏名）を入力してください。",
                    en: "For this consultation we ask your name and address (to confirm who commented; they are not published).\nPlease type your full name.",
                    easy: "ここでは 名前と 住所を 聞きます。 ほかの 人には 見せません。\nあなたの 名前を 書いて ください。",
                  },
                },
              ],
              ask: { kind: "text", save: "name", min: 1, max: NAME_MAX },
              next: "address",
            },
            {
              id: "address",
              say: [{ text: { ja: "ご住所を入力してください。", en: "Please type your address.", easy: "あなたの 住所を 書いて ください。" } }],
              ask: { kind: "text", save: "address", min: 1, max: ADDRESS_MAX },
              next: "confirm",
            },
          ]
        : []),
      {
        id: "confirm",
        say: [
          { text: commentNoticeText(round.identity) },
          {
            text: each((lang) =>
              (lang === "easy"
                ? [
                    "これを 送ります。",
                    `【計画（けいかく）】${title(lang)}`,
                    `【どこに ついて】${sectionLine(lang)}`,
                    ...(named ? ["【名前】{{answers.name}}", "【住所】{{answers.address}}"] : []),
                    "【意見】",
                    "{{answers.opinion}}",
                    "",
                    "上の 使いかたで いいですか？ 送りますか？",
                  ]
                : lang === "en"
                ? [
                    "We will send the following.",
                    `[Draft] ${title(lang)}`,
                    `[Part] ${sectionLine(lang)}`,
                    ...(named ? ["[Name] {{answers.name}}", "[Address] {{answers.address}}"] : []),
                    "[Comment]",
                    "{{answers.opinion}}",
                    "",
                    "Do you agree to how we handle comments (above) and send it?",
                  ]
                : [
                    "次の内容で送信します。",
                    `【案件】${title(lang)}`,
                    `【章】${sectionLine(lang)}`,
                    ...(named ? ["【お名前】{{answers.name}}", "【ご住所】{{answers.address}}"] : []),
                    "【ご意見】",
                    "{{answers.opinion}}",
                    "",
                    "上の取り扱いに同意のうえ、送信しますか？",
                  ]
              ).join("\n"),
            ),
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
              text: {
                ja: "送信を取りやめました。ご意見はお預かりしていません。書き直すときは「書き直す」を押してください。",
                en: "Not sent. Nothing was kept. To write it again, tap Rewrite.",
                easy: "送りませんでした。 意見は のこして いません。 もう一度 書く ときは 「書きなおす」を おして ください。",
              },
              actions: [{ label: { ja: "書き直す", en: "Rewrite", easy: "書きなおす" }, flow: roundFlowId(round.number) }],
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
        select: { id: true, number: true, title: true, titleEn: true, titleEasy: true, summary: true, summaryEn: true, summaryEasy: true, documentUrl: true, sections: true, closesAt: true, identity: true, version: true },
      });
      return round ? buildRoundFlow(round) : undefined;
    },
  };
}
