// Browser journey of the staff evaluation (NĐ 335/2025): the head of the office assigns tasks,
// the civil servant completes some late, the manager rates quality and changes the proposed
// score with a reason, the head approves, the quota moves "xuất sắc" down, and the person sees
// the explanation and comments. Screenshots at desktop and phone width.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { systemActor } from '../src/access/index.ts';
import { createUser } from '../src/accounts/users.ts';
import { e2ePassword, type RunningApp, startApp } from './support/app.ts';
import { launchBrowser, loginAs, openTab, screenshots, type Tab } from './support/browser.ts';
import { checkBothSizes } from './support/page-checks.ts';
import { expectText, textOf } from './support/wait.ts';

let app: RunningApp;
let browser: Browser;
const tabs: Tab[] = [];
const P = '2026-05';

beforeAll(async () => {
  [app, browser] = await Promise.all([startApp({ auth: 'required' }), launchBrowser()]);
  for (const [username, code, name] of [
    ['tp.binh', 'CB02', 'Trần Thị Bình'],
    ['cv.dung', 'CB04', 'Phạm Đức Dũng'],
  ] as const) {
    const u = await createUser(app.db, {
      actor: systemActor,
      username,
      displayName: name,
      password: e2ePassword,
    });
    await app.db.query('UPDATE staff_people SET user_id = $1 WHERE code = $2', [u.id, code]);
  }
}, 240_000);

afterAll(async () => {
  for (const t of tabs) await t.context.close();
  await browser?.close();
  await app?.close();
});

async function tabFor(username: string): Promise<Tab> {
  const tab = await openTab(browser, app.url);
  await loginAs(tab, app.url, username, e2ePassword);
  tabs.push(tab);
  return tab;
}

