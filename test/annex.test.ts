import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor, systemActorNamed } from '../src/access/index.ts';
import type { Db } from '../src/db/database.ts';
import { readEvaluation } from '../src/evaluations/report.ts';
import { readThresholdCell } from '../src/frameworks/annex/cells.ts';
import { readDocx } from '../src/frameworks/annex/docx.ts';
import { correctAnnexCell, importAnnex, readAnnexReview } from '../src/frameworks/annex/import.ts';
import { readAnnexTable } from '../src/frameworks/annex/table.ts';
import { publishDraft } from '../src/frameworks/drafts.ts';
import { requireFramework } from '../src/frameworks/store.ts';
import { importUnits } from '../src/units/import.ts';
import { setValues } from '../src/values/import.ts';
import { buildDocx, groupAnnex, regionAnnex, splitRegionAnnex } from './support/annex-docx.ts';
import { testDatabases } from './support/databases.ts';
import { openTestDb, snapshot } from './support/db.ts';

const actor = systemActorNamed('tester');
const id = 'thu-nghiem-phu-luc';
const importOpts = (content: Buffer, fileName = 'phu-luc.docx') => ({
  fileName,
  content,
  id,
  name: 'Bộ tiêu chí thử nghiệm từ phụ lục',
  appliesTo: ['commune'],
  validFrom: '01/01/2022',
  validTo: '2025-12-31',
  actor,
});

describe('threshold cells as officials type them', () => {
  it.each([
    ['≥ 70%', { '>=': 70 }, 'percent'],
    ['100%', { '>=': 100 }, 'percent'],
    ['≤ 2%', { '<=': 2 }, 'percent'],
    ['≥ 45', { '>=': 45 }, 'number'],
    ['≥ 92,5%', { '>=': 92.5 }, 'percent'],
    ['≥ 1.234,5', { '>=': 1234.5 }, 'number'],
    ['Tối thiểu 80%', { '>=': 80 }, 'percent'],
    ['Không quá 3%', { '<=': 3 }, 'percent'],
    ['Từ 45 triệu đồng/người/năm trở lên', { '>=': 45 }, 'number'],
    ['≥ 70%(*)', { '>=': 70 }, 'percent'],
    ['Đạt', { '==': true }, 'boolean'],
  ])('%s', (text, rule, type) => {
    const r = readThresholdCell(text);
    expect(r).toMatchObject({ kind: 'rule', rule, type });
  });

  it('reads "không áp dụng", leaves an empty cell empty, and refuses what it cannot read', () => {
    expect(readThresholdCell('Không áp dụng').kind).toBe('not_applicable');
    expect(readThresholdCell('  ').kind).toBe('empty');
    expect(readThresholdCell('Theo hướng dẫn của Bộ Y tế').kind).toBe('unparsed');
    expect(readThresholdCell('≥ 70% hoặc 50%').kind).toBe('unparsed');
    // A bare number other than 100% gets "≥" but is flagged for checking.
    expect(readThresholdCell('92,5')).toMatchObject({ kind: 'rule', rule: { '>=': 92.5 }, assumed: true });
    expect(readThresholdCell('100%')).not.toHaveProperty('assumed');
  });
});

