// Every text a resident may read in one flow, with where it sits in the file (the path loadFlows
// reports positions by) and which language it is in. Flex contents are LINE's own JSON, so their
// strings are one language each: the language of the `resident.language` branch that leads there.
import { type TFlowFile, type TText } from "./flowSchema.ts";

export type TFlowText = {
  at: (string | number)[];
  /** The text's language; "all" for a one-string text every language shows. */
  language: string;
  text: string;
  /** A `{ ja, en }` text: the languages it has (a one-string text or a Flex string has none). */
  variants?: string[];
};

function fromText(value: TText, at: (string | number)[]): TFlowText[] {
  if (typeof value === "string") return [{ at, language: "all", text: value }];
  const variants = Object.keys(value);
  return Object.entries(value).flatMap(([language, text]) => (typeof text === "string" ? [{ at: [...at, language], language, text, variants }] : []));
}

/** The strings of a Flex container a resident reads: text, labels, alt texts, display texts. */
function flexStrings(node: unknown, at: (string | number)[], language: string): TFlowText[] {
  if (Array.isArray(node)) return node.flatMap((n, i) => flexStrings(n, [...at, i], language));
  if (typeof node !== "object" || node === null) return [];
  return Object.entries(node).flatMap(([key, value]) =>
    typeof value === "string"
      ? ["text", "label", "displayText", "altText"].includes(key) && value.trim()
        ? [{ at: [...at, key], language, text: value }]
        : []
      : flexStrings(value, [...at, key], language),
  );
}

/** The language a step is in when a branch on resident.language is the only way there. */
function stepLanguages(flow: TFlowFile): Map<string, string> {
  const byStep = new Map<string, string>();
  for (const step of flow.steps) {
    if (!Array.isArray(step.next)) continue;
    for (const branch of step.next) {
      const when = branch.when;
      if (when?.if === "resident.language" && typeof when.equals === "string") byStep.set(branch.goto, when.equals);
      else if (!when && step.next.some((b) => b.when?.if === "resident.language")) byStep.set(branch.goto, "ja");
    }
  }
  return byStep;
}

/** The languages a flow routes to by resident.language (menu: ja, en, …); empty when it does not. */
export function routedLanguages(flow: TFlowFile): string[] {
  return [...new Set(stepLanguages(flow).values())];
}

export function flowTexts(flow: TFlowFile): TFlowText[] {
  const languages = stepLanguages(flow);
  const out: TFlowText[] = [...fromText(flow.title, ["title"]), ...(flow.on_expire ? fromText(flow.on_expire, ["on_expire"]) : [])];
  flow.steps.forEach((step, i) => {
    const at = ["steps", i];
    step.say?.forEach((message, j) => {
      const m = [...at, "say", j];
      if ("text" in message) out.push(...fromText(message.text, [...m, "text"]));
      if ("buttons" in message) {
        const b = message.buttons;
        if (b.title) out.push(...fromText(b.title, [...m, "buttons", "title"]));
        out.push(...fromText(b.text, [...m, "buttons", "text"]));
        b.actions.forEach((a, k) => {
          out.push(...fromText(a.label, [...m, "buttons", "actions", k, "label"]));
          if (a.reply) out.push(...fromText(a.reply, [...m, "buttons", "actions", k, "reply"]));
        });
      }
      if ("flex" in message) {
        const language = languages.get(step.id) ?? "all";
        const alt = message.flex.altText;
        out.push(...(typeof alt === "string" ? [{ at: [...m, "flex", "altText"], language, text: alt }] : fromText(alt, [...m, "flex", "altText"])));
        out.push(...flexStrings(message.flex.contents, [...m, "flex", "contents"], language));
      }
    });
    if (step.ask) {
      if (step.ask.retry) out.push(...fromText(step.ask.retry, [...at, "ask", "retry"]));
      if (step.ask.kind === "number" && step.ask.ends) {
        out.push(...fromText(step.ask.ends.low, [...at, "ask", "ends", "low"]), ...fromText(step.ask.ends.high, [...at, "ask", "ends", "high"]));
      }
      if ("choices" in step.ask) step.ask.choices.forEach((c, k) => out.push(...fromText(c.label, [...at, "ask", "choices", k, "label"])));
    }
  });
  return out;
}
