/**
 * Unit locations (issue 16): where a unit's People's Committee office is, recorded by the unit's
 * administrators one at a time or from a CSV/.xlsx of `ma_don_vi, vi_do, kinh_do` (Vietnamese
 * decimal commas), all rows or none, with errors naming row and field; who, when and source kept,
 * an audit event per change.
 */
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Actor, systemActorNamed } from '../../src/access/index.ts';
import type { Db } from '../../src/db/database.ts';
import { type AppError, describeIssue } from '../../src/errors.ts';
import { statusForCode } from '../../src/http/errors.ts';
import { importUnitLocations, setUnitLocation, unitLocations } from '../../src/units/locations.ts';
import { testDatabases } from '../support/databases.ts';
import { openTestDb, seedFixtures } from '../support/db.ts';
import { refusal } from '../support/refusal.ts';

// Test province (test/fixtures/units-small.csv): P1 → D1 (C1, C2, C3, T1), D2 (C4).
let nextId = 1;
const person = (role: 'admin' | 'commune_officer' | 'coordination_office', unitCode: string): Actor => ({
  userId: nextId++,
  username: `${role}.${unitCode}`,
  grants: [{ role, unitCode }],
});
const adminD1 = person('admin', 'D1');
const adminD2 = person('admin', 'D2');
const officerC1 = person('commune_officer', 'C1');
const officeD1 = person('coordination_office', 'D1');