describe('annex tables of a Word file', () => {
  it('reads merged criterion cells, the general column, seven regions, sections and footnotes', async () => {
    const doc = await readDocx(await regionAnnex());
    expect(doc.paragraphs[2]).toMatch(/Quyết định số 999\/QĐ-TTg/);
    const t = readAnnexTable(doc.tables);
    expect(t.columns.map((c) => (c.kind === 'rule' ? 'rule' : c.key))).toEqual([
      'rule',
      'TDMNPB',
      'DBSH',
      'BTB',
      'DHNTB',
      'TN',
      'DNB',
      'DBSCL',
    ]);
    expect(t.criteria.map((c) => `${c.group}:${c.no}:${c.indicators.map((i) => i.code).join('+')}`)).toEqual([
      'I:1:1.1',
      'I:2:2.1+2.2',
      'II:3:3',
      'II:4:4.1',
      'II:5:5.1',
      'II:6:6.1+6.2',
    ]);
    expect(t.criteria[1]!.name).toBe('Giao thông');
    // A threshold merged down two indicators applies to both.
    expect(t.criteria[5]!.indicators.map((i) => i.cells[0]!.text)).toEqual(['≥ 95%', '≥ 95%']);
    expect(t.notes).toEqual([expect.stringMatching(/^Ghi chú: \(\*\) Xã có trên 3 trường/)]);
  });

  it('reads a table continued after a page break as one, and stops at the next annex', async () => {
    const doc = await readDocx(await splitRegionAnnex());
    expect(doc.tables).toHaveLength(3);
    const t = readAnnexTable(doc.tables, doc.before);
    expect(t.criteria.map((c) => `${c.no}:${c.name}:${c.indicators.map((i) => i.code).join('+')}`)).toEqual([
      '1:Quy hoạch:1.1',
      '2:Giao thông:2.1',
    ]);
  });

  it('reads commune-group columns and skips the column-number row', async () => {
    const t = readAnnexTable((await readDocx(await groupAnnex())).tables);
    expect(t.columns).toEqual([
      { kind: 'group', key: '1', label: 'Nhóm 1' },
      { kind: 'group', key: '2', label: 'Nhóm 2' },
      { kind: 'group', key: '3', label: 'Nhóm 3' },
    ]);
    expect(t.criteria.flatMap((c) => c.indicators.map((i) => i.code))).toEqual(['1.1', '1.2', '2.1']);
    expect(t.criteria.map((c) => c.group)).toEqual(['I', 'I']);
  });
});

