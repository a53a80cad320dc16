// Browser journey of socio-economic targets (chỉ tiêu KT-XH) with logins required: a planner builds
// 2027's plan from 2026's (demo, "minh họa"), allocates revenue to three wards with one short, a
// ward enters monthly figures and its indicator turns "at risk", a leader asks for an explanation,
// the ward answers, and the plan is exported as .xlsx. Screenshots at desktop and phone width.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { addUser, e2ePassword, type RunningApp, startApp } from './support/app.ts';
import { launchBrowser, loginAs, openTab, screenshots, type Tab } from './support/browser.ts';
import { checkBothSizes } from './support/page-checks.ts';
import { expectText } from './support/wait.ts';
import { readDownload } from './support/xlsx.ts';

let app: RunningApp;
let browser: Browser;
const tabs: Tab[] = [];

beforeAll(async () => {
  [app, browser] = await Promise.all([startApp({ auth: 'required' }), launchBrowser()]);
  await addUser(app.db, {
    username: 'ke.hoach',
    displayName: 'Phòng Kế hoạch',
    role: 'coordination_office',
    unitCode: '01',
  });
  await addUser(app.db, {
    username: 'lanh.dao',
    displayName: 'Lãnh đạo thành phố',
    role: 'leader',
    unitCode: '01',
  });
  await addUser(app.db, {
    username: 'hoan.kiem',
    displayName: 'Phường Hoàn Kiếm',
    role: 'commune_officer',
    unitCode: '00070',
  });
}, 240_000);

afterAll(async () => {
  for (const t of tabs) await t.context.close();
  await browser?.close();
  await app?.close();
});

async function tabAs(username: string): Promise<Tab> {
  const tab = await openTab(browser, app.url);
  tabs.push(tab);
  await loginAs(tab, app.url, username, e2ePassword);
  return tab;
}

