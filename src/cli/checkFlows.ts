// Checks every flow file without starting the bot: `npm run flows:check [dir]`. Exit 1 on any problem.
import { FlowFileError } from "../errors.ts";
import { loadFlows } from "../flows/loadFlows.ts";
import { actionNames } from "../conversation/actions.ts";

const dir = process.argv[2] ?? "flows";
try {
  const set = await loadFlows(dir, actionNames);
  for (const flow of set.flows) console.log(`ok  ${flow.file}  ${flow.id}@${flow.revision}  ${flow.steps.length} steps`);
} catch (err) {
  if (!(err instanceof FlowFileError)) throw err;
  console.error(`Flow files have ${err.problems.length} problem(s):\n${err.message}`);
  process.exitCode = 1;
}