describe('staff evaluation journey', { timeout: 180_000 }, () => {
  test('assign, complete late, rate, self-assess, adjust with a reason, approve with the quota, see the explanation', async () => {
    const head = await tabFor('tp.binh');
    const hp = head.page;
    // 1. The head of the office assigns three reports to Phạm Đức Dũng.
    await hp.goto(`/danh-gia-can-bo/nhom?don-vi=DEMO-VP&ky=${P}`);
    await expectText(hp.locator('h1'), /Nhóm của tôi — Văn phòng HĐND và UBND — Tháng 05\/2026/);
    for (const [doc, title, deadline] of [
      ['01/E2E', 'Báo cáo kết quả cải cách hành chính', '10/05/2026'],
      ['02/E2E', 'Báo cáo tình hình giải quyết hồ sơ', '15/05/2026'],
      ['03/E2E', 'Báo cáo công tác dân vận', '20/05/2026'],
    ]) {
      await hp.getByLabel('Người thực hiện').selectOption({ label: 'Phạm Đức Dũng (CB04)' });
      await hp.getByLabel('Trích yếu').fill(title!);
      await hp.getByLabel('Số văn bản').fill(doc!);
      await hp.getByLabel('Sản phẩm (danh mục)').selectOption({ label: 'Báo cáo định kỳ, chuyên đề (× 1)' });
      await hp.getByLabel('Hạn').fill(deadline!);
      await hp.getByRole('button', { name: 'Giao nhiệm vụ' }).click();
      // The message names this task (the one before stays shown only until this one is sent).
      await expectText(
        hp.locator('.alert-success'),
        new RegExp(`Đã giao nhiệm vụ “${title}” cho Phạm Đức Dũng`),
      );
    }
    await screenshots(hp, 'staff-01-team-assign');
    expect(await checkBothSizes(hp, 'staff-01-team-assign', { loggedIn: true })).toEqual([]);

    // 2. The civil servant finishes the second one three days late and self-assesses 30/30.
    const me = await tabFor('cv.dung');
    const mp = me.page;
    await mp.goto(`/danh-gia-can-bo/cua-toi?ky=${P}`);
    await expectText(mp.locator('h1'), /Phạm Đức Dũng/);
    for (const [doc, day] of [
      ['01/E2E', '10/05/2026'],
      ['02/E2E', '18/05/2026'],
      ['03/E2E', '20/05/2026'],
    ]) {
      const row = mp.locator('tr', { hasText: doc! });
      await row.getByLabel(`Hoàn thành ${doc}`).fill(day!);
      await row.getByRole('button', { name: 'Báo hoàn thành' }).click();
      await expectText(mp.locator('tr', { hasText: doc! }).locator('td').nth(5), new RegExp(day!));
    }
    await expectText(mp.locator('tr', { hasText: '02/E2E' }), /chậm/);
    await mp.getByLabel('Tiêu chí chung (0–30)').fill('30');
    await mp.getByLabel('Tự nhận xét').fill('Hoàn thành đủ ba báo cáo');
    await mp.getByRole('button', { name: 'Tự đánh giá' }).click();
    await expectText(mp.locator('.tag').first(), /Đã tự đánh giá/);

    // 3. The manager rates quality (one serious error in the late report) and lowers the score: a reason is required.
    await hp.goto(`/danh-gia-can-bo/nhom?don-vi=DEMO-VP&ky=${P}`);
    await hp.getByRole('link', { name: 'Phạm Đức Dũng' }).click();
    await expectText(hp.locator('h1'), /Phạm Đức Dũng/);
    for (const [doc, errors] of [
      ['01/E2E', '0'],
      ['02/E2E', '1'],
      ['03/E2E', '0'],
    ]) {
      const row = hp.locator('tr', { hasText: doc! });
      await row.getByLabel(`Số sai sót lớn (${doc})`).fill(errors!);
      await row.getByRole('button', { name: 'Đạt', exact: true }).click();
      await expectText(
        hp.locator('tr', { hasText: doc! }).locator('td').nth(6),
        errors === '1' ? /1 sai sót lớn/ : /^Đạt/,
      );
    }
    await hp.getByLabel('Tiêu chí chung (0–30)').fill('27');
    head.allow(/status of 400/);
    await hp.getByRole('button', { name: 'Người quản lý chấm' }).click();
    await expectText(hp.locator('.alert-error'), /cần ghi lý do/);
    await hp.getByLabel('Lý do').fill('Hai lần nộp báo cáo sát hạn, chưa chủ động');
    await hp.getByRole('button', { name: 'Người quản lý chấm' }).click();
    await expectText(hp.locator('.tag').first(), /Quản lý đã chấm/);
    // Hand-computed: 3 reports of 1 product; quantity 23,33; quality and timeliness 70/3 × 2,75/3 = 21,39 each; + 27.
    await expectText(hp.getByTestId('total'), /^93,11$/);
    await screenshots(hp, 'staff-02-manager-review');
    expect(await checkBothSizes(hp, 'staff-02-manager-review', { loggedIn: true })).toEqual([]);

    // 4. The head approves the team: 93,11 is "xuất sắc" by score, but the quota (20% of 1 person) moves it down.
    await hp.goto(`/danh-gia-can-bo/nhom?don-vi=DEMO-VP&ky=${P}`);
    await hp.getByLabel('Chọn Phạm Đức Dũng').check();
    await hp.getByRole('button', { name: /Phê duyệt các cán bộ đã chọn/ }).click();
    await expectText(hp.locator('.alert-success'), /Đã phê duyệt 1 cán bộ/);
    const row = hp.locator('tr', { hasText: 'Phạm Đức Dũng' });
    await expectText(row, /Đã phê duyệt/);
    expect(await textOf(row)).toMatch(/Hoàn thành xuất sắc nhiệm vụ Hoàn thành tốt nhiệm vụ Chuyển xuống/);
    await screenshots(hp, 'staff-03-team-approved');
    expect(await checkBothSizes(hp, 'staff-03-team-approved', { loggedIn: true })).toEqual([]);

    // 5. The person sees the result line by line and comments.
    await mp.reload();
    await expectText(mp.getByTestId('band'), /^Hoàn thành tốt nhiệm vụ$/);
    await expectText(mp.getByTestId('quota-reason'), /ngoài hạn mức 20% × 1 người/);
    const explanation = await textOf(mp.getByTestId('explanation'));
    expect(explanation).toContain(
      '02/E2E – Báo cáo tình hình giải quyết hồ sơ (chủ trì, 1 SP quy đổi, hạn 15/05/2026)',
    );
    expect(explanation).toContain('chất lượng đạt +5,83 (1 sai sót lớn × −25%)');
    expect(explanation).toContain('chậm 1 lần × −25% → tiến độ +5,83');
    expect(explanation).toContain('Tổng điểm 93,11/100 → Hoàn thành xuất sắc nhiệm vụ');
    await mp.getByLabel('Ý kiến của tôi về kết quả').fill('Tôi đã hiểu cách tính điểm.');
    await mp.getByRole('button', { name: 'Gửi' }).click();
    await expectText(mp.locator('.alert-success'), /Ý kiến đã được ghi nhận/);
    await screenshots(mp, 'staff-04-my-result');
    expect(await checkBothSizes(mp, 'staff-04-my-result', { loggedIn: true })).toEqual([]);

    // 6. The head of the office looks at the unit's band distribution (demo months approved earlier).
    await hp.goto(`/danh-gia-can-bo/don-vi?don-vi=DEMO-VP&tu=2026-04&den=${P}`);
    await expectText(hp.getByTestId('dist-2026-05'), /1 người/);
    await screenshots(hp, 'staff-05-unit-distribution');
    expect(await checkBothSizes(hp, 'staff-05-unit-distribution', { loggedIn: true })).toEqual([]);
    expect(head.errors).toEqual([]);
    expect(me.errors).toEqual([]);
  });
});
