// Browser journey of a satisfaction survey: the office creates a campaign for a dossier, imports
// households and prints the slips; a resident answers on a phone with the code (a second time is
// refused); the office keys a paper ballot; coverage, rates and the dossier's satisfaction result
// update. Screenshots at desktop and phone width go to test-results/screenshots/.
import type { Browser } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { systemActor } from '../src/access/index.ts';
import { createDossier } from '../src/dossiers/create.ts';
import { setPublication } from '../src/portal/publication.ts';
import { addUser, e2ePassword, type RunningApp, startApp } from './support/app.ts';
import { launchBrowser, loginAs, openTab, phone, screenshots, type Tab } from './support/browser.ts';
import { checkBothSizes } from './support/page-checks.ts';
import { expectText } from './support/wait.ts';

let app: RunningApp;
let browser: Browser;
const tabs: Tab[] = [];
let dossierId: number;

beforeAll(async () => {
  [app, browser] = await Promise.all([startApp({ auth: 'required' }), launchBrowser()]);
  await addUser(app.db, {
    username: 'mttq.xa.dong',
    displayName: 'Văn phòng điều phối',
    role: 'coordination_office',
    unitCode: 'P1',
  });
  await setPublication(app.db, systemActor, {
    frameworkId: 'demo-xa-2024',
    unitCode: 'P1',
    publishStatus: true,
    publishCriteria: true,
    indicators: [],
    date: new Date().toISOString().slice(0, 10),
  });
  dossierId = (
    await createDossier(app.db, systemActor, { unitCode: 'C4', frameworkId: 'demo-xa-2024', round: '2024' })
  ).id;
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

describe('satisfaction survey journey', { timeout: 180_000 }, () => {
  test('slips, one answer per code, a paper ballot, live results and the dossier', async () => {
    const office = await openTab(browser, app.url);
    tabs.push(office);
    await loginAs(office, app.url, 'mttq.xa.dong', e2ePassword);
    const { page } = office;
    await page.goto('/khao-sat-y-kien');
    await expectText(page.locator('h1'), /Khảo sát sự hài lòng của người dân/);

    // Create the campaign for the dossier.
    await page.getByLabel('Tên đợt').fill('Lấy ý kiến người dân xã Đông 2024');
    await page.getByLabel(/^Hồ sơ/).fill(String(dossierId));
    await page.getByLabel(/Thôn \/ tổ dân phố/).fill('Thôn Đông\nThôn Tây');
    await page.getByRole('button', { name: 'Tạo đợt' }).click();
    await expectText(page.locator('h1'), /Lấy ý kiến người dân xã Đông 2024/);
    await expectText(page.getByTestId('sv-dossier-rate'), /chưa có kết quả sự hài lòng/);

    // A bad file first: every bad row named, nothing added.
    office.allow(/400/);
    const fileInput = page.locator('input[type="file"]');
    await fileInput.setInputFiles({
      name: 'ho-sai.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from('village,household\nThôn Bắc,1\nThôn Đông,Đ1\nThôn Đông,Đ1\n'),
    });
    await page.getByRole('button', { name: 'Nhập danh sách hộ' }).click();
    await expectText(
      page.locator('.alert-error'),
      /không có hộ nào được thêm[\s\S]*Thôn Bắc[\s\S]*trùng với dòng 3/,
    );

    await fileInput.setInputFiles({
      name: 'ho.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(
        'Thôn/Tổ dân phố,Mã hộ,Họ tên chủ hộ,Số điện thoại\nThôn Đông,Đ1,Nguyễn Văn An\nThôn Đông,Đ2,Trần Thị Bình\nThôn Đông,Đ3,Lê Thị Cúc\nThôn Tây,T1,Phạm Văn Dũng\n',
      ),
    });
    await page.getByRole('button', { name: 'Nhập danh sách hộ' }).click();
    await expectText(page.getByRole('status'), /Đã thêm 4 hộ/);

    // Print the slips of all villages (a PDF).
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: /Phiếu in.*Tất cả các thôn/ }).click(),
    ]);
    const path = await download.path();
    const { readFileSync } = await import('node:fs');
    expect(readFileSync(path).subarray(0, 4).toString()).toBe('%PDF');
    await screenshots(page, 'surveys-01-campaign');
    expect(await checkBothSizes(page, 'surveys-01-campaign', { loggedIn: true })).toEqual([]);

    // The codes a household finds on its slip (read here from the database, as printed).
    const codes = new Map(
      (
        await app.db.query<{ household: string; code: string }>(
          'SELECT household, code FROM survey_households ORDER BY id',
        )
      ).map((h) => [h.household, h.code]),
    );

    // A resident on a phone, without an account.
    const resident = await openTab(browser, app.url);
    tabs.push(resident);
    resident.allow(/409|404/);
    const r = resident.page;
    await r.setViewportSize(phone);
    await r.goto(`/khao-sat/${codes.get('Đ1')}`);
    await expectText(r.locator('h1'), /Lấy ý kiến người dân xã Đông 2024/);
    await screenshots(r, 'surveys-02-resident-form');
    expect(await checkBothSizes(r, 'surveys-02-resident-form')).toEqual([]);
    await r.setViewportSize(phone);
    await r.getByRole('button', { name: 'Gửi ý kiến' }).click();
    await expectText(r.locator('.field-error'), /Xin chọn một câu trả lời cho câu hỏi chung/);
    for (const fs of await r.locator('fieldset').all())
      await fs.getByRole('radio', { name: 'Hài lòng', exact: true }).check();
    await r.locator('fieldset').first().getByText('Ý kiến khác (không bắt buộc)').click();
    await r.locator('fieldset').first().locator('textarea').fill('Đường thôn sạch, đẹp hơn trước.');
    await r.getByRole('button', { name: 'Gửi ý kiến' }).click();
    await expectText(r.locator('.rs-done'), /Cảm ơn ông\/bà đã trả lời!/);
    await screenshots(r, 'surveys-03-resident-thanks');
    expect(await checkBothSizes(r, 'surveys-03-resident-thanks')).toEqual([]);

    // The same code a second time: refused.
    await r.goto(`/khao-sat/${codes.get('Đ1')}`);
    await expectText(r.locator('.rs-refusal'), /Mã này đã được dùng[\s\S]*mỗi hộ chỉ trả lời một lần/);
    await screenshots(r, 'surveys-04-resident-used');
    expect(await checkBothSizes(r, 'surveys-04-resident-used')).toEqual([]);
    await r.goto('/khao-sat/SAIMA23456');
    await expectText(r.locator('.rs-refusal'), /Mã không đúng/);

    // The office keys a paper ballot of Thôn Tây: not satisfied overall.
    await page.reload();
    await expectText(page.getByTestId('sv-coverage'), /^25%$/);
    await expectText(page.getByTestId('sv-rate'), /^100%$/);
    await expectText(page.getByTestId('sv-dossier-rate'), /Tỷ lệ hài lòng 100% \(1\/4 hộ được hỏi\)/);
    const paper = page.locator('section', { has: page.getByRole('heading', { name: 'Nhập phiếu giấy' }) });
    await paper.getByLabel('Mã phiếu').fill(codes.get('T1')!.toLowerCase());
    await paper.getByLabel('Câu hỏi chung').selectOption('not_satisfied');
    await paper.getByRole('button', { name: 'Ghi phiếu giấy' }).click();
    await expectText(paper.getByRole('status'), /Đã ghi phiếu giấy của Thôn Tây/);
    await expectText(page.getByTestId('sv-coverage'), /^50%$/);
    await expectText(page.getByTestId('sv-rate'), /^50%$/);
    await expectText(page.getByTestId('sv-dossier-rate'), /Tỷ lệ hài lòng 50% \(2\/4 hộ được hỏi\)/);
    await expectText(page.getByTestId('sv-signals'), /chưa quy định/);
    await expectText(page.locator('#main'), /Đường thôn sạch, đẹp hơn trước\./);
    await screenshots(page, 'surveys-05-results');
    expect(await checkBothSizes(page, 'surveys-05-results', { loggedIn: true })).toEqual([]);

    const [row] = await app.db.query<{ channel: string; keyed_by: string }>(
      `SELECT a.channel, a.keyed_by FROM survey_answers a JOIN survey_households h ON h.id = a.household_id
       WHERE h.household = 'T1'`,
    );
    expect(row).toEqual({ channel: 'paper', keyed_by: 'mttq.xa.dong' });

    // Not on the public portal until the office publishes the results; then residents see the rate.
    const citizen = await openTab(browser, app.url);
    tabs.push(citizen);
    await citizen.page.goto('/cong-khai/C4');
    const section = citizen.page.locator('[data-section="surveys"]');
    await expectText(section, /Chưa có kết quả khảo sát/);
    const settings = page.locator('section[aria-labelledby="sv-settings"]');
    await settings.getByLabel(/Công khai kết quả trên cổng thông tin/).check();
    await settings.getByRole('button', { name: 'Lưu', exact: true }).click();
    await expectText(settings.getByRole('status'), /Đã lưu/);
    await citizen.page.reload();
    await expectText(section, /Lấy ý kiến người dân xã Đông 2024/);
    await expectText(section, /50% hài lòng \(2 phiếu\)/);
    await expectText(section, /đã khảo sát 2\/4 hộ \(50%\)/);
    expect(await citizen.page.content()).not.toContain(codes.get('T1')!);
    await screenshots(citizen.page, 'surveys-06-public-portal');
    expect(await checkBothSizes(citizen.page, 'surveys-06-public-portal')).toEqual([]);
  });
});
