// The layering check (scripts/checkLayering.ts, run by `npm test`): src/ keeps to its layers, and
// the check does catch an import against them, planted in a small project of its own.
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { checkLayering, formatViolation } from "../scripts/checkLayering.ts";

const repoSrc = fileURLToPath(new URL("../src", import.meta.url));

describe("the layering check", () => {
  const root = mkdtempSync(path.join(tmpdir(), "layering-"));
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  const plant = (file: string, text: string) => {
    mkdirSync(path.dirname(path.join(root, "src", file)), { recursive: true });
    writeFileSync(path.join(root, "src", file), text);
  };

  it("When every import in src/ keeps to its layer, then the check finds nothing", () => {
    expect(checkLayering(repoSrc).map(formatViolation)).toEqual([]);
  });

  it("When the engine, the domain or an edge imports against the layering, then each import is named with its file, line and rule", () => {
    plant("errors.ts", "export class AppError extends Error {}\n");
    plant("logger.ts", "export const log = () => undefined;\n");
    plant("tokyoTime.ts", "export const tokyoDateIso = (at: Date) => at.toISOString();\n");
    // The engine may use Tokyo time (a leaf, like errors.ts): no violation for its 4th line.
    plant("flows/runFlow.ts", 'import { AppError } from "../errors.ts";\nimport { step } from "./step.ts";\nimport { log } from "../logger.ts";\nimport { tokyoDateIso } from "../tokyoTime.ts";\n');
    plant("flows/step.ts", 'export const step = 1;\nexport { service } from "../domain/polls/PollService.ts";\n');
    plant("domain/polls/PollService.ts", 'import { step } from "../../flows/step.ts";\nimport { routes } from "../../admin/routes/pollRoutes.ts";\nimport type { Request } from "express";\nexport const service = 1;\n');
    plant("domain/polls/pollActions.ts", 'import { type TInbox } from "../../conversation/inbox.ts";\nimport { q } from "../../db/query.ts";\n');
    plant("db/query.ts", "export const q = 1;\n");
    plant("conversation/inbox.ts", 'import { service } from "../domain/polls/PollService.ts";\nexport type TInbox = {};\n');
    plant("admin/routes/pollRoutes.ts", 'import { service } from "../../domain/polls/PollService.ts";\nimport express from "express";\nexport const routes = 1;\n');
    plant("line/webhookRouter.ts", 'import { routes } from "../admin/routes/pollRoutes.ts";\nimport { type TInbox } from "../conversation/inbox.ts";\n');
    plant("scheduler/startScheduler.ts", 'const cli = await import("../cli/run.ts");\n');
    plant("cli/run.ts", "export {};\n");
    plant("app.ts", 'import { routes } from "./admin/routes/pollRoutes.ts";\nimport { service } from "./domain/polls/PollService.ts";\nimport "./line/webhookRouter.ts";\n');
    plant("somewhere/new.ts", "export {};\n");
    plant("domain/rounds/roundMessages.ts", "export const start = (n: number) => `flow=round-${n}`;\nexport const sql = 'SELECT 1 FROM \"InboundEvent\"';\n");

    expect(checkLayering(path.join(root, "src")).map(formatViolation)).toEqual([
      "src/domain/polls/pollActions.ts:1 imports src/conversation/inbox.ts: the domain imports only the domain, the flow engine, the store, errors.ts and logger.ts (no edge, not the conversation runner)",
      "src/domain/polls/PollService.ts:2 imports src/admin/routes/pollRoutes.ts: the domain imports only the domain, the flow engine, the store, errors.ts and logger.ts (no edge, not the conversation runner)",
      "src/domain/polls/PollService.ts:3 imports express: the domain knows nothing of express: only the composition root and the edges use it",
      'src/domain/rounds/roundMessages.ts:1 spells "flow=round-": only src/flows/postback.ts spells the postback format (flow=, tab=, c=&s=&v=): encode and decode it with flows/postback.ts',
      "src/domain/rounds/roundMessages.ts:2 spells \"SELECT 1 FROM \\\"InboundEvent\\\"\": only src/line/InboundEventStore.ts spells the InboundEvent table (the LINE edge's store of webhook events; the runner reaches it through conversation/inbox.ts)",
      "src/flows/runFlow.ts:3 imports src/logger.ts: the flow engine (src/flows) imports only itself, src/errors.ts and src/tokyoTime.ts",
      "src/flows/step.ts:2 imports src/domain/polls/PollService.ts: the flow engine (src/flows) imports only itself, src/errors.ts and src/tokyoTime.ts",
      "src/line/webhookRouter.ts:1 imports src/admin/routes/pollRoutes.ts: an edge imports only itself, the conversation runner, the domain, the flow engine, the store, errors.ts, logger.ts and config.ts (never another edge)",
      "src/scheduler/startScheduler.ts:1 imports src/cli/run.ts: an edge imports only itself, the conversation runner, the domain, the flow engine, the store, errors.ts, logger.ts and config.ts (never another edge)",
      "src/somewhere/new.ts:1 imports -: src/somewhere/new.ts is in no layer: put it in one of them, or add its folder to scripts/checkLayering.ts and README's Development section",
    ]);
  });
});
