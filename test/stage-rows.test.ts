import { describe, expect, it } from 'vitest';
import { type StagedChunk, ValueRowStager } from '../src/imports/stage-rows.ts';
import type { FieldCatalog } from '../src/values/parse.ts';

const catalog: FieldCatalog = {
  measures: new Map([
    ['m1', { id: 'm1', type: 'number' }],
    ['m2', { id: 'm2', type: 'number' }],
  ]),
  indicators: new Map(),
};
const month = (k: number) => `${2000 + Math.floor(k / 12)}-${String((k % 12) + 1).padStart(2, '0')}`;

/** Stages `rows` (unit, measure, period) in one chunk; the lines named as repeats → their first line. */
function repeats(rows: Array<[string, string, string]>): Map<number, number> {
  const stager = new ValueRowStager(catalog, 1_000_000);
  expect(stager.header(['unit_code', 'indicator', 'period', 'value'])).toBe(true);
  for (const [i, [u, m, p]] of rows.entries()) expect(stager.add(i + 2, [u, m, p, '1'])).toBeNull();
  const chunk = stager.flush() as StagedChunk;
  const found = new Map<number, number>();
  for (const line of chunk.issues.split('\n').filter(Boolean)) {
    const first = /trùng với dòng (\d+)/.exec(line);
    if (first) found.set(Number(line.split(',')[0]), Number(first[1]));
  }
  const held = chunk.held.split('\n').filter(Boolean).length;
  expect(held).toBe(found.size);
  expect(chunk.rows.split('\n').filter(Boolean).length + held).toBe(rows.length);
  return found;
}

describe('repeated figures in a values file', () => {
  it('names a repeat after its first row, whatever the order of units, and only the same unit, figure and period', () => {
    const found = repeats([
      ['A', 'm1', '2024'], // 2
      ['B', 'm1', '2024'], // 3
      ['A', 'm2', '2024'], // 4
      ['A', 'm1', '2023'], // 5: another period
      ['B', 'm1', '2024'], // 6: repeats 3 (unit seen two rows ago)
      ['A', 'm1', '2024'], // 7: repeats 2 (units interleaved)
      ['C', 'm1', '2024'], // 8
      ['A', 'm1', '2024'], // 9: repeats 2, not 7
    ]);
    expect([...found]).toEqual([
      [6, 3],
      [7, 2],
      [9, 2],
    ]);
  });

  it('tells figures apart across more periods than fit in one small key', () => {
    const rows: Array<[string, string, string]> = [];
    for (let k = 0; k < 1500; k++) rows.push(['A', k % 2 ? 'm1' : 'm2', month(k)]);
    rows.push(['A', 'm1', month(1299)]); // line 1502 repeats line 1301
    rows.push(['A', 'm2', month(1299)]); // new: month 1299 was given for m1
    rows.push(['A', 'm2', month(4)]); // line 1504 repeats line 6
    expect([...repeats(rows)]).toEqual([
      [1502, 1301],
      [1504, 6],
    ]);
  });
});

describe('rows written for value_current (a period’s first figures stored directly)', () => {
  it('writes each good row as a current figure, each unit with each period once, each measure once', () => {
    const stager = new ValueRowStager(catalog, 4, { source: 'import', actor: 'cán bộ, xã', importId: 7 });
    expect(stager.header(['unit_code', 'indicator', 'period', 'value', 'note'])).toBe(true);
    const chunks: StagedChunk[] = [];
    const take = (c: StagedChunk | null) => c && chunks.push(c);
    take(stager.add(2, ['A', 'm1', '2024', '1,5', 'ghi "chú"']));
    take(stager.add(3, ['A', 'm2', '2024', '2', '']));
    take(stager.add(4, ['B', 'm1', '2024', '3', '']));
    take(stager.add(5, ['A', 'm1', '2025', '4', '']));
    take(stager.add(6, ['A', 'm2', '2025', '5', '']));
    take(stager.add(7, ['B', 'm2', '2024', '6', '']));
    take(stager.flush());
    expect(chunks.map((c) => c.rows)).toEqual([
      '2024,A,m1,1.5,,f,"ghi ""chú""",import,"cán bộ, xã",7\n2024,A,m2,2,,f,,import,"cán bộ, xã",7\n' +
        '2024,B,m1,3,,f,,import,"cán bộ, xã",7\n2025,A,m1,4,,f,,import,"cán bộ, xã",7\n',
      '2025,A,m2,5,,f,,import,"cán bộ, xã",7\n2024,B,m2,6,,f,,import,"cán bộ, xã",7\n',
    ]);
    expect(chunks.map((c) => c.keys)).toEqual([
      'A,2024,2024-01-01,2024-12-31\nB,2024,2024-01-01,2024-12-31\nA,2025,2025-01-01,2025-12-31\n',
      '',
    ]);
    expect(chunks.map((c) => c.measures)).toEqual([['m1', 'm2'], []]);
    expect(chunks.map((c) => c.periods)).toEqual([['2024', '2025'], []]);
  });
});