describe('targets journey', { timeout: 180_000 }, () => {
  test('plan from last year, allocate with one short, monthly figures turn at risk, explain, export', async () => {
    // The demo 2026 plan: matrix coloured by status, with the rule behind each cell.
    const planner = await tabAs('ke.hoach');
    const p = planner.page;
    await p.goto('/chi-tieu/2026');
    await expectText(p.locator('h1'), /Kế hoạch chỉ tiêu phát triển kinh tế – xã hội năm 2026 \(minh họa\)/);
    await expectText(p.locator('table.tg-matrix'), /Phường Hoàn Kiếm/);
    await expectText(p.locator('#tg-settings ~ p, #tg-settings + p').first(), /90%/);
    await screenshots(p, 'targets-01-plan-2026-matrix');
    expect(await checkBothSizes(p, 'targets-01-plan-2026-matrix', { loggedIn: true })).toEqual([]);

    // Build 2027 from 2026: drop XH.10, add XH.9.
    await p.getByRole('link', { name: 'Chỉ tiêu KT-XH' }).click();
    await expectText(p.locator('#tg-create'), /Lập kế hoạch năm mới/);
    await p.getByLabel('Năm kế hoạch').fill('2027');
    await p.getByRole('checkbox', { name: /XH\.10/ }).uncheck();
    await p.getByLabel('Mã', { exact: true }).fill('XH.9');
    await p.getByLabel('Tên chỉ tiêu').fill('Tỷ lệ lao động qua đào tạo');
    await p.getByLabel('Đơn vị tính').fill('%');
    await p.getByLabel('Cách tổng hợp').selectOption('rate');
    await p.getByLabel('Kỳ báo cáo').selectOption('quarter');
    await p.getByRole('button', { name: 'Thêm chỉ tiêu' }).click();
    await expectText(
      p.locator('#tg-create ~ form, form.tg-form').first(),
      /XH\.9 Tỷ lệ lao động qua đào tạo/,
    );
    await screenshots(p, 'targets-02-new-plan-from-last-year');
    expect(await checkBothSizes(p, 'targets-02-new-plan-from-last-year', { loggedIn: true })).toEqual([]);
    await p.getByRole('button', { name: 'Lập kế hoạch' }).click();
    await expectText(p.locator('h1'), /năm 2027 \(minh họa\)/);
    const codes = await p.locator('section.block h3 code').allInnerTexts();
    expect(codes).toEqual(['KT.7', 'XH.4', 'XH.8', 'XH.9']);

    // Allocate revenue: city 1 000, three wards 400 + 300 + 250 = 950 → short by 50.
    const kt7 = p.locator('section.block', { has: p.locator('h3 code', { hasText: 'KT.7' }) });
    await kt7.getByLabel('Chỉ tiêu giao KT.7 — Thành phố Hà Nội').fill('1000');
    for (const [ward, target] of [
      ['Phường Ba Đình', '400'],
      ['Phường Ngọc Hà', '300'],
      ['Phường Hoàn Kiếm', '250'],
    ] as const) {
      await kt7.getByLabel('Giao thêm cho').selectOption({ label: ward });
      await kt7.getByRole('button', { name: 'Thêm', exact: true }).click();
      await kt7.getByLabel(`Chỉ tiêu giao KT.7 — ${ward}`).fill(target);
    }
    await kt7.getByRole('button', { name: 'Lưu chỉ tiêu giao KT.7' }).click();
    await expectText(kt7.locator('.tg-check-short'), /Phân bổ thiếu 50/);
    await expectText(kt7.locator('.tg-rule'), /950 < 1\.000/);
    await expectText(p.locator('.tg-tree'), /Phường Hoàn Kiếm/);
    await kt7.scrollIntoViewIfNeeded();
    await screenshots(p, 'targets-03-allocation-short');
    expect(await checkBothSizes(p, 'targets-03-allocation-short', { loggedIn: true })).toEqual([]);

    // The ward enters January (on track), then February: the projection drops to 96 % → at risk.
    const ward = await tabAs('hoan.kiem');
    const w = ward.page;
    await w.goto('/chi-tieu/2027/don-vi/00070');
    await expectText(w.locator('h1'), /Chỉ tiêu của Phường Hoàn Kiếm/);
    const row = w.locator('tr[data-indicator="KT.7"]');
    await expectText(row, /Chưa có số liệu/);
    await w.getByLabel('Chỉ tiêu', { exact: true }).selectOption('KT.7');
    await w.getByLabel('Kỳ', { exact: true }).selectOption('2027-01');
    await w.getByLabel('Giá trị').fill('25');
    await w.getByRole('button', { name: 'Lưu số liệu' }).click();
    await expectText(row, /Đúng tiến độ/);
    await w.getByLabel('Kỳ', { exact: true }).selectOption('2027-02');
    await w.getByLabel('Giá trị').fill('15');
    await w.getByRole('button', { name: 'Lưu số liệu' }).click();
    await expectText(row, /Có nguy cơ không đạt/);
    await expectText(row, /dự báo ÷ chỉ tiêu = 96%/);
    expect(await w.getByRole('button', { name: 'Gửi yêu cầu' }).count()).toBe(0); // a ward cannot ask
    await screenshots(w, 'targets-04-unit-at-risk');
    expect(await checkBothSizes(w, 'targets-04-unit-at-risk', { loggedIn: true })).toEqual([]);

    // The leader sees it in the matrix and asks for an explanation.
    const leader = await tabAs('lanh.dao');
    const l = leader.page;
    await l.goto('/chi-tieu/2027');
    await expectText(l.locator('table.tg-matrix'), /Phường Hoàn Kiếm/);
    expect(await l.locator('table.tg-matrix .tg-at_risk').count()).toBe(1);
    expect(await l.getByRole('button', { name: /Lưu chỉ tiêu giao/ }).count()).toBe(0); // a leader does not assign
    await l.getByRole('link', { name: 'Phường Hoàn Kiếm' }).first().click();
    await expectText(l.locator('h1'), /Chỉ tiêu của Phường Hoàn Kiếm/);
    await l
      .getByLabel('Nội dung yêu cầu (KT.7)')
      .fill('Đề nghị phường giải trình thu ngân sách tháng 2 giảm.');
    await l
      .locator('section', { has: l.locator('h2 code', { hasText: 'KT.7' }) })
      .getByRole('button', { name: 'Gửi yêu cầu' })
      .click();
    await expectText(l.locator('.tg-explanation'), /Đề nghị phường giải trình/);
    await expectText(l.locator('.tg-explanation'), /Đang chờ đơn vị giải trình/);

    // The ward answers in the system; the leader sees the answer.
    await w.reload();
    await w.getByLabel('Trả lời giải trình').fill('Khoản thu tiền sử dụng đất dời sang tháng 3.');
    await w.getByRole('button', { name: 'Gửi giải trình' }).click();
    await expectText(w.locator('.tg-explanation.answered'), /dời sang tháng 3/);
    await w.locator('.tg-explanation').scrollIntoViewIfNeeded();
    await screenshots(w, 'targets-05-explanation-answered');
    expect(await checkBothSizes(w, 'targets-05-explanation-answered', { loggedIn: true })).toEqual([]);
    await l.reload();
    await expectText(l.locator('.tg-explanation.answered'), /hoan\.kiem trả lời/);

    // Export: one sheet per holder, the ward's revenue row carries the status.
    await l.goto('/chi-tieu/2027');
    const [download] = await Promise.all([
      l.waitForEvent('download'),
      l.getByRole('link', { name: 'Tải tệp .xlsx' }).click(),
    ]);
    const { workbook } = await readDownload(download);
    expect(workbook.worksheets.map((s) => s.name)).toEqual([
      '01 Thành phố Hà Nội',
      '00004 Phường Ba Đình',
      '00008 Phường Ngọc Hà',
      '00070 Phường Hoàn Kiếm',
    ]);
    const hk = workbook.getWorksheet('00070 Phường Hoàn Kiếm')!;
    expect(hk.getRow(7).getCell(1).value).toBe('KT.7');
    expect(hk.getRow(7).getCell(5).value).toBe(250);
    expect(hk.getRow(7).getCell(25).value).toBe('Có nguy cơ không đạt');
    await screenshots(l, 'targets-06-plan-2027-matrix');
    expect(await checkBothSizes(l, 'targets-06-plan-2027-matrix', { loggedIn: true })).toEqual([]);

    for (const t of tabs) expect(t.errors, 'console errors').toEqual([]);
  });
});
