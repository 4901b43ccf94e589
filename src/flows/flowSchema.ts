// The format of a conversation flow file (flows/*.yaml). This zod schema is the one source of
// truth: the loader checks files with it and the engine's types come from it.
import { z } from "zod";

/** Japanese, English and やさしい日本語 (plain Japanese, after the 2020 national guideline). */
export const languages = ["ja", "en", "easy"] as const;
export const ZLanguage = z.enum(languages);
export type TLanguage = z.infer<typeof ZLanguage>;
/** A stored language as one of ours; anything else reads as Japanese. */
export const toLanguage = (value: unknown): TLanguage => (languages as readonly unknown[]).includes(value) ? (value as TLanguage) : "ja";

/**
 * Text a resident reads: one string (used for every language) or one per language; Japanese is
 * required, and a missing translation reads as Japanese (easy → ja, en → ja).
 */
export const ZText = z.union([
  z.string().min(1),
  z.object({ ja: z.string().min(1), en: z.string().min(1).optional(), easy: z.string().min(1).optional() }).strict(),
]);
export type TText = z.infer<typeof ZText>;

const ZId = z.string().regex(/^[a-z0-9][a-z0-9_-]{0,39}$/, "use lower-case letters, digits, - and _ (at most 40)");
const ZHttpsUrl = z.url({ protocol: /^https$/ }).describe("an https URL");

/** Profile fields a flow may fill; the segments staff send to. */
export const profileFields = ["language", "ageBand", "district", "interests"] as const;
export const ZProfileField = z.enum(profileFields);
export type TProfileField = z.infer<typeof ZProfileField>;

export const ZButtonAction = z
  .object({
    label: ZText,
    /** Starts another flow when tapped. */
    flow: ZId.optional(),
    /** Opens a web page. */
    url: z.url({ protocol: /^(https?|tel)$/ }).optional(),
    /** Sends this text as if the resident typed it. */
    reply: ZText.optional(),
  })
  .strict()
  .refine((a) => [a.flow, a.url, a.reply].filter((x) => x !== undefined).length === 1, {
    message: "a button needs exactly one of: flow, url, reply",
  });
export type TButtonAction = z.infer<typeof ZButtonAction>;

export const ZFlowMessage = z.union([
  z.object({ text: ZText }).strict(),
  z.object({ image: z.object({ url: ZHttpsUrl, preview: ZHttpsUrl.optional() }).strict() }).strict(),
  z
    .object({
      buttons: z
        .object({
          title: ZText.optional(),
          text: ZText,
          image: ZHttpsUrl.optional(),
          actions: z.array(ZButtonAction).min(1).max(4),
        })
        .strict(),
    })
    .strict(),
  z
    .object({
      /** A LINE Flex Message container (bubble or carousel), as LINE documents it. */
      flex: z.object({ altText: ZText, contents: z.record(z.string(), z.unknown()) }).strict(),
    })
    .strict(),
]);
export type TFlowMessage = z.infer<typeof ZFlowMessage>;

export const ZChoice = z
  .object({
    value: z.string().min(1).max(60),
    label: ZText,
    /** Other words a resident may type for this choice, per language. */
    synonyms: z.object({ ja: z.array(z.string()).optional(), en: z.array(z.string()).optional(), easy: z.array(z.string()).optional() }).strict().optional(),
    /** An age band: a resident who types an age in years ("72歳", "17") gets the choice whose range holds it. */
    ages: z.object({ min: z.int().min(0).default(0), max: z.int().min(0).optional() }).strict().optional(),
  })
  .strict();
export type TChoice = z.infer<typeof ZChoice>;

const askCommon = {
  /** The name the answer is kept under (answers.NAME in conditions and exports). */
  save: z.string().regex(/^[a-zA-Z][a-zA-Z0-9_]{0,39}$/, "letters, digits and _, starting with a letter"),
  /** Also write the answer into this profile field. */
  profile: ZProfileField.optional(),
  /** Said when an answer does not fit, before asking again. */
  retry: ZText.optional(),
};

const ZIsoDate = z.union([z.literal("today"), z.iso.date()]);

export const ZAsk = z.discriminatedUnion("kind", [
  z
    .object({
      kind: z.literal("text"),
      ...askCommon,
      min: z.int().min(1).default(1),
      max: z.int().min(1).max(5000).default(1000),
      /** Several messages are joined into one answer until the resident taps "finish" (long opinions). */
      join: z.boolean().default(false),
    })
    .strict(),
  z.object({ kind: z.literal("choice"), ...askCommon, choices: z.array(ZChoice).min(2).max(13) }).strict(),
  z
    .object({
      kind: z.literal("multi"),
      ...askCommon,
      // 12, not 13: the quick reply row also needs its "done" button.
      choices: z.array(ZChoice).min(2).max(12),
      min: z.int().min(0).default(1),
      max: z.int().min(1).optional(),
    })
    .strict(),
  z
    .object({
      kind: z.literal("number"),
      ...askCommon,
      min: z.number(),
      max: z.number(),
      integer: z.boolean().default(true),
      /** What the ends of a short scale mean (1 = 不満 … 5 = 満足): shown on their buttons. */
      ends: z.object({ low: ZText, high: ZText }).strict().optional(),
    })
    .strict(),
  z.object({ kind: z.literal("date"), ...askCommon, min: ZIsoDate.optional(), max: ZIsoDate.optional() }).strict(),
  z.object({ kind: z.literal("datetime"), ...askCommon, min: ZIsoDate.optional(), max: ZIsoDate.optional() }).strict(),
  z.object({ kind: z.literal("yesno"), ...askCommon }).strict(),
]);
export type TAsk = z.infer<typeof ZAsk>;

