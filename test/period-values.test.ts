import { describe, expect, it } from 'vitest';
import { PeriodValues, parseValueCsv } from '../src/evaluations/period-values.ts';

describe('a period’s figures in typed arrays', () => {
  it('reads COPY’s CSV: NULLs, quoted text with commas, quotes and line breaks, n/a flags', () => {
    const rows: unknown[][] = [];
    parseValueCsv(
      'X1,m1,92.5,,f\nX1,m2,,"có, đạt",f\nX2,m1,,"nói ""không""\nxuống dòng",t\r\nX2,m2,,"",f\n',
      (...r) => rows.push(r),
    );
    expect(rows).toEqual([
      ['X1', 'm1', 92.5, null, false],
      ['X1', 'm2', null, 'có, đạt', false],
      ['X2', 'm1', null, 'nói "không"\nxuống dòng', true],
      ['X2', 'm2', null, '', false],
    ]);
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
});
