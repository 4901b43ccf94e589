// Debian's Chromium for browser tests, never a downloaded one. Without it: skip locally (with a
// warning), fail in CI (process.env.CI) where the browser tests must run.
import { existsSync } from "node:fs";
import { chromium, type Browser } from "playwright-core";

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
