// Checks the generated unit-history files data/units/hanoi.csv and data/units/vietnam.csv
// (built by scripts/units/build-units.ts): trees valid on a date, interval and successor rules,
// and the counts given in ../shared/data/units/SOURCES.md.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { buildUnits, defaultSourceDir, outputColumns } from '../scripts/units/build-units.ts';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const OPEN_START = '0001-01-01';
const OPEN_END = '9999-12-31';
const REGIONS = ['TDMNPB', 'DBSH', 'BTB', 'DHNTB', 'TN', 'DNB', 'DBSCL'];
const PROVINCE_KINDS = ['province', 'city'];
const DISTRICT_KINDS = ['district', 'urban_district', 'town', 'provincial_city'];
const COMMUNE_KINDS = ['commune', 'ward', 'township', 'special_zone'];

interface Row {
  code: string;
  name: string;
  kind: string;
  parent_code: string;
  valid_from: string;
  valid_to: string;
  successors: string;
  region: string;
  province_code: string;
}

function read(file: string): { header: string[]; rows: Row[]; text: string } {
  const text = readFileSync(join(root, 'data', 'units', file), 'utf8');
  const records = parse(text, { skip_empty_lines: true }) as string[][];
  const [header, ...body] = records;
  const rows = body.map(
    (cells) => Object.fromEntries(header!.map((h, i) => [h, cells[i] ?? ''])) as unknown as Row,
  );
  return { header: header!, rows, text };
}

const from = (r: Row) => r.valid_from || OPEN_START;
const to = (r: Row) => r.valid_to || OPEN_END;
const validOn = (r: Row, date: string) => from(r) <= date && date <= to(r);

