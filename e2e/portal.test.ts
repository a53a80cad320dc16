// The public portal in the browser, with accounts required: a resident finds a commune without
// logging in, sees its published statuses and figures, compares it with its neighbours, uses the
// reading tools, sends feedback (a wrong CAPTCHA first), an official answers it in the moderation
// page, and the answer shows publicly. axe-core checks the public pages.
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { systemActor, systemActorNamed } from '../src/access/index.ts';
import { type CaptchaWithAnswers, createCaptcha } from '../src/portal/captcha.ts';
import { setPublication } from '../src/portal/publication.ts';
import { importValues } from '../src/values/import.ts';
import { addUser, e2ePassword, type RunningApp, startApp } from './support/app.ts';
import { launchBrowser, loginAs, openTab, screenshotDir, screenshots, type Tab } from './support/browser.ts';
import { checkBothSizes } from './support/page-checks.ts';
import { expectText } from './support/wait.ts';

let app: RunningApp;
let browser: Browser;
const tabs: Tab[] = [];
const axePath = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

/** 2025 figures of the fixture communes valid today (C3, C4, C5 under P1 since 2025-07-01). */
const figures2025 = `unit_code,indicator,period,value,note
C3,road_hardened_pct,2025,75,ghi chú nội bộ không công khai
C3,plan_approved,2025,có,
C3,income_per_capita,2025,52,
C4,road_hardened_pct,2025,80,
C4,plan_approved,2025,có,
C4,income_per_capita,2025,65,
C5,road_hardened_pct,2025,95,
C5,plan_approved,2025,có,
C5,income_per_capita,2025,70,
`;

beforeAll(async () => {
  [app, browser] = await Promise.all([startApp({ auth: 'required' }), launchBrowser()]);
  const file = join(tmpdir(), `portal-e2e-${process.pid}.csv`);
  writeFileSync(file, figures2025);
  await importValues(app.db, { path: file, actor: systemActorNamed('e2e') });
  await setPublication(app.db, systemActor, {
    frameworkId: 'demo-xa-2024',
    unitCode: 'P1',
    publishStatus: true,
    publishCriteria: true,
    indicators: ['2.1'],
    date: new Date().toISOString().slice(0, 10),
  });
  await addUser(app.db, {
    username: 'van.phong',
    displayName: 'Văn phòng điều phối',
    role: 'coordination_office',
    unitCode: 'P1',
  });
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await app?.close();
});

afterEach(async () => {
  const errors = tabs.flatMap((t) => t.errors);
  for (const t of tabs.splice(0)) await t.context.close();
  expect(errors, 'console errors').toEqual([]);
});

async function newTab(): Promise<Tab> {
  // axe-core is injected into the pages (the CSP is checked by the other journeys).
  const tab = await openTab(browser, app.url, { injectsScripts: true });
  // The survey section asks an endpoint another feature adds (404 until then).
  tab.allow(/status of 404/);
  tabs.push(tab);
  return tab;
}

/** axe-core on the current page: no serious or critical violation. */
async function expectAccessible(page: Page, name: string) {
  await page.addScriptTag({ path: axePath });
  const violations = await page.evaluate(async () => {
    // biome-ignore lint/suspicious/noExplicitAny: axe is injected by the script tag
    const axe = (window as any).axe;
    const r = await axe.run(document, { resultTypes: ['violations'] });
    return r.violations.map((v: { id: string; impact: string; nodes: Array<{ target: string[] }> }) => ({
      id: v.id,
      impact: v.impact,
      targets: v.nodes.slice(0, 3).map((n) => n.target.join(' ')),
    }));
  });
  const serious = violations.filter(
    (v: { impact: string }) => v.impact === 'serious' || v.impact === 'critical',
  );
  writeFileSync(join(screenshotDir, `${name}-axe.json`), JSON.stringify(violations, null, 2));
  expect(serious, `${name}: axe serious/critical violations`).toEqual([]);
}

