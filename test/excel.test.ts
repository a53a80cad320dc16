import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor, systemActorNamed } from '../src/access/index.ts';
import type { Db } from '../src/db/database.ts';
import type { AppError } from '../src/errors.ts';
import { readEvaluation } from '../src/evaluations/report.ts';
import { buildFrameworkTemplate } from '../src/excel/framework-template.ts';
import { buildScorecardXlsx } from '../src/excel/scorecard.ts';
import { statusColours } from '../src/excel/status-colours.ts';
import { buildValuesTemplate, readValuesTemplate } from '../src/excel/values-template.ts';
import { createDraft, publishDraft } from '../src/frameworks/drafts.ts';
import { importFramework } from '../src/frameworks/import.ts';
import { listFrameworks, listVersions, requireFramework } from '../src/frameworks/store.ts';
import { render } from '../src/text.ts';
import { importValueTable } from '../src/values/import.ts';
import { testDatabases } from './support/databases.ts';
import { fixtures, openTestDb, seedFixtures, snapshot } from './support/db.ts';

const actor = systemActorNamed('tester');
const scope = { actor: systemActor, frameworkId: 'demo-xa-2024', period: '2024', unitCode: 'D1' };

async function open(buffer: Buffer): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buffer as unknown as ArrayBuffer);
  return wb;
}

