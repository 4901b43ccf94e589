import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["src/**/*.test.ts", "test/**/*.test.ts"],
    // Integration tests each create their own database, so files may run in parallel;
    // two cores here, so keep the pool small.
    maxWorkers: 3,
    // Each worker runs its files one after another in one process, without a fresh process per file:
    // the source modules are loaded once per worker, not ~50 times, and what is compiled once per
    // process is shared (PGlite's WebAssembly, LINE's contract, the kuromoji dictionary, one Chromium:
    // test/support/launchChromium.ts). Safe because no test mocks a module or leaves a global changed:
    // every file starts its own app on its own database, and fake timers are restored in finally.
    isolate: false,
    // Generous limits, so that a green run does not depend on an idle machine (issue 9: the suite
    // must pass while both cores are busy with another program). They bound a test that hangs;
    // no test waits for them: tests poll for what a person would see.
    testTimeout: 120_000,
    hookTimeout: 180_000,
    // expect.poll's default (1 s) is shorter than a busy machine takes to re-render a page or
    // answer a webhook: a poll now waits up to 30 s for what it expects, and returns as soon as it is there.
    expect: { poll: { timeout: 30_000, interval: 50 } },
  },
});