describe('public portal journey', { timeout: 180_000 }, () => {
  test('a resident reads a commune, comments, and sees the official answer', async () => {
    const resident = await newTab();
    const { page } = resident;
    // Every CAPTCHA the page asks for is one the test made through the use case (answers known).
    let current: CaptchaWithAnswers | undefined;
    await page.route('**/api/public/captcha', async (route) => {
      current = await createCaptcha(app.db);
      await route.fulfill({
        json: { id: current.id, svg: current.svg, question: current.question, expires_at: current.expiresAt },
      });
    });

    // No session, accounts required: the portal opens anyway (no login forced).
    await page.goto('/cong-khai');
    await expectText(page.locator('h1'), /^Tra cứu đơn vị$/);
    for (const landmark of ['banner', 'main', 'contentinfo'] as const)
      expect(await page.getByRole(landmark).count()).toBe(1);
    expect(await page.getByRole('navigation').count()).toBeGreaterThan(0);
    await expectAccessible(page, 'portal-home');
    await page.getByLabel('Tên đơn vị').fill('xa cao');
    await page.getByRole('button', { name: 'Tìm', exact: true }).click();
    await page.getByRole('link', { name: 'Xã Cao' }).click();

    await expectText(page.locator('h1'), /^Xã Cao$/);
    const fw = page.locator('section.portal-framework');
    // C3 in 2025: road 75 ≥ 70 (group 3), plan approved, income 52 ≥ 45 (mountain region) → met.
    await expectText(fw, /Kỳ đánh giá 2025.*Đạt.*Đạt 2\/2 tiêu chí/);
    expect(await fw.innerText()).not.toContain('Số liệu minh họa');
    const rows = fw.locator('table').first().locator('tbody tr');
    await expectText(rows.filter({ hasText: '2.1.' }), /52 triệu đồng\/người\/năm/);
    await expectText(rows.filter({ hasText: '1.1.' }), /chưa công khai/);
    expect(await page.locator('main').innerText()).not.toContain('ghi chú nội bộ');
    // Neighbours under the same parent: Xã Đông does not meet (road 80 < 90).
    const neighbours = page.locator('.portal-neighbours table');
    await expectText(neighbours.locator('tr', { hasText: 'Xã Đông' }), /Chưa đạt.*Đạt 1\/2 tiêu chí/);
    await expectText(neighbours.locator('tr', { hasText: 'Xã An Bình' }), /Đạt.*Đạt 2\/2 tiêu chí/);
    await expectText(page.locator('[data-section="surveys"]'), /Chưa có kết quả khảo sát/);

    // Reading comforts.
    const tools = page.getByRole('group', { name: 'Công cụ hỗ trợ đọc' });
    for (const name of ['Tăng cỡ chữ', 'Giảm cỡ chữ', 'Tương phản cao', 'In trang', 'Đọc bài viết'])
      expect(await tools.getByRole('button', { name }).count(), name).toBe(1);
    // Read aloud: says which voice reads, or that the browser has no Vietnamese one.
    await tools.getByRole('button', { name: 'Đọc bài viết' }).click();
    await expectText(tools.getByRole('status'), /Giọng đọc: |không có giọng đọc tiếng Việt|không hỗ trợ đọc/);
    if ((await tools.getByRole('button', { name: 'Dừng đọc' }).count()) > 0)
      await tools.getByRole('button', { name: 'Dừng đọc' }).click();
    await expectAccessible(page, 'portal-unit');
    await screenshots(page, 'portal-01-unit');
    expect(await checkBothSizes(page, 'portal-01-unit')).toEqual([]);
    await tools.getByRole('button', { name: 'Tương phản cao' }).click();
    expect(await page.evaluate(() => document.documentElement.classList.contains('high-contrast'))).toBe(
      true,
    );
    await page.reload();
    await expectText(page.locator('h1'), /^Xã Cao$/);
    expect(await page.evaluate(() => document.documentElement.classList.contains('high-contrast'))).toBe(
      true,
    );
    await expectText(page.locator('.portal-neighbours table'), /Xã Đông/);
    await screenshots(page, 'portal-02-unit-high-contrast');
    expect(await checkBothSizes(page, 'portal-02-unit-high-contrast')).toEqual([]);
    await expectAccessible(page, 'portal-unit-high-contrast');
    await page.getByRole('button', { name: 'Tương phản cao' }).click();

    // Feedback: a wrong CAPTCHA is refused, the right one queues it.
    resident.allow(/status of 400/);
    const form = page.locator('section.portal-form');
    await expect.poll(() => current?.id).toBeTruthy();
    await form
      .getByLabel('Tiêu chí góp ý')
      .selectOption({ label: '1. Giao thông — Bộ tiêu chí thử nghiệm cấp xã' });
    await form.getByLabel('Họ và tên').fill('Phạm Thị Hoa');
    await form.getByLabel('Số điện thoại (không bắt buộc)').fill('0987 654 321');
    await form.getByLabel('Nội dung ý kiến').fill('Đoạn đường từ thôn Thượng ra chợ xã còn nhiều ổ gà.');
    const firstId = current!.id;
    await form.getByLabel('Ký tự trong ảnh hoặc đáp số câu hỏi').fill(`${current!.sumAnswer}7`);
    await form.getByRole('button', { name: 'Gửi ý kiến' }).click();
    await expectText(form.getByRole('alert'), /Mã kiểm tra không đúng/);
    expect(await app.db.query('SELECT 1 FROM portal_feedback')).toHaveLength(0);
    await expect.poll(() => current?.id).not.toBe(firstId);
    await form.getByLabel('Ký tự trong ảnh hoặc đáp số câu hỏi').fill(current!.imageAnswer);
    await form.getByRole('button', { name: 'Gửi ý kiến' }).click();
    await expectText(form.getByRole('status'), /Đã nhận ý kiến của bạn/);
    await screenshots(page, 'portal-03-feedback-sent');
    expect(await checkBothSizes(page, 'portal-03-feedback-sent')).toEqual([]);
    expect(await app.db.query(`SELECT 1 FROM portal_feedback WHERE state = 'pending'`)).toHaveLength(1);
    // Not public before moderation.
    await expectText(page.locator('#portal-feedback').locator('..'), /Chưa có ý kiến nào được đăng/);

    // The official answers it in the moderation page.
    const office = await newTab();
    await loginAs(office, app.url, 'van.phong', e2ePassword);
    await office.page.goto('/kiem-duyet-y-kien');
    await expectText(office.page.locator('h1'), /^Kiểm duyệt ý kiến$/);
    const item = office.page.locator('li.card', { hasText: 'Phạm Thị Hoa' });
    await expectText(item, /0987654321.*ổ gà/);
    await screenshots(office.page, 'portal-04-moderation-queue');
    expect(await checkBothSizes(office.page, 'portal-04-moderation-queue', { loggedIn: true })).toEqual([]);
    await item.getByLabel('Câu trả lời').fill('UBND xã đã giao Ban quản lý dự án vá đường trong tháng này.');
    await item.getByRole('button', { name: 'Trả lời và đăng' }).click();
    await expectText(office.page.getByRole('status'), /Đã cập nhật ý kiến số/);
    await screenshots(office.page, 'portal-05-moderation-answered');
    expect(await checkBothSizes(office.page, 'portal-05-moderation-answered', { loggedIn: true })).toEqual(
      [],
    );
    await office.page.goto('/quan-ly-cong-khai');
    await expectText(office.page.locator('table'), /Bộ tiêu chí thử nghiệm cấp xã.*Tỉnh Thử Nghiệm/);
    await screenshots(office.page, 'portal-06-publication-settings');
    expect(await checkBothSizes(office.page, 'portal-06-publication-settings', { loggedIn: true })).toEqual(
      [],
    );

    // Shown publicly, with the answer under it; the phone number never.
    await page.reload();
    const published = page.locator('.portal-feedback-list li', { hasText: 'Phạm Thị Hoa' });
    await expectText(published, /ổ gà.*Trả lời của cơ quan.*vá đường trong tháng này/);
    expect(await page.locator('main').innerText()).not.toContain('0987');
    await screenshots(page, 'portal-07-answer-public');
    expect(await checkBothSizes(page, 'portal-07-answer-public')).toEqual([]);
  });

  test('the demo publishes Hà Nội: a commune shows its frameworks and its neighbours', async () => {
    const { page } = await newTab();
    await page.goto('/cong-khai?q=bat%20trang');
    await page.getByRole('link', { name: 'Xã Bát Tràng' }).first().click();
    await expectText(page.locator('h1'), /^Xã Bát Tràng$/);
    await expectText(
      page.locator('section.portal-framework').first(),
      /Kỳ đánh giá 2025.*Số liệu minh họa \(demo\)/,
    );
    const folded = page.locator('.portal-neighbours details').first();
    await expectText(folded.locator('summary'), /^\d{2,} đơn vị cùng cấp — /);
    await folded.locator('summary').click();
    await expectText(folded.locator('table'), /Xã Gia Lâm/);
    await screenshots(page, 'portal-08-demo-commune');
    expect(await checkBothSizes(page, 'portal-08-demo-commune')).toEqual([]);
    await page.screenshot({ path: join(screenshotDir, 'portal-08-demo-commune-top.png') });
  });

  test('a merged commune shows the recognitions of the communes it was made from (before TieuChi)', async () => {
    const { page } = await newTab();
    await page.goto('/cong-khai?q=phu%20dong');
    await page.getByRole('link', { name: 'Xã Phù Đổng' }).first().click();
    await expectText(page.locator('h1'), /^Xã Phù Đổng$/);
    const section = page.locator('[data-section="recognitions"]');
    const yenVien = section.locator('li', { hasText: '(xã Yên Viên cũ)' });
    await expectText(
      yenVien,
      /Đạt chuẩn nông thôn mới nâng cao năm 2020 \(xã Yên Viên cũ\).*3352\/QĐ-UBND.*03\/08\/2020.*UBND tỉnh\/thành phố.*Ghi từ quyết định/s,
    );
    await expectText(section.locator('li', { hasText: '(xã Phù Đổng cũ)' }).first(), /3352\/QĐ-UBND/);
    // A decision whose number is not known says so.
    await expectText(section, /chưa rõ số hiệu/);
    await section.scrollIntoViewIfNeeded();
    await screenshots(page, 'portal-09-recognitions-before-tieuchi');
    await section.screenshot({ path: join(screenshotDir, 'portal-09-recognitions-section.png') });
    await page.setViewportSize({ width: 390, height: 844 });
    await section.screenshot({ path: join(screenshotDir, 'portal-09-recognitions-section-phone.png') });
    await page.setViewportSize({ width: 1366, height: 900 });
    expect(await checkBothSizes(page, 'portal-09-recognitions-before-tieuchi')).toEqual([]);
  });

  test('the coordination office records a decision made before TieuChi and it shows publicly', async () => {
    const tab = await newTab();
    const { page } = tab;
    await loginAs(tab, app.url, 'van.phong', e2ePassword);
    await page.goto('/quyet-dinh-cong-nhan-truoc');
    await expectText(page.locator('h1'), /^Quyết định công nhận trước khi dùng TieuChi$/);
    await expectText(page.locator('section', { hasText: 'Sổ quyết định đã ghi' }), /1180\/QĐ-TTg/);
    await page.getByLabel('Danh hiệu', { exact: true }).selectOption('ntm');
    await page.getByLabel('Năm công nhận (ví dụ 2018)').fill('2019');
    await page.getByLabel('Số hiệu quyết định (bỏ trống nếu chưa rõ)').fill('45/QĐ-UBND');
    await page.getByLabel('Ngày ký', { exact: true }).fill('20/12/2019');
    await page.getByLabel('Đơn vị', { exact: true }).fill('xa cao');
    await page.locator('.search-results button', { hasText: 'Xã Cao' }).first().click();
    await expectText(page.locator('.unit-picked-name'), /Xã Cao \(C3\)/);
    await screenshots(page, 'portal-10-record-past-recognition');
    await page
      .locator('form.portal-form')
      .screenshot({ path: join(screenshotDir, 'portal-10-record-form.png') });
    await page.setViewportSize({ width: 390, height: 844 });
    await page
      .locator('form.portal-form')
      .screenshot({ path: join(screenshotDir, 'portal-10-record-form-phone.png') });
    await page.setViewportSize({ width: 1366, height: 900 });
    expect(await checkBothSizes(page, 'portal-10-record-past-recognition', { loggedIn: true })).toEqual([]);
    await page.getByRole('button', { name: 'Ghi quyết định' }).click();
    await expectText(page.locator('.alert-success'), /Đã ghi quyết định/);
    const register = page.locator('section', { hasText: 'Sổ quyết định đã ghi' });
    await register.screenshot({ path: join(screenshotDir, 'portal-11-register.png') });
    // The number was mistyped: corrected through the same form, which says what it corrects.
    await register
      .locator('tr', { hasText: '45/QĐ-UBND' })
      .getByRole('button', { name: 'Sửa', exact: true })
      .click();
    await expectText(page.locator('#past-form'), /^Sửa quyết định: Xã Cao$/);
    await page.getByLabel('Số hiệu quyết định (bỏ trống nếu chưa rõ)').fill('54/QĐ-UBND');
    await page.getByRole('button', { name: 'Lưu phần sửa' }).click();
    await expectText(page.locator('.alert-success'), /Đã sửa quyết định; nhật ký giữ nội dung cũ/);
    await expectText(register.locator('tr', { hasText: 'Xã Cao' }), /54\/QĐ-UBND/);
    await page.goto('/cong-khai/C3');
    await expectText(
      page.locator('[data-section="recognitions"] li', { hasText: '54/QĐ-UBND' }),
      /Đạt chuẩn nông thôn mới năm 2019.*54\/QĐ-UBND.*20\/12\/2019/s,
    );
    // Recorded by mistake: removed with the reason, on a phone.
    await page.goto('/quyet-dinh-cong-nhan-truoc');
    await page.setViewportSize({ width: 390, height: 844 });
    const row = register.locator('tr', { hasText: '54/QĐ-UBND' });
    await row.getByRole('button', { name: 'Xóa', exact: true }).click();
    // No reason: refused, titled as a refused action (not as data that could not be loaded).
    tab.allow(/status of 400/);
    await row.getByRole('button', { name: 'Xóa khỏi sổ' }).click();
    await expectText(row.locator('.alert-error .alert-title'), /^Không thực hiện được$/);
    await expectText(row.locator('.alert-error'), /Cần ghi lý do xóa/);
    await row.getByLabel('Lý do xóa (ghi nhầm, ghi trùng…)').fill('Ghi nhầm: Xã Cao chưa có quyết định này');
    await row.screenshot({ path: join(screenshotDir, 'portal-12-remove-phone.png') });
    await register
      .locator('tbody tr')
      .first()
      .screenshot({ path: join(screenshotDir, 'portal-12-register-row-phone.png') });
    await page.setViewportSize({ width: 1366, height: 900 });
    expect(await checkBothSizes(page, 'portal-12-remove', { loggedIn: true })).toEqual([]);
    await row.getByRole('button', { name: 'Xóa khỏi sổ' }).click();
    await expectText(register.locator('.alert-success'), /Đã xóa quyết định khỏi sổ/);
    expect(await register.locator('tr', { hasText: '54/QĐ-UBND' }).count()).toBe(0);
  });
});