describe.each(testDatabases())('unit locations on $name', (target) => {
  let db: Db;
  beforeAll(async () => {
    db = await openTestDb(target, 'unit_locations');
    await seedFixtures(db);
  }, 300_000);
  afterAll(async () => {
    await db?.close();
  });

  const stored = async () =>
    JSON.stringify(await db.query('SELECT * FROM unit_locations ORDER BY unit_code'));
  const csv = (s: string) => Buffer.from(s, 'utf8');

  it('records a unit’s office as typed (decimal commas), with source, who and when, audited; administrators only', async () => {
    const loc = await setUnitLocation(db, {
      actor: adminD1,
      unitCode: 'C1',
      lat: '21,0434',
      lng: '105,9321',
      source: 'Đo tại trụ sở UBND xã',
    });
    expect(loc).toMatchObject({
      unit_code: 'C1',
      lat: 21.0434,
      lng: 105.9321,
      source: 'Đo tại trụ sở UBND xã',
      set_by: 'admin.D1',
    });
    expect(loc.set_at).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    await setUnitLocation(db, { actor: adminD1, unitCode: 'C1', lat: 21.05, lng: 105.93, source: 'Sửa lại' });
    const events = await db.query<{ data: unknown; actor_name: string }>(
      `SELECT data, actor_name FROM audit_events WHERE type = 'unit.location_set' AND unit_code = 'C1' ORDER BY id`,
    );
    expect(events.map((e) => e.data)).toEqual([
      { lat: 21.0434, lng: 105.9321, source: 'Đo tại trụ sở UBND xã', previous: null },
      {
        lat: 21.05,
        lng: 105.93,
        source: 'Sửa lại',
        previous: { lat: 21.0434, lng: 105.9321, source: 'Đo tại trụ sở UBND xã' },
      },
    ]);

    // Not the commune's officer, nor the district's coordination office, nor another district's administrator.
    const before = await stored();
    for (const actor of [officerC1, officeD1, adminD2]) {
      const err = await refusal(
        setUnitLocation(db, { actor, unitCode: 'C1', lat: '21', lng: '105', source: 'x' }),
      );
      expect([err.code, statusForCode(err.code)]).toEqual(['FORBIDDEN', 403]);
    }
    expect(
      err404(
        await refusal(
          setUnitLocation(db, { actor: adminD1, unitCode: 'X9', lat: 21, lng: 105, source: 'x' }),
        ),
      ),
    ).toBe('UNIT_NOT_FOUND 404');
    expect(await stored()).toBe(before);
  });

  it('refuses bad coordinates naming the field and the reason in Vietnamese; nothing stored', async () => {
    const before = await stored();
    const bad = async (lat: string, lng: string, source = 'Đo tại trụ sở') => {
      const err = await refusal(setUnitLocation(db, { actor: adminD1, unitCode: 'C2', lat, lng, source }));
      expect([err.code, statusForCode(err.code)]).toEqual(['INVALID_REQUEST', 400]);
      return err.details.map((d) => describeIssue(d));
    };
    expect(await bad('hai mốt', '205')).toEqual([
      'cột vĩ độ ("hai mốt"): vĩ độ phải là số, như 21,0434',
      'cột kinh độ ("205"): kinh độ phải từ -180 đến 180',
    ]);
    // Swapped columns are caught by the box Vietnam lies in.
    expect(await bad('105,9321', '21,0434')).toEqual([
      'cột vĩ độ ("105,9321"): vĩ độ phải từ -90 đến 90',
      'cột kinh độ ("21,0434"): kinh độ 21,0434 nằm ngoài lãnh thổ Việt Nam (102–118°) — có nhầm vĩ độ với kinh độ không?',
    ]);
    expect(await bad('21,05', '', ' ')).toEqual([
      'cột kinh độ: thiếu kinh độ',
      'cột nguồn: cần ghi nguồn của tọa độ (đo tại trụ sở, cổng thông tin của xã…)',
    ]);
    expect(await stored()).toBe(before);
  });

  it('imports a file of ma_don_vi, vi_do, kinh_do (semicolons and decimal commas, .xlsx too), all or nothing', async () => {
    const before = await stored();
    // Every bad row is named with its line and column; no row is stored.
    const err = await refusal(
      importUnitLocations(db, {
        actor: adminD1,
        fileName: 'vi-tri.csv',
        content: csv(
          'ma_don_vi;vi_do;kinh_do\nC2;21,0501;105,9402\nC3;91;105,9\nX9;21;105\nC2;21,06;105,95\n;21;105\nT1;21,07;abc\n',
        ),
      }),
    );
    expect([err.code, err.message]).toEqual([
      'INVALID_ROWS',
      'Tệp vi-tri.csv: 5 lỗi ở 5 dòng, không lưu vị trí nào',
    ]);
    expect(err.details.map((d) => describeIssue(d))).toEqual([
      'dòng 3, cột vĩ độ ("91"): vĩ độ phải từ -90 đến 90',
      'dòng 4, cột mã đơn vị ("X9"): không có đơn vị với mã này',
      'dòng 5, cột mã đơn vị ("C2"): đơn vị đã có ở dòng 2',
      'dòng 6, cột mã đơn vị: thiếu mã đơn vị',
      'dòng 7, cột kinh độ ("abc"): kinh độ phải là số, như 21,0434',
    ]);
    expect(await stored()).toBe(before);

    // A missing column is named.
    expect(
      (
        await refusal(
          importUnitLocations(db, {
            actor: adminD1,
            fileName: 'x.csv',
            content: csv('ma_don_vi,vi_do\nC2,21\n'),
          }),
        )
      ).message,
    ).toMatch(/Thiếu cột: "Kinh độ"/);

    // Units outside the importer's subtree: refused, nothing stored.
    const outside = await refusal(
      importUnitLocations(db, {
        actor: adminD1,
        fileName: 'vi-tri.csv',
        content: csv('ma_don_vi;vi_do;kinh_do\nC2;21,0501;105,9402\nC4;20,9;105,8\n'),
      }),
    );
    expect(outside.code).toBe('FORBIDDEN');
    expect(outside.details.map((d) => d.value)).toEqual(['C4']);
    expect(await stored()).toBe(before);

    const ok = await importUnitLocations(db, {
      actor: adminD1,
      fileName: 'vi-tri.csv',
      content: csv('ma_don_vi;vi_do;kinh_do;nguon\nC2;21,0501;105,9402;Cổng TTĐT xã\nT1;"20,95";105.88;\n'),
    });
    expect(ok).toEqual({ file: 'vi-tri.csv', rows: 2, changed: 2, unchanged: 0 });
    const got = await unitLocations(db, ['C2', 'T1']);
    expect([got.get('C2'), got.get('T1')].map((l) => [l?.lat, l?.lng, l?.source, l?.set_by])).toEqual([
      [21.0501, 105.9402, 'Cổng TTĐT xã', 'admin.D1'],
      [20.95, 105.88, 'Tệp vi-tri.csv', 'admin.D1'],
    ]);
    const imported = await db.query<{ data: unknown }>(
      `SELECT data FROM audit_events WHERE type = 'units.locations_imported' ORDER BY id`,
    );
    expect(imported.map((e) => e.data)).toEqual([{ file: 'vi-tri.csv', rows: 2, changed: 2 }]);

    // The same through .xlsx with the headers as officials write them, a source for the rows without one: C2 unchanged, C3 added (C3
    // sits directly under the province since 1/7/2025: only the system or a province's
    // administrator records it now).
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Vị trí');
    ws.addRow(['Mã đơn vị', 'Vĩ độ', 'Kinh độ', 'Nguồn']);
    ws.addRow(['C2', 21.0501, 105.9402, 'Cổng TTĐT xã']);
    ws.addRow(['C3', '21,071', '105,912', '']);
    const xlsx = Buffer.from(await wb.xlsx.writeBuffer());
    const r = await importUnitLocations(db, {
      actor: systemActorNamed('tester'),
      fileName: 'vi-tri.xlsx',
      content: xlsx,
      source: 'Khảo sát của phòng Kinh tế',
    });
    expect(r).toEqual({ file: 'vi-tri.xlsx', rows: 2, changed: 1, unchanged: 1 });
    expect((await unitLocations(db, ['C3'])).get('C3')).toMatchObject({
      lat: 21.071,
      lng: 105.912,
      source: 'Khảo sát của phòng Kinh tế',
    });
  });
});

const err404 = (e: AppError) => `${e.code} ${statusForCode(e.code)}`;
