// Reminders and the notification centre, as an appraisal council member and a city leader meet
// them: the bell in the header counts what is unread (on a 390 px phone too), the centre lists
// it in Vietnamese and opens the dossier, marking as read clears the count; the leader subscribes
// to the monthly report from the overview and receives it with its .xlsx.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createDemoAccounts, demoPassword } from '../src/demo/demo-accounts.ts';
import { scanReminders } from '../src/notifications/reminders.ts';
import { previousMonth, sendMonthlyReports } from '../src/reports/monthly.ts';
import { type RunningApp, startApp } from './support/app.ts';
import { launchBrowser, loginAs, openTab, phone, screenshots } from './support/browser.ts';
import { checkPage } from './support/page-checks.ts';
import { expectText } from './support/wait.ts';

let app: RunningApp;
let browser: Browser;
const now = new Date();
const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Ho_Chi_Minh' }).format(now);

beforeAll(async () => {
  [app, browser] = await Promise.all([startApp(), launchBrowser()]);
  await createDemoAccounts(app.db);
  // What the hourly job does on the server (src/jobs/queue.ts).
  await scanReminders(app.db, { today, now });
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await app?.close();
});

describe('notifications', () => {
  test('a council member sees the bell, reads the reminder, opens the dossier, and the count clears', async () => {
    const tab = await openTab(browser, app.url);
    const { page } = tab;
    await page.setViewportSize(phone);
    await loginAs(tab, app.url, 'demo.hoidong', demoPassword);
    await page.goto('/');
    const bell = page.locator('a.bell');
    await expectText(bell.locator('.bell-count'), /^1$/);
    expect(await bell.getAttribute('aria-label')).toBe('Thông báo: 1 chưa đọc');
    await bell.click();
    await expectText(page.locator('h1'), /^Thông báo$/);
    const item = page.locator('.notice-item').first();
    await expectText(item, /Hồ sơ .+ chờ hội đồng biểu quyết/);
    expect(await checkPage(page, 'thong-bao (điện thoại)', { loggedIn: true, phone: true })).toEqual([]);
    await screenshots(page, 'notifications-council');
    await item.getByRole('link', { name: 'Mở' }).click();
    await page.waitForURL(/\/ho-so\/\d+$/);
    await expect.poll(async () => bell.locator('.bell-count').count(), { timeout: 10_000 }).toBe(0);
    await page.goto('/thong-bao');
    await expectText(page.locator('main'), /Đã đọc hết/);
    expect(tab.errors).toEqual([]);
    await tab.context.close();
  }, 120_000);

  test('a leader subscribes to the monthly report from the overview and receives it', async () => {
    const tab = await openTab(browser, app.url);
    const { page } = tab;
    await loginAs(tab, app.url, 'demo.lanhdao', demoPassword);
    await page.goto('/tong-quan');
    await page.getByRole('button', { name: 'Nhận báo cáo tháng' }).click();
    await expectText(page.locator('main'), /Đang nhận báo cáo tháng/);
    // What the job does at 07:00 on the 1st.
    expect(await sendMonthlyReports(app.db, { month: previousMonth(today.slice(0, 7)) })).toHaveLength(1);
    await page.goto('/thong-bao');
    const item = page.locator('.notice-item').first();
    await expectText(item, /^Báo cáo tháng \d+\/\d{4}: Thành phố Hà Nội/);
    await expectText(item, /đơn vị đạt/);
    const download = page.waitForEvent('download');
    await item.getByRole('link', { name: 'Tải báo cáo (.xlsx)' }).click();
    expect((await download).suggestedFilename()).toMatch(/^bao-cao-thang-\d{4}-\d{2}-01\.xlsx$/);
    await expectText(page.locator('.subscription-row').first(), /Thành phố Hà Nội/);
    expect(await checkPage(page, 'thong-bao (lãnh đạo)', { loggedIn: true })).toEqual([]);
    await screenshots(page, 'notifications-leader');
    expect(tab.errors).toEqual([]);
    await tab.context.close();
  }, 120_000);
});
