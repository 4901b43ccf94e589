// Reads flows/*.yaml, checks each against ZFlowFile and against the other flows, and names the
// file, line, column and reason for every problem. The bot refuses to start on any problem.
import { createHash } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { isNode, LineCounter, parseDocument, type Document } from "yaml";
import { FlowFileError, type TFlowProblem } from "../errors.ts";
import { ZFlowFile, type TFlow, type TFlowFile, type TText } from "./flowSchema.ts";
import { FlowSet } from "./FlowSet.ts";
import { parsePostback } from "./postback.ts";

type Problem = Omit<TFlowProblem, "file">;

function positionOf(doc: Document, lineCounter: LineCounter, at: (string | number)[]): { line: number; column: number } | undefined {
  // Walk up the path until a node with a position is found (a missing key points at its parent).
  for (let n = at.length; n >= 0; n--) {
    const node = n === 0 ? doc.contents : doc.getIn(at.slice(0, n), true);
    if (isNode(node) && node.range) {
      const { line, col } = lineCounter.linePos(node.range[0]);
      return { line, column: col };
    }
  }
  return undefined;
}

/** Parses one flow file's text. Returns the flow, or the problems found in it. */
export function parseFlowFile(file: string, text: string): { flow: TFlow } | { problems: Problem[] } {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    return {
      problems: doc.errors.map((e) => {
        // linePos is only filled in with prettyErrors; the error's offset always is.
        const pos = e.linePos?.[0] ?? lineCounter.linePos(e.pos[0]);
        return { line: pos?.line, column: pos?.col, message: `not valid YAML: ${e.message.split("\n")[0]}` };
      }),
    };
  }
  const parsed = ZFlowFile.safeParse(doc.toJS());
  if (!parsed.success) {
    return {
      problems: parsed.error.issues.map((issue) => {
        const at = issue.path.filter((p): p is string | number => typeof p !== "symbol");
        return { ...positionOf(doc, lineCounter, at), path: at.join("."), message: issue.message };
      }),
    };
  }
  const problems = checkSteps(parsed.data).map((p) => ({ ...positionOf(doc, lineCounter, p.at), path: p.at.join("."), message: p.message }));
  if (problems.length > 0) return { problems };
  const revision = createHash("sha256").update(JSON.stringify(parsed.data)).digest("hex").slice(0, 12);
  return { flow: { ...parsed.data, revision, file } };
}

/** Checks inside one flow that zod cannot express: ids unique, every step reachable by name. */
function checkSteps(flow: TFlowFile): { at: (string | number)[]; message: string }[] {
  const problems: { at: (string | number)[]; message: string }[] = [];
  const ids = new Set<string>();
  flow.steps.forEach((step, i) => {
    if (ids.has(step.id)) problems.push({ at: ["steps", i, "id"], message: `step id "${step.id}" is used twice` });
    ids.add(step.id);
  });
  if (flow.start && !ids.has(flow.start)) problems.push({ at: ["start"], message: `no step "${flow.start}"` });
  const saved = new Set(flow.steps.flatMap((s) => (s.ask ? [s.ask.save] : [])));
  flow.steps.forEach((step, i) => {
    const branches = typeof step.next === "string" ? [{ goto: step.next, when: undefined }] : (step.next ?? []);
    branches.forEach((b, j) => {
      const at = typeof step.next === "string" ? ["steps", i, "next"] : ["steps", i, "next", j, "goto"];
      if (!ids.has(b.goto)) problems.push({ at, message: `no step "${b.goto}" in this flow` });
      const ref = b.when?.if;
      if (ref?.startsWith("answers.") && !saved.has(ref.slice("answers.".length))) {
        problems.push({ at: ["steps", i, "next", j, "when", "if"], message: `no question saves "${ref.slice(8)}"` });
      }
    });
    if (Array.isArray(step.next) && step.next.some((b, j) => !b.when && j < step.next!.length - 1)) {
      problems.push({ at: ["steps", i, "next"], message: "only the last branch may go without `when`" });
    }
    if (step.ask && "choices" in step.ask) {
      const values = step.ask.choices.map((c) => c.value);
      const dup = values.find((v, k) => values.indexOf(v) !== k);
      if (dup) problems.push({ at: ["steps", i, "ask", "choices"], message: `choice value "${dup}" is used twice` });
    }
    // LINE cuts nothing: a quick-reply or button label over 20 characters makes the whole message fail.
    const labels: [TText, (string | number)[]][] = [
      ...(step.ask && "choices" in step.ask ? step.ask.choices.map((c, k): [TText, (string | number)[]] => [c.label, ["steps", i, "ask", "choices", k, "label"]]) : []),
      ...(step.say ?? []).flatMap((m, j) =>
        "buttons" in m ? m.buttons.actions.map((a, k): [TText, (string | number)[]] => [a.label, ["steps", i, "say", j, "buttons", "actions", k, "label"]]) : [],
      ),
    ];
    for (const [label, at] of labels) {
      for (const text of typeof label === "string" ? [label] : Object.values(label)) {
        if (text && [...text].length > 20) problems.push({ at, message: `label "${text}" is longer than LINE's 20 characters` });
      }
    }
    if (step.ask?.kind === "number" && step.ask.min > step.ask.max) {
      problems.push({ at: ["steps", i, "ask", "min"], message: "min is larger than max" });
    }
  });
  return problems;
}

