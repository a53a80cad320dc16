import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { root } from './web-build.ts';

export const screenshotDir = join(root, 'test-results', 'screenshots');
// Journeys also write their files beside the screenshots: the folder exists before any test runs.
mkdirSync(screenshotDir, { recursive: true });
export const phone = { width: 390, height: 844 };
export const desktop = { width: 1280, height: 900 };

/** Debian's Chromium, headless, with no network of its own (no downloads of any browser). */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
    ],
  });
}

export interface Tab {
  context: BrowserContext;
  page: Page;
  /** Console errors and uncaught exceptions seen so far. */
  errors: string[];
  /** Console errors matching this are expected (e.g. a 400 the test provokes on purpose). */
  allow(pattern: RegExp): void;
}

/**
 * A fresh context (own storage) and page that records every console error, page error and
 * Content-Security-Policy violation (the `securitypolicyviolation` event, reported from a script
 * the browser runs before the page's own: an inline style or script the policy refuses is an
 * error of the journey, never silently dropped).
 * `injectsScripts`: the journey injects a checker (axe-core) into the page, which the app's
 * Content-Security-Policy would rightly refuse — only such journeys bypass it.
 */
export async function openTab(
  browser: Browser,
  baseURL: string,
  opts: { injectsScripts?: boolean; viewport?: { width: number; height: number } } = {},
): Promise<Tab> {
  const context = await browser.newContext({
    baseURL,
    viewport: opts.viewport ?? desktop,
    acceptDownloads: true,
    locale: 'vi-VN',
    bypassCSP: opts.injectsScripts === true,
  });
  await context.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      console.error(
        `CSP violation: ${e.effectiveDirective} blocked ${e.blockedURI || 'inline'} in ${e.sourceFile} (${e.sample})`,
      );
    });
  });
  const page = await context.newPage();
  const errors: string[] = [];
  const allowed: RegExp[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error' && !allowed.some((re) => re.test(m.text()))) errors.push(`console: ${m.text()}`);
  });
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  return { context, page, errors, allow: (re) => allowed.push(re) };
}

/** Full-page screenshots at desktop width and at phone width (390 px) into test-results/screenshots. */
export async function screenshots(page: Page, name: string): Promise<void> {
  mkdirSync(screenshotDir, { recursive: true });
  await page.screenshot({ path: join(screenshotDir, `${name}.png`), fullPage: true });
  await page.setViewportSize(phone);
  await page.waitForTimeout(150);
  await page.screenshot({ path: join(screenshotDir, `${name}-phone.png`), fullPage: true });
  await page.setViewportSize(desktop);
}

/**
 * Logs the tab's browser context in through the API (the cookie lands in the context, as after
 * the login form); reload or navigate afterwards so the UI reads the new session.
 */
export async function loginAs(tab: Tab, baseURL: string, username: string, password: string): Promise<void> {
  const res = await tab.context.request.post(`${baseURL}/api/session`, {
    data: { username, password },
    headers: { origin: baseURL },
  });
  if (res.status() !== 200)
    throw new Error(`login as ${username} failed: ${res.status()} ${await res.text()}`);
}
