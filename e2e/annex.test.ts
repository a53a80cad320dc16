// Browser journey of a legal annex: an administrator uploads a decision's annex (.docx, built
// here with the `docx` package as decisions lay it out), reads the report, reviews the source
// cells beside the thresholds read, corrects the one cell the reader could not read, publishes,
// and the framework's count of indicators without a threshold drops to nothing.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { regionAnnex } from '../test/support/annex-docx.ts';
import { addUser, e2ePassword, type RunningApp, startApp } from './support/app.ts';
import { launchBrowser, loginAs, openTab, screenshotDir, screenshots, type Tab } from './support/browser.ts';
import { expectText } from './support/wait.ts';

let app: RunningApp;
let browser: Browser;
let tab: Tab;

beforeAll(async () => {
  [app, browser] = await Promise.all([startApp(), launchBrowser()]);
  await addUser(app.db, {
    username: 'quan.tri',
    displayName: 'Quản trị hệ thống',
    role: 'admin',
    unitCode: '*',
  });
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await app?.close();
});

afterEach(async () => {
  const errors = tab?.errors ?? [];
  await tab?.context.close();
  expect(errors, 'console errors').toEqual([]);
});

const id = 'thu-nghiem-phu-luc';

describe('annex journey', { timeout: 180_000 }, () => {
  test('upload an annex, review, correct one cell, publish, completeness changes', async () => {
    tab = await openTab(browser, app.url);
    await loginAs(tab, app.url, 'quan.tri', e2ePassword);
    const { page } = tab;
    const file = join(screenshotDir, '..', 'phu-luc-thu-nghiem.docx');
    writeFileSync(file, await regionAnnex());

    await page.goto('/bo-tieu-chi');
    const section = page.locator('section', { has: page.locator('#annex-title') });
    await section.getByRole('button', { name: 'Chọn tệp phụ lục…' }).click();
    await section.locator('input[type=file]').setInputFiles(file);
    await section.getByLabel('Mã bộ tiêu chí (a-z, 0-9, -)').fill(id);
    await section.getByLabel('Tên bộ tiêu chí').fill('Bộ tiêu chí thử nghiệm từ phụ lục');
    await section.getByLabel('Hiệu lực từ').fill('2022-01-01');
    await section.getByLabel('Hiệu lực đến').fill('2025-12-31');
    await section.getByRole('button', { name: 'Đọc phụ lục' }).click();
    const report = section.locator('.alert-warning');
    await expectText(
      report,
      new RegExp(`Đã lưu bản nháp ${id}, phiên bản 1: 6 tiêu chí, 8 chỉ tiêu, 22 ngưỡng đọc được`),
    );
    await expectText(report, /1 ô chưa đọc được.*5\.1 \(Chỉ tiêu chung\): Theo hướng dẫn của Bộ Y tế/s);
    await screenshots(page, '40-annex-uploaded');

    // The draft's own page counts the indicator left without a threshold (its completeness).
    await page.goto(`/bo-tieu-chi/${id}?version=1`);
    await expectText(page.locator('.completeness'), /1 chỉ tiêu chưa có ngưỡng: đơn vị được ghi/);

    // The frameworks list leads the administrator to the draft waiting for review.
    await page.goto('/bo-tieu-chi');
    const pending = page.locator('.fw-card', { hasText: id }).getByRole('link', {
      name: 'Bản nháp phiên bản 1 chờ rà soát và ban hành →',
    });
    await pending.click();
    await expectText(page.locator('h1'), /Rà soát phụ lục: Bộ tiêu chí thử nghiệm từ phụ lục/);
    expect(new URL(page.url()).pathname).toBe(`/bo-tieu-chi/${id}/phu-luc`);
    await expectText(page.locator('.annex-count'), /1 ô chưa có ngưỡng/);
    const road = page.locator('.annex-indicator', { hasText: '2.1 Tỷ lệ đường xã' });
    await expectText(road.locator('tr', { hasText: 'TDMNPB' }), /≥ 70%\(\*\).*≥ 70/s);
    await screenshots(page, '41-annex-review');

    const health = page.locator('.annex-indicator', { hasText: '5.1 Tỷ lệ người dân tham gia' });
    await expectText(health, /chưa đọc được/);
    tab.allow(/status of 400/); // the unreadable correction answers 400 with its reason
    await health.getByRole('button', { name: 'Sửa 5.1 – Chỉ tiêu chung' }).click();
    const input = health.getByLabel('Ngưỡng mới cho 5.1, cột Chỉ tiêu chung');
    await input.fill('khoảng chín mươi');
    await health.getByRole('button', { name: 'Lưu' }).click();
    await expectText(health.locator('.alert-error'), /không đọc được thành ngưỡng/);
    await input.fill('≥ 90%');
    await health.getByRole('button', { name: 'Lưu' }).click();
    await expectText(health, /đã sửa: ≥ 90%/);
    await expectText(page.locator('.annex-count'), /Mọi chỉ tiêu đã có ngưỡng/);
    await screenshots(page, '42-annex-corrected');

    await page.getByRole('button', { name: 'Ban hành phiên bản này' }).click();
    await page.getByRole('button', { name: 'Xác nhận ban hành' }).click();
    await expectText(page.locator('.alert-success'), new RegExp(`Đã ban hành ${id}, phiên bản 1`));
    await page.locator('.alert-success').getByRole('link', { name: 'Xem bộ tiêu chí' }).click();
    await page.waitForURL(new RegExp(`/bo-tieu-chi/${id}$`));
    await expectText(page.locator('h1'), /Bộ tiêu chí thử nghiệm từ phụ lục/);
    await expectText(page.locator('main'), /999\/QĐ-TTg/);
    // Completeness changed: no indicator is left without a threshold.
    await expectText(page.locator('.completeness-counts'), /\b0 chưa có ngưỡng/);
    expect(await page.locator('.completeness').textContent()).not.toMatch(/chỉ tiêu chưa có ngưỡng: đơn vị/);
    await screenshots(page, '43-annex-published');
  });
});
