// Browser journey of one recognition dossier (QĐ 18/2022/QĐ-TTg), with accounts required: Xã Đông
// (C4, test province P1) goes through self-assessment, submission (figures locked), appraisal by
// two departments each seeing only its criterion, one rework round, resubmission, council vote
// and recognition; then a 2025 figure puts the recognised commune into the revocation conditions
// and the overview and the unit page flag it. Screenshots of each stage at desktop and phone
// width go to test-results/screenshots/ (dossier-*.png).
import { readFileSync } from 'node:fs';
import PDFDocument from 'pdfkit';
import type { Browser, Page } from 'playwright-core';
import QRCode from 'qrcode';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { addUser, e2ePassword, type RunningApp, startApp } from './support/app.ts';
import { launchBrowser, loginAs, openTab, screenshots, type Tab } from './support/browser.ts';
import { checkBothSizes } from './support/page-checks.ts';
import { expectRefusal, expectText, textOf } from './support/wait.ts';

const FW = 'demo-xa-2024';

let app: RunningApp;
let browser: Browser;
const tabs: Tab[] = [];

/** A real one-page PDF (pdfkit), so that the browser can preview it. */
function pdf(text: string): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const doc = new PDFDocument({ size: 'A5' });
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    doc.fontSize(18).text(text);
    doc.end();
  });
}

const users = {
  commune: {
    username: 'can.bo.xa.dong',
    displayName: 'Cán bộ xã Đông',
    role: 'commune_officer',
    unitCode: 'C4',
  },
  transport: {
    username: 'so.gtvt',
    displayName: 'Sở Giao thông vận tải',
    role: 'department_reviewer',
    unitCode: 'P1',
    frameworkId: FW,
    criteria: ['1'],
  },
  finance: {
    username: 'so.tai.chinh',
    displayName: 'Sở Tài chính',
    role: 'department_reviewer',
    unitCode: 'P1',
    frameworkId: FW,
    criteria: ['2'],
  },
  office: {
    username: 'van.phong.dieu.phoi',
    displayName: 'Văn phòng Điều phối NTM tỉnh',
    role: 'coordination_office',
    unitCode: 'P1',
  },
  councilA: {
    username: 'hoi.dong.a',
    displayName: 'Thành viên hội đồng A',
    role: 'council_member',
    unitCode: 'P1',
  },
  councilB: {
    username: 'hoi.dong.b',
    displayName: 'Thành viên hội đồng B',
    role: 'council_member',
    unitCode: 'P1',
  },
} as const;

/** A logged-in tab of one of the journey's people. */
async function tabOf(who: keyof typeof users): Promise<Page> {
  const tab = await openTab(browser, app.url);
  await loginAs(tab, app.url, users[who].username, e2ePassword);
  tabs.push(tab);
  return tab.page;
}

beforeAll(async () => {
  [app, browser] = await Promise.all([startApp({ auth: 'required' }), launchBrowser()]);
  for (const u of Object.values(users))
    await addUser(app.db, { ...u, criteria: 'criteria' in u ? [...u.criteria] : undefined });
}, 240_000);

afterAll(async () => {
  const errors = tabs.flatMap((t) => t.errors);
  for (const t of tabs) await t.context.close();
  await browser?.close();
  await app?.close();
  expect(errors, 'console errors').toEqual([]);
});

const item = (page: Page, code: string) => page.locator(`article[data-indicator="${code}"]`);
const action = (page: Page, name: string) => page.locator(`form[data-action="${name}"]`);
const state = (page: Page) => page.locator('.dossier-summary .dossier-state');

/**
 * The workflow steps the page offers this reader (each step's form or control is marked
 * `data-step`) are exactly the dossier's `steps` as the API gives them to the same session;
 * returns them, sorted.
 */
async function shownSteps(page: Page, url: string): Promise<string[]> {
  const answer = await page.context().request.get(`${app.url}/api${url.replace(/^\/ho-so/, '/dossiers')}`);
  expect(answer.status()).toBe(200);
  const { steps } = (await answer.json()) as { steps: Record<string, boolean> };
  const allowed = Object.keys(steps)
    .filter((k) => steps[k])
    .sort();
  const onPage = async () =>
    [
      ...new Set(
        await page
          .locator('main [data-step]')
          .evaluateAll((els) => els.map((e) => e.getAttribute('data-step'))),
      ),
    ].sort();
  await expect.poll(onPage, { timeout: 15_000, interval: 100 }).toEqual(allowed);
  return allowed;
}

