// Browser journey of field work (issue 16), accounts required: the commune officer of Xã Đông
// (C4) opens the installable app (manifest, service worker), loses the connection, enters two
// figures and attaches a photo whose EXIF carries its place and time (test/fixtures/field-photo.jpg,
// made by scripts/field/make-images.ts), reloads (nothing lost), comes back online and sees them
// sent; one figure changed meanwhile by someone else comes back as a conflict and is resolved.
// Screenshots at desktop and phone width in test-results/screenshots/field-*.png.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { systemActor } from '../src/access/index.ts';
import { latestRulings, startAppraisal } from '../src/dossiers/appraisal.ts';
import { createDossier } from '../src/dossiers/create.ts';
import { recordProcedure } from '../src/dossiers/procedure.ts';
import { selfAssessDossier } from '../src/dossiers/self-assessment.ts';
import { requireDossier } from '../src/dossiers/store.ts';
import { submitDossier } from '../src/dossiers/submission.ts';
import { scheduleVisit } from '../src/evidence/visit.ts';
import { setUnitLocation } from '../src/units/locations.ts';
import { setValues } from '../src/values/import.ts';
import { listValues } from '../src/values/read.ts';
import { completeProcedure } from '../test/support/dossiers.ts';
import { addUser, e2ePassword, type RunningApp, startApp } from './support/app.ts';
import { desktop, launchBrowser, screenshotDir, screenshots } from './support/browser.ts';
import { checkPage, phoneOverflow } from './support/page-checks.ts';
import { expectText } from './support/wait.ts';
import { root } from './support/web-build.ts';

const FW = 'demo-xa-2024';
const photo = readFileSync(join(root, 'test', 'fixtures', 'field-photo.jpg'));

let app: RunningApp;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let dossierId = 0;
const errors: string[] = [];
// Offline, the browser reports the requests it could not make; those are the point of the journey.
const expected = [/net::ERR_INTERNET_DISCONNECTED/, /Failed to fetch/, /status of 409/];

beforeAll(async () => {
  [app, browser] = await Promise.all([startApp({ auth: 'required' }), launchBrowser()]);
  await addUser(app.db, {
    username: 'can.bo.xa.dong',
    displayName: 'Cán bộ xã Đông',
    role: 'commune_officer',
    unitCode: 'C4',
  });
  // The dossier is made by the system (the dossier journey covers who may make one).
  dossierId = (await createDossier(app.db, systemActor, { unitCode: 'C4', frameworkId: FW, round: '2024' }))
    .id;
  // Vietnam's clock, so that the photo's 09:14 (+07:00) reads 09:14.
  context = await browser.newContext({
    baseURL: app.url,
    viewport: desktop,
    locale: 'vi-VN',
    timezoneId: 'Asia/Ho_Chi_Minh',
  });
  page = await context.newPage();
  page.on('console', (m) => {
    if (m.type() === 'error' && !expected.some((re) => re.test(m.text())))
      errors.push(`console: ${m.text()}`);
  });
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  const res = await context.request.post(`${app.url}/api/session`, {
    data: { username: 'can.bo.xa.dong', password: e2ePassword },
    headers: { origin: app.url },
  });
  expect(res.status()).toBe(200);
}, 240_000);

afterAll(async () => {
  await context?.close();
  await browser?.close();
  await app?.close();
  expect(errors, 'console errors').toEqual([]);
});

const header = () => page.locator('.offline-status');
const unitPage = `/don-vi/C4?framework=${FW}&period=2024`;
const item = (code: string) => page.locator(`article[data-indicator="${code}"]`);

async function editFigure(code: string, value: string) {
  await page.getByRole('button', { name: `Sửa số liệu ${code}` }).click();
  const input = page.getByLabel('Số liệu mới');
  if ((await input.evaluate((e) => e.tagName)) === 'SELECT') await input.selectOption(value);
  else await input.fill(value);
  await page.getByRole('button', { name: 'Lưu', exact: true }).click();
}

