import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CsvRowPieces } from '../src/db/csv.ts';
import type { Db } from '../src/db/database.ts';
import { loadPeriodValues, PeriodValues } from '../src/evaluations/period-values.ts';
import { testDatabases } from './support/databases.ts';
import { openTestDb } from './support/db.ts';

const sample =
  'X1,m1,92.5,,f\nX1,m2,,"có, đạt",f\nX2,m1,,"nói ""không""\nxuống dòng",t\r\nX2,m2,,"",f\n' +
  // Another measure between known ones, measures out of order, a quoted unit code.
  'X2,other,1,,f\nX2,m3,-1.5e3,,f\nX3,m2,7,,f\nX3,m1,0,,t\n"X,4",m1,3,,f\n"X,4",m2,4,,f';

describe('a period’s figures in typed arrays', () => {
  it('reads COPY’s CSV: NULLs, quoted text with commas, quotes and line breaks, n/a flags', () => {
    const v = new PeriodValues(['m1', 'm2', 'm3'], 1);
    v.readCsv(sample);
    expectSample(v);
  });

  it('reads the same figures from pieces of whole rows, however the bytes arrived', () => {
    const bytes = Buffer.from(sample, 'utf8');
    for (let size = 1; size <= bytes.length; size++) {
      const v = new PeriodValues(['m1', 'm2', 'm3'], 1);
      const pieces: string[] = [];
      const cutter = new CsvRowPieces((rows) => {
        pieces.push(rows);
        v.readCsv(rows);
      });
      for (let at = 0; at < bytes.length; at += size) cutter.push(bytes.subarray(at, at + size));
      cutter.end();
      // Never a cut inside a row, a quoted line break or a character of several bytes.
      expect(pieces.join('')).toBe(sample);
      for (const piece of pieces.slice(0, -1)) expect(piece.endsWith('\n'), `size ${size}`).toBe(true);
      expect(pieces.some((p) => p.startsWith('xuống dòng'))).toBe(false);
      expectSample(v);
    }
  });

  function expectSample(v: PeriodValues) {
    expect(v.size).toBe(4);
    expect(v.unit('X1')?.get('m1')).toEqual({ num: 92.5, txt: null, na: false });
    expect(v.unit('X1')?.get('m2')).toEqual({ num: null, txt: 'có, đạt', na: false });
    expect(v.unit('X1')?.get('m3')).toBeUndefined();
    expect(v.unit('X2')?.get('m1')).toEqual({ num: null, txt: 'nói "không"\nxuống dòng', na: true });
    expect(v.unit('X2')?.get('m2')).toEqual({ num: null, txt: '', na: false });
    expect(v.unit('X2')?.get('m3')).toEqual({ num: -1500, txt: null, na: false });
    expect(v.unit('X2')?.get('other')).toBeUndefined();
    expect(v.unit('X3')?.get('m2')).toEqual({ num: 7, txt: null, na: false });
    expect(v.unit('X3')?.get('m1')).toEqual({ num: 0, txt: null, na: true });
    expect(v.unit('X,4')?.get('m1')).toEqual({ num: 3, txt: null, na: false });
    expect(v.unit('X,4')?.get('m2')).toEqual({ num: 4, txt: null, na: false });
  }

  it('reads a unit code that starts like the one before as another unit', () => {
    const v = new PeriodValues(['m1', 'm10'], 1);
    v.readCsv('X1,m1,1,,f\nX10,m10,2,,f\nX1,m10,3,,f\n');
    expect(v.size).toBe(2);
    expect(v.unit('X1')?.get('m1')?.num).toBe(1);
    expect(v.unit('X10')?.get('m10')?.num).toBe(2);
    expect(v.unit('X10')?.get('m1')).toBeUndefined();
    expect(v.unit('X1')?.get('m10')?.num).toBe(3);
  });

  it('gives each unit its cells back, growing past the expected size', () => {
    const v = new PeriodValues(['m1', 'm2'], 1);
    for (let u = 0; u < 100; u++) v.set(`X${u}`, 'm1', { num: u, txt: null, na: false });
    v.set('X7', 'm2', { num: null, txt: '01/02/2024', na: true });
    v.set('X7', 'other', { num: 1, txt: null, na: false });
    expect(v.size).toBe(100);
    expect(v.unit('X99')?.get('m1')).toEqual({ num: 99, txt: null, na: false });
    expect(v.unit('X7')?.get('m2')).toEqual({ num: null, txt: '01/02/2024', na: true });
    expect(v.unit('X8')?.get('m2')).toBeUndefined();
    expect(v.unit('X7')?.get('other')).toBeUndefined();
    expect(v.unit('nope')).toBeUndefined();
  });

  it('reads every number as Number() would', () => {
    const texts = [
      '0',
      '-0',
      '1',
      '-1',
      '0.1',
      '0.3',
      '-2.5',
      '96.9',
      '123456789012345',
      '1234567890123456789',
      '0.000000000000001',
      '1.7976931348623157e+308',
      '5e-324',
      '1e21',
      'NaN',
      'Infinity',
      '-Infinity',
      '.5',
      '7.',
    ];
    let seed = 42;
    const rnd = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    for (let k = 0; k < 2000; k++)
      texts.push(String(Math.round(rnd() * 10 ** (1 + (k % 12))) / 10 ** (k % 7)));
    for (let k = 0; k < 200; k++) texts.push((rnd() * 1e6).toString(), (-rnd()).toString());
    const v = new PeriodValues(
      texts.map((_, k) => `m${k}`),
      1,
    );
    v.readCsv(texts.map((t, k) => `X1,m${k},${t},,f\n`).join(''));
    const unit = v.unit('X1')!;
    texts.forEach((t, k) => {
      const want = Number(t);
      // NaN is how the arrays hold "no number": such a figure reads as null.
      expect(unit.get(`m${k}`)?.num, t).toBe(Number.isNaN(want) ? null : want);
    });
  });
});

