// Debian's Chromium for browser tests, never a downloaded one. Without it: skip locally (with a
// warning), fail in CI (process.env.CI) where the browser tests must run.
import { existsSync } from "node:fs";
import { chromium, type Browser, type BrowserContext } from "playwright-core";

export const CHROMIUM = "/usr/bin/chromium";

export const chromiumArgs = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"];

/** Whether the browser tests of `what` run here; warns when they are skipped. */
export function browserTestsRun(what: string): boolean {
  const present = existsSync(CHROMIUM);
  if (!present && !process.env.CI) console.warn(`${what} skipped: ${CHROMIUM} not found (apt-get install chromium fonts-noto-cjk)`);
  return present || !!process.env.CI;
}

export async function launchChromium(what: string): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`CI must run the ${what}, but ${CHROMIUM} is missing: apt-get install chromium fonts-noto-cjk (see .ci/run)`);
  }
  return chromium.launch({ executablePath: CHROMIUM, args: chromiumArgs });
}

let shared: Promise<Browser> | undefined;

/**
 * The browser for a test file: one Chromium per test process, shared by the browser test files that
 * process runs one after another (vitest.config.ts: isolate false), instead of a launch (about a
 * second of CPU) per file. What a file opens is its own: every page lives in a context of its own
 * (cookies, storage, viewport, time zone), and close() closes the contexts this file opened, not the
 * browser. A browser that has gone away (crashed) is launched again.
 */
export async function sharedChromium(what: string): Promise<Browser> {
  const alive = shared ? await shared.then((b) => b.isConnected(), () => false) : false;
  if (!alive) shared = launchChromium(what);
  const browser = await shared!;
  const own = new Set<BrowserContext>();
  const track = (context: BrowserContext) => {
    own.add(context);
    context.once("close", () => own.delete(context));
    return context;
  };
  const newContext: Browser["newContext"] = async (options) => track(await browser.newContext(options));
  const newPage: Browser["newPage"] = async (options) => {
    const page = await browser.newPage(options);
    track(page.context());
    return page;
  };
  const close = async () => {
    await Promise.all([...own].map((c) => c.close().catch(() => undefined)));
  };
  return new Proxy(browser, {
    get(target, property) {
      if (property === "newContext") return newContext;
      if (property === "newPage") return newPage;
      if (property === "close") return close;
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}