/** What a condition reads: answers.NAME, profile.FIELD, resident.consented, resident.language, or outcome (of the last action). */
const ZRef = z
  .string()
  .regex(/^(answers\.[a-zA-Z][a-zA-Z0-9_]*|profile\.(ageBand|district|interests|language)|resident\.(consented|language)|outcome)$/, {
    message: "refer to answers.NAME, profile.FIELD, resident.consented, resident.language or outcome",
  });

export const ZCondition = z
  .object({
    if: ZRef,
    equals: z.union([z.string(), z.number(), z.boolean()]).optional(),
    in: z.array(z.union([z.string(), z.number()])).optional(),
    /** For several-choice answers and interests: true when the list holds this value. */
    has: z.string().optional(),
    exists: z.boolean().optional(),
  })
  .strict()
  .refine((c) => [c.equals, c.in, c.has, c.exists].filter((x) => x !== undefined).length === 1, {
    message: "a condition needs exactly one of: equals, in, has, exists",
  });
export type TCondition = z.infer<typeof ZCondition>;

export const ZBranch = z
  .object({ when: ZCondition.optional(), goto: ZId })
  .strict();

export const ZStep = z
  .object({
    id: ZId,
    /** A named action of the bot (record consent, show my data, ...), run before anything is said. */
    action: z.object({ name: z.string(), args: z.record(z.string(), z.unknown()).optional() }).strict().optional(),
    /** Profile fields set to fixed values. */
    set: z.partialRecord(ZProfileField, z.union([z.string(), z.array(z.string())])).optional(),
    say: z.array(ZFlowMessage).max(5).optional(),
    ask: ZAsk.optional(),
    /** The next step: a step id, or branches tried in order (one without `when` is the default). */
    next: z.union([ZId, z.array(ZBranch).min(1)]).optional(),
    /** Continue in another flow. */
    flow: ZId.optional(),
    end: z.literal(true).optional(),
  })
  .strict()
  .refine((s) => [s.next, s.flow, s.end].filter((x) => x !== undefined).length <= 1, {
    message: "a step has at most one of: next, flow, end",
  })
  .refine((s) => !s.ask || (s.say?.length ?? 0) > 0, { message: "a step that asks must say the question (say:)" });
export type TStep = z.infer<typeof ZStep>;

export const ZFlowFile = z
  .object({
    /** Format of this file; older formats are migrated when loaded. */
    format: z.literal(1),
    id: ZId,
    title: ZText,
    description: z.string().optional(),
    triggers: z
      .object({
        /** Runs when a resident adds the account (onboarding). */
        follow: z.boolean().optional(),
        /** Runs when a message is exactly one of these words. */
        keywords: z.object({ ja: z.array(z.string().min(1)).optional(), en: z.array(z.string().min(1)).optional(), easy: z.array(z.string().min(1)).optional() }).strict().optional(),
        /** Keywords also interrupt a conversation in progress (menu, my data). */
        interrupts: z.boolean().optional(),
        /** Runs when a message matches nothing else. */
        fallback: z.boolean().optional(),
      })
      .strict()
      .default({}),
    /** Values a `flow=ID&NAME=VALUE` button may hand to the flow; they start as answers.NAME. */
    params: z.array(z.string().regex(/^[a-zA-Z][a-zA-Z0-9_]{0,39}$/)).default([]),
    /** Flows that keep personal answers need the resident's consent first. */
    requires_consent: z.boolean().default(true),
    /**
     * Keep each answer in Answer as it is given (default). false: the flow keeps what it needs
     * itself (a public comment is stored as a Comment on submit), so a name or address typed in a
     * conversation the resident abandons is not kept anywhere.
     */
    keep_answers: z.boolean().default(true),
    /** A conversation left waiting this long ends, with on_expire said kindly. */
    expires_after_minutes: z.int().min(1).max(60 * 24 * 30).default(60 * 24),
    on_expire: ZText.optional(),
    start: ZId.optional(),
    steps: z.array(ZStep).min(1),
  })
  .strict();
export type TFlowFile = z.infer<typeof ZFlowFile>;

/** A loaded flow: the file's content plus its revision (content hash). */
export type TFlow = TFlowFile & { revision: string; file: string };