describe('recognition dossier journey', { timeout: 300_000 }, () => {
  let dossierUrl = '';

  test('the coordination office creates the dossier; the commune corrects its figures while it is a draft', async () => {
    const office = await tabOf('office');
    await office.goto('/ho-so');
    await expectText(office.locator('h1'), /^Hồ sơ xét công nhận$/);
    await expectText(office.locator('nav.main-nav'), /Hồ sơ/);
    // The unit is picked by its name, typed without accents.
    await office.getByLabel('Kỳ số liệu').fill('2024');
    await office
      .getByLabel(/^Đơn vị \(gõ tên/)
      .last()
      .fill('xa dong');
    await office.getByRole('button', { name: /^Xã Đông\s*Xã · C4 ·/ }).click();
    await expectText(office.locator('.unit-picked-name').last(), /Xã Đông \(C4\)/);
    await office.locator('form select').last().selectOption(FW);
    await office.getByRole('button', { name: 'Lập hồ sơ' }).click();
    await office.waitForURL(/\/ho-so\/\d+$/);
    dossierUrl = new URL(office.url()).pathname;
    await expectText(office.locator('h1'), /Hồ sơ #\d+ — Xã Đông, kỳ 2024/);
    await expectText(state(office), /Đang lập/);
    // The office may not self-assess nor submit: no such buttons, nor any upload.
    expect(await shownSteps(office, dossierUrl)).toEqual([]);
    expect(await action(office, 'submit').count()).toBe(0);
    expect(await office.getByRole('button', { name: 'Lưu tự đánh giá' }).count()).toBe(0);
    await screenshots(office, 'dossier-01-created');
    expect(await checkBothSizes(office, 'dossier-01-created', { loggedIn: true })).toEqual([]);

    // Draft: the commune may still change its 2024 figures (1.2 and 2.1) on its unit page.
    const commune = await tabOf('commune');
    await commune.goto(`/don-vi/C4?framework=${FW}&period=2024`);
    await expectText(commune.locator('h1'), /^Xã Đông$/);
    await expectText(commune.locator('.unit-dossiers'), /Hồ sơ xét công nhận của đơn vị/);
    await commune.getByRole('button', { name: 'Sửa số liệu 1.2' }).click();
    await commune.getByLabel('Số liệu mới').selectOption('có');
    await commune.getByRole('button', { name: 'Lưu' }).click();
    await expectText(commune.locator('.alert-success'), /Đã lưu số liệu 1\.2/);
    await commune.getByRole('button', { name: 'Sửa số liệu 2.1' }).click();
    await commune.getByLabel('Số liệu mới').fill('70');
    await commune.getByRole('button', { name: 'Lưu' }).click();
    await expectText(commune.locator('.alert-success'), /Đã lưu số liệu 2\.1/);
    await expectText(commune.locator('.summary'), /2\/2 tiêu chí đạt/);
  });

  test('the commune uploads evidence, self-assesses and records the procedure, then submits (figures locked)', async () => {
    const [, commune] = tabs.map((t) => t.page) as [Page, Page];
    const communeTab = tabs[1]!;
    await commune.goto(dossierUrl);
    await expectText(state(commune), /Đang lập/);
    await expectText(item(commune, '1.1'), /95%.*Đạt/);
    // Draft: the commune edits; submitting waits for the self-assessment (the API's reason).
    expect(await shownSteps(commune, dossierUrl)).toEqual([
      'change_evidence',
      'record_procedure',
      'self_assess',
    ]);
    await expectText(commune.locator('.action-reason'), /Cần tự đánh giá đủ mọi chỉ tiêu/);
    await screenshots(commune, 'dossier-steps-draft-commune');

    // Several files for one indicator: a PDF and a PNG, types checked from the content.
    const minutes = await pdf('Bien ban nghiem thu duong xa 2024');
    const photo = await QRCode.toBuffer('Anh hien truong duong xa Dong', { width: 240 });
    await item(commune, '1.1')
      .locator('input[type=file]')
      .setInputFiles([
        { name: 'bien-ban-nghiem-thu.pdf', mimeType: 'application/pdf', buffer: minutes },
        { name: 'ảnh-hiện-trường.png', mimeType: 'image/png', buffer: photo },
      ]);
    await item(commune, '1.1').getByRole('button', { name: 'Đính kèm' }).click();
    await expectText(
      item(commune, '1.1').locator('.evidence-list'),
      /bien-ban-nghiem-thu\.pdf.*ảnh-hiện-trường\.png/,
    );

    // A file whose content is not an accepted type is refused with the reason, nothing stored.
    communeTab.allow(/status of 400/);
    await item(commune, '1.2')
      .locator('input[type=file]')
      .setInputFiles([
        { name: 'quy-hoach.pdf', mimeType: 'application/pdf', buffer: Buffer.from('chỉ là văn bản') },
      ]);
    await item(commune, '1.2').getByRole('button', { name: 'Đính kèm' }).click();
    await expectRefusal(item(commune, '1.2').locator('.alert-error'), 'INVALID_EVIDENCE', /quy-hoach\.pdf/);
    await expectText(item(commune, '1.2'), /Chưa có minh chứng/);

    // The same PDF reused for 1.2 and 2.1 (no new upload).
    for (const code of ['1.2', '2.1']) {
      await item(commune, code)
        .getByLabel('Hoặc dùng lại tệp đã có')
        .selectOption({ label: 'bien-ban-nghiem-thu.pdf' });
      await item(commune, code).getByRole('button', { name: 'Đính kèm' }).click();
      await expectText(item(commune, code).locator('.evidence-list'), /bien-ban-nghiem-thu\.pdf/);
    }

    // Preview: the image inline, the PDF in a frame, both served inline with their media type.
    await item(commune, '1.1').getByRole('button', { name: 'Xem trước' }).last().click();
    const img = item(commune, '1.1').locator('.evidence-preview img');
    await img.waitFor();
    await expect.poll(() => img.evaluate((i: HTMLImageElement) => i.naturalWidth)).toBeGreaterThan(100);
    await item(commune, '1.1').getByRole('button', { name: 'Xem trước' }).first().click();
    const frame = item(commune, '1.1').locator('.evidence-preview iframe');
    const src = await frame.getAttribute('src');
    const served = await commune.context().request.get(new URL(src!, app.url).href);
    expect(served.headers()['content-type']).toBe('application/pdf');
    expect(served.headers()['content-disposition']).toMatch(/^inline; filename="bien-ban-nghiem-thu\.pdf"/);

    // The commune's own view beside the engine's status.
    for (const code of ['1.1', '1.2', '2.1'])
      await item(commune, code).getByLabel(`Xã tự đánh giá chỉ tiêu ${code}`).selectOption('met');
    await item(commune, '2.1').getByLabel('Giải trình').fill('Theo điều tra thu nhập hộ gia đình năm 2024');
    await commune.getByRole('button', { name: 'Lưu tự đánh giá' }).click();
    await expectText(state(commune), /Đã tự đánh giá/);
    expect(await shownSteps(commune, dossierUrl)).toEqual([
      'change_evidence',
      'record_procedure',
      'self_assess',
      'submit',
    ]);
    await screenshots(commune, 'dossier-02-self-assessed');
    expect(await checkBothSizes(commune, 'dossier-02-self-assessed', { loggedIn: true })).toEqual([]);

    // Procedure: four postings are not enough (live message), the fifth makes it.
    const dates = ['01/10/2024', '04/10/2024', '07/10/2024', '10/10/2024', '14/10/2024'];
    for (let n = 0; n < 4; n++) {
      if (n > 0) await commune.getByRole('button', { name: 'Thêm lần niêm yết' }).click();
      await commune.getByLabel(`Ngày niêm yết ${n + 1}`).fill(dates[n]!);
      await commune.getByLabel(`Nơi niêm yết ${n + 1}`).fill('Trụ sở UBND xã');
    }
    await expectText(commune.locator('.live-check').first(), /Chỉ niêm yết 4 lần/);
    await commune.getByRole('button', { name: 'Thêm lần niêm yết' }).click();
    await commune.getByLabel('Ngày niêm yết 5').fill(dates[4]!);
    await commune.getByLabel('Nơi niêm yết 5').fill('Nhà văn hóa thôn Đông');
    await expectText(commune.locator('.live-check').first(), /Niêm yết 5 lần trong 15 ngày/);
    const step = (legend: RegExp) => commune.locator('fieldset.procedure-step').filter({ hasText: legend });
    await step(/Mặt trận|MTTQ/)
      .getByLabel('Ngày')
      .fill('16/10/2024');
    await step(/MTTQ/).getByLabel('Tóm tắt ý kiến').fill('Ủy ban MTTQ xã nhất trí với báo cáo');
    await step(/hài lòng/)
      .getByLabel('Tỷ lệ hài lòng (%)')
      .fill('93,5');
    await step(/hài lòng/)
      .getByLabel('Số hộ được hỏi')
      .fill('1043');
    await step(/hài lòng/)
      .getByLabel('Tổng số hộ')
      .fill('1269');
    await step(/cuộc họp/)
      .getByLabel('Ngày')
      .fill('20/10/2024');
    await step(/cuộc họp/)
      .getByLabel('Số người dự')
      .fill('40');
    await step(/cuộc họp/)
      .getByLabel('Tán thành', { exact: true })
      .fill('38');
    await step(/cuộc họp/)
      .getByLabel('Không tán thành')
      .fill('1');
    await step(/cuộc họp/)
      .getByLabel('Không biểu quyết')
      .fill('1');
    await step(/nợ đọng/)
      .getByLabel('Ngày')
      .fill('18/10/2024');
    await step(/nợ đọng/)
      .getByLabel(/Số nợ còn lại/)
      .fill('0');
    await commune.getByRole('button', { name: 'Lưu thủ tục' }).click();
    await expect.poll(() => commune.locator('ul.checks li.check-ok').count()).toBe(5);
    expect(await commune.locator('ul.checks li.check-fail').count()).toBe(0);
    await screenshots(commune, 'dossier-03-procedure');
    expect(await checkBothSizes(commune, 'dossier-03-procedure', { loggedIn: true })).toEqual([]);

    await action(commune, 'submit').getByRole('button', { name: 'Nộp hồ sơ' }).click();
    await expectText(state(commune), /Đã nộp/);
    await expectText(commune.locator('.dossier-summary .alert-warning'), /Hồ sơ đã nộp — số liệu bị khóa/);
    expect(await commune.getByRole('button', { name: 'Lưu tự đánh giá' }).count()).toBe(0);
    expect(await commune.getByRole('button', { name: 'Đính kèm' }).count()).toBe(0);
    expect(await shownSteps(commune, dossierUrl)).toEqual([]);
    await screenshots(commune, 'dossier-04-submitted');
    expect(await checkBothSizes(commune, 'dossier-04-submitted', { loggedIn: true })).toEqual([]);

    // A locked figure: the unit page says which dossier locks it.
    communeTab.allow(/status of 409/);
    await commune.goto(`/don-vi/C4?framework=${FW}&period=2024`);
    await commune.getByRole('button', { name: 'Sửa số liệu 1.1' }).click();
    await commune.getByLabel('Số liệu mới').fill('80');
    await commune.getByRole('button', { name: 'Lưu' }).click();
    const refused = commune.locator('.value-editor .alert-error');
    await expectRefusal(refused, 'DOSSIER_LOCKED', /Số liệu bị khóa bởi hồ sơ đã nộp.*hồ sơ đã nộp/);
    await expectText(commune.locator('#ind-1\\.1'), /95%/);
    expect(await commune.getByRole('link', { name: /Xem hồ sơ #\d+/ }).getAttribute('href')).toBe(dossierUrl);
    await screenshots(commune, 'dossier-05-figure-locked');
    // The 409 names the figure as officials know it (unit, figure, framework), never by its key.
    expect(await checkBothSizes(commune, 'dossier-05-figure-locked', { loggedIn: true })).toEqual([]);

    // Changing it needs the dossier reopened (by the coordination office, with a reason, recorded).
    const office = tabs[0]!.page;
    await office.goto(dossierUrl);
    await expectText(state(office), /Đã nộp/);
    expect(await shownSteps(office, dossierUrl)).toEqual(['reopen', 'schedule_visit', 'start_appraisal']);
    await screenshots(office, 'dossier-steps-submitted-office');
    const reopen = action(office, 'reopen');
    await reopen.getByLabel('Lý do').fill('Xã đề nghị cập nhật tỷ lệ đường cứng hóa');
    await reopen.getByRole('button', { name: 'Mở lại hồ sơ' }).click();
    await expectText(state(office), /Đang lập/);
    await expectText(office.locator('.dossier-summary'), /Số lần mở lại 1/);
    await expectText(
      office.locator('.timeline'),
      /Đã nộp → Đang lập.*Xã đề nghị cập nhật tỷ lệ đường cứng hóa/,
    );
    await screenshots(office, 'dossier-05b-reopened');
    expect(await checkBothSizes(office, 'dossier-05b-reopened', { loggedIn: true })).toEqual([]);

    // Open again: the figure is saved, then the commune confirms its self-assessment and submits again.
    await commune.goto(`/don-vi/C4?framework=${FW}&period=2024`);
    await commune.getByRole('button', { name: 'Sửa số liệu 1.1' }).click();
    await commune.getByLabel('Số liệu mới').fill('96');
    await commune.getByRole('button', { name: 'Lưu' }).click();
    await expectText(commune.locator('.alert-success'), /Đã lưu số liệu 1\.1/);
    await commune.goto(dossierUrl);
    await expectText(item(commune, '1.1'), /96%.*Đạt/);
    await commune.getByRole('button', { name: 'Lưu tự đánh giá' }).click();
    await expectText(state(commune), /Đã tự đánh giá/);
    await action(commune, 'submit').getByRole('button', { name: 'Nộp hồ sơ' }).click();
    await expectText(state(commune), /Đã nộp/);
  });

  test('two departments each rule only on their criterion; the office sends one rework request', async () => {
    const office = tabs[0]!.page;
    await office.goto(dossierUrl);
    await action(office, 'start-appraisal').getByRole('button').click();
    await expectText(state(office), /Đang thẩm định/);
    expect(await shownSteps(office, dossierUrl)).toEqual([
      'complete_appraisal',
      'reopen',
      'request_rework',
      'schedule_visit',
    ]);
    await screenshots(office, 'dossier-steps-appraisal-office');

    const transport = await tabOf('transport');
    await transport.goto(dossierUrl);
    expect(await shownSteps(transport, dossierUrl)).toEqual(['rule']);
    await expectText(transport.locator('.alert-info'), /chỉ thấy các tiêu chí được giao thẩm định: 1\./);
    await expectText(transport.locator('.criterion-block h3').first(), /Tiêu chí 1: Giao thông/);
    expect(await transport.locator('.criterion-block').count()).toBe(1);
    expect(await item(transport, '2.1').count()).toBe(0);
    // The evidence and the commune's own view, beside the figures.
    await expectText(item(transport, '1.1'), /96%.*Đạt.*bien-ban-nghiem-thu\.pdf/);
    for (const code of ['1.1', '1.2']) {
      await item(transport, code)
        .getByLabel('Ghi chú nội bộ (xã không thấy)')
        .fill(`Đã đối chiếu hồ sơ gốc ${code}`);
      await item(transport, code).getByRole('button', { name: 'Lưu kết luận' }).click();
      await expectText(item(transport, code).locator('.ruling'), /Đạt/);
    }
    await screenshots(transport, 'dossier-06-transport-rules');
    expect(await checkBothSizes(transport, 'dossier-06-transport-rules', { loggedIn: true })).toEqual([]);

    const finance = await tabOf('finance');
    await finance.goto(dossierUrl);
    await expectText(finance.locator('.criterion-block h3'), /Tiêu chí 2: Thu nhập/);
    expect(await finance.locator('.criterion-block').count()).toBe(1);
    expect(await item(finance, '1.1').count()).toBe(0);
    const income = item(finance, '2.1');
    await expectText(income, /Theo điều tra thu nhập hộ gia đình năm 2024/);
    await income.getByLabel('Đạt có điều kiện').check();
    await income.getByLabel('Nhận xét gửi xã').fill('Bổ sung bảng tổng hợp thu nhập theo thôn');
    await income.getByLabel('Ghi chú nội bộ (xã không thấy)').fill('Mẫu điều tra còn mỏng, cần kiểm tra lại');
    await income.getByRole('button', { name: 'Lưu kết luận' }).click();
    await expectText(
      income.locator('.ruling'),
      /Đạt có điều kiện.*Bổ sung bảng tổng hợp.*Mẫu điều tra còn mỏng/,
    );
    await screenshots(finance, 'dossier-07-finance-rules');
    expect(await checkBothSizes(finance, 'dossier-07-finance-rules', { loggedIn: true })).toEqual([]);

    await office.reload();
    const rework = action(office, 'rework');
    await expectText(rework, /2\.1.*Đạt có điều kiện.*Bổ sung bảng tổng hợp thu nhập/);
    await rework.getByLabel('Lời nhắn').fill('Đề nghị xã bổ sung trong thời hạn');
    await rework.getByRole('button', { name: 'Gửi yêu cầu bổ sung' }).click();
    await expectText(state(office), /Yêu cầu bổ sung/);
    await expectText(office.locator('[data-testid=rework-rounds]'), /^1$/);
    await screenshots(office, 'dossier-08-rework-requested');
    expect(await checkBothSizes(office, 'dossier-08-rework-requested', { loggedIn: true })).toEqual([]);
  });

  test('the commune sees the rework request without any internal note, adds evidence and resubmits', async () => {
    const commune = tabs[1]!.page;
    await commune.goto(dossierUrl);
    await expectText(state(commune), /Yêu cầu bổ sung/);
    await expectText(
      commune.locator('.rework-request'),
      /Lần 1.*2\.1.*Đạt có điều kiện.*Bổ sung bảng tổng hợp thu nhập theo thôn/,
    );
    const all = await textOf(commune.locator('main'));
    expect(all).toContain('Bổ sung bảng tổng hợp thu nhập theo thôn');
    expect(all).not.toContain('Mẫu điều tra còn mỏng');
    expect(all).not.toContain('Đã đối chiếu hồ sơ gốc');
    expect(all).not.toContain('Ghi chú nội bộ');
    expect(await commune.content()).not.toContain('Mẫu điều tra còn mỏng');
    // Editable again during rework.
    await item(commune, '2.1')
      .locator('input[type=file]')
      .setInputFiles([
        {
          name: 'bang-tong-hop-thu-nhap.pdf',
          mimeType: 'application/pdf',
          buffer: await pdf('Bang tong hop thu nhap'),
        },
      ]);
    await item(commune, '2.1').getByRole('button', { name: 'Đính kèm' }).click();
    await expectText(item(commune, '2.1').locator('.evidence-list'), /bang-tong-hop-thu-nhap\.pdf/);
    await screenshots(commune, 'dossier-09-commune-rework');
    expect(await checkBothSizes(commune, 'dossier-09-commune-rework', { loggedIn: true })).toEqual([]);
    await action(commune, 'resubmit')
      .getByLabel('Giải trình những gì đã bổ sung')
      .fill('Đã bổ sung bảng tổng hợp thu nhập theo thôn');
    await action(commune, 'resubmit').getByRole('button', { name: 'Nộp lại' }).click();
    await expectText(state(commune), /Đã nộp lại/);
    await expectText(commune.locator('.rework-request'), /Xã giải trình: Đã bổ sung bảng tổng hợp/);
  });

  test('second appraisal round, council vote and the recognition decision with its scan', async () => {
    const office = tabs[0]!.page;
    await office.goto(dossierUrl);
    await action(office, 'start-appraisal').getByRole('button').click();
    await expectText(state(office), /Đang thẩm định/);

    const finance = tabs[3]!.page;
    await finance.goto(dossierUrl);
    await item(finance, '2.1').getByLabel('Đạt', { exact: true }).check();
    await item(finance, '2.1').getByRole('button', { name: 'Lưu kết luận' }).click();
    // Round 3: the reopening started the appraisal afresh (round 2 was the rework round).
    await expectText(item(finance, '2.1').locator('.ruling'), /Đạt \(lượt 3\)/);

    await office.reload();
    await action(office, 'complete-appraisal').getByRole('button').click();
    await expectText(state(office), /Đã thẩm định/);
    expect(await shownSteps(office, dossierUrl)).toEqual([
      'attach_decision',
      'recognize',
      'refuse',
      'reopen',
    ]);
    await screenshots(office, 'dossier-steps-appraised-office');

    for (const who of ['councilA', 'councilB'] as const) {
      const member = await tabOf(who);
      await member.goto(dossierUrl);
      await action(member, 'vote').waitFor();
      expect(await shownSteps(member, dossierUrl)).toEqual(['vote']);
      expect(await action(member, 'recognize').count()).toBe(0);
      await action(member, 'vote').getByLabel('Đồng ý', { exact: true }).check();
      await action(member, 'vote').getByRole('button', { name: 'Ghi biểu quyết' }).click();
      await expectText(
        member.locator('#council-title + p'),
        new RegExp(`Đồng ý ${who === 'councilA' ? 1 : 2}`),
      );
      if (who === 'councilB') {
        await screenshots(member, 'dossier-10-council');
        expect(await checkBothSizes(member, 'dossier-10-council', { loggedIn: true })).toEqual([]);
      }
    }

    // The office attaches the council's minutes (biên bản họp hội đồng) beside the votes.
    await office.reload();
    const council = office.locator('section[aria-labelledby="council-title"]');
    await council.locator('input[type=file]').setInputFiles({
      name: 'biên-bản-họp-hội-đồng.pdf',
      mimeType: 'application/pdf',
      buffer: await pdf('Bien ban hop hoi dong tham dinh'),
    });
    await council.getByRole('button', { name: 'Đính kèm' }).click();
    await expectText(council.locator('.evidence-list'), /biên-bản-họp-hội-đồng\.pdf/);
    const recognize = action(office, 'recognize');
    await recognize.getByLabel('Số quyết định').fill('123/QĐ-UBND');
    await recognize.getByLabel('Ngày quyết định').fill('20/12/2024');
    await recognize.getByLabel('Người ký').fill('Chủ tịch UBND tỉnh Thử Nghiệm');
    await recognize.getByLabel('Bản quét quyết định').setInputFiles({
      name: 'quyết-định-123.pdf',
      mimeType: 'application/pdf',
      buffer: await pdf('Quyet dinh 123/QD-UBND'),
    });
    await recognize.getByRole('button', { name: 'Ghi nhận quyết định' }).click();
    await expectText(state(office), /Đã công nhận/);
    await expectText(
      office.locator('.decision'),
      /123\/QĐ-UBND, ngày 20\/12\/2024, Chủ tịch UBND tỉnh Thử Nghiệm.*quyết-định-123\.pdf/,
    );
    await expectText(
      office.locator('.timeline'),
      /Đang lập → .*Đã tự đánh giá.*Đã nộp.*Đang thẩm định.*Yêu cầu bổ sung.*Đã nộp lại.*Đã thẩm định.*Đã công nhận/,
    );
    await screenshots(office, 'dossier-11-recognised');
    expect(await checkBothSizes(office, 'dossier-11-recognised', { loggedIn: true })).toEqual([]);

    // The whole dossier as one ZIP.
    const [download] = await Promise.all([
      office.waitForEvent('download'),
      office.getByRole('link', { name: /Tải hồ sơ \(ZIP\)/ }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^ho-so-\d+-xa-dong-2024\.zip$/);
    const zip = readFileSync((await download.path())!);
    expect(zip.subarray(0, 2).toString()).toBe('PK');
  });

  test('a 2025 figure puts the recognised commune into the revocation conditions: flagged on the overview and its page', async () => {
    const office = tabs[0]!.page;
    await office.goto(`/tong-quan?unit=P1&framework=${FW}&period=2025`);
    await expectText(office.locator('table.matrix'), /Xã Đông/);
    // Recognised, and not (yet) in the revocation conditions: 2025 has no figures for Xã Đông.
    const watch = await office
      .context()
      .request.get(`${app.url}/api/dossiers/revocation-flags?framework=${FW}&period=2025`);
    const before = (await watch.json()) as { units: Array<{ unit: { code: string }; flagged: boolean }> };
    expect(before.units.map((u) => [u.unit.code, u.flagged])).toEqual([['C4', false]]);
    expect(await office.locator('.revocation-banner').count()).toBe(0);
    expect(await office.locator('.revocation-badge').count()).toBe(0);

    const commune = tabs[1]!.page;
    await commune.goto(`/don-vi/C4?framework=${FW}&period=2025`);
    await expectText(commune.locator('h1'), /^Xã Đông$/);
    await commune.getByRole('button', { name: 'Sửa số liệu 2.1' }).click();
    await commune.getByLabel('Số liệu mới').fill('40');
    await commune.getByLabel('Ghi chú').fill('Số liệu sơ bộ năm 2025');
    await commune.getByRole('button', { name: 'Lưu' }).click();
    await expectText(commune.locator('.alert-success'), /Đã lưu số liệu 2\.1/);
    await commune.reload();
    await expectText(
      commune.locator('.revocation-banner'),
      /thuộc trường hợp xem xét thu hồi.*123\/QĐ-UBND.*1\/2 tiêu chí chưa đạt \(50%\) ≥ 50%/,
    );
    await screenshots(commune, 'dossier-12-unit-flagged');
    expect(await checkBothSizes(commune, 'dossier-12-unit-flagged', { loggedIn: true })).toEqual([]);

    await office.reload();
    await expectText(
      office.locator('.revocation-banner'),
      /1 đơn vị đã công nhận thuộc trường hợp xem xét thu hồi.*Xã Đông/,
    );
    const row = office.locator('table.matrix tbody tr').filter({ hasText: 'Xã Đông' });
    await expectText(row.locator('.revocation-badge'), /Xem xét thu hồi/);
    await screenshots(office, 'dossier-13-overview-flagged');
    expect(await checkBothSizes(office, 'dossier-13-overview-flagged', { loggedIn: true })).toEqual([]);
    // The dossier page itself carries the flag of its recognised unit.
    await office.goto(dossierUrl);
    await expectText(
      office.getByTestId('dossier-revocation-flag'),
      /đang thuộc diện xem xét thu hồi \(kỳ 2025\).*1\/2 tiêu chí chưa đạt/,
    );
    await screenshots(office, 'dossier-13b-dossier-flagged');
    expect(await checkBothSizes(office, 'dossier-13b-dossier-flagged', { loggedIn: true })).toEqual([]);

    // The list, filtered by state in the address; the unit page links to it.
    await office.goto('/ho-so?state=recognised');
    const rows = office.locator('table.dossier-table tbody tr');
    await expectText(
      rows.first(),
      /Xã Đông \(C4\).*Bộ tiêu chí thử nghiệm cấp xã.*2024.*Đã công nhận.*khóa.*1/,
    );
    expect(await rows.count()).toBe(1);
    await office.getByLabel('Trạng thái').selectOption('draft');
    await office.waitForURL(/state=draft/);
    await expectText(office.locator('.empty'), /Chưa có hồ sơ nào phù hợp/);
    await office.getByLabel('Trạng thái').selectOption('recognised');
    await expectText(rows.first(), /Đã công nhận/);
    await screenshots(office, 'dossier-14-list');
    expect(await checkBothSizes(office, 'dossier-14-list', { loggedIn: true })).toEqual([]);
  });

  test('the office revokes the recognition with a reason and the scanned revocation decision', async () => {
    const office = tabs[0]!.page;
    await office.goto(dossierUrl);
    expect(await shownSteps(office, dossierUrl)).toEqual(['attach_revocation', 'revoke']);
    const revoke = action(office, 'revoke');
    await revoke.getByLabel('Số quyết định').fill('45/QĐ-UBND');
    await revoke.getByLabel('Ngày quyết định').fill('20/11/2025');
    await revoke.getByLabel('Lý do').fill('Tiêu chí thu nhập không còn đạt năm 2025');
    await revoke.getByLabel('Bản quét quyết định thu hồi').setInputFiles({
      name: 'quyết-định-thu-hồi-45.pdf',
      mimeType: 'application/pdf',
      buffer: await pdf('Quyet dinh thu hoi 45/QD-UBND'),
    });
    await revoke.getByRole('button', { name: 'Thu hồi công nhận' }).click();
    await expectText(state(office), /Đã thu hồi công nhận/);
    await expectText(
      office.locator('.dossier-summary'),
      /45\/QĐ-UBND.*Tiêu chí thu nhập không còn đạt năm 2025.*quyết-định-thu-hồi-45\.pdf/,
    );
    await screenshots(office, 'dossier-15-revoked');
    expect(await checkBothSizes(office, 'dossier-15-revoked', { loggedIn: true })).toEqual([]);
    await office.goto('/ho-so?state=revoked');
    const rows = office.locator('table.dossier-table tbody tr');
    await expectText(rows.first(), /Xã Đông \(C4\).*2024.*Đã thu hồi công nhận/);
    expect(await rows.count()).toBe(1);
  });
});