describe.each(testDatabases())('annex import on $name', (target) => {
  let db: Db;
  const dir = mkdtempSync(join(tmpdir(), 'tieuchi-annex-'));

  beforeAll(async () => {
    db = await openTestDb(target, 'annex');
    const units = join(dir, 'units.csv');
    writeFileSync(
      units,
      [
        'code,name,kind,parent_code,valid_from,valid_to,successors,region,group',
        'PB,Tỉnh Miền Núi,province,,,,,TDMNPB,',
        'CB,Xã Núi,commune,PB,,,,TDMNPB,3',
        'PH,Tỉnh Đồng Bằng,province,,,,,DBSH,',
        'CH,Xã Đồng,commune,PH,,,,DBSH,1',
      ].join('\n'),
    );
    await importUnits(db, { path: units, actor });
  });
  afterAll(async () => {
    await db.close();
  });

  it('refuses legacy .doc, non-Word and broken files in Vietnamese and stores nothing', async () => {
    const before = await snapshot(db);
    const ole = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0, 0, 0]);
    await expect(importAnnex(db, importOpts(ole, 'phu-luc.doc'))).rejects.toThrow(
      /libreoffice --headless --convert-to docx/,
    );
    await expect(importAnnex(db, importOpts(ole, 'doi-ten.docx'))).rejects.toThrow(/Word đời cũ \(\.doc\)/);
    await expect(importAnnex(db, importOpts(Buffer.from('xin chào'), 'a.docx'))).rejects.toThrow(
      /không phải văn bản Word \.docx/,
    );
    const good = await regionAnnex();
    await expect(importAnnex(db, importOpts(good.subarray(0, 400), 'cut.docx'))).rejects.toThrow(/bị hỏng/);
    const noTable = await buildDocx({ paragraphs: ['Không có bảng'], rows: [['a', 'b']] });
    await expect(importAnnex(db, importOpts(noTable))).rejects.toThrow(/Không tìm thấy bảng phụ lục/);
    const clerk = { userId: 7, username: 'can.bo', grants: [] };
    await expect(importAnnex(db, { ...importOpts(good), actor: clerk })).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
    const r = await importAnnex(db, { ...importOpts(good), appliesTo: ['xa'] });
    expect(r.draft).toBeNull();
    expect(r.errors.map((e) => e.path)).toEqual(['applies_to[0]']);
    expect(await snapshot(db)).toBe(before);
  });

  it('imports → draft → corrects a cell → publishes → judges communes of two regions', async () => {
    const r = await importAnnex(db, importOpts(await regionAnnex()));
    expect({
      draft: r.draft,
      criteria: r.criteria,
      indicators: r.indicators,
      rules: r.rules,
      unparsed: r.unparsed,
    }).toEqual({
      draft: { id, version: 1 },
      criteria: 6,
      indicators: 8,
      rules: 22,
      unparsed: [{ code: '5.1', column: 'rule', cell: 'Theo hướng dẫn của Bộ Y tế' }],
    });
    // A draft is never evaluated: nothing of this framework is published yet.
    await expect(requireFramework(db, id)).rejects.toThrow(/Không có bộ tiêu chí/);
    const draft = await requireFramework(db, id, 1);
    expect(draft.meta.status).toBe('draft');
    expect(draft.def.legal_basis).toEqual([
      { number: '999/QĐ-TTg', date: '2022-03-08', issuer: 'Thủ tướng Chính phủ', part: 'Phụ lục I' },
    ]);
    const road = draft.def.criteria[1]!.indicators[0]!;
    expect(road).toMatchObject({
      code: '2.1',
      measure: 'thu_nghiem_phu_luc_2_1',
      type: 'percent',
      rule: { '>=': 100 },
      by_region: { TDMNPB: { '>=': 70 }, DBSH: { '>=': 100 }, DBSCL: { '>=': 85 } },
    });
    expect(road.note).toMatch(/chú thích \(\*\)/);
    expect(draft.def.note).toMatch(/Xã có trên 3 trường học/);
    expect(draft.def.criteria[4]!.indicators[0]!.rule).toBeNull();

    const review = await readAnnexReview(db, { id });
    const health = review.indicators.find((i) => i.code === '5.1')!;
    expect(health.rule_missing).toBe(true);
    expect(health.cells).toEqual([
      expect.objectContaining({
        column: 'rule',
        source: 'Theo hướng dẫn của Bộ Y tế',
        parsed: false,
        rule_text: null,
      }),
    ]);
    const roadCells = review.indicators.find((i) => i.code === '2.1')!.cells;
    expect(roadCells.find((c) => c.column === 'region:TDMNPB')).toMatchObject({
      source: '≥ 70%(*)',
      parsed: true,
    });
    expect(review.unparsed_count).toBe(1);

    // A correction that cannot be read changes nothing.
    const stored = await snapshot(db);
    await expect(
      correctAnnexCell(db, { id, version: 1, code: '5.1', column: 'rule', text: 'nhiều', actor }),
    ).rejects.toThrow(/Chỉ tiêu 5\.1, Chỉ tiêu chung: "nhiều" không đọc được/);
    expect(await snapshot(db)).toBe(stored);
    const fixed = await correctAnnexCell(db, {
      id,
      version: 1,
      code: '5.1',
      column: 'rule',
      text: '≥ 90%',
      actor,
    });
    expect(fixed.unparsed_count).toBe(0);
    const fixedHealth = fixed.indicators.find((i) => i.code === '5.1')!;
    expect(fixedHealth).toMatchObject({ rule_missing: false, type: 'percent', unit: '%' });
    expect(fixedHealth.cells[0]).toMatchObject({
      corrected: '≥ 90%',
      rule_text: expect.stringMatching(/90/),
    });
    const events = await db.query<{ type: string }>(
      "SELECT type FROM audit_events WHERE type = 'framework.draft_corrected'",
    );
    expect(events).toHaveLength(1);

    await publishDraft(db, { id, version: 1, actor });
    await expect(
      correctAnnexCell(db, { id, version: 1, code: '5.1', column: 'rule', text: '≥ 50%', actor }),
    ).rejects.toThrow(/đã ban hành/);
    const published = await requireFramework(db, id);
    expect(published.meta.version).toBe(1);
    expect(published.def.todo).toBeUndefined();

    const m = (code: string) => `thu_nghiem_phu_luc_${code.replace('.', '_')}`;
    const figures = (unit: string, road: string, income: string, poor: string) => [
      { unitCode: unit, indicator: m('1.1'), period: '2024', value: 'có' },
      { unitCode: unit, indicator: m('2.1'), period: '2024', value: road },
      { unitCode: unit, indicator: m('2.2'), period: '2024', value: '93' },
      { unitCode: unit, indicator: m('3'), period: '2024', value: income },
      { unitCode: unit, indicator: m('4.1'), period: '2024', value: poor },
      { unitCode: unit, indicator: m('5.1'), period: '2024', value: '95' },
      { unitCode: unit, indicator: m('6.1'), period: '2024', value: '96' },
      { unitCode: unit, indicator: m('6.2'), period: '2024', value: '97' },
    ];
    // The same figures: 75% of roads and 50 million meet the mountain region's thresholds, not the delta's.
    await setValues(db, {
      values: [...figures('CB', '75', '50', '4,5'), ...figures('CH', '75', '50', '1,5')],
      actor,
    });
    const statuses = async (unit: string) => {
      const ev = await readEvaluation(db, {
        actor: systemActor,
        frameworkId: id,
        period: '2024',
        unitCode: unit,
      });
      const res = ev.results.find((x) => x.unit.code === unit)!;
      return {
        status: res.status,
        ind: Object.fromEntries(res.criteria.flatMap((c) => c.indicators.map((i) => [i.code, i.status]))),
      };
    };
    const mountain = await statuses('CB');
    expect(mountain.status).toBe('met');
    expect(mountain.ind).toMatchObject({ '2.1': 'met', '3': 'met', '4.1': 'met', '5.1': 'met' });
    const delta = await statuses('CH');
    expect(delta.status).toBe('not_met');
    expect(delta.ind).toMatchObject({ '2.1': 'not_met', '3': 'not_met', '4.1': 'met', '5.1': 'met' });
  });

  it('reads group columns into by_group and lists the unreadable group cell', async () => {
    const r = await importAnnex(db, {
      ...importOpts(await groupAnnex(), 'qd-nhom.docx'),
      id: 'thu-nghiem-nhom',
      validFrom: '2026-01-01',
      validTo: '2030-12-31',
    });
    expect(r.unparsed).toEqual([{ code: '2.1', column: 'group:3', cell: 'Bằng mức của tỉnh' }]);
    const def = (await requireFramework(db, 'thu-nghiem-nhom', r.draft!.version)).def;
    expect(def.group_attribute).toBe('group');
    expect(def.legal_basis[0]).toMatchObject({ number: '998/2025/QĐ-TTg', date: '2025-12-29' });
    const [road, house, income] = def.criteria.flatMap((c) => c.indicators);
    expect(road!.by_group).toEqual({ '1': { '>=': 100 }, '2': { '>=': 92.5 }, '3': { '>=': 80 } });
    expect(house!.by_group).toEqual({ '1': { '==': true }, '2': { '==': true }, '3': 'not_applicable' });
    expect(income!.by_group).toEqual({ '1': { '>=': 1234.5 }, '2': { '>=': 70 }, '3': null });
    expect(def.note).toMatch(/Nhóm xã theo phân loại/);
  });
});

