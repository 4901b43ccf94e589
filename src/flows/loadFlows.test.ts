import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { FlowFileError } from "../errors.ts";
import { actionNames } from "../domain/actions.ts";
import { loadFlows, parseFlowFile } from "./loadFlows.ts";

const realFlowsDir = fileURLToPath(new URL("../../flows", import.meta.url));

/** A flow file: a fixed header, then the steps as written (each line indented under `steps:`). */
const flowText = (steps: string, id = "t") => `format: 1\nid: ${id}\ntitle: { ja: テスト, en: Test }\nsteps:\n${steps}`;

const okStep = `  - id: a
    say:
      - text: { ja: こんにちは, en: Hello }
    end: true
`;

/** "line:column" (1-based) of the first occurrence of needle in text. */
function at(text: string, needle: string): string {
  const index = text.indexOf(needle);
  if (index < 0) throw new Error(`"${needle}" is not in the text`);
  const before = text.slice(0, index).split("\n");
  return `${before.length}:${before[before.length - 1]!.length + 1}`;
}

/** The error the bot would refuse to start with for this one file (as loadFlows builds it). */
function errorFor(file: string, text: string): FlowFileError {
  const result = parseFlowFile(file, text);
  if (!("problems" in result)) throw new Error(`expected problems in ${file}, but it loaded`);
  return new FlowFileError(result.problems.map((p) => ({ file, ...p })));
}

