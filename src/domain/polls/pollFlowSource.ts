// The answering conversation of one poll, built from its row: flow "poll-<number>", started by the
// announcement's 「回答する」 button (postback flow=poll-<number>). It checks the poll is open
// (checkPollOpen), asks each question with quick replies — single → choice, multiple → multi,
// scale → number 1–5, text → text — skipping those whose `when` does not hold, then saves the
// answers as one response (savePollResponse). The flow carries the poll's version, so its revision
// changes with every edit and a conversation started before an edit finishes on the version it began.
import { createHash } from "node:crypto";
import { z } from "zod";
import { type Poll } from "../../generated/prisma/client.ts";
import { type TGeneratedFlowSource } from "../flowSource.ts";
import { ZFlowFile, type TFlow, type TText, type TLanguage } from "../../flows/flowSchema.ts";
import { staffText, staffTr, tr } from "../messages/lang.ts";
import { ZPollQuestion, type TPollQuestion } from "./pollTypes.ts";
import { pollFlowId } from "./pollStatus.ts";

/** Staff text goes into flow text, where {{...}} would be read as a placeholder. */
const literal = (text: string) => text.replace(/\{\{/g, "{ {");

/** Where the flow keeps a question's answer (answers.q_<id>); savePollResponse reads them back by this prefix. */
export const ANSWER_PREFIX = "q_";
const saveName = (q: Pick<TPollQuestion, "id">) => `${ANSWER_PREFIX}${q.id}`;
const stepId = (q: Pick<TPollQuestion, "id">) => `q-${q.id}`;

export const ZStoredQuestions = z.array(ZPollQuestion);

type TBranch = { when?: Record<string, unknown>; goto: string };

/** The steps a conversation may go to after question `from - 1`: each conditional question in turn, then the first unconditional one (or the end). */
function nextBranches(questions: TPollQuestion[], from: number): TBranch[] {
  const branches: TBranch[] = [];
  for (const q of questions.slice(from)) {
    if (!q.when) return [...branches, { goto: stepId(q) }];
    const on = questions.find((e) => e.id === q.when!.questionId);
    const ref = `answers.${saveName({ id: q.when.questionId })}`;
    // Several choices are a list: "any of these picked" is one `has` branch per value.
    if (on?.kind === "multiple") branches.push(...q.when.in.map((v) => ({ when: { if: ref, has: v }, goto: stepId(q) })));
    else branches.push({ when: { if: ref, in: q.when.in }, goto: stepId(q) });
  }
  return [...branches, { goto: "save" }];
}

function scaleHint(q: TPollQuestion, lang: TLanguage): string {
  const l = q.scaleLabels;
  if (!l) return tr(lang, { ja: "1〜5の数字で選んでください。", en: "Choose a number from 1 to 5.", easy: "1から 5までの 数で えらんで ください。" });
  const low = literal(staffTr(lang, l.low, l.lowEn, l.lowEasy));
  const high = literal(staffTr(lang, l.high, l.highEn, l.highEasy));
  return tr(lang, { ja: `1（${low}）〜 5（${high}）で選んでください。`, en: `Choose 1 (${low}) to 5 (${high}).`, easy: `1から 5で えらんで ください。\n1は 「${low}」、 5は 「${high}」です。` });
}

function questionText(q: TPollQuestion, n: number): TText {
  const make = (lang: TLanguage) => {
    const hint =
      q.kind === "scale"
        ? `\n${scaleHint(q, lang)}`
        : q.kind === "text"
          ? `\n${tr(lang, { ja: `（${q.maxLength}文字まで。文字で送ってください）`, en: `(Up to ${q.maxLength} characters. Please type your answer.)`, easy: `（${q.maxLength}文字まで。 ことばで 送って ください）` })}`
          : "";
    return `${tr(lang, { ja: `問${n}. `, en: `Q${n}. `, easy: `${n}. ` })}${literal(staffTr(lang, q.text, q.textEn, q.textEasy))}${hint}`;
  };
  return { ja: make("ja"), en: make("en"), easy: make("easy") };
}

function ask(q: TPollQuestion) {
  const save = saveName(q);
  const choices = q.choices.map((c) => ({ value: c.value, label: staffText(c.label, c.labelEn, c.labelEasy) }));
  switch (q.kind) {
    case "single":
      return { kind: "choice", save, choices };
    case "multiple":
      return { kind: "multi", save, choices, min: 1 };
    case "scale":
      return { kind: "number", save, min: 1, max: 5, integer: true, ...(q.scaleLabels ? { ends: scaleEnds(q.scaleLabels) } : {}) };
    case "text":
      return { kind: "text", save, min: 1, max: q.maxLength };
  }
}

/** The quick replies of 1 and 5 carry what they mean ("1 不満", "5 満足"). */
const scaleEnds = (l: NonNullable<TPollQuestion["scaleLabels"]>) => ({ low: staffText(l.low, l.lowEn, l.lowEasy), high: staffText(l.high, l.highEn, l.highEasy) });

export function buildPollFlow(poll: Pick<Poll, "id" | "number" | "title" | "version" | "questions"> & { titleEn?: string | null; titleEasy?: string | null }): TFlow {
  const questions = ZStoredQuestions.parse(poll.questions);
  const title = (lang: TLanguage) => literal(staffTr(lang, poll.title, poll.titleEn, poll.titleEasy));
  const file = ZFlowFile.parse({
    format: 1,
    id: pollFlowId(poll.number),
    title: { ja: `アンケート（${title("ja")}）`, en: `Survey (${title("en")})`, easy: `しつもん（${title("easy")}）` },
    requires_consent: true,
    expires_after_minutes: 24 * 60,
    on_expire: {
      ja: "アンケートの途中でしたので、いったん終了しました。回答は最後の質問のあとで保存されるため、今回の分は保存されていません。「アンケート一覧」からもう一度どうぞ。",
      en: "We closed the unfinished survey. Answers are saved after the last question, so these were not kept. Send \"polls\" to try again.", easy: "しつもんを いったん やめました。 答えは さいごの しつもんの 後で のこるので、 こんかいの 答えは のこって いません。 「アンケート一覧」から もう一度 して ください。",
    },
    steps: [
      {
        id: "check",
        action: { name: "checkPollOpen", args: { pollId: poll.id } },
        next: [{ when: { if: "outcome", equals: "open" }, goto: "start" }, { goto: "stop" }],
      },
      { id: "stop", end: true },
      { id: "start", next: nextBranches(questions, 0) },
      ...questions.map((q, i) => ({ id: stepId(q), say: [{ text: questionText(q, i + 1) }], ask: ask(q), next: nextBranches(questions, i + 1) })),
      { id: "save", action: { name: "savePollResponse", args: { pollId: poll.id, version: poll.version } }, end: true },
    ],
  });
  const revision = createHash("sha256").update(JSON.stringify(file)).digest("hex").slice(0, 12);
  return { ...file, revision, file: `(poll ${poll.number} version ${poll.version})` };
}

/** Answers of one run of the flow, keyed by question id (questions skipped by a branch are absent). */
export function answersByQuestion(answers: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(answers)
      .filter(([name, value]) => name.startsWith(ANSWER_PREFIX) && value !== undefined && value !== null)
      .map(([name, value]) => [name.slice(ANSWER_PREFIX.length), value]),
  );
}

export function pollFlowSource(): TGeneratedFlowSource {
  return {
    prefix: "poll",
    async build(db, id) {
      // The number, not the uuid: flow ids are at most 40 characters. "poll-community" (a file) is found before this.
      if (!/^\d{1,9}$/.test(id)) return undefined;
      const poll = await db.poll.findUnique({ where: { number: Number(id) }, select: { id: true, number: true, title: true, titleEn: true, titleEasy: true, version: true, questions: true } });
      return poll ? buildPollFlow(poll) : undefined;
    },
  };
}
