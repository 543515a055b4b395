// Debian's chromium driven by playwright-core (which never downloads a browser of its own);
// installed by scripts/install-chromium.sh. Screenshots go to artifacts/ (git-ignored).
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';

export const CHROMIUM = process.env.ITDESK_CHROMIUM ?? '/usr/bin/chromium';
export const ARTIFACTS = resolve('artifacts/screenshots');

export async function launchBrowser(): Promise<Browser> {
  // --no-sandbox: tests run as root in CI, where chromium's sandbox refuses to start.
  return chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu'] });
}

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(ARTIFACTS, { recursive: true });
  const path = join(ARTIFACTS, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

// In-page checks are written as strings: the project's TypeScript has no DOM library.

/** Form controls a person can reach that have no label (by <label>, aria-label or aria-labelledby). */
export function unlabelledFields(page: Page): Promise<string[]> {
  return page.evaluate(`[...document.querySelectorAll('input, select, textarea')]
    .filter((el) => el.type !== 'hidden')
    .filter((el) => !(el.labels?.length || el.getAttribute('aria-label') || el.getAttribute('aria-labelledby')))
    .map((el) => el.tagName.toLowerCase() + '[name=' + el.getAttribute('name') + ']')`);
}

/** True when the page needs no sideways scrolling (wide tables scroll inside their own box). */
export function fitsWidth(page: Page): Promise<boolean> {
  return page.evaluate('document.documentElement.scrollWidth <= document.documentElement.clientWidth + 1');
}

/** The `name` of the element that has the keyboard focus. */
export function focusedName(page: Page): Promise<string | null> {
  return page.evaluate("document.activeElement ? document.activeElement.getAttribute('name') : null");
}
