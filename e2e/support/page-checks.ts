/**
 * Checks every journey can run on a page a real official or citizen sees:
 * - `untranslatedText`: no developer English or raw keys in the visible text (word list in untranslated.ts);
 * - `phoneOverflow`: nothing wider than the 390 px phone (document.scrollWidth);
 * - `logoutReachable`: "Đăng xuất" visible, directly or after opening the header menu.
 * `checkPage` runs all three and returns the problems (empty = fine); `checkBothSizes` runs it at
 * the desktop width and again at 390 × 844.
 *
 * Text people read as typed rather than as words — a username in the account cell — is marked
 * `data-raw` in the app; a raw key inside such a text passes wherever that page shows it (the
 * success message naming the new account), and nothing else does (no list of tolerated words).
 */
import type { Page } from 'playwright-core';
import { findUntranslated } from './untranslated.ts';

export { findUntranslated, forbiddenWords } from './untranslated.ts';

/** (a) The visible text of the page has no English words or raw keys (but see `data-raw` above). */
export async function untranslatedText(page: Page): Promise<string[]> {
  const { text, raw } = await page.evaluate(() => ({
    text: document.body.innerText,
    raw: Array.from(document.querySelectorAll<HTMLElement>('[data-raw]'))
      .map((el) => (el.innerText || el.textContent || '').trim())
      .filter((t) => t !== ''),
  }));
  return findUntranslated(text, raw);
}

/**
 * (b) Nothing wider than the viewport (call at 390 × 844): document.scrollWidth, and when it is
 * wider, the outermost elements sticking out ("in header: div.header-tools, right edge 498 px").
 */
export async function phoneOverflow(page: Page, width = 390): Promise<string[]> {
  const found = await page.evaluate((w) => {
    const scroll = document.documentElement.scrollWidth;
    if (scroll <= w) return { scroll, offenders: [] as string[] };
    const out = Array.from(document.querySelectorAll('body *')).filter(
      (e) => e.getBoundingClientRect().right > w + 0.5,
    );
    const outer = out.filter((e) => !out.includes(e.parentElement as Element));
    const name = (e: Element) =>
      `${e.closest('header') ? 'in header: ' : ''}${e.tagName.toLowerCase()}${
        typeof e.className === 'string' && e.className.trim()
          ? `.${e.className.trim().split(/\s+/).join('.')}`
          : ''
      }, right edge ${Math.round(e.getBoundingClientRect().right)} px`;
    return { scroll, offenders: outer.slice(0, 5).map(name) };
  }, width);
  if (found.scroll <= width) return [];
  if (found.offenders.length === 0) return [`page is ${found.scroll} px wide at ${width} px`];
  return found.offenders.map((o) => `wider than ${width} px (${found.scroll} px): ${o}`);
}

/**
 * (c) "Đăng xuất" can be reached: visible at once, or after opening the header's menu button
 * (accessible name "Menu" / "Trình đơn"), which is closed again afterwards.
 */
export async function logoutReachable(page: Page): Promise<string[]> {
  const logout = page.getByRole('button', { name: 'Đăng xuất' });
  const width = page.viewportSize()?.width ?? 0;
  const onScreen = async () => {
    const box = (await logout.isVisible()) ? await logout.boundingBox() : null;
    return box !== null && box.x >= 0 && box.x + box.width <= width + 0.5;
  };
  if (await onScreen()) return [];
  const menu = page.getByRole('button', { name: /menu|trình đơn/i }).first();
  if ((await menu.count()) > 0 && (await menu.isVisible())) {
    await menu.click();
    const shown = await logout
      .waitFor({ state: 'visible', timeout: 3000 })
      .then(onScreen)
      .catch(() => false);
    await menu.click().catch(() => {});
    if (shown) return [];
    return ['"Đăng xuất" not on screen after opening the menu'];
  }
  return ['"Đăng xuất" not on screen and no menu button'];
}

/**
 * Runs the checks on the current page: text always, and at phone width also the overflow;
 * "Đăng xuất" when `loggedIn`. Returns every problem, prefixed with `label`.
 */
export async function checkPage(
  page: Page,
  label: string,
  opts: { loggedIn?: boolean; phone?: boolean } = {},
): Promise<string[]> {
  const problems = [...(await untranslatedText(page))];
  if (opts.phone) problems.push(...(await phoneOverflow(page)));
  if (opts.loggedIn) problems.push(...(await logoutReachable(page)));
  return problems.map((p) => `${label}: ${p}`);
}

/**
 * `checkPage` at the desktop size the page is open at, then at 390 × 844 (with the overflow
 * check), then back to the size it had. Use on every page a journey visits.
 */
export async function checkBothSizes(
  page: Page,
  label: string,
  opts: { loggedIn?: boolean } = {},
): Promise<string[]> {
  const size = page.viewportSize() ?? { width: 1366, height: 900 };
  const problems = await checkPage(page, `${label} (máy tính)`, opts);
  await page.setViewportSize({ width: 390, height: 844 });
  await page.waitForTimeout(100);
  problems.push(...(await checkPage(page, `${label} (điện thoại)`, { ...opts, phone: true })));
  await page.setViewportSize(size);
  return problems;
}
