// Browser journey of the publication settings (/quan-ly-cong-khai, issue 11): the coordination
// office picks the branch's root unit by its name (accents optional, no code typed), chooses what
// the portal shows, saves, sees the setting listed by the unit's name, and removes it. The page
// goes through the shared checker at both sizes, with no console error or CSP violation.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { addUser, e2ePassword, type RunningApp, startApp } from './support/app.ts';
import { launchBrowser, loginAs, openTab, screenshots, type Tab } from './support/browser.ts';
import { checkBothSizes } from './support/page-checks.ts';
import { expectText } from './support/wait.ts';

let app: RunningApp;
let browser: Browser;
let tab: Tab | undefined;

beforeAll(async () => {
  [app, browser] = await Promise.all([startApp(), launchBrowser()]);
  await addUser(app.db, {
    username: 'van.phong',
    displayName: 'Văn phòng điều phối',
    role: 'coordination_office',
    unitCode: 'P1',
  });
}, 240_000);

afterAll(async () => {
  await tab?.context.close();
  await browser?.close();
  await app?.close();
});

const settingsOf = (unit: string) =>
  app.db.query<{ publish_status: boolean; publish_criteria: boolean; indicators: string[] }>(
    'SELECT publish_status, publish_criteria, indicators FROM publication_settings WHERE unit_code = $1',
    [unit],
  );

describe('publication settings', { timeout: 180_000 }, () => {
  test('the unit is picked by name, the setting saved, listed by name and removed', async () => {
    tab = await openTab(browser, app.url);
    const { page } = tab;
    await loginAs(tab, app.url, 'van.phong', e2ePassword);
    await page.goto('/quan-ly-cong-khai');
    await expectText(page.locator('h1'), /^Công khai kết quả$/);

    await page.getByLabel('Bộ tiêu chí', { exact: true }).selectOption('demo-xa-2024');
    await page.getByLabel(/Đơn vị gốc của nhánh/).fill('xa cao');
    await page.locator('.search-results button', { hasText: 'Xã Cao' }).first().click();
    await expectText(page.locator('.unit-picked-name'), /^Xã Cao \(C3\)$/);
    await page.getByLabel('Công khai kết quả từng tiêu chí').uncheck();
    await page.getByRole('checkbox', { name: /^2\.1\./ }).check();
    await page.getByRole('button', { name: 'Lưu thiết lập' }).click();
    await expectText(page.locator('.alert-success'), /Đã lưu thiết lập công khai/);
    expect(await settingsOf('C3')).toEqual([
      { publish_status: true, publish_criteria: false, indicators: ['2.1'] },
    ]);

    // Listed by the framework's and the unit's names, never their codes.
    const row = page.locator('table.portal-table tbody tr', { hasText: 'Xã Cao' });
    await expectText(row, /Bộ tiêu chí thử nghiệm cấp xã.*Xã Cao.*Có.*Không.*2\.1/);
    expect(await row.innerText()).not.toMatch(/C3|demo-xa-2024/);
    await screenshots(page, 'publication-01-saved');
    expect(await checkBothSizes(page, 'publication-01-saved', { loggedIn: true })).toEqual([]);

    await row.getByRole('button', { name: 'Bỏ thiết lập' }).click();
    await expect.poll(() => row.count()).toBe(0);
    expect(await settingsOf('C3')).toEqual([]);
    expect(tab.errors).toEqual([]);
  });
});