describe('field work journey', { timeout: 300_000 }, () => {
  test('the app is installable: manifest, icons, a service worker, and a policy that allows them', async () => {
    await page.goto(unitPage);
    await expectText(page.locator('h1'), /^Xã Đông$/);
    expect(await page.locator('link[rel=manifest]').getAttribute('href')).toBe('/manifest.webmanifest');
    const manifest = await context.request.get(`${app.url}/manifest.webmanifest`);
    expect(manifest.headers()['content-type']).toMatch(/^application\/manifest\+json/);
    const m = await manifest.json();
    expect(m).toMatchObject({ name: 'TieuChi — Theo dõi tiêu chí', short_name: 'TieuChi', lang: 'vi' });
    for (const icon of m.icons as Array<{ src: string; sizes: string }>) {
      const r = await context.request.get(`${app.url}${icon.src}`);
      expect([icon.src, r.status(), r.headers()['content-type']]).toEqual([icon.src, 200, 'image/png']);
    }
    const sw = await context.request.get(`${app.url}/sw.js`);
    expect(sw.headers()['content-type']).toMatch(/javascript/);
    expect(sw.headers()['cache-control']).toBe('no-cache');
    const csp = (await context.request.get(`${app.url}/`)).headers()['content-security-policy'];
    expect(csp).toMatch(/worker-src 'self'/);
    expect(csp).toMatch(/manifest-src 'self'/);
    // A build without the worker (e.g. a development build) must fail here, not hang the journey.
    const scope = await page.evaluate(() =>
      Promise.race([
        navigator.serviceWorker.ready.then((r) => r.scope),
        new Promise<string>((r) => setTimeout(() => r('no service worker within 30 s'), 30_000)),
      ]),
    );
    expect(scope).toBe(`${app.url}/`);
    // Controlled by the worker from now on; the pages opened now are kept for offline use.
    await page.reload();
    await expectText(page.locator('h1'), /^Xã Đông$/);
    expect(await page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);
    await page.goto(`/ho-so/${dossierId}`);
    await expectText(page.locator('h1'), /Hồ sơ #\d+ — Xã Đông/);
    await page.goto(unitPage);
    await expectText(page.locator('h1'), /^Xã Đông$/);
    expect(await header().count()).toBe(0);
  });

  test('offline: two figures and a field photo wait on the device, and survive a reload', async () => {
    // Someone else changes 2.1 after the officer opened the page (the conflict to come).
    await setValues(app.db, {
      actor: { ...systemActor, username: 'can.bo.khac' },
      values: [{ unitCode: 'C4', indicator: 'income_per_capita', period: '2024', value: '71' }],
    });
    await context.setOffline(true);
    await expectText(header(), /Đang ngoại tuyến/);
    await editFigure('1.1', '96');
    await expectText(page.locator('.value-editor'), /Đã lưu trên máy, sẽ gửi khi có mạng/);
    await page.getByRole('button', { name: 'Hủy' }).click();
    await editFigure('2.1', '75');
    await expectText(page.locator('.value-editor'), /Đã lưu trên máy/);
    await expectText(header(), /Đang ngoại tuyến — 2 mục chờ gửi/);

    // The dossier page, opened before, comes from the device; the photo's EXIF gives place and time.
    await page.goto(`/ho-so/${dossierId}`);
    await expectText(page.locator('h1'), /Hồ sơ #\d+ — Xã Đông/);
    const box = item('1.1').locator('details.field-photo');
    await box.locator('summary').click();
    await box
      .locator('input[type=file]')
      .setInputFiles({ name: 'IMG_20231118_0914.jpg', mimeType: 'image/jpeg', buffer: photo });
    await expectText(
      box.locator('.field-place-line'),
      /21,0434° B, 105,9321° Đ, 09:14 18\/11\/2023 \(theo ảnh\)/,
    );
    await box.getByLabel('Ghi chú tại thực địa').fill('Đường trục thôn Đông đã cứng hóa');
    await box.getByRole('button', { name: 'Lưu ảnh' }).click();
    await expectText(box.locator('.alert-success'), /Đã lưu ảnh IMG_20231118_0914\.jpg trên máy/);
    await expectText(header(), /Đang ngoại tuyến — 3 mục chờ gửi/);
    await page.setViewportSize({ width: 390, height: 844 });
    await item('1.1').screenshot({ path: join(screenshotDir, 'field-01-offline-photo-item-phone.png') });
    expect(await phoneOverflow(page)).toEqual([]);
    await page.setViewportSize(desktop);
    await screenshots(page, 'field-01-offline-photo');

    await page.reload();
    await expectText(header(), /Đang ngoại tuyến — 3 mục chờ gửi/);
    await page.goto('/cho-gui');
    await expectText(
      page.locator('.outbox-list'),
      /Số liệu 1\.1 — C4, Năm 2024: 96.*Số liệu 2\.1.*75.*Ảnh IMG_20231118_0914\.jpg — hồ sơ #\d+, chỉ tiêu 1\.1/,
    );
    await screenshots(page, 'field-02-outbox-offline');
    expect(await checkPage(page, 'outbox offline', { loggedIn: true })).toEqual([]);
  });

  test('online again: sent in order, the conflict is shown and resolved, the photo has its place on the dossier', async () => {
    await context.setOffline(false);
    await expectText(header(), /1 mục cần xử lý/);
    await expectText(
      page.locator('.outbox-conflict'),
      /Trên hệ thống: 71 \(can\.bo\.khac, .*\).*Của tôi: 75/,
    );
    await screenshots(page, 'field-03-conflict');
    await page.setViewportSize({ width: 390, height: 844 });
    // (The text check would take the other officer's dotted user name for a raw key.)
    expect(await phoneOverflow(page)).toEqual([]);
    await page.setViewportSize(desktop);
    await page.getByRole('button', { name: 'Giữ số của tôi' }).click();
    await expectText(page.locator('.card'), /Không có mục nào chờ gửi/);
    await expect.poll(() => header().count()).toBe(0);

    const values = await listValues(app.db, { unitCode: 'C4', period: '2024', actor: systemActor });
    const byMeasure = new Map(values.map((v) => [v.measure, v]));
    expect(byMeasure.get('road_hardened_pct')).toMatchObject({ value: 96, actor: 'can.bo.xa.dong' });
    expect(byMeasure.get('income_per_capita')).toMatchObject({ value: 75, actor: 'can.bo.xa.dong' });
    const [typed] = await app.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM value_changes WHERE unit_code = 'C4' AND actor = 'can.bo.xa.dong' AND entered_at IS NOT NULL`,
    );
    expect(typed!.n).toBe(2);

    await page.goto(`/ho-so/${dossierId}`);
    await expectText(
      item('1.1').locator('.evidence-list'),
      /IMG_20231118_0914\.jpg.*21,0434° B, 105,9321° Đ, 09:14 18\/11\/2023.*Đường trục thôn Đông đã cứng hóa/,
    );
    await page.setViewportSize({ width: 390, height: 844 });
    await item('1.1').screenshot({ path: join(screenshotDir, 'field-04-dossier-photo-item-phone.png') });
    await page.setViewportSize(desktop);
    await screenshots(page, 'field-04-dossier-photo');
    // Once the commune's office is recorded the photo is checked against it: 30 km away is
    // flagged on the dossier, 200 m is not.
    const locate = (lat: string) =>
      setUnitLocation(app.db, {
        actor: systemActor,
        unitCode: 'C4',
        lat,
        lng: '105,9321',
        source: 'Kiểm thử',
      });
    await locate('21,3134');
    await page.reload();
    await expectText(item('1.1').locator('.evidence-list .tag-warn'), /Cách đơn vị 30 km/);
    await screenshots(page, 'field-05-dossier-photo-far');
    await locate('21,0452');
    await page.reload();
    await expectText(item('1.1').locator('.evidence-list'), /21,0434° B, 105,9321° Đ, 09:14 18\/11\/2023/);
    expect(await item('1.1').locator('.evidence-list .tag-warn').count()).toBe(0);
    await page.goto(unitPage);
    await expectText(page.locator('#ind-1\\.1'), /96/);
  });

  test('the appraisal delegation works on site offline: photo and ruling reach the dossier', async () => {
    // A dossier of round 2025 walked by the system into appraisal, the visit on 17–18/11/2023.
    const sys = systemActor;
    const { id } = await createDossier(app.db, sys, { unitCode: 'C4', frameworkId: FW, round: '2025' });
    await selfAssessDossier(app.db, sys, {
      dossierId: id,
      items: ['1.1', '1.2', '2.1'].map((indicatorCode) => ({
        indicatorCode,
        claim: 'met' as const,
        explanation: 'Số liệu báo cáo năm',
      })),
    });
    await recordProcedure(app.db, sys, { dossierId: id, update: completeProcedure });
    await submitDossier(app.db, sys, { dossierId: id });
    await startAppraisal(app.db, sys, { dossierId: id });
    await scheduleVisit(app.db, sys, { dossierId: id, from: '2023-11-19', to: '2023-11-20' });
    await addUser(app.db, {
      username: 'so.gtvt',
      displayName: 'Sở Giao thông vận tải',
      role: 'department_reviewer',
      unitCode: 'P1',
      frameworkId: FW,
      criteria: ['1'],
    });
    const reviewer = await browser.newContext({
      baseURL: app.url,
      viewport: desktop,
      locale: 'vi-VN',
      timezoneId: 'Asia/Ho_Chi_Minh',
    });
    const r = await reviewer.newPage();
    r.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
    r.on('console', (m) => {
      if (m.type() === 'error' && !expected.some((re) => re.test(m.text())))
        errors.push(`console: ${m.text()}`);
    });
    await reviewer.request.post(`${app.url}/api/session`, {
      data: { username: 'so.gtvt', password: e2ePassword },
      headers: { origin: app.url },
    });
    await r.goto(`/ho-so/${id}`);
    await r.getByRole('link', { name: 'Khảo sát thực tế' }).click();
    await expectText(r.locator('h1'), new RegExp(`^Khảo sát thực tế — hồ sơ #${id}$`));
    await expectText(r.locator('.card'), /Thời gian khảo sát 19\/11\/2023 – 20\/11\/2023/);
    // The transport department's checklist: criterion 1 only.
    await expectText(r.locator('.card'), /1\.1 Tỷ lệ đường xã/);
    expect(await r.locator('article.visit-item').count()).toBe(2);
    await r.evaluate(async () => (await navigator.serviceWorker.ready).active?.state);
    await r.reload();
    await expectText(r.locator('h1'), /Khảo sát thực tế/);

    await reviewer.setOffline(true);
    const first = r.locator('article.visit-item').first();
    await first.locator('details.field-photo summary').click();
    await first
      .locator('input[type=file]')
      .setInputFiles({ name: 'IMG_20231118_0914.jpg', mimeType: 'image/jpeg', buffer: photo });
    await expectText(first.locator('.field-place-line'), /21,0434° B, 105,9321° Đ, 09:14 18\/11\/2023/);
    await first.getByRole('button', { name: 'Lưu ảnh' }).click();
    await expectText(first.locator('.alert-success'), /trên máy/);
    await first.getByLabel('Nhận xét gửi xã').fill('Đường trục xã đã cứng hóa, đúng như báo cáo');
    await first.getByRole('button', { name: 'Lưu kết luận' }).click();
    await expectText(first.locator('form.ruling-form .alert-success'), /Đã lưu kết luận 1\.1 trên máy/);
    await expectText(r.locator('.offline-status'), /Đang ngoại tuyến — 2 mục chờ gửi/);
    await r.setViewportSize({ width: 390, height: 844 });
    expect(await checkPage(r, 'visit phone', { phone: true, loggedIn: true })).toEqual([]);
    await r.setViewportSize(desktop);
    await screenshots(r, 'field-05-visit-offline');

    await reviewer.setOffline(false);
    await expect.poll(() => r.locator('.offline-status').count(), { timeout: 20_000 }).toBe(0);
    const d = await requireDossier(app.db, id);
    expect((await latestRulings(app.db, d)).get('1.1')).toMatchObject({
      verdict: 'pass',
      publicComment: 'Đường trục xã đã cứng hóa, đúng như báo cáo',
      ruledBy: 'so.gtvt',
    });
    await r.reload();
    // The photo, taken on the 18th, is outside the visit days (19–20): flagged.
    await expectText(
      r.locator('article.visit-item').first(),
      /Kết luận hiện tại: Đạt.*IMG_20231118_0914\.jpg.*09:14 18\/11\/2023.*Chụp ngoài thời gian khảo sát/,
    );
    await screenshots(r, 'field-06-visit-synced');
    await reviewer.close();
  });
});