/**
 * Loads every *.yaml / *.yml file in dir. Cross-flow references (flow: and button flow:) and
 * action names are checked against the whole set. Throws FlowFileError listing every problem.
 */
export async function loadFlows(dir: string, knownActions: readonly string[]): Promise<FlowSet> {
  const names = (await readdir(dir)).filter((n) => /\.ya?ml$/.test(n)).sort();
  const flows: TFlow[] = [];
  const problems: { file: string; problems: Problem[] }[] = [];
  const texts = new Map<string, string>();
  for (const name of names) {
    const file = path.join(dir, name);
    const text = await readFile(file, "utf8");
    texts.set(file, text);
    const result = parseFlowFile(file, text);
    if ("problems" in result) problems.push({ file, problems: result.problems });
    else flows.push(result.flow);
  }
  const byId = new Map<string, TFlow>();
  for (const flow of flows) {
    const other = byId.get(flow.id);
    if (other) problems.push({ file: flow.file, problems: [{ path: "id", message: `flow id "${flow.id}" is also used by ${other.file}` }] });
    byId.set(flow.id, flow);
  }
  for (const trigger of ["follow", "fallback"] as const) {
    const claiming = flows.filter((f) => f.triggers[trigger]);
    for (const extra of claiming.slice(1)) {
      problems.push({ file: extra.file, problems: [{ path: `triggers.${trigger}`, message: `only one flow may have ${trigger}: true (${claiming[0]!.file} has it too)` }] });
    }
  }
  for (const flow of flows) {
    const found = crossReferenceProblems(flow, byId, knownActions);
    if (found.length > 0) {
      const lineCounter = new LineCounter();
      const doc = parseDocument(texts.get(flow.file)!, { lineCounter });
      problems.push({ file: flow.file, problems: found.map((p) => ({ ...positionOf(doc, lineCounter, p.at), path: p.at.join("."), message: p.message })) });
    }
  }
  if (flows.length === 0 && problems.length === 0) problems.push({ file: dir, problems: [{ message: "no flow files (*.yaml) found" }] });
  if (problems.length > 0) {
    throw new FlowFileError(problems.flatMap((p) => p.problems.map((q) => ({ file: p.file, ...q }))));
  }
  return new FlowSet(flows);
}

function flowTargets(node: unknown): string[] {
  if (Array.isArray(node)) return node.flatMap(flowTargets);
  if (typeof node !== "object" || node === null) return [];
  const data = (node as { data?: unknown }).data;
  const postback = typeof data === "string" ? parsePostback(data) : undefined;
  const own = postback?.kind === "startFlow" ? [postback.flowId] : [];
  return [...own, ...Object.values(node).flatMap(flowTargets)];
}

function crossReferenceProblems(flow: TFlow, byId: Map<string, TFlow>, knownActions: readonly string[]) {
  const problems: { at: (string | number)[]; message: string }[] = [];
  flow.steps.forEach((step, i) => {
    if (step.flow && !byId.has(step.flow)) problems.push({ at: ["steps", i, "flow"], message: `no flow "${step.flow}"` });
    if (step.action && !knownActions.includes(step.action.name)) {
      problems.push({ at: ["steps", i, "action", "name"], message: `unknown action "${step.action.name}" (known: ${knownActions.join(", ")})` });
    }
    step.say?.forEach((m, j) => {
      if ("flex" in m) {
        // Postback buttons inside a Flex message may start flows too ("flow=ID").
        for (const target of flowTargets(m.flex.contents)) {
          if (!byId.has(target) && !/^(poll|round|event|shift)-/.test(target)) {
            problems.push({ at: ["steps", i, "say", j, "flex", "contents"], message: `a button starts flow "${target}", which does not exist` });
          }
        }
      }
      if ("buttons" in m) {
        m.buttons.actions.forEach((a, k) => {
          if (a.flow && !byId.has(a.flow)) problems.push({ at: ["steps", i, "say", j, "buttons", "actions", k, "flow"], message: `no flow "${a.flow}"` });
        });
      }
    });
  });
  return problems;
}