function dayAfter(iso: string): string {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

/** The tree valid on `date`: units by code and children by parent code. */
function treeOn(rows: Row[], date: string) {
  const byCode = new Map<string, Row>();
  const children = new Map<string, Row[]>();
  for (const r of rows) {
    if (!validOn(r, date)) continue;
    expect(byCode.has(r.code), `${r.code} has two intervals valid on ${date}`).toBe(false);
    byCode.set(r.code, r);
  }
  for (const r of byCode.values())
    if (r.parent_code) {
      const list = children.get(r.parent_code) ?? [];
      list.push(r);
      children.set(r.parent_code, list);
    }
  const count = (kinds: string[]) => [...byCode.values()].filter((r) => kinds.includes(r.kind)).length;
  return {
    byCode,
    children: (code: string) => children.get(code) ?? [],
    provinces: count(PROVINCE_KINDS),
    districts: count(DISTRICT_KINDS),
    communes: count(COMMUNE_KINDS),
  };
}

function commonChecks(rows: Row[]) {
  const byCode = new Map<string, Row[]>();
  for (const r of rows) byCode.set(r.code, [...(byCode.get(r.code) ?? []), r]);

  it('intervals of one code never overlap and are well formed', () => {
    for (const [code, list] of byCode) {
      const sorted = [...list].sort((a, b) => (from(a) < from(b) ? -1 : 1));
      for (const r of sorted) expect(from(r) <= to(r), `${code} ${r.valid_from}..${r.valid_to}`).toBe(true);
      for (let i = 1; i < sorted.length; i++)
        expect(from(sorted[i]!) > to(sorted[i - 1]!), `${code} intervals overlap`).toBe(true);
      // consecutive intervals of one code differ in name, kind or parent
      for (let i = 1; i < sorted.length; i++) {
        const [a, b] = [sorted[i - 1]!, sorted[i]!];
        if (dayAfter(to(a)) === from(b))
          expect(a.name !== b.name || a.kind !== b.kind || a.parent_code !== b.parent_code, code).toBe(true);
      }
    }
  });

  it('every successor is a unit valid on the day after the interval ends', () => {
    let n = 0;
    for (const r of rows) {
      if (!r.successors) continue;
      expect(r.valid_to, `${r.code} has successors but no end`).not.toBe('');
      const day = dayAfter(r.valid_to);
      for (const s of r.successors.split('|')) {
        n++;
        expect(
          (byCode.get(s) ?? []).some((x) => validOn(x, day)),
          `${r.code} ${r.name} → ${s} not valid on ${day}`,
        ).toBe(true);
      }
    }
    expect(n).toBeGreaterThan(0);
  });

  it('every parent is valid on the first and last day of its child interval', () => {
    for (const r of rows) {
      if (!r.parent_code) continue;
      for (const day of [from(r), to(r)])
        expect(
          (byCode.get(r.parent_code) ?? []).some((p) => validOn(p, day)),
          `${r.code} ${r.name}: parent ${r.parent_code} on ${day}`,
        ).toBe(true);
    }
  });

  it('every row has a region and a province code, and provinces have no parent', () => {
    for (const r of rows) {
      expect(REGIONS, r.code).toContain(r.region);
      expect(r.province_code, r.code).toMatch(/^\d{2}$/);
      if (PROVINCE_KINDS.includes(r.kind)) {
        expect(r.parent_code, r.code).toBe('');
        expect(r.province_code, r.code).toBe(r.code);
      } else expect(r.parent_code, r.code).not.toBe('');
    }
  });

  it('districts end by 2025-06-30; old communes carry successors, 2025-01-01 disappearances none', () => {
    for (const r of rows) {
      if (DISTRICT_KINDS.includes(r.kind)) expect(to(r) <= '2025-06-30', r.code).toBe(true);
      if (COMMUNE_KINDS.includes(r.kind) && r.valid_to === '2025-06-30')
        expect(r.successors, `${r.code} ${r.name}`).not.toBe('');
      if (r.valid_to === '2024-12-31') {
        const continues = (byCode.get(r.code) ?? []).some((x) => x.valid_from === '2025-01-01');
        expect(r.successors, r.code).toBe(continues ? r.code : '');
      }
    }
  });
}

describe('data/units/hanoi.csv', () => {
  const { header, rows } = read('hanoi.csv');

  it('has the import header and only Hanoi units', () => {
    expect(header).toEqual([...outputColumns]);
    expect(rows.every((r) => r.province_code === '01' && r.region === 'DBSH')).toBe(true);
  });

  it('2024-12-31: Gia Lâm 22 (20 communes + 2 townships), Thanh Trì 16, Bắc Từ Liêm 13', () => {
    const t = treeOn(rows, '2024-12-31');
    const giaLam = t.children('018');
    expect(giaLam).toHaveLength(22);
    expect(giaLam.filter((r) => r.kind === 'commune')).toHaveLength(20);
    expect(
      giaLam
        .filter((r) => r.kind === 'township')
        .map((r) => r.name)
        .sort(),
    ).toEqual(['Thị trấn Trâu Quỳ', 'Thị trấn Yên Viên']);
    expect(t.children('020')).toHaveLength(16);
    expect(t.children('021')).toHaveLength(13);
    expect(t.children('021').every((r) => r.kind === 'ward')).toBe(true);
  });

  it('2024-12-31: 30 districts and 579 communes (383 xã, 175 phường, 21 thị trấn)', () => {
    const t = treeOn(rows, '2024-12-31');
    expect(t.provinces).toBe(1);
    expect(t.districts).toBe(30);
    expect(t.children('01')).toHaveLength(30);
    expect(t.communes).toBe(579);
    const kinds = [...t.byCode.values()].map((r) => r.kind);
    expect(kinds.filter((k) => k === 'commune')).toHaveLength(383);
    expect(kinds.filter((k) => k === 'ward')).toHaveLength(175);
    expect(kinds.filter((k) => k === 'township')).toHaveLength(21);
  });

  it('2025-01-01 and 2025-03-01: Gia Lâm has 17 units, Hanoi 526 communes in 30 districts', () => {
    for (const day of ['2025-01-01', '2025-03-01']) {
      const t = treeOn(rows, day);
      expect(t.children('018')).toHaveLength(17);
      expect(t.children('020')).toHaveLength(16);
      expect(t.children('021')).toHaveLength(13);
      expect(t.districts).toBe(30);
      expect(t.communes).toBe(526);
    }
    const t = treeOn(rows, '2025-03-01');
    expect(t.byCode.get('00541')?.name).toBe('Xã Thiên Đức');
    expect(t.byCode.get('00562')?.name).toBe('Xã Phú Sơn');
    expect(t.byCode.get('00589')?.name).toBe('Xã Kim Đức');
  });

  it('2025-07-01: Hanoi has 126 direct children (51 wards, 75 communes) and no districts', () => {
    const t = treeOn(rows, '2025-07-01');
    const kids = t.children('01');
    expect(kids).toHaveLength(126);
    expect(kids.filter((r) => r.kind === 'ward')).toHaveLength(51);
    expect(kids.filter((r) => r.kind === 'commune')).toHaveLength(75);
    expect(t.districts).toBe(0);
    expect(t.communes).toBe(126);
    expect(t.byCode.size).toBe(127);
  });

  it('old 00004 Phường Trúc Bạch became the new 00004 Phường Ba Đình', () => {
    const list = rows.filter((r) => r.code === '00004');
    const old = list.find((r) => r.valid_to === '2025-06-30');
    const neu = list.find((r) => r.valid_from === '2025-07-01');
    expect(old?.name).toBe('Phường Trúc Bạch');
    expect(old?.parent_code).toBe('001');
    expect(old?.successors).toBe('00004');
    expect(neu?.name).toBe('Phường Ba Đình');
    expect(neu?.parent_code).toBe('01');
    expect(neu?.valid_to).toBe('');
  });

  it('follows the 1 July 2025 mapping (partial units have several successors)', () => {
    const on = (code: string, day: string) => rows.find((r) => r.code === code && validOn(r, day));
    // Trâu Quỳ → Xã Gia Lâm + Xã Bát Tràng; Yên Viên → Xã Phù Đổng (SOURCES.md)
    const trauQuy = rows.find((r) => r.name === 'Thị trấn Trâu Quỳ')!;
    expect(
      trauQuy.successors
        .split('|')
        .map((s) => on(s, '2025-07-01')?.name)
        .sort(),
    ).toEqual(['Xã Bát Tràng', 'Xã Gia Lâm']);
    const yenVien = rows.find((r) => r.name === 'Thị trấn Yên Viên')!;
    expect(yenVien.successors.split('|').map((s) => on(s, '2025-07-01')?.name)).toEqual(['Xã Phù Đổng']);
    // the Sơn Đồng fix in SOURCES.md: 09859 → 09871 only
    expect(rows.find((r) => r.code === '09859' && r.valid_to === '2025-06-30')?.successors).toBe('09871');
    // the communes that disappeared on 2025-01-01 have no successor (no mapping in the sources)
    const dinhXuyen = rows.find((r) => r.name === 'Xã Đình Xuyên')!;
    expect(dinhXuyen.valid_to).toBe('2024-12-31');
    expect(dinhXuyen.successors).toBe('');
    // districts abolished on 2025-07-01 leave the mapping to their communes
    expect(rows.find((r) => r.code === '018')).toMatchObject({ valid_to: '2025-06-30', successors: '' });
  });

  commonChecks(rows);
});

describe('data/units/vietnam.csv', () => {
  const { header, rows, text } = read('vietnam.csv');

  it('has the import header and contains hanoi.csv', () => {
    expect(header).toEqual([...outputColumns]);
    const hanoi = read('hanoi.csv').text.split('\n').slice(1).filter(Boolean);
    const lines = new Set(text.split('\n'));
    expect(hanoi.every((l) => lines.has(l))).toBe(true);
    expect(rows.filter((r) => r.province_code === '01')).toHaveLength(hanoi.length);
  });

  it('2024-12-31: 63 provinces, 705 districts, 10,595 communes (the 01/05/2024 list)', () => {
    const t = treeOn(rows, '2024-12-31');
    expect([t.provinces, t.districts, t.communes]).toEqual([63, 705, 10595]);
  });

  it('2025-03-01: 63 provinces, 696 districts, 10,047 communes (the 01/03/2025 list)', () => {
    const t = treeOn(rows, '2025-03-01');
    expect([t.provinces, t.districts, t.communes]).toEqual([63, 696, 10047]);
    expect(t.byCode.get('46')).toMatchObject({ name: 'Thành phố Huế', kind: 'city' });
  });

  it('2025-07-01: 34 provinces (28 + 6 cities), no districts, 3,321 communes', () => {
    const t = treeOn(rows, '2025-07-01');
    expect([t.provinces, t.districts, t.communes]).toEqual([34, 0, 3321]);
    const units = [...t.byCode.values()];
    expect(units.filter((r) => r.kind === 'city')).toHaveLength(6);
    expect(units.filter((r) => r.kind === 'commune')).toHaveLength(2621);
    expect(units.filter((r) => r.kind === 'ward')).toHaveLength(687);
    expect(units.filter((r) => r.kind === 'special_zone')).toHaveLength(13);
    for (const r of units)
      if (r.parent_code) expect(t.byCode.get(r.parent_code)?.parent_code, r.code).toBe('');
  });

  it('merged provinces end 2025-06-30 with their new province as successor', () => {
    const ended = rows.filter((r) => r.code.length === 2 && r.valid_to === '2025-06-30');
    expect(ended.filter((r) => r.successors !== r.code)).toHaveLength(29); // 63 − 34
    for (const r of ended) expect(r.successors, r.code).toMatch(/^\d{2}$/);
    const succ = (code: string) => ended.find((r) => r.code === code)?.successors;
    expect(succ('02')).toBe('08'); // Hà Giang → Tuyên Quang
    expect(succ('89')).toBe('91'); // An Giang → An Giang (Kiên Giang's code)
    expect(succ('15')).toBe('15'); // Yên Bái → Lào Cai, same code
    expect(rows.filter((r) => r.code === '01')).toHaveLength(1); // Hanoi: one open interval
  });

  it('regions follow the province code (GSO grouping)', () => {
    const region = (code: string) => rows.find((r) => r.code === code)?.region;
    expect([
      region('01'),
      region('22'),
      region('46'),
      region('48'),
      region('68'),
      region('79'),
      region('96'),
    ]).toEqual(['DBSH', 'DBSH', 'BTB', 'DHNTB', 'TN', 'DNB', 'DBSCL']);
    const provinces = new Set(rows.filter((r) => r.code.length === 2 && !r.valid_from).map((r) => r.code));
    expect(provinces.size).toBe(63);
  });

  commonChecks(rows);
});

describe.skipIf(!existsSync(defaultSourceDir))('scripts/units/build-units.ts', () => {
  it('rebuilds exactly the committed files from ../shared/data/units', () => {
    const result = buildUnits(defaultSourceDir);
    expect(result.vietnamCsv).toBe(read('vietnam.csv').text);
    expect(result.hanoiCsv).toBe(read('hanoi.csv').text);
  });
});