describe("parseFlowFile", () => {
  it("When a valid flow file is parsed, then it loads with defaults and a 12-character revision", () => {
    const result = parseFlowFile("flows/t.yaml", flowText(okStep));
    if (!("flow" in result)) throw new Error(JSON.stringify(result.problems));
    expect(result.flow.id).toBe("t");
    expect(result.flow.file).toBe("flows/t.yaml");
    expect(result.flow.revision).toMatch(/^[0-9a-f]{12}$/);
    expect(result.flow.requires_consent).toBe(true);
    expect(result.flow.expires_after_minutes).toBe(60 * 24);
  });

  it("When the same text is parsed twice, then the revision is the same", () => {
    const a = parseFlowFile("flows/t.yaml", flowText(okStep));
    const b = parseFlowFile("flows/other-name.yaml", flowText(okStep));
    expect("flow" in a && "flow" in b).toBe(true);
    if ("flow" in a && "flow" in b) expect(a.flow.revision).toBe(b.flow.revision);
  });

  it("When a text a resident reads is edited, then the revision changes", () => {
    const a = parseFlowFile("flows/t.yaml", flowText(okStep));
    const b = parseFlowFile("flows/t.yaml", flowText(okStep.replace("こんにちは", "こんばんは")));
    if (!("flow" in a) || !("flow" in b)) throw new Error("both should load");
    expect(b.flow.revision).not.toBe(a.flow.revision);
  });

  it("When only a comment or layout changes, then the revision stays (conversations in progress keep their revision)", () => {
    const a = parseFlowFile("flows/t.yaml", flowText(okStep));
    const b = parseFlowFile("flows/t.yaml", `# a comment\n${flowText(okStep.replace("end: true", "end:   true   # stop"))}`);
    if (!("flow" in a) || !("flow" in b)) throw new Error("both should load");
    expect(b.flow.revision).toBe(a.flow.revision);
  });

  it("When the YAML itself is broken, then the error names the file, the line:column and says it is not valid YAML", () => {
    const text = flowText(okStep).replace("title: { ja: テスト, en: Test }", "title: a: b");
    const err = errorFor("flows/broken.yaml", text);
    expect(err.problems[0]!.line).toBe(3);
    expect(err.message).toMatch(/^flows\/broken\.yaml:3:\d+: not valid YAML: /);
  });

  it("When a key appears twice in a mapping, then the error names the duplicate's line", () => {
    const text = flowText(okStep) + "id: again\n";
    const err = errorFor("flows/dup-key.yaml", text);
    expect(err.message).toContain(`flows/dup-key.yaml:${at(text, "id: again")}`);
    expect(err.message).toContain("not valid YAML: Map keys must be unique");
  });

  it("When a step has an unknown key, then the error names the file, the step's line:column and the key", () => {
    const text = flowText(okStep.replace("    end: true", "    ending: true"));
    const err = errorFor("flows/t.yaml", text);
    expect(err.message).toBe(`flows/t.yaml:${at(text, "id: a")} (steps.0): Unrecognized key: "ending"`);
  });

  it("When a step asks without saying the question, then the error points at the step and says it must say the question", () => {
    const text = flowText(`  - id: q
    ask: { kind: yesno, save: ok }
    end: true
`);
    const err = errorFor("flows/t.yaml", text);
    expect(err.message).toBe(`flows/t.yaml:${at(text, "id: q")} (steps.0): a step that asks must say the question (say:)`);
  });

  it("When `next` names a step that does not exist, then the error points at that `next` and names the missing step", () => {
    const text = flowText(`  - id: a
    say: [ { text: はい } ]
    next: nowhere
`);
    const err = errorFor("flows/t.yaml", text);
    expect(err.message).toBe(`flows/t.yaml:${at(text, "nowhere")} (steps.0.next): no step "nowhere" in this flow`);
  });

  it("When a branch goes to a missing step, then the error points at that branch's goto", () => {
    const text = flowText(`  - id: a
    ask: { kind: yesno, save: ok }
    say: [ { text: よいですか？ } ]
    next:
      - { when: { if: answers.ok, equals: "yes" }, goto: b }
      - { goto: missing }
  - id: b
    end: true
`);
    const err = errorFor("flows/t.yaml", text);
    expect(err.message).toBe(`flows/t.yaml:${at(text, "missing")} (steps.0.next.1.goto): no step "missing" in this flow`);
  });

  it("When two steps share an id, then the error points at the second one and says the id is used twice", () => {
    const text = flowText(`${okStep}  - id: a
    end: true
`);
    const second = text.lastIndexOf("- id: a") + 2;
    const line = text.slice(0, second).split("\n").length;
    const err = errorFor("flows/t.yaml", text);
    expect(err.message).toBe(`flows/t.yaml:${line}:9 (steps.1.id): step id "a" is used twice`);
  });

  it("When a choice label is 21 characters, then the error points at the label and names LINE's 20-character limit", () => {
    const long = "あ".repeat(21);
    const text = flowText(`  - id: q
    say: [ { text: どれ？ } ]
    ask:
      kind: choice
      save: pick
      choices:
        - { value: short, label: 短い }
        - { value: long, label: { ja: ${long}, en: Long } }
    end: true
`);
    const err = errorFor("flows/t.yaml", text);
    expect(err.message).toBe(
      `flows/t.yaml:${at(text, `{ ja: ${long}`)} (steps.0.ask.choices.1.label): label "${long}" is longer than LINE's 20 characters`,
    );
  });

  it("When a label is exactly 20 characters, then the flow loads", () => {
    const text = flowText(`  - id: q
    say: [ { text: どれ？ } ]
    ask:
      kind: choice
      save: pick
      choices:
        - { value: a, label: ${"あ".repeat(20)} }
        - { value: b, label: ${"b".repeat(20)} }
    end: true
`);
    expect("flow" in parseFlowFile("flows/t.yaml", text)).toBe(true);
  });

  it("When a button label is over 20 characters in English, then the error points at that button", () => {
    const text = flowText(`  - id: m
    say:
      - buttons:
          text: メニュー
          actions:
            - { label: { ja: 使い方, en: How to use this LINE account }, reply: help }
    end: true
`);
    const err = errorFor("flows/t.yaml", text);
    expect(err.message).toContain(`flows/t.yaml:${at(text, "{ ja: 使い方")} (steps.0.say.0.buttons.actions.0.label): label "How to use this LINE account"`);
  });

  it("When a branch tests an answer no question saves, then the error names the answer", () => {
    const text = flowText(`  - id: a
    next:
      - { when: { if: answers.nothing, exists: true }, goto: a }
      - { goto: a }
`);
    const err = errorFor("flows/t.yaml", text);
    expect(err.message).toBe(`flows/t.yaml:${at(text, "answers.nothing")} (steps.0.next.0.when.if): no question saves "nothing"`);
  });

  it("When a branch without `when` is not the last, then the error says only the last may go without it", () => {
    const text = flowText(`  - id: a
    next:
      - { goto: a }
      - { when: { if: resident.consented, equals: true }, goto: a }
`);
    expect(errorFor("flows/t.yaml", text).message).toContain("(steps.0.next): only the last branch may go without `when`");
  });

  it("When a file has several problems, then every one is reported", () => {
    const text = flowText(`  - id: a
    next: b
  - id: a
    next: c
`);
    const err = errorFor("flows/t.yaml", text);
    expect(err.problems.map((p) => p.message)).toEqual(['step id "a" is used twice', 'no step "b" in this flow', 'no step "c" in this flow']);
  });
});

describe("loadFlows", () => {
  const dirs: string[] = [];
  async function dirWith(files: Record<string, string>): Promise<string> {
    const dir = await mkdtemp(path.join(tmpdir(), "flows-test-"));
    dirs.push(dir);
    for (const [name, text] of Object.entries(files)) await writeFile(path.join(dir, name), text);
    return dir;
  }
  async function loadError(dir: string, actions: readonly string[] = actionNames): Promise<FlowFileError> {
    const err = await loadFlows(dir, actions).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(FlowFileError);
    return err as FlowFileError;
  }
  afterEach(async () => {
    await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
  });

  it("When the real flows are loaded, then every one loads with a 12-character revision, the foundation's among them", async () => {
    const set = await loadFlows(realFlowsDir, actionNames);
    expect(set.flows.map((f) => f.id)).toEqual(expect.arrayContaining(["help", "menu", "mydata", "onboarding", "poll-community", "welcome"]));
    for (const flow of set.flows) expect(flow.revision).toMatch(/^[0-9a-f]{12}$/);
    expect(set.onFollow()?.id).toBe("welcome");
    expect(set.fallback()?.id).toBe("not-understood");
    expect(set.byMessage("アンケート")?.id).toBe("poll-community");
    expect(set.byMessage("Survey")?.id).toBe("poll-community");
    expect(set.byMessage("My Data")?.id).toBe("mydata");
  });

  it("When a step continues in a flow that does not exist, then the error names the file, line:column and the missing flow", async () => {
    const text = flowText(`  - id: a
    flow: nowhere
`, "b");
    const dir = await dirWith({ "a.yaml": flowText(okStep, "a"), "b.yaml": text });
    const err = await loadError(dir);
    expect(err.message).toBe(`${path.join(dir, "b.yaml")}:${at(text, "nowhere")} (steps.0.flow): no flow "nowhere"`);
  });

  it("When a flow refers to a flow in another file, then it loads", async () => {
    const dir = await dirWith({ "a.yaml": flowText(okStep, "a"), "b.yaml": flowText(`  - id: go\n    flow: a\n`, "b") });
    const set = await loadFlows(dir, actionNames);
    expect(set.get("b")?.steps[0]?.flow).toBe("a");
  });

  it("When a button starts a flow that does not exist, then the error points at the button's flow", async () => {
    const text = flowText(`  - id: m
    say:
      - buttons:
          text: メニュー
          actions:
            - { label: アンケート, flow: survey-2027 }
    end: true
`);
    const dir = await dirWith({ "t.yaml": text });
    const err = await loadError(dir);
    expect(err.message).toBe(`${path.join(dir, "t.yaml")}:${at(text, "survey-2027")} (steps.0.say.0.buttons.actions.0.flow): no flow "survey-2027"`);
  });

  it("When a step names an unknown action, then the error names the action and lists the known ones", async () => {
    const text = flowText(`  - id: a
    action: { name: sendPostcard }
    end: true
`);
    const dir = await dirWith({ "t.yml": text });
    const err = await loadError(dir, ["recordConsent", "showMyData"]);
    expect(err.message).toBe(
      `${path.join(dir, "t.yml")}:${at(text, "sendPostcard")} (steps.0.action.name): unknown action "sendPostcard" (known: recordConsent, showMyData)`,
    );
  });

  it("When two files use the same flow id, then the error names both files", async () => {
    const dir = await dirWith({ "one.yaml": flowText(okStep, "same"), "two.yaml": flowText(okStep, "same") });
    const err = await loadError(dir);
    expect(err.message).toBe(`${path.join(dir, "two.yaml")} (id): flow id "same" is also used by ${path.join(dir, "one.yaml")}`);
  });

  it("When several files are broken, then every file's problems are reported together", async () => {
    const dir = await dirWith({
      "good.yaml": flowText(okStep, "good"),
      "bad-yaml.yaml": "format: 1\nid: [\n",
      "bad-ref.yaml": flowText(`  - id: a\n    flow: gone\n`, "bad-ref"),
      "notes.txt": "not a flow",
    });
    const err = await loadError(dir);
    expect(err.problems.map((p) => path.basename(p.file))).toEqual(["bad-yaml.yaml", "bad-ref.yaml"]);
    expect(err.message).toContain(`${path.join(dir, "bad-yaml.yaml")}:`);
    expect(err.message).toContain('no flow "gone"');
  });

  it("When the directory holds no flow files, then loading fails saying so", async () => {
    const dir = await dirWith({ "README.md": "# nothing here" });
    const err = await loadError(dir);
    expect(err.message).toBe(`${dir}: no flow files (*.yaml) found`);
  });
});
