// Summarises a V8 CPU profile (from BENCH_CPU_PROF=DIR npm run bench): self time by package or
// source area, then the hottest functions. Usage: node --import tsx bench/profileSummary.ts FILE.cpuprofile [TOP]
// A sampled allocation profile (BENCH_HEAP_PROF=DIR, FILE.heapprofile) is summarised the same way, by
// bytes allocated instead of time.
//
// Self time only: an await spends nothing, so what shows up is what kept the bot's one thread busy.
import { readFileSync } from "node:fs";

type Node = { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] };
type Profile = { nodes: Node[]; samples: number[]; timeDeltas: number[]; startTime: number; endTime: number };

/** Which package or part of the bot a script belongs to. */
function areaOf(url: string, fn: string): string {
  if (!url) return fn.startsWith("(") ? fn : "(native / V8 builtins)";
  if (url.startsWith("node:")) return `node:${url.slice(5).split("/")[0]}`;
  const nm = url.lastIndexOf("/node_modules/");
  if (nm >= 0) {
    const parts = url.slice(nm + 14).split("/");
    return parts[0]!.startsWith("@") ? `${parts[0]}/${parts[1]}` : parts[0]!;
  }
  const src = url.indexOf("/src/");
  if (src >= 0) {
    const rest = url.slice(src + 1).split("/");
    return rest.length > 2 ? `${rest[0]}/${rest[1]}` : rest.join("/");
  }
  return url.replace(/^file:\/\//, "");
}

const [file, topArg] = process.argv.slice(2);
if (!file) {
  console.error("usage: bench/profileSummary.ts FILE.cpuprofile [TOP]");
  process.exit(2);
}
const top = Number(topArg ?? 25);
const parsed = JSON.parse(readFileSync(file, "utf8")) as Profile | HeapProfile;
if ("head" in parsed) {
  summariseAllocations(parsed);
  process.exit(0);
}
const profile = parsed;
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const selfUs = new Map<number, number>();
profile.samples.forEach((id, i) => selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));

const totalUs = profile.endTime - profile.startTime;
const idleUs = [...selfUs].filter(([id]) => byId.get(id)!.callFrame.functionName === "(idle)").reduce((a, [, us]) => a + us, 0);
const busyUs = totalUs - idleUs;
const areas = new Map<string, number>();
const functions = new Map<string, number>();
for (const [id, us] of selfUs) {
  const { functionName, url, lineNumber } = byId.get(id)!.callFrame;
  if (functionName === "(idle)") continue;
  const area = areaOf(url, functionName);
  areas.set(area, (areas.get(area) ?? 0) + us);
  const key = `${functionName || "(anonymous)"}  ${area}${url ? `:${lineNumber + 1}` : ""}`;
  functions.set(key, (functions.get(key) ?? 0) + us);
}

const pct = (us: number) => `${((100 * us) / busyUs).toFixed(1).padStart(5)} %`;
console.log(`profile ${(totalUs / 1e6).toFixed(1)} s, busy ${(busyUs / 1e6).toFixed(1)} s (${((100 * busyUs) / totalUs).toFixed(0)} %); shares below are of busy time\n`);
console.log("self time by area");
for (const [area, us] of [...areas].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`${pct(us)}  ${(us / 1e3).toFixed(0).padStart(7)} ms  ${area}`);
console.log("\nhottest functions (self time)");
for (const [fn, us] of [...functions].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`${pct(us)}  ${(us / 1e3).toFixed(0).padStart(7)} ms  ${fn}`);

type HeapNode = { id: number; callFrame: Node["callFrame"]; selfSize: number; children: HeapNode[] };
type HeapProfile = { head: HeapNode; samples: { size: number; nodeId: number }[] };

function summariseAllocations(heap: HeapProfile): void {
  const bytesById = new Map<number, number>();
  for (const s of heap.samples) bytesById.set(s.nodeId, (bytesById.get(s.nodeId) ?? 0) + s.size);
  const areas = new Map<string, number>();
  const functions = new Map<string, number>();
  let total = 0;
  const visit = (n: HeapNode) => {
    const bytes = bytesById.get(n.id) ?? 0;
    if (bytes > 0) {
      total += bytes;
      const { functionName, url, lineNumber } = n.callFrame;
      const area = areaOf(url, functionName);
      areas.set(area, (areas.get(area) ?? 0) + bytes);
      const key = `${functionName || "(anonymous)"}  ${area}${url ? `:${lineNumber + 1}` : ""}`;
      functions.set(key, (functions.get(key) ?? 0) + bytes);
    }
    for (const c of n.children) visit(c);
  };
  visit(heap.head);
  const mb = (b: number) => `${(b / 1e6).toFixed(1).padStart(7)} MB`;
  const share = (b: number) => `${((100 * b) / total).toFixed(1).padStart(5)} %`;
  console.log(`allocated (sampled) ${mb(total)}; shares below are of that\n`);
  console.log("allocations by area");
  for (const [area, b] of [...areas].sort((a, c) => c[1] - a[1]).slice(0, top)) console.log(`${share(b)}  ${mb(b)}  ${area}`);
  console.log("\nallocating functions (self)");
  for (const [fn, b] of [...functions].sort((a, c) => c[1] - a[1]).slice(0, top)) console.log(`${share(b)}  ${mb(b)}  ${fn}`);
}
