// Browser checks of the staff evaluation's administration: a unit proposes a product for the
// conversion catalogue and its head approves it (then it can be assigned); an administrator
// switches a period's frame (NĐ 335 → QĐ 3814 Hà Nội); the head changes a proposed score at
// approval, refused without a written reason. Screenshots at desktop and phone width.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { systemActor } from '../src/access/index.ts';
import { createUser } from '../src/accounts/users.ts';
import { staffFrames } from '../src/staff/frame.ts';
import { reviewStaffEvaluation, selfAssessStaffEvaluation } from '../src/staff/steps.ts';
import { addUser, e2ePassword, type RunningApp, startApp } from './support/app.ts';
import { launchBrowser, loginAs, openTab, screenshots, type Tab } from './support/browser.ts';
import { checkBothSizes } from './support/page-checks.ts';
import { expectText, textOf } from './support/wait.ts';

let app: RunningApp;
let browser: Browser;
const tabs: Tab[] = [];
const P = '2026-12';
let chauId = 0;

beforeAll(async () => {
  [app, browser] = await Promise.all([startApp({ auth: 'required' }), launchBrowser()]);
  for (const [username, code, name] of [
    ['tp.binh', 'CB02', 'Trần Thị Bình'],
    ['cv.chau', 'CB03', 'Lê Minh Châu'],
  ] as const) {
    const u = await createUser(app.db, {
      actor: systemActor,
      username,
      displayName: name,
      password: e2ePassword,
    });
    await app.db.query('UPDATE staff_people SET user_id = $1 WHERE code = $2', [u.id, code]);
  }
  await addUser(app.db, { username: 'qt.staff', displayName: 'Quản trị', role: 'admin', unitCode: '*' });
  // Lê Minh Châu proposes 28 general points for December; her manager keeps them (state "reviewed").
  chauId = (await app.db.query<{ id: number }>("SELECT id FROM staff_people WHERE code = 'CB03'"))[0]!.id;
  await selfAssessStaffEvaluation(app.db, {
    actor: systemActor,
    personId: chauId,
    period: P,
    manual: { general: 28 },
  });
  await reviewStaffEvaluation(app.db, {
    actor: systemActor,
    personId: chauId,
    period: P,
    manual: { general: 28 },
  });
}, 240_000);

afterAll(async () => {
  for (const t of tabs) await t.context.close();
  await browser?.close();
  await app?.close();
});

const exactly = (s: string) => new RegExp(`^${s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`);

async function tabFor(username: string): Promise<Tab> {
  const tab = await openTab(browser, app.url);
  await loginAs(tab, app.url, username, e2ePassword);
  tabs.push(tab);
  return tab;
}

