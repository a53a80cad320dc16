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
