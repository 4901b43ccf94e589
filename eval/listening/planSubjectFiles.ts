// With PLAN=1, each labelled set gets the plan structure a city's staff would type into the
// analysis (src/domain/listening/planSubjects.ts): eval/listening/plan-subjects/<set>.txt, written
// by a helper that read only each plan's kind and theme names in its builder's header, never the
// comments. Without PLAN, or for a set with no such file, none.
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { parsePlanSubjects, type TPlanSubject } from "../../src/domain/listening/planSubjects.ts";

export function planSubjectsFor(commentsFile: string): TPlanSubject[] | undefined {
  if (!process.env.PLAN) return undefined;
  const file = path.join(path.dirname(commentsFile), "plan-subjects", path.basename(commentsFile).replace("-comments.csv", ".txt"));
  if (!existsSync(file)) return undefined;
  const parsed = parsePlanSubjects(readFileSync(file, "utf8"));
  if (!parsed.ok) throw new Error(`${file}:${parsed.line}: ${parsed.message}`);
  return parsed.subjects;
}
