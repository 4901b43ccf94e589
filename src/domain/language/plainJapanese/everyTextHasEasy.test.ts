// Every text the code gives residents in Japanese and English has a やさしい日本語 version too: a
// `{ ja, en }` literal anywhere in src/ without `easy` would reach easy readers in ordinary
// Japanese. Read from the source with TypeScript's parser, so a literal on many lines, in a
// template or a flow built in code is found as well. Staff's own words are not literals: they
// carry their easy version in the database (titleEasy, …) and fall back to Japanese by design.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";

/** Every .ts file under src but tests and the generated client. */
function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === "generated" ? [] : sources(p);
    return e.name.endsWith(".ts") && !e.name.endsWith(".test.ts") ? [p] : [];
  });
}

const propertyName = (p: ts.ObjectLiteralElementLike): string | undefined =>
  p.name && (ts.isIdentifier(p.name) || ts.isStringLiteral(p.name)) ? p.name.text : undefined;

/** `{ ja: …, en: … }` literals without `easy`, as "file:line 「start of the Japanese」". */
function textsWithoutEasy(file: string, source: string): string[] {
  const tree = ts.createSourceFile(file, source, ts.ScriptTarget.Latest, true);
  const found: string[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isObjectLiteralExpression(node)) {
      const names = new Set(node.properties.map(propertyName));
      // A spread may bring the easy version in (…rest); only literals that say every key are judged.
      const spread = node.properties.some((p) => ts.isSpreadAssignment(p));
      if (names.has("ja") && names.has("en") && !names.has("easy") && !spread) {
        const ja = node.properties.find((p) => propertyName(p) === "ja")!;
        const line = tree.getLineAndCharacterOfPosition(node.getStart()).line + 1;
        found.push(`${file}:${line} 「${ja.getText().slice(4, 44).replace(/\s+/g, " ")}」`);
      }
    }
    // `lang === "en" ? English : 日本語`: easy readers get the Japanese unless the function
    // speaks of "easy" itself (an earlier `if (lang === "easy") return …`).
    if (ts.isConditionalExpression(node) && comparesToEnglish(node.condition) && hasJapanese(node.whenFalse) && !mentionsEasy(enclosingFunction(node))) {
      const line = tree.getLineAndCharacterOfPosition(node.getStart()).line + 1;
      found.push(`${file}:${line} 「${node.whenFalse.getText().slice(0, 40).replace(/\s+/g, " ")}」`);
    }
    ts.forEachChild(node, visit);
  };
  visit(tree);
  return found;
}

const comparesToEnglish = (e: ts.Expression): boolean =>
  ts.isBinaryExpression(e) && [ts.SyntaxKind.EqualsEqualsEqualsToken, ts.SyntaxKind.ExclamationEqualsEqualsToken].includes(e.operatorToken.kind) && [e.left, e.right].some((s) => ts.isStringLiteral(s) && s.text === "en");

const JAPANESE = /[\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Han}]/u;
function hasJapanese(node: ts.Node): boolean {
  if ((ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node) || ts.isTemplateHead(node) || ts.isTemplateMiddle(node) || ts.isTemplateTail(node)) && JAPANESE.test(node.text)) return true;
  return node.getChildren().some(hasJapanese);
}

function enclosingFunction(node: ts.Node): ts.Node {
  let at: ts.Node = node;
  while (at.parent && !ts.isFunctionLike(at)) at = at.parent;
  return at;
}
const mentionsEasy = (node: ts.Node): boolean => (ts.isStringLiteral(node) && node.text === "easy") || node.getChildren().some(mentionsEasy);

describe("Every resident-facing text has a やさしい日本語 version", () => {
  it("When a text is written in Japanese and English in the code, then it has an easy version too", () => {
    const missing = sources("src").flatMap((f) => textsWithoutEasy(f, readFileSync(f, "utf8")));
    expect(missing).toEqual([]);
  });

  it("When a literal has ja and en but no easy, then the check names it (so the check above can fail)", () => {
    const source = 'const a = tr(lang, { ja: "締切です", en: "Closes" });\nconst b = { ja: "はい", en: "Yes", easy: "はい" };\nconst c = {\n  ja: `「${t}」`,\n  en: t,\n};';
    expect(textsWithoutEasy("x.ts", source)).toEqual(["x.ts:1 「\"締切です\"」", "x.ts:3 「`「${t}」`」"]);
  });

  it("When a text picks English by `lang === \"en\"` and else Japanese, then the check names it unless easy is handled first", () => {
    const source = 'function a(lang) { return lang === "en" ? "Closes" : "締切です"; }\nfunction b(lang) { if (lang === "easy") return "おわります"; return lang === "en" ? "Closes" : "締切です"; }\nconst c = (lang) => (lang === "en" ? ": " : "：");';
    expect(textsWithoutEasy("x.ts", source)).toEqual(["x.ts:1 「\"締切です\"」"]);
  });
});
