// Browser journeys for files: the values template round trip (one bad row, then a good file),
// the scorecard export, and a framework version brought in from its Excel template as a draft,
// checked against the current version, then published.
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { addUser, e2ePassword, type RunningApp, startApp } from './support/app.ts';
import { launchBrowser, loginAs, openTab, screenshotDir, screenshots, type Tab } from './support/browser.ts';
import { checkBothSizes } from './support/page-checks.ts';
import { expectText } from './support/wait.ts';
import { readDownload, rowsOf, save, setCell } from './support/xlsx.ts';

let app: RunningApp;
let browser: Browser;
let tab: Tab;

beforeAll(async () => {
  [app, browser] = await Promise.all([startApp(), launchBrowser()]);
  // Frameworks are brought in by an administrator of every unit (who may also import figures).
  await addUser(app.db, {
    username: 'quan.tri',
    displayName: 'Quản trị hệ thống',
    role: 'admin',
    unitCode: '*',
  });
}, 240_000);

/** A fresh tab logged in as the administrator. */
async function adminTab(): Promise<Tab> {
  const t = await openTab(browser, app.url);
  await loginAs(t, app.url, 'quan.tri', e2ePassword);
  return t;
}

afterAll(async () => {
  await browser?.close();
  await app?.close();
});

afterEach(async () => {
  const errors = tab?.errors ?? [];
  await tab?.context.close();
  expect(errors, 'console errors').toEqual([]);
});

async function download(page: Page, linkName: RegExp) {
  const [file] = await Promise.all([
    page.waitForEvent('download'),
    // The frameworks page offers its template twice (beside the title and in "how to complete").
    page.getByRole('link', { name: linkName }).first().click(),
  ]);
  return file;
}

const valueHeaders = ['Mã đơn vị', 'Mã chỉ tiêu', 'Giá trị mới'];
const ntm = 'vn-qd318-xa-ntm-2021-2025';

