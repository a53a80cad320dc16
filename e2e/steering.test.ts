// Steering journey (issue 17): a leader opens a commune of the test province, tries two
// what-ifs on its unit page and sees its district flip (nothing stored), then reads the area's
// short list of units closest to meeting and the ranking by improvement, subscribes to the
// monthly report and sees the bell count it. Screenshots at desktop
// and phone width go to test-results/screenshots/.
import type { Browser } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { previousMonth, sendMonthlyReports } from '../src/reports/monthly.ts';
import { addUser, e2ePassword, type RunningApp, startApp } from './support/app.ts';
import { launchBrowser, loginAs, openTab, phone, screenshots, type Tab } from './support/browser.ts';
import { checkPage } from './support/page-checks.ts';
import { expectText, textOf } from './support/wait.ts';

let app: RunningApp;
let browser: Browser;
let tab: Tab;

beforeAll(async () => {
  [app, browser] = await Promise.all([startApp(), launchBrowser()]);
  await addUser(app.db, {
    username: 'lanh.dao.tinh',
    displayName: 'Lãnh đạo tỉnh',
    role: 'leader',
    unitCode: 'P1',
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

const storedFigure = async () =>
  (
    await app.db.query<{ num: number }>(
      "SELECT num FROM value_current WHERE unit_code = 'C1' AND measure_id = 'road_hardened_pct' AND period = '2024'",
    )
  )[0]?.num;

describe('steering journey', { timeout: 180_000 }, () => {
  test('a leader tries two what-ifs on a commune and sees the district flip; nothing is stored', async () => {
    tab = await openTab(browser, app.url);
    await loginAs(tab, app.url, 'lanh.dao.tinh', e2ePassword);
    const { page } = tab;
    await page.goto('/don-vi/C1?framework=demo-xa-2024&period=2024');
    await expectText(page.locator('h1'), /^Xã An$/);
    const panel = page.locator('section.whatif');
    await expectText(panel.locator('h2'), /^Thử giả định$/);

    // What-if 1: a higher road share — Xã An meets already, nothing changes.
    await panel.getByTestId('whatif-indicator-0').selectOption('1.1');
    await panel.getByTestId('whatif-value-0').fill('99,5');
    await panel.getByRole('button', { name: 'Xem kết quả giả định' }).click();
    await expectText(panel.getByTestId('whatif-nothing'), /không kết quả nào thay đổi/);
    await expectText(panel.locator('.whatif-answer'), /1\.1 Tỷ lệ đường xã được cứng hóa: 92% → 99,5%/);

    // What-if 2: the road share falls to 80,5% and the plan is not approved: the commune fails,
    // and Huyện Một's share of communes meeting drops below 60% — the district flips.
    await panel.getByTestId('whatif-value-0').fill('80,5');
    await panel.getByRole('button', { name: 'Thêm số liệu' }).click();
    await panel.getByTestId('whatif-indicator-1').selectOption('1.2');
    await panel.getByTestId('whatif-value-1').selectOption('không');
    await panel.getByRole('button', { name: 'Xem kết quả giả định' }).click();
    const changes = panel.getByTestId('whatif-changes');
    await expectText(
      changes.locator('li[data-unit="C1"]'),
      /Xã An — Bộ tiêu chí thử nghiệm cấp xã: ✓ Đạt → ✗ Chưa đạt/,
    );
    await expectText(
      changes.locator('li[data-unit="D1"]'),
      /Huyện Một — Bộ tiêu chí thử nghiệm cấp huyện: ✓ Đạt → ✗ Chưa đạt/,
    );
    await expectText(panel.getByTestId('whatif-indicators'), /1\.2 Có quy hoạch được phê duyệt/);
    await expectText(panel.locator('.whatif-answer'), /Huyện Một: 2 → 1\/3 đơn vị cấp dưới đạt/);
    expect(await textOf(panel.locator('.whatif-badge'))).toBe('Giả định — chưa lưu');
    await screenshots(page, 'steer-01-what-if');
    // Nothing was stored: the figure and the district's result are unchanged.
    expect(await storedFigure()).toBe(92);
    await page.goto('/don-vi/D1?framework=demo-huyen-2024&period=2024');
    await expectText(page.locator('.summary'), /✓ Đạt/);
    await expectText(page.locator('.summary'), /2\/2 tiêu chí đạt/);
    await page.goto('/don-vi/C1?framework=demo-xa-2024&period=2024');
    await expectText(page.locator('section.whatif h2'), /Thử giả định/);
    await page.setViewportSize(phone);
    const problems = await checkPage(page, 'unit page with what-if', { loggedIn: true, phone: true });
    expect(problems).toEqual([]);
  });

  test('the area short list and the improvement ranking are reachable from the overview', async () => {
    tab = await openTab(browser, app.url);
    await loginAs(tab, app.url, 'lanh.dao.tinh', e2ePassword);
    const { page } = tab;
    await page.goto('/tong-quan?unit=P1&framework=demo-xa-2024&period=2024');
    await expectText(page.locator('h1'), /Tỉnh Thử Nghiệm/);
    await page.getByRole('link', { name: 'Đơn vị gần đạt' }).click();
    await page.waitForURL(/\/gan-dat/);
    const list = page.getByTestId('closest-list');
    await expectText(
      list.locator('li.closest-item').first(),
      /^1\. Xã Bình .*thiếu 1 tiêu chí, 1 chỉ tiêu.*còn thiếu 4,5 điểm %/,
    );
    await expectText(
      list.locator('li.closest-item').nth(1),
      /Xã Đông .*1\.2 Có quy hoạch được phê duyệt: cần: có/,
    );
    await screenshots(page, 'steer-02-closest');
    await page.setViewportSize(phone);
    expect(await checkPage(page, 'closest', { loggedIn: true, phone: true })).toEqual([]);

    // The ranking by improvement needs two periods of the framework (2024, 2025).
    await page.goto('/tong-quan?unit=P1&framework=demo-xa-2024&period=2024');
    await page.getByRole('link', { name: 'Xếp hạng tiến bộ' }).first().click();
    await page.waitForURL(/\/xep-hang-tien-bo/);
    await expectText(
      page.getByTestId('ranking-rule'),
      /^Xếp hạng theo số tiêu chí đạt thêm từ kỳ 2024 đến kỳ 2025/,
    );
    await expectText(page.getByTestId('ranking-table'), /Hạng.*Đơn vị/);
    await screenshots(page, 'steer-03-improvement');
    await page.setViewportSize(phone);
    expect(await checkPage(page, 'improvement', { loggedIn: true, phone: true })).toEqual([]);
  });

  // Issue 17, part 2 (wt/jobs): the same leader subscribes to the province's monthly report from
  // the overview; when the monthly job runs, the bell counts the new notice.
  test('the leader subscribes to the monthly report; the bell then shows the notice', async () => {
    tab = await openTab(browser, app.url);
    await loginAs(tab, app.url, 'lanh.dao.tinh', e2ePassword);
    const { page } = tab;
    await page.goto('/tong-quan?unit=P1&framework=demo-xa-2024&period=2024');
    await page.getByRole('button', { name: 'Nhận báo cáo tháng' }).click();
    await expectText(page.locator('main'), /Đang nhận báo cáo tháng/);
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Ho_Chi_Minh' }).format(new Date());
    // What the job does at 07:00 on the 1st (src/jobs/).
    expect(await sendMonthlyReports(app.db, { month: previousMonth(today.slice(0, 7)) })).toHaveLength(1);
    await page.goto('/gan-dat?unit=P1&framework=demo-xa-2024&period=2024');
    const bell = page.locator('a.bell');
    await expectText(bell.locator('.bell-count'), /^1$/);
    await bell.click();
    await expectText(page.locator('.notice-item').first(), /^Báo cáo tháng \d+\/\d{4}: Tỉnh Thử Nghiệm/);
  });
});
