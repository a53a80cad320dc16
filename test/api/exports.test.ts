import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from '../support/api.ts';
import { testDatabases } from '../support/databases.ts';

async function sheetTexts(data: Buffer): Promise<string> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(data as unknown as ArrayBuffer);
  const out: string[] = [];
  for (const sheet of wb.worksheets)
    sheet.eachRow((row) => {
      row.eachCell((cell) => {
        out.push(String(cell.text));
      });
    });
  return out.join('|');
}

describe.each(testDatabases())('exports API on $name', (target) => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi(target, { prefix: 'api_exports' });
  });
  afterAll(async () => {
    await api?.close();
  });

  it('downloads the values template of a unit and its children', async () => {
    const r = await api.get('/api/exports/values-template.xlsx?framework=demo-xa-2024&period=2024&unit=D1');
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toBe(
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    );
    expect(r.headers.get('content-disposition')).toMatch(/^attachment; filename="so-lieu-D1-2024\.xlsx"/);
    const text = await sheetTexts(r.body);
    for (const s of ['Xã An', 'Xã Bình', 'road_hardened_pct', 'Giá trị mới']) expect(text).toContain(s);
  });

  it('downloads the scorecard of a unit’s children', async () => {
    const r = await api.get('/api/exports/scorecard.xlsx?framework=demo-xa-2024&period=2024&unit=D1');
    expect(r.status).toBe(200);
    expect(r.headers.get('content-disposition')).toContain('tong-hop-D1-2024.xlsx');
    const text = await sheetTexts(r.body);
    for (const s of ['Xã An', 'Xã Cao', 'Thị trấn Một']) expect(text).toContain(s);
  });

  it('refuses unknown units and frameworks, bad periods and missing parameters', async () => {
    const cases: Array<[string, number, string, string?]> = [
      ['scorecard.xlsx?framework=demo-xa-2024&period=2024&unit=XX9', 404, 'UNIT_NOT_FOUND'],
      ['scorecard.xlsx?framework=demo-xa-2024&period=2025&unit=D1', 404, 'UNIT_NOT_IN_PERIOD'],
      ['scorecard.xlsx?framework=nope&period=2024&unit=D1', 404, 'FRAMEWORK_NOT_FOUND'],
      ['values-template.xlsx?framework=demo-xa-2024&period=2024Q9&unit=D1', 400, 'INVALID_PERIOD'],
      ['values-template.xlsx?framework=demo-xa-2024&unit=D1', 400, 'INVALID_REQUEST', 'period'],
    ];
    for (const [path, status, code, field] of cases) {
      const r = await api.get(`/api/exports/${path}`);
      expect([path, r.status, r.body.error?.code]).toEqual([path, status, code]);
      if (field) expect(r.body.error.details[0].field).toBe(field);
    }
  });
});