describe('staff evaluation administration', { timeout: 180_000 }, () => {
  test('a unit proposes a catalogue product, the head approves it, then it can be assigned', async () => {
    const chau = await tabFor('cv.chau');
    const cp = chau.page;
    await cp.goto('/danh-gia-can-bo/danh-muc?don-vi=DEMO-VP');
    // The node by its name, never its code.
    await expectText(cp.locator('h1'), /Danh mục sản phẩm quy đổi — Văn phòng HĐND và UBND/);
    await cp.getByLabel('Mã').fill('TTR');
    await cp.getByLabel('Tên sản phẩm').fill('Tờ trình đề xuất');
    await cp.getByLabel('Hệ số quy đổi').fill('0,8');
    await cp.getByRole('button', { name: 'Đề xuất sản phẩm' }).click();
    await expectText(cp.locator('.alert-success'), /Đã gửi đề xuất sản phẩm “Tờ trình đề xuất”/);
    const proposed = cp.locator('tr', { hasText: 'Tờ trình đề xuất' });
    await expectText(proposed, /Chuyên môn.*0,8.*Văn phòng HĐND và UBND.*Chờ thủ trưởng duyệt/);
    // The proposer is not the head: no approve button.
    expect(await proposed.getByRole('button').count()).toBe(0);
    // Only the unit's own scope is offered to a civil servant (shared items are the administrator's).
    expect(await cp.getByLabel('Phạm vi').locator('option').allTextContents()).toEqual([
      'Văn phòng HĐND và UBND',
    ]);

    const head = await tabFor('tp.binh');
    const hp = head.page;
    await hp.goto(`/danh-gia-can-bo/nhom?don-vi=DEMO-VP&ky=${P}`);
    // Not usable before approval.
    await expectText(hp.locator('h1'), /Nhóm của tôi/);
    expect(await hp.getByLabel('Sản phẩm (danh mục)').locator('option').allTextContents()).not.toContain(
      'Tờ trình đề xuất (× 0,8)',
    );
    await hp.goto('/danh-gia-can-bo/danh-muc?don-vi=DEMO-VP');
    await hp.getByRole('button', { name: 'Duyệt Tờ trình đề xuất' }).click();
    await expectText(hp.locator('.alert-success'), /Đã duyệt sản phẩm Tờ trình đề xuất/);
    await expectText(hp.locator('tr', { hasText: 'Tờ trình đề xuất' }), /Đã duyệt/);
    await screenshots(hp, 'staff-admin-01-catalogue');
    expect(await checkBothSizes(hp, 'staff-admin-01-catalogue', { loggedIn: true })).toEqual([]);

    await hp.goto(`/danh-gia-can-bo/nhom?don-vi=DEMO-VP&ky=${P}`);
    await hp.getByLabel('Người thực hiện').selectOption({ label: 'Lê Minh Châu (CB03)' });
    await hp.getByLabel('Trích yếu').fill('Tờ trình kế hoạch năm 2027');
    await hp.getByLabel('Sản phẩm (danh mục)').selectOption({ label: 'Tờ trình đề xuất (× 0,8)' });
    await hp.getByLabel('Hạn', { exact: true }).fill('15/12/2026');
    await hp.getByRole('button', { name: 'Giao nhiệm vụ' }).click();
    await expectText(
      hp.locator('.alert-success'),
      /Đã giao nhiệm vụ “Tờ trình kế hoạch năm 2027” cho Lê Minh Châu/,
    );
    const stored = await app.db.query<{ coefficient: number }>(
      "SELECT coefficient::float8 AS coefficient FROM staff_tasks WHERE title = 'Tờ trình kế hoạch năm 2027'",
    );
    expect(stored).toEqual([{ coefficient: 0.8 }]);
    expect(chau.errors).toEqual([]);
    expect(head.errors).toEqual([]);
  });

  test('an administrator switches the frame of a period; the head may not', async () => {
    const hanoi = staffFrames().get('hn-qd3814-2018')!;
    const nd335 = staffFrames().get('vn-nd335-2025')!;
    const admin = await tabFor('qt.staff');
    const ap = admin.page;
    await ap.goto('/danh-gia-can-bo/khung?ky=2027-01');
    await expectText(ap.getByTestId('period-frame'), exactly(nd335.name));
    await ap.getByLabel('Chọn khung cho kỳ').selectOption(hanoi.id);
    await ap.getByRole('button', { name: 'Lưu khung' }).click();
    await expectText(ap.locator('.alert-success'), /Đã đổi khung đánh giá của kỳ/);
    await expectText(ap.getByTestId('period-frame'), exactly(hanoi.name));
    await screenshots(ap, 'staff-admin-02-frame');
    expect(await checkBothSizes(ap, 'staff-admin-02-frame', { loggedIn: true })).toEqual([]);
    const stored = await app.db.query("SELECT frame_id FROM staff_period_frames WHERE period = '2027-01'");
    expect(stored).toEqual([{ frame_id: 'hn-qd3814-2018' }]);

    const head = await tabFor('tp.binh');
    const hp = head.page;
    await hp.goto('/danh-gia-can-bo/khung?ky=2027-01');
    await expectText(hp.getByTestId('period-frame'), exactly(hanoi.name));
    expect(await textOf(hp.locator('main'))).toContain('Chỉ quản trị viên được đổi khung đánh giá của kỳ.');
    expect(await hp.getByLabel('Chọn khung cho kỳ').count()).toBe(0);
    expect(admin.errors).toEqual([]);
  });

  test('the head changes a proposed score at approval, only with a written reason', async () => {
    const head = await tabFor('tp.binh');
    const hp = head.page;
    await hp.goto(`/danh-gia-can-bo/nhom?don-vi=DEMO-VP&ky=${P}`);
    const form = hp.locator('form', { hasText: 'Sửa điểm khi phê duyệt' });
    await form.getByLabel('Cán bộ được sửa điểm').selectOption({ label: 'Lê Minh Châu (CB03)' });
    expect(await form.getByLabel('Tiêu chí chung (0–30)').inputValue()).toBe('28');
    await form.getByLabel('Tiêu chí chung (0–30)').fill('25');
    head.allow(/status of 400/);
    await form.getByRole('button', { name: 'Sửa điểm và phê duyệt' }).click();
    await expectText(form.locator('.alert-error'), /cần ghi lý do/);
    const before = await app.db.query(
      'SELECT state, final_manual, head_reason FROM staff_evaluations WHERE person_id = $1 AND period = $2',
      [chauId, P],
    );
    expect(before).toEqual([{ state: 'reviewed', final_manual: null, head_reason: null }]);
    await form.getByLabel('Lý do').fill('Chưa tham gia đủ buổi sinh hoạt chuyên môn');
    await form.getByRole('button', { name: 'Sửa điểm và phê duyệt' }).click();
    await expectText(form.locator('.alert-success'), /Đã phê duyệt 1 cán bộ/);
    await expectText(hp.locator('tr', { hasText: 'Lê Minh Châu' }), /Đã phê duyệt/);
    const after = await app.db.query<{ state: string; final_manual: unknown; head_reason: string }>(
      'SELECT state, final_manual, head_reason FROM staff_evaluations WHERE person_id = $1 AND period = $2',
      [chauId, P],
    );
    expect(after[0]).toMatchObject({
      state: 'approved',
      head_reason: 'Chưa tham gia đủ buổi sinh hoạt chuyên môn',
    });
    const fm = after[0]!.final_manual;
    expect(typeof fm === 'string' ? JSON.parse(fm) : fm).toEqual({ general: 25 });
    // The form now starts from the head's points.
    await expectText(hp.locator('tr', { hasText: 'Lê Minh Châu' }), /Đã phê duyệt 25/);
    expect(await form.getByLabel('Tiêu chí chung (0–30)').inputValue()).toBe('25');
    await screenshots(hp, 'staff-admin-03-change-score');
    expect(await checkBothSizes(hp, 'staff-admin-03-change-score', { loggedIn: true })).toEqual([]);
    expect(head.errors).toEqual([]);
  });
});