describe.each(testDatabases())('a period’s figures read from $name', (target) => {
  let db: Db;
  beforeAll(async () => {
    db = await openTestDb(target, 'period_values');
    await db.exec(
      `INSERT INTO measures (id, name, type) VALUES ('m_num', 'số', 'number'), ('m_txt', 'chữ', 'text')`,
    );
  });
  afterAll(async () => {
    await db?.close();
  });

  it('reads every figure of a period sent in many pieces: text with line breaks, quotes and Vietnamese', async () => {
    // Enough rows for PostgreSQL to send them in many pieces (≈ 64 kB each).
    const units = 3000;
    const text = (u: number) => `Ghi chú "${u}",\nxuống dòng: đạt ${'ữ'.repeat(u % 7)}`;
    const rows: string[] = [];
    for (let u = 0; u < units; u++)
      rows.push(
        `2024,U${u},m_num,${u / 4},,false,test,tester`,
        `2024,U${u},m_txt,,"${text(u).replaceAll('"', '""')}",${u % 5 === 0},test,tester`,
      );
    await db.exec(`INSERT INTO units (code, valid_from, valid_to, name, kind) SELECT 'U' || g, '0001-01-01', '9999-12-31',
      'Xã ' || g, 'commune' FROM generate_series(0, ${units - 1}) g`);
    await db.copyFrom(
      'value_current',
      ['period', 'unit_code', 'measure_id', 'num', 'txt', 'na', 'source', 'actor'],
      `${rows.join('\n')}\n`,
    );
    let pieces = 0;
    const counting: Db = {
      ...db,
      copyTo: (sql, each) =>
        db.copyTo(
          sql,
          each &&
            ((r) => {
              pieces++;
              each(r);
            }),
        ),
    };
    const v = await loadPeriodValues(counting, { period: '2024', measures: ['m_num', 'm_txt'], units });
    if (target.name === 'postgres') expect(pieces).toBeGreaterThan(3);
    expect(v.size).toBe(units);
    for (let u = 0; u < units; u++) {
      expect(v.unit(`U${u}`)?.get('m_num')).toEqual({ num: u / 4, txt: null, na: false });
      expect(v.unit(`U${u}`)?.get('m_txt')).toEqual({ num: null, txt: text(u), na: u % 5 === 0 });
    }
  });
});