const run = promisify(execFile);
const bin = join(import.meta.dirname, '..', 'bin', 'tieuchi.js');

describe('tieuchi frameworks import-annex and publish', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tieuchi-annex-cli-'));
  const env = { ...process.env, TIEUCHI_LANG: '', DATABASE_URL: '' };
  const tieuchi = async (...args: string[]) => {
    try {
      const r = await run(process.execPath, [bin, '--data', join(dir, 'data'), ...args], { env });
      return { code: 0, stdout: r.stdout, stderr: r.stderr };
    } catch (err) {
      const e = err as { code: number; stdout: string; stderr: string };
      return { code: e.code, stdout: e.stdout, stderr: e.stderr };
    }
  };

  it('prints the JSON report, leaves a draft, and publishes it', async () => {
    const file = join(dir, 'phu-luc.docx');
    writeFileSync(file, await regionAnnex());
    const args = [
      '--id',
      id,
      '--name',
      'Thử nghiệm',
      '--applies-to',
      'commune',
      '--valid-from',
      '2022-01-01',
    ];
    const r = await tieuchi(
      'frameworks',
      'import-annex',
      file,
      ...args,
      '--valid-to',
      '2025-12-31',
      '--format',
      'json',
    );
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({
      draft: { id, version: 1 },
      criteria: 6,
      indicators: 8,
      rules: 22,
      unparsed: [{ code: '5.1', column: 'rule', cell: 'Theo hướng dẫn của Bộ Y tế' }],
    });
    const doc = join(dir, 'cu.doc');
    writeFileSync(doc, Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]));
    const old = await tieuchi('frameworks', 'import-annex', doc, ...args, '--valid-to', '2025-12-31');
    expect(old.code).toBe(1);
    expect(old.stderr).toMatch(/libreoffice --headless --convert-to docx/);
    const pub = await tieuchi('frameworks', 'publish', id);
    expect(pub.stdout).toMatch(/Đã ban hành thu-nghiem-phu-luc phiên bản 1/);
    expect((await tieuchi('frameworks', 'list')).stdout).toMatch(id);
  }, 300_000);
});
