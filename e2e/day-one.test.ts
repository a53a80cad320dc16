// Day one: every demo account logs in on a 390 × 844 phone and on a 1366 × 900 desktop and lands
// on its own work ("Việc của tôi"). What the page must show is read from GET /api/home (the
// database), not hard-coded, so the journey stays true as the demo data grows. Each landing page
// goes through the shared checker (no English or raw keys, fits the phone, "Đăng xuất"
// reachable) and is kept as a screenshot. An anonymous visitor at / gets the public portal.
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createDemoAccounts, demoPassword } from '../src/demo/demo-accounts.ts';
import { type RunningApp, startApp } from './support/app.ts';
import { launchBrowser, loginAs, openTab, screenshotDir, type Tab } from './support/browser.ts';
import { checkPage } from './support/page-checks.ts';
import { expectText } from './support/wait.ts';

let app: RunningApp;
let browser: Browser;

beforeAll(async () => {
  [app, browser] = await Promise.all([startApp(), launchBrowser()]);
  await createDemoAccounts(app.db);
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await app?.close();
});

const sizes = {
  phone: { width: 390, height: 844 },
  desktop: { width: 1366, height: 900 },
} as const;

/**
 * A tab of the given size that records console errors and Content-Security-Policy violations
 * (every landing page must have none: the policy allows no inline style or script).
 */
function open(size: keyof typeof sizes): Promise<Tab> {
  return openTab(browser, app.url, { viewport: sizes[size] });
}

// biome-ignore lint/suspicious/noExplicitAny: the /api/home JSON is checked field by field below
type HomeJson = any;

const periodText = (p: string) => {
  const m = /^(\d{4})-(\d{2})$/.exec(p);
  return m ? `Tháng ${m[2]}/${m[1]}` : `Năm ${p}`;
};

/** What each account's landing page must show, from its own /api/home answer. */
async function expectOwnWork(page: Page, username: string, home: HomeJson): Promise<void> {
  const main = page.locator('main');
  await expectText(page.locator('h1'), /^Việc của tôi$/);
  const sees = async (text: string | RegExp) =>
    expectText(
      main,
      typeof text === 'string' ? new RegExp(text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')) : text,
    );
  const dossierList = async (list: Array<{ id: number }>, empty: string) => {
    if (list.length === 0) await sees(empty);
    for (const d of list) await sees(`Hồ sơ #${d.id}`);
  };
  switch (username) {
    case 'demo.xa': {
      // The grant's code 00541 is Xã Dương Hà until 2024, Xã Phù Đổng from 1/7/2025: today's name.
      expect(home.units[0].unit.name).toBe('Xã Phù Đổng');
      await sees('Đơn vị của tôi: Xã Phù Đổng');
      // Its titles before TieuChi, its predecessors' included, in one line.
      await sees(/Danh hiệu đã được công nhận: .*nâng cao năm 2020 \(xã Yên Viên cũ\)/);
      for (const fw of home.units[0].frameworks) await sees(fw.name);
      await dossierList(home.units[0].dossiers, 'Đơn vị chưa có hồ sơ xét công nhận nào.');
      break;
    }
    case 'demo.sogiaothong':
      await sees('Hồ sơ chờ tôi thẩm định');
      await dossierList(
        home.rulings,
        'Không có việc nào: không hồ sơ nào đang chờ kết luận thẩm định của bạn.',
      );
      break;
    case 'demo.vpdp':
    case 'demo.quantri':
      await sees('Hồ sơ xét công nhận theo trạng thái');
      await dossierList(home.pipeline.open, 'Không có việc nào: không hồ sơ nào đang chờ xử lý.');
      if (home.revocation.length === 0)
        await sees('Không đơn vị đã công nhận nào rơi vào trường hợp thu hồi.');
      if (home.reports.length > 0) await sees(home.reports[0].holder_name);
      break;
    case 'demo.hoidong':
      await sees('Hồ sơ chờ tôi biểu quyết');
      await dossierList(home.votes, 'Không có việc nào: không hồ sơ nào đang chờ bạn biểu quyết.');
      break;
    case 'demo.lanhdao':
      await sees('Tổng quan Thành phố Hà Nội');
      expect(home.areas[0].frameworks.length).toBeGreaterThan(0);
      for (const fw of home.areas[0].frameworks) await sees(fw.name);
      break;
    case 'demo.chuyenvien':
      await sees('Đánh giá của tôi');
      expect(home.staff.person.full_name).toBe('Phạm Đức Dũng');
      await sees('Phạm Đức Dũng');
      await sees(periodText(home.staff.period));
      break;
    case 'demo.truongphong':
    case 'demo.chutich':
      await sees('Đánh giá của cán bộ chờ tôi xử lý');
      if (home.team.length === 0) await sees('Không có việc nào: không đánh giá nào đang chờ bạn.');
      for (const w of home.team) await sees(w.full_name);
      break;
    default:
      throw new Error(`no expectation for ${username}`);
  }
}

const accounts = [
  'demo.xa',
  'demo.sogiaothong',
  'demo.vpdp',
  'demo.hoidong',
  'demo.lanhdao',
  'demo.chuyenvien',
  'demo.truongphong',
  'demo.chutich',
  'demo.quantri',
];

describe('day one: each demo account lands on its own work', { timeout: 180_000 }, () => {
  test.each(accounts)('%s on a phone and on a desktop', async (username) => {
    const problems: string[] = [];
    for (const size of ['phone', 'desktop'] as const) {
      const tab = await open(size);
      try {
        await loginAs(tab, app.url, username, demoPassword);
        const res = await tab.context.request.get(`${app.url}/api/home`);
        expect(res.status()).toBe(200);
        const home = (await res.json()) as HomeJson;
        await tab.page.goto('/');
        await expectOwnWork(tab.page, username, home);
        await tab.page.screenshot({
          path: join(screenshotDir, `day-one-${username.replace('demo.', '')}-${size}.png`),
          fullPage: true,
        });
        problems.push(
          ...(await checkPage(tab.page, `${username} ${size}`, { loggedIn: true, phone: size === 'phone' })),
        );
        problems.push(...tab.errors.map((e) => `${username} ${size}: ${e}`));
      } finally {
        await tab.context.close();
      }
    }
    expect(problems).toEqual([]);
  });

  test('an anonymous visitor at / gets the public portal, with the staff login in its header', async () => {
    const problems: string[] = [];
    for (const size of ['phone', 'desktop'] as const) {
      const tab = await open(size);
      try {
        await tab.page.goto('/');
        await tab.page.locator('.portal').waitFor();
        expect(new URL(tab.page.url()).pathname).toBe('/');
        expect(await tab.page.getByLabel('Mật khẩu').count()).toBe(0);
        const login = tab.page.getByRole('link', { name: 'Đăng nhập cán bộ' });
        await login.waitFor();
        await tab.page.screenshot({
          path: join(screenshotDir, `day-one-anonymous-${size}.png`),
          fullPage: true,
        });
        problems.push(...(await checkPage(tab.page, `anonymous ${size}`, { phone: size === 'phone' })));
        await login.click();
        await tab.page.waitForURL(/\/dang-nhap$/);
        await tab.page.getByLabel('Mật khẩu').waitFor();
        problems.push(...tab.errors.map((e) => `anonymous ${size}: ${e}`));
      } finally {
        await tab.context.close();
      }
    }
    expect(problems).toEqual([]);
  });
});