describe('file journeys', { timeout: 120_000 }, () => {
  test('values template: download, one bad row is reported by line, the corrected file is saved', async () => {
    tab = await adminTab();
    const { page } = tab;
    await page.goto('/tong-quan?unit=D1&framework=demo-xa-2024&period=2024');
    await expectText(page.locator('.headline-figure'), /^2\/3 xã đạt chuẩn$/);

    const template = await readDownload(await download(page, /Tải mẫu nhập số liệu/));
    const sheet = template.workbook.worksheets[0]!;
    const rows = rowsOf(sheet, valueHeaders);
    const c2road = rows.find((r) => r.cells['Mã đơn vị'] === 'C2' && r.cells['Mã chỉ tiêu'] === '1.1')!;
    const c1income = rows.find((r) => r.cells['Mã đơn vị'] === 'C1' && r.cells['Mã chỉ tiêu'] === '2.1')!;
    expect(c2road, 'row of Xã Bình, 1.1').toBeDefined();
    setCell(sheet, valueHeaders, c2road.line, 'Giá trị mới', '95');
    setCell(sheet, valueHeaders, c1income.line, 'Giá trị mới', 'khoảng 80'); // not a number
    const bad = join(screenshotDir, '..', 'values-one-bad-row.xlsx');
    await save(template.workbook, bad);

    await page.locator('input[type=file]').setInputFiles(bad);
    await page.getByRole('button', { name: 'Kiểm tra tệp' }).click();
    const alert = page.locator('.alert-error');
    await expectText(alert, /Tệp có 1 dòng lỗi/);
    const issue = alert.locator('tbody tr');
    expect(await issue.count()).toBe(1);
    await expectText(issue, new RegExp(`^${c1income.line} .*khoảng 80`));
    expect(await page.getByRole('button', { name: 'Xác nhận lưu số liệu' }).count()).toBe(0);
    await screenshots(page, '05-upload-bad-row');
    // The refusal names the figure by its name, not its key.
    expect(await checkBothSizes(page, '05-upload-bad-row', { loggedIn: true })).toEqual([]);

    setCell(sheet, valueHeaders, c1income.line, 'Giá trị mới', '80,2');
    const good = join(screenshotDir, '..', 'values-corrected.xlsx');
    await save(template.workbook, good);
    await page.locator('input[type=file]').setInputFiles(good);
    await page.getByRole('button', { name: 'Kiểm tra tệp' }).click();
    await expectText(page.locator('.alert-info'), /Tệp hợp lệ: .*2 số liệu thay đổi/);
    await page.getByRole('button', { name: 'Xác nhận lưu số liệu' }).click();
    await expectText(page.locator('.alert-success'), /Đã lưu 2 số liệu/);
    await expectText(page.locator('.headline-figure'), /^3\/3 xã đạt chuẩn$/);
  });

  test('scorecard export: the .xlsx holds the matrix shown on screen', async () => {
    tab = await adminTab();
    const { page } = tab;
    await page.goto(`/tong-quan?unit=018&framework=${ntm}&period=2024`);
    await expectText(page.locator('table.matrix'), /Xã Dương Hà/);
    const file = await download(page, /Xuất bảng kết quả/);
    expect(file.suggestedFilename()).toMatch(/\.xlsx$/);
    const { workbook } = await readDownload(file);
    const ws = workbook.worksheets[0]!;
    // The district's own summary row, then one numbered row per unit under it.
    const rows = rowsOf(ws, ['STT', 'Mã đơn vị', 'Tên đơn vị', 'Kết quả']).filter((r) =>
      /^\d+$/.test(r.cells.STT ?? ''),
    );
    const names = rows.map((r) => r.cells['Tên đơn vị']);
    expect(names).toContain('Xã Dương Hà');
    expect(names).toContain('Xã Bát Tràng');
    const shown = await page.locator('table.matrix tbody tr').count();
    expect(rows.length).toBe(shown);
  });

  test('frameworks: details with unset thresholds; a draft from the Excel template, its diff, publish', async () => {
    tab = await adminTab();
    const { page } = tab;
    await page.goto('/bo-tieu-chi');
    await expectText(
      page.locator('.fw-list'),
      /Bộ tiêu chí quốc gia về xã nông thôn mới giai đoạn 2021-2025/,
    );
    await expectText(page.locator('.fw-list'), /chỉ tiêu chưa có ngưỡng/);
    await screenshots(page, '06-frameworks');
    expect(await checkBothSizes(page, '06-frameworks', { loggedIn: true })).toEqual([]);

    await page
      .getByRole('link', { name: 'Bộ tiêu chí quốc gia về xã nông thôn mới giai đoạn 2021-2025' })
      .click();
    await page.waitForURL(new RegExp(`/bo-tieu-chi/${ntm}`));
    await expectText(page.locator('h1'), /xã nông thôn mới giai đoạn 2021-2025/);
    await expectText(page.locator('main'), /318\/QĐ-TTg/);
    const road = page.locator('tr', { hasText: '2.1 Tỷ lệ đường xã được nhựa hóa' });
    await expectText(road, /chưa có ngưỡng/);
    // Unverified rows are explained once per framework, not tagged row by row.
    await expectText(page.locator('.completeness'), /chưa đối chiếu với phụ lục chính thức/);
    await screenshots(page, '07-framework-ntm');
    expect(await checkBothSizes(page, '07-framework-ntm', { loggedIn: true })).toEqual([]);

    // An official fills the missing threshold of 2.1 from the legal text and uploads the file.
    const template = await readDownload(await download(page, /Tải mẫu Excel của bộ tiêu chí/));
    const sheet = template.workbook.getWorksheet('Chỉ tiêu')!;
    const headers = ['Mã chỉ tiêu', 'Phép so sánh', 'Ngưỡng chung'];
    const line = rowsOf(sheet, headers).find((r) => r.cells['Mã chỉ tiêu'] === '2.1')!.line;
    setCell(sheet, headers, line, 'Phép so sánh', '>=');
    setCell(sheet, headers, line, 'Ngưỡng chung', 'một trăm');
    const bad = join(screenshotDir, '..', 'framework-bad.xlsx');
    await save(template.workbook, bad);

    await page.goto('/bo-tieu-chi');
    tab.allow(/status of 400/); // the refused draft answers 400 with its validation report
    await page.locator('input[type=file]').setInputFiles(bad);
    await page.getByRole('button', { name: 'Tải lên bản nháp' }).click();
    await expectText(page.locator('.alert-error'), /lỗi/);
    await expectText(page.locator('.alert-error'), /một trăm/);
    await screenshots(page, '08a-framework-draft-refused');
    expect(await checkBothSizes(page, '08a-framework-draft-refused', { loggedIn: true })).toEqual([]);

    setCell(sheet, headers, line, 'Ngưỡng chung', 100);
    const good = join(screenshotDir, '..', 'framework-draft.xlsx');
    await save(template.workbook, good);
    await page.locator('input[type=file]').setInputFiles(good);
    await page.getByRole('button', { name: 'Tải lên bản nháp' }).click();
    await expectText(page.locator('.alert-info'), new RegExp(`Đã lưu bản nháp: ${ntm}, phiên bản 3`));
    const changes = page.locator('table.changes');
    await expectText(changes, /2\.1/);
    await screenshots(page, '08-framework-draft-diff');
    expect(await checkBothSizes(page, '08-framework-draft-diff', { loggedIn: true })).toEqual([]);

    await page.getByRole('button', { name: 'Ban hành phiên bản này' }).click();
    await page.getByRole('button', { name: 'Xác nhận ban hành' }).click();
    await expectText(page.locator('.alert-success'), new RegExp(`Đã ban hành ${ntm}, phiên bản 3`));

    // The published version is current (version 2 is QĐ 211's amendment); comparing 2 → 3 shows the change.
    await page.goto(`/bo-tieu-chi/${ntm}?from=2&to=3`);
    await expectText(page.locator('.card').first(), /Phiên bản 3/);
    await expectText(page.locator('tr', { hasText: '2.1 Tỷ lệ đường xã được nhựa hóa' }), /≥ 100/);
    await expectText(page.locator('table.changes'), /2\.1/);
    await expectText(page.locator('.completeness'), /Mức đầy đủ của bộ tiêu chí/);
  });
});
