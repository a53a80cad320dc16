import type { Locator } from 'playwright-core';
import { expect } from 'vitest';

/** The element's visible text with whitespace collapsed. */
export async function textOf(locator: Locator): Promise<string> {
  return (await locator.innerText()).replace(/\s+/g, ' ').trim();
}

/** Waits (up to 15 s) until the element's text matches. */
export async function expectText(locator: Locator, re: RegExp): Promise<void> {
  await locator.first().waitFor({ timeout: 15_000 });
  await expect.poll(() => textOf(locator.first()), { timeout: 15_000, interval: 100 }).toMatch(re);
}

/**
 * Waits until the error box in `locator` refuses with `code` (kept for support staff in its
 * `data-code`, never shown) and its text matches `re`, which holds no program code.
 */
export async function expectRefusal(locator: Locator, code: string, re: RegExp): Promise<void> {
  await expectText(locator, re);
  const box = locator.first();
  expect(await box.getAttribute('data-code')).toBe(code);
  expect(await textOf(box)).not.toMatch(/\b[A-Z]{2,}_[A-Z_]+\b|HTTP \d/);
}