async function save(wb: ExcelJS.Workbook): Promise<Buffer> {
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** Column numbers by header text, for the first row that has `marker`. */
function headerOf(sheet: ExcelJS.Worksheet, marker: string): { row: number; col: Map<string, number> } {
  for (let r = 1; r <= 30; r++) {
    const col = new Map<string, number>();
    sheet.getRow(r).eachCell((cell, c) => {
      col.set(String(cell.value), c);
    });
    if (col.has(marker)) return { row: r, col };
  }
  throw new Error(`no header with ${marker}`);
}

/** The template row of a (unit, measure), found through the hidden technical columns. */
function templateRow(sheet: ExcelJS.Worksheet, unit: string, measure: string): ExcelJS.Row {
  const { row, col } = headerOf(sheet, 'unit_code');
  for (let r = row + 1; r <= sheet.rowCount; r++) {
    const x = sheet.getRow(r);
    if (x.getCell(col.get('unit_code')!).value === unit && x.getCell(col.get('indicator')!).value === measure)
      return x;
  }
  throw new Error(`no row for ${unit} ${measure}`);
}

function fill(sheet: ExcelJS.Worksheet, unit: string, measure: string, value: string, note?: string): number {
  const { col } = headerOf(sheet, 'unit_code');
  const row = templateRow(sheet, unit, measure);
  row.getCell(col.get('Giá trị mới')!).value = value;
  if (note !== undefined) row.getCell(col.get('Ghi chú')!).value = note;
  return row.number;
}

async function failure(p: Promise<unknown>): Promise<AppError> {
  try {
    await p;
  } catch (err) {
    return err as AppError;
  }
  throw new Error('expected an error');
}

const statusOf = async (db: Db, unit: string) =>
  (await readEvaluation(db, scope)).results.find((r) => r.unit.code === unit)!;

describe.each(testDatabases())('Excel import/export on $name', (target) => {
  let db: Db;
  beforeAll(async () => {
    db = await openTestDb(target, 'excel');
    await seedFixtures(db);
  });
  afterAll(async () => {
    await db?.close();
  });

  it('exports the scorecard with the status colours of the UI and a legend', async () => {
    const wb = await open(await buildScorecardXlsx(db, scope));
    const sheet = wb.worksheets[0]!;
    const cells: Array<{ text: string; fill: string | undefined; font: string | undefined }> = [];
    sheet.eachRow((row) => {
      row.eachCell((cell) => {
        const fill = cell.fill?.type === 'pattern' ? cell.fill.fgColor?.argb : undefined;
        cells.push({ text: String(cell.value), fill, font: cell.font?.color?.argb });
      });
    });
    expect(cells.map((c) => c.text).join(' ')).toMatch(/Bộ tiêu chí thử nghiệm cấp xã/);
    expect(cells).toContainEqual({ text: 'Đạt', fill: 'FF1B7F3B', font: 'FFFFFFFF' });
    expect(cells).toContainEqual({ text: 'Chưa đạt', fill: 'FFC62828', font: 'FFFFFFFF' });
    for (const c of Object.values(statusColours))
      expect(cells.some((x) => x.text === c.label.vi && x.fill === `FF${c.fill.slice(1)}`)).toBe(true);
    // C2 (Xã Bình): overall not met, criterion 1 not met, criterion 2 met, 1/2 criteria.
    const c2 = scorecardRow(sheet, 'C2');
    expect(c2).toEqual(expect.arrayContaining(['Xã Bình', 'Chưa đạt', '1/2', 'Đạt']));
  });

  it('round trip: download the values template, fill two values, upload: values and results move', async () => {
    const before = await statusOf(db, 'D1');
    expect(before.children).toMatchObject({ total: 3, met: 2, not_met: 1 });
    const wb = await open(await buildValuesTemplate(db, scope));
    const sheet = wb.getWorksheet('Số liệu')!;
    const { row: head, col } = headerOf(sheet, 'unit_code');
    expect([...col.keys()].slice(0, 11)).toEqual([
      'Mã đơn vị',
      'Tên đơn vị',
      'Mã chỉ tiêu',
      'Tên chỉ tiêu',
      'Mã số liệu',
      'Đơn vị tính',
      'Kiểu',
      'Ngưỡng',
      'Giá trị hiện tại',
      'Giá trị mới',
      'Ghi chú',
    ]);
    for (const h of ['unit_code', 'indicator', 'period'])
      expect(sheet.getColumn(col.get(h)!).hidden).toBe(true);
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: head });
    // Communes only (the township and the district are not evaluated), 3 measures each.
    expect(sheet.rowCount - head).toBe(9);
    const c3 = templateRow(sheet, 'C3', 'road_hardened_pct');
    expect(c3.getCell(col.get('Ngưỡng')!).value).toBe('≥ 70%');
    expect(c3.getCell(col.get('Giá trị hiện tại')!).value).toBe(72);
    expect(c3.getCell(col.get('Ghi chú')!).value).toBe('nhóm 3');
    const plan = templateRow(sheet, 'C1', 'plan_approved');
    expect(plan.getCell(col.get('Giá trị hiện tại')!).value).toBe('có');
    expect(plan.getCell(col.get('Giá trị mới')!).dataValidation).toMatchObject({ type: 'list' });

    const line = fill(sheet, 'C2', 'road_hardened_pct', '95,5', 'đo lại');
    fill(sheet, 'C1', 'income_per_capita', '80');
    const table = await readValuesTemplate(await save(wb));
    expect(table.rows).toHaveLength(2);
    expect(table.rows).toContainEqual({
      line,
      cells: {
        unit_code: 'C2',
        indicator: 'road_hardened_pct',
        period: '2024',
        value: '95,5',
        note: 'đo lại',
      },
    });
    const report = await importValueTable(db, { table, file: 'mau.xlsx', actor, source: 'import' });
    expect(report).toMatchObject({ rows: 2, changed: 2 });
    const c2 = await statusOf(db, 'C2');
    expect(c2.status).toBe('met');
    expect(c2.criteria[0]!.indicators[0]).toMatchObject({ value: 95.5, reason: '95,5% ≥ 90%' });
    expect((await statusOf(db, 'D1')).children).toMatchObject({ total: 3, met: 3, not_met: 0 });
  });

  it('a filled template with one bad row is refused naming its Excel row; nothing changes', async () => {
    const wb = await open(await buildValuesTemplate(db, scope));
    const sheet = wb.getWorksheet('Số liệu')!;
    fill(sheet, 'C1', 'road_hardened_pct', '50');
    const bad = fill(sheet, 'C3', 'plan_approved', 'chắc có');
    const table = await readValuesTemplate(await save(wb));
    const before = await snapshot(db);
    const err = await failure(importValueTable(db, { table, file: 'mau.xlsx', actor, source: 'import' }));
    expect(err.code).toBe('INVALID_ROWS');
    expect(err.details).toEqual([
      expect.objectContaining({ line: bad, field: 'Giá trị mới', value: 'chắc có' }),
    ]);
    expect(await snapshot(db)).toBe(before);
  });

  it('refuses a workbook that is not the template, saying what is missing', async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('Sheet1').addRow(['unit_code', 'indicator', 'value']);
    const err = await failure(readValuesTemplate(await save(wb)));
    expect(err.code).toBe('FILE_FORMAT');
    expect(err.message).toMatch(/không phải mẫu nhập số liệu/);
    expect(err.message).toMatch(/thiếu cột "Giá trị mới", các cột ẩn của mẫu/);
    expect((await failure(readValuesTemplate(Buffer.from('not a zip')))).code).toBe('FILE_FORMAT');
    const empty = await failure(readValuesTemplate(await buildValuesTemplate(db, scope)));
    expect(empty.message).toMatch(/Chưa điền cột "Giá trị mới"/);
  });

  it('framework template round trip: edit a threshold, draft with its diff, publish, evaluate anew', async () => {
    const template = await buildFrameworkTemplate(db, { frameworkId: 'demo-xa-2024' });
    const same = await createDraft(db, { fileName: 'demo.xlsx', content: template, actor });
    expect(same.draft).toBeNull();
    expect(render(same.errors[0]!.message, 'vi')).toMatch(/giống phiên bản 1/);

    const wb = await open(template);
    const sheet = wb.getWorksheet('Chỉ tiêu')!;
    const { col } = headerOf(sheet, 'Ngưỡng chung');
    expect([...col.keys()]).toEqual(
      expect.arrayContaining(['TDMNPB', 'DBSCL', 'Nhóm 1', 'Nhóm 3', 'Quy tắc CEL', 'Đã kiểm chứng']),
    );
    const row11 = sheet.getRow(3);
    expect(row11.getCell(col.get('Mã chỉ tiêu')!).value).toBe('1.1');
    expect(row11.getCell(col.get('Ngưỡng chung')!).value).toBe(90);
    expect(row11.getCell(col.get('Nhóm 3')!).value).toBe(70);
    row11.getCell(col.get('Ngưỡng chung')!).value = 95;

    const r = await createDraft(db, { fileName: 'demo.xlsx', content: await save(wb), actor });
    expect(r.errors).toEqual([]);
    expect(r.draft).toEqual({ id: 'demo-xa-2024', version: 2, status: 'draft' });
    expect(r.changes).toEqual([
      { change: 'changed', target: 'chỉ tiêu 1.1', field: 'rule', before: { '>=': 90 }, after: { '>=': 95 } },
    ]);
    // The draft is not used: evaluations and lists still see version 1.
    expect((await requireFramework(db, 'demo-xa-2024')).meta.version).toBe(1);
    expect((await listFrameworks(db)).find((f) => f.id === 'demo-xa-2024')?.version).toBe(1);
    expect((await listVersions(db, 'demo-xa-2024')).map((v) => [v.version, v.status])).toEqual([
      [1, 'published'],
      [2, 'draft'],
    ]);
    expect((await statusOf(db, 'C1')).status).toBe('met');

    const published = await publishDraft(db, {
      id: 'demo-xa-2024',
      version: 2,
      actor: systemActorNamed('leader'),
    });
    expect(published).toMatchObject({ version: 2, status: 'published' });
    const c1 = await statusOf(db, 'C1');
    expect(c1.criteria[0]!.indicators[0]).toMatchObject({
      value: 92,
      status: 'not_met',
      reason: '92% < 95%',
    });
    expect((await readEvaluation(db, scope)).framework.version).toBe(2);

    expect((await failure(publishDraft(db, { id: 'demo-xa-2024', version: 2, actor }))).code).toBe(
      'FRAMEWORK_ALREADY_PUBLISHED',
    );
    expect((await failure(publishDraft(db, { id: 'demo-xa-2024', version: 9, actor }))).code).toBe(
      'FRAMEWORK_NOT_FOUND',
    );
  });

  it('a draft with errors names sheet, row and column, and stores nothing', async () => {
    const wb = await open(await buildFrameworkTemplate(db, { frameworkId: 'demo-xa-2024' }));
    const sheet = wb.getWorksheet('Chỉ tiêu')!;
    const { col } = headerOf(sheet, 'Ngưỡng chung');
    sheet.getRow(3).getCell(col.get('Ngưỡng chung')!).value = 'chín mươi';
    sheet.getRow(6).getCell(col.get('Mã số liệu')!).value = 'Thu-Nhap';
    wb.getWorksheet('Thông tin')!.getCell('B3').value = 'Demo XA';
    const before = await snapshot(db);
    const r = await createDraft(db, { fileName: 'demo.xlsx', content: await save(wb), actor });
    expect(r.draft).toBeNull();
    expect(r.errors.map((e) => e.path)).toEqual([
      'Chỉ tiêu, dòng 3, cột Ngưỡng chung',
      'Thông tin, dòng 3, cột Giá trị',
      'Chỉ tiêu, dòng 6, cột Mã số liệu',
    ]);
    expect(r.errors[0]).toMatchObject({ sheet: 'Chỉ tiêu', line: 3, column: 'Ngưỡng chung' });
    expect(render(r.errors[0]!.message, 'vi')).toMatch(/không phải là số/);
    expect(await snapshot(db)).toBe(before);
  });

  it('takes YAML drafts too; a new upload replaces the pending draft; an outdated draft is refused', async () => {
    const yaml = readFileSync(join(fixtures, 'demo-xa-2024.yaml'), 'utf8');
    const first = await createDraft(db, {
      fileName: 'demo.yaml',
      content: Buffer.from(yaml.replace('{">=": 90}', '{">=": 85}')),
      actor,
    });
    expect(first.draft).toEqual({ id: 'demo-xa-2024', version: 3, status: 'draft' });
    const second = await createDraft(db, {
      fileName: 'demo.yaml',
      content: Buffer.from(yaml.replace('{">=": 90}', '{">=": 80}')),
      actor,
    });
    expect(second.draft?.version).toBe(3);
    expect(second.changes).toEqual([
      expect.objectContaining({ target: 'chỉ tiêu 1.1', after: { '>=': 80 } }),
    ]);
    expect((await listVersions(db, 'demo-xa-2024')).filter((v) => v.status === 'draft')).toHaveLength(1);
    // A YAML import publishes after the draft's number; the draft can then no longer be published.
    const imported = await importFramework(db, { text: yaml, fileName: 'demo.yaml', actor });
    expect(imported).toMatchObject({ outcome: 'new_version', version: 4 });
    expect((await failure(publishDraft(db, { id: 'demo-xa-2024', version: 3, actor }))).code).toBe(
      'FRAMEWORK_DRAFT_OUTDATED',
    );
    const err = await failure(createDraft(db, { fileName: 'demo.csv', content: Buffer.from('x'), actor }));
    expect(err.code).toBe('FILE_FORMAT');
  });
});

/** The texts of the scorecard row of a unit. */
function scorecardRow(sheet: ExcelJS.Worksheet, unit: string): string[] {
  let out: string[] = [];
  sheet.eachRow((row) => {
    if (row.getCell(2).value === unit)
      out = (row.values as unknown[]).filter((v) => v !== null && v !== undefined).map(String);
  });
  return out;
}
