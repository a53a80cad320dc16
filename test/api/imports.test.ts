import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from '../support/api.ts';
import { testDatabases } from '../support/databases.ts';
import { snapshot } from '../support/db.ts';

const csv = (lines: string[]) => `${lines.join('\n')}\n`;
const valuesHeader = 'unit_code,indicator,period,value,note';

async function xlsxOf(rows: string[][]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const sheet = wb.addWorksheet('Số liệu');
  for (const r of rows) sheet.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

describe.each(testDatabases())('imports API on $name', (target) => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi(target, { prefix: 'api_imports' });
  });
  afterAll(async () => {
    await api?.close();
  });

  it('validates an upload without storing it, then commits it once', async () => {
    const before = await snapshot(api.db);
    const file = csv([
      valuesHeader,
      'C2,road_hardened_pct,2024,"92,5",đo lại',
      'C2,plan_approved,2024,có,',
      'C4,demo-xa-2024:2.1,2024,65,',
    ]);
    const up = await api.upload('/api/imports', {
      kind: 'values',
      file: { name: 'so-lieu.csv', content: file },
    });
    expect(up.status).toBe(200);
    expect(up.body.import).toMatchObject({
      kind: 'values',
      file: 'so-lieu.csv',
      rows: 3,
      valid: true,
      issues: [],
      issue_count: 0,
      preview: { changed: 2, unchanged: 1 },
    });
    expect(await snapshot(api.db)).toBe(before);

    const done = await api.post(`/api/imports/${up.body.import.id}/commit`);
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({
      id: up.body.import.id,
      kind: 'values',
      file: 'so-lieu.csv',
      changed: 2,
      unchanged: 1,
    });
    const m = await api.get('/api/evaluations/matrix?framework=demo-xa-2024&period=2024&unit=P1');
    // C2 now meets; C4 has its income but still lacks the approved plan.
    expect(m.body.unit.children).toMatchObject({ total: 4, met: 3, not_met: 1, no_data: 0 });
    const history = await api.get('/api/values/history?unit=C2&measure=road_hardened_pct&period=2024');
    expect(history.body.history[0]).toMatchObject({ value: 92.5, source: 'import', actor: 'tester' });

    const after = await snapshot(api.db);
    const again = await api.post(`/api/imports/${up.body.import.id}/commit`);
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('IMPORT_ALREADY_COMMITTED');
    expect(await snapshot(api.db)).toBe(after);
  });

  it('a row that became invalid before the commit is named under the column as the file names it', async () => {
    const file = csv(['Mã ĐVHC,Chỉ tiêu,Kỳ,Giá trị,Ghi chú', 'C3,road_hardened_pct,2024,"61",']);
    const up = await api.upload('/api/imports', {
      kind: 'values',
      file: { name: 'so-lieu-xa.csv', content: file },
    });
    expect(up.body.import).toMatchObject({ valid: true, issue_count: 0 });
    // Meanwhile the commune ceases to exist before the period (as a merger recorded late would).
    // (Its first interval, to 30/06/2025 in the fixtures, now ends on 30/06/2023.)
    await api.db.query(
      `UPDATE units SET valid_to = '2023-06-30' WHERE code = 'C3' AND valid_to = '2025-06-30'`,
    );
    try {
      const before = await snapshot(api.db);
      const done = await api.post(`/api/imports/${up.body.import.id}/commit`);
      expect(done.status).toBe(400);
      expect(done.body.error.code).toBe('INVALID_ROWS');
      expect(done.body.error.details).toEqual([
        expect.objectContaining({ line: 2, field: 'Mã ĐVHC', value: 'C3' }),
      ]);
      expect(await snapshot(api.db)).toBe(before);
    } finally {
      await api.db.query(
        `UPDATE units SET valid_to = '2025-06-30' WHERE code = 'C3' AND valid_to = '2023-06-30'`,
      );
    }
  });

  it('previews every changed figure with its old and new value, paged, to the uploader only', async () => {
    const file = csv([
      valuesHeader,
      'C1,road_hardened_pct,2024,"99,5",',
      'C1,plan_approved,2024,có,',
      'C3,demo-xa-2024:2.1,2024,"50",miền núi',
      'C3,demo-xa-2024:1.1,2024,"72,5",nhóm 3',
      'C4,income_per_capita,2023,"1.234,5",',
    ]);
    const before = await snapshot(api.db);
    const up = await api.upload('/api/imports', {
      kind: 'values',
      file: { name: 'thay-doi.csv', content: file },
    });
    expect(up.status).toBe(200);
    expect(up.body.import.issues).toEqual([]);
    expect(up.body.import.preview).toEqual({ changed: 3, unchanged: 2 });
    expect(await snapshot(api.db)).toBe(before);
    const id = up.body.import.id;
    const page = async (q: string, user = 'tester') => {
      const res = await fetch(`${api.url}/api/imports/${id}/changes${q}`, { headers: { 'x-user': user } });
      // biome-ignore lint/suspicious/noExplicitAny: JSON read back by the assertions
      return { status: res.status, body: (await res.json()) as any };
    };
    const all = await page('');
    expect(all.status).toBe(200);
    expect(all.body).toMatchObject({ total: 3, offset: 0, limit: 50 });
    // Unit, period, figure order; old → new as stored; names instead of codes.
    expect(all.body.changes).toEqual([
      {
        unit_code: 'C1',
        unit_name: 'Xã An',
        indicator: 'demo-xa-2024:1.1',
        indicator_code: '1.1',
        framework_name: expect.any(String),
        measure_name: expect.any(String),
        measure_unit: expect.toBeOneOf([expect.any(String), null]),
        measure_type: 'percent',
        period: '2024',
        old: { num: 92, txt: null, na: false },
        new: { num: 99.5, txt: null, na: false },
      },
      expect.objectContaining({
        unit_code: 'C3',
        unit_name: 'Xã Cao',
        indicator: 'demo-xa-2024:1.1',
        old: { num: 72, txt: null, na: false },
        new: { num: 72.5, txt: null, na: false },
      }),
      expect.objectContaining({
        unit_code: 'C4',
        indicator: 'demo-xa-2024:2.1',
        indicator_code: '2.1',
        period: '2023',
        old: null,
        new: { num: 1234.5, txt: null, na: false },
      }),
    ]);
    const second = await page('?offset=1&limit=1');
    expect(second.body).toMatchObject({ total: 3, offset: 1, limit: 1 });
    expect(second.body.changes).toEqual([all.body.changes[1]]);
    expect((await page('?offset=3&limit=1')).body.changes).toEqual([]);
    // Another person does not see the uploader's preview; bad paging is a 400, not a 500.
    const other = await page('', 'someone.else');
    expect(other.status).toBe(404);
    expect(other.body.error.code).toBe('IMPORT_NOT_FOUND');
    expect((await page('?limit=0')).status).toBe(400);
    expect((await page('?offset=-1')).status).toBe(400);
    const missing = await fetch(`${api.url}/api/imports/999999/changes`, { headers: { 'x-user': 'tester' } });
    expect(missing.status).toBe(404);
  });

  it('reports every bad row and refuses to commit it', async () => {
    const before = await snapshot(api.db);
    const file = csv([
      valuesHeader,
      'C1,road_hardened_pct,2024,50,fine',
      'XX9,road_hardened_pct,2024,50,',
      'C1,no_such_measure,2024,1,',
      'C1,road_hardened_pct,2024Q5,50,',
      'C2,road_hardened_pct,2024,150,',
    ]);
    const up = await api.upload('/api/imports', { kind: 'values', file: { name: 'loi.csv', content: file } });
    expect(up.status).toBe(200);
    expect(up.body.import).toMatchObject({
      valid: false,
      rows: 5,
      issue_count: 4,
      preview: { changed: 0, unchanged: 0 },
    });
    expect(up.body.import.issues.map((i: { line: number; field: string }) => `${i.line}:${i.field}`)).toEqual(
      ['3:unit_code', '4:indicator', '5:period', '6:value'],
    );
    expect(up.body.import.issues[3]).toMatchObject({
      value: '150',
      message: expect.stringContaining('0–100'),
    });
    const commit = await api.post(`/api/imports/${up.body.import.id}/commit`);
    expect(commit.status).toBe(409);
    expect(commit.body.error).toMatchObject({ code: 'IMPORT_HAS_ERRORS', details: up.body.import.issues });
    expect(await snapshot(api.db)).toBe(before);
  });

  it('imports units and .xlsx files', async () => {
    const units = csv([
      'code,name,kind,parent_code,valid_from,valid_to,successors,region,group',
      'C9,Xã Mới,commune,D2,,2025-06-30,,DBSH,2',
    ]);
    const up = await api.upload('/api/imports', {
      kind: 'units',
      file: { name: 'don-vi.csv', content: units },
    });
    expect(up.body.import).toMatchObject({
      valid: true,
      preview: { changed: 1, added: 1, removed: 0, unchanged: 0 },
    });
    expect((await api.get('/api/units/C9?date=2024-06-01')).status).toBe(404);
    const done = await api.post(`/api/imports/${up.body.import.id}/commit`);
    expect(done.body).toMatchObject({ kind: 'units', added: 1, changed: 0 });
    expect((await api.get('/api/units/C9?date=2024-06-01')).body.unit).toMatchObject({
      name: 'Xã Mới',
      parent_code: 'D2',
    });

    const xlsx = await xlsxOf([valuesHeader.split(','), ['C9', 'road_hardened_pct', '2024', '88', '']]);
    const x = await api.upload('/api/imports', {
      kind: 'values',
      file: { name: 'so-lieu.xlsx', content: xlsx },
    });
    expect(x.body.import).toMatchObject({ valid: true, rows: 1, preview: { changed: 1 } });
    expect((await api.post(`/api/imports/${x.body.import.id}/commit`)).body.changed).toBe(1);
  });

  it('reads Vietnamese headers (CSV and .xlsx), naming bad cells and missing columns as the file does', async () => {
    const before = await snapshot(api.db);
    const bad = csv([
      'Mã đơn vị,Chi tieu,Kỳ,Giá trị,Ghi chú',
      'XX9,road_hardened_pct,2024,50,',
      'C2,road_hardened_pct,2024,150,',
    ]);
    const up = await api.upload('/api/imports', {
      kind: 'values',
      file: { name: 'loi-viet.csv', content: bad },
    });
    expect(up.body.import).toMatchObject({ valid: false, rows: 2, issue_count: 2 });
    expect(up.body.import.issues.map((i: { line: number; field: string }) => `${i.line}:${i.field}`)).toEqual(
      ['2:Mã đơn vị', '3:Giá trị'],
    );
    const missing = await api.upload('/api/imports', {
      kind: 'values',
      file: { name: 'thieu.csv', content: csv(['Mã đơn vị,Kỳ báo cáo,Giá trị', 'C1,2024,50']) },
    });
    expect([missing.status, missing.body.error.code]).toEqual([400, 'FILE_FORMAT']);
    expect(missing.body.error.message).toMatch(/^Thiếu cột: "Chỉ tiêu"/);
    // The same in .xlsx: told the missing column, not that the file is no template.
    const missingXlsx = await api.upload('/api/imports', {
      kind: 'values',
      file: {
        name: 'thieu.xlsx',
        content: await xlsxOf([
          ['Mã đơn vị', 'Chỉ tiêu', 'Kỳ', 'Ghi chú'],
          ['C1', 'road_hardened_pct', '2024', ''],
        ]),
      },
    });
    expect([missingXlsx.status, missingXlsx.body.error.code]).toEqual([400, 'FILE_FORMAT']);
    expect(missingXlsx.body.error.message).toMatch(/^Thiếu cột: "Giá trị"/);
    expect(await snapshot(api.db)).toBe(before);

    const xlsx = await xlsxOf([
      ['Kỳ báo cáo', 'Mã đơn vị', 'Mã chỉ tiêu', 'Giá trị', 'Ghi chú'],
      ['2024', 'C2', 'road_hardened_pct', '77', 'theo biên bản'],
    ]);
    const x = await api.upload('/api/imports', {
      kind: 'values',
      file: { name: 'so-lieu-viet.xlsx', content: xlsx },
    });
    expect(x.body.import).toMatchObject({ valid: true, rows: 1, preview: { changed: 1 } });
    expect((await api.post(`/api/imports/${x.body.import.id}/commit`)).body.changed).toBe(1);
    const history = await api.get('/api/values/history?unit=C2&measure=road_hardened_pct&period=2024');
    expect(history.body.history[0]).toMatchObject({ value: 77, source: 'import' });
  });

  it('reads back the values template downloaded from the exports', async () => {
    const template = await api.get(
      '/api/exports/values-template.xlsx?framework=demo-xa-2024&period=2024&unit=D2',
    );
    expect(template.status).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(template.body as unknown as ArrayBuffer);
    const sheet = wb.worksheets.find((s) => s.name === 'Số liệu')!;
    let headerRow = 0;
    let newValue = 0;
    let measure = 0;
    sheet.eachRow((row, n) => {
      row.eachCell((cell, c) => {
        if (cell.value === 'Giá trị mới') [headerRow, newValue] = [n, c];
        if (cell.value === 'indicator') measure = c;
      });
    });
    expect(headerRow).toBeGreaterThan(0);
    let filled = 0;
    for (let r = headerRow + 1; r <= sheet.rowCount; r++) {
      const row = sheet.getRow(r);
      if (row.getCell(measure).value === 'income_per_capita') {
        row.getCell(newValue).value = 66;
        filled++;
      }
    }
    expect(filled).toBe(2); // C4 and C9, the communes of D2
    const content = Buffer.from(await wb.xlsx.writeBuffer());
    const up = await api.upload('/api/imports', { kind: 'values', file: { name: 'mau-D2.xlsx', content } });
    expect(up.body.import).toMatchObject({ valid: true, rows: 2, preview: { changed: 2 } });
    await api.post(`/api/imports/${up.body.import.id}/commit`);
    const values = await api.get('/api/values?unit=C4&period=2024&framework=demo-xa-2024');
    expect(values.body.values.find((v: { measure: string }) => v.measure === 'income_per_capita').value).toBe(
      66,
    );
  });

  it('refuses malformed uploads and unknown imports, changing nothing', async () => {
    const before = await snapshot(api.db);
    const good = { name: 'a.csv', content: csv([valuesHeader, 'C1,road_hardened_pct,2024,50,']) };
    const cases: Array<[Record<string, string | { name: string; content: string }>, string, string?]> = [
      [{ file: good }, 'INVALID_REQUEST', 'kind'],
      [{ kind: 'people', file: good }, 'INVALID_REQUEST', 'kind'],
      [{ kind: 'values' }, 'INVALID_REQUEST', 'file'],
      [{ kind: 'values', file: { name: 'a.pdf', content: 'x' } }, 'FILE_FORMAT'],
      [{ kind: 'values', file: { name: 'a.csv', content: 'unit_code,value\nC1,5\n' } }, 'FILE_FORMAT'],
      [{ kind: 'values', file: { name: 'a.xlsx', content: 'not a workbook' } }, 'FILE_FORMAT'],
    ];
    for (const [fields, code, field] of cases) {
      const r = await api.upload('/api/imports', fields);
      expect([r.status, r.body.error?.code]).toEqual([400, code]);
      if (field) expect(r.body.error.details[0].field).toBe(field);
    }
    expect((await api.post('/api/imports/999999/commit')).body.error.code).toBe('IMPORT_NOT_FOUND');
    const badId = await api.post('/api/imports/abc/commit');
    expect([badId.status, badId.body.error.code]).toEqual([400, 'INVALID_REQUEST']);
    expect(await snapshot(api.db)).toBe(before);
  });
});
