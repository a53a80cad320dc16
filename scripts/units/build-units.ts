/**
 * Builds our unit-history import files from the shared GSO snapshots:
 *
 *   data/units/vietnam.csv  the whole country
 *   data/units/hanoi.csv    Hanoi (province code 01) only, same rows
 *
 * Run: `npx tsx scripts/units/build-units.ts [SOURCE_DIR] [--out OUT_DIR]`
 *   SOURCE_DIR defaults to ../shared/data/units (relative to the repository root), OUT_DIR to
 *   data/units. See data/units/README.md and the SOURCES.md next to the source files.
 *
 * Output columns: code,name,kind,parent_code,valid_from,valid_to,successors,region,province_code
 * (`region` and `province_code` are unit attributes for `tieuchi units import`).
 *
 * Timeline (one row per validity interval of a code; a new row starts when name, kind or parent
 * changes; empty valid_from / valid_to = open):
 *
 *   units_2024.csv             (GSO, 01/05/2024)   valid from an open start to 2024-12-31
 *   units_2025_pre_reform.csv  (GSO, 01/03/2025)   valid 2025-01-01 .. 2025-06-30
 *   units_2025.csv             (two tiers)         valid from 2025-07-01, open end
 *
 * The 2023–2025 commune-level mergers (the differences between the first two lists) took effect
 * on 2025-01-01 in Hanoi. ASSUMPTION: for the other provinces they took effect on various dates
 * between 2024-05 and 2025-03 that the sources do not give; we date them all 2025-01-01 too.
 *
 * Successors:
 *   - 2025-06-30 → 2025-07-01: from merge_2025_all.csv (old commune → new unit(s): one for
 *     `full`, several for `partial`; an old code reused by its new unit names itself). Provinces:
 *     the new province codes their communes went to (old_province_code → new_province_code).
 *     Districts: empty (their communes carry the mapping), except the five island districts
 *     without communes that the mapping lists itself (→ their special zone).
 *   - 2024-12-31 → 2025-01-01: the sources give no mapping. A code that disappears gets no
 *     successor (never guessed). A code that continues with a new name/kind/parent names itself
 *     (same code, next interval), nothing more.
 *
 * Region: the socio-economic region code of the NTM 2021–2025 thresholds, from the province
 * code (see REGION below). Deterministic: rows sorted by code (provinces, then districts, then
 * communes) and valid_from; running it twice writes the same bytes.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parse } from 'csv-parse/sync';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const defaultSourceDir = resolve(repoRoot, '..', 'shared', 'data', 'units');
export const defaultOutDir = join(repoRoot, 'data', 'units');

export const outputColumns = [
  'code',
  'name',
  'kind',
  'parent_code',
  'valid_from',
  'valid_to',
  'successors',
  'region',
  'province_code',
] as const;

/** End of the 01/05/2024 list; the commune mergers of 2023–2025 are dated the day after. */
const END_2024 = '2024-12-31';
const START_PRE_REFORM = '2025-01-01';
/** Last day of the three-tier structure; the two-tier structure starts the day after. */
const END_OLD_TREE = '2025-06-30';
const START_2025 = '2025-07-01';

/**
 * Province code → socio-economic region. This is the standard GSO regional grouping of the 63
 * provinces (six socio-economic regions, as in the GSO Statistical Yearbook), with "Bắc Trung Bộ
 * và duyên hải miền Trung" split into BTB (Thanh Hóa .. Thừa Thiên Huế) and DHNTB (Đà Nẵng ..
 * Bình Thuận), giving the seven region codes of the NTM 2021–2025 thresholds. The 34 provinces
 * from 2025-07-01 keep one old code each and get that province's region (see README: several of
 * them now span two regions).
 */
export const REGION: Readonly<Record<string, string>> = {
  // Trung du và miền núi phía Bắc (14)
  '02': 'TDMNPB', // Hà Giang
  '04': 'TDMNPB', // Cao Bằng
  '06': 'TDMNPB', // Bắc Kạn
  '08': 'TDMNPB', // Tuyên Quang
  '10': 'TDMNPB', // Lào Cai
  '11': 'TDMNPB', // Điện Biên
  '12': 'TDMNPB', // Lai Châu
  '14': 'TDMNPB', // Sơn La
  '15': 'TDMNPB', // Yên Bái
  '17': 'TDMNPB', // Hòa Bình
  '19': 'TDMNPB', // Thái Nguyên
  '20': 'TDMNPB', // Lạng Sơn
  '24': 'TDMNPB', // Bắc Giang
  '25': 'TDMNPB', // Phú Thọ
  // Đồng bằng sông Hồng (11)
  '01': 'DBSH', // Hà Nội
  '22': 'DBSH', // Quảng Ninh
  '26': 'DBSH', // Vĩnh Phúc
  '27': 'DBSH', // Bắc Ninh
  '30': 'DBSH', // Hải Dương
  '31': 'DBSH', // Hải Phòng
  '33': 'DBSH', // Hưng Yên
  '34': 'DBSH', // Thái Bình
  '35': 'DBSH', // Hà Nam
  '36': 'DBSH', // Nam Định
  '37': 'DBSH', // Ninh Bình
  // Bắc Trung Bộ (6)
  '38': 'BTB', // Thanh Hóa
  '40': 'BTB', // Nghệ An
  '42': 'BTB', // Hà Tĩnh
  '44': 'BTB', // Quảng Bình
  '45': 'BTB', // Quảng Trị
  '46': 'BTB', // Thừa Thiên Huế / Thành phố Huế
  // Duyên hải Nam Trung Bộ (8)
  '48': 'DHNTB', // Đà Nẵng
  '49': 'DHNTB', // Quảng Nam
  '51': 'DHNTB', // Quảng Ngãi
  '52': 'DHNTB', // Bình Định
  '54': 'DHNTB', // Phú Yên
  '56': 'DHNTB', // Khánh Hòa
  '58': 'DHNTB', // Ninh Thuận
  '60': 'DHNTB', // Bình Thuận
  // Tây Nguyên (5)
  '62': 'TN', // Kon Tum
  '64': 'TN', // Gia Lai
  '66': 'TN', // Đắk Lắk
  '67': 'TN', // Đắk Nông
  '68': 'TN', // Lâm Đồng
  // Đông Nam Bộ (6)
  '70': 'DNB', // Bình Phước
  '72': 'DNB', // Tây Ninh
  '74': 'DNB', // Bình Dương
  '75': 'DNB', // Đồng Nai
  '77': 'DNB', // Bà Rịa - Vũng Tàu
  '79': 'DNB', // TP. Hồ Chí Minh
  // Đồng bằng sông Cửu Long (13)
  '80': 'DBSCL', // Long An
  '82': 'DBSCL', // Tiền Giang
  '83': 'DBSCL', // Bến Tre
  '84': 'DBSCL', // Trà Vinh
  '86': 'DBSCL', // Vĩnh Long
  '87': 'DBSCL', // Đồng Tháp
  '89': 'DBSCL', // An Giang
  '91': 'DBSCL', // Kiên Giang
  '92': 'DBSCL', // Cần Thơ
  '93': 'DBSCL', // Hậu Giang
  '94': 'DBSCL', // Sóc Trăng
  '95': 'DBSCL', // Bạc Liêu
  '96': 'DBSCL', // Cà Mau
};

/**
 * Rows of merge_2025_all.csv that contradict the resolution that made the new unit, each checked
 * against the transcription in dvhcvn/20250701 input/docs. A correction moves one old unit from
 * the source's new unit to the resolution's; it is skipped (with a note) if the source no longer
 * has the wrong row, so a fixed source needs no change here.
 */
export const CORRECTIONS: ReadonlyArray<{
  oldCode: string;
  wrongNewCode: string;
  newCode: string;
  why: string;
}> = [
  {
    oldCode: '30622', // Xã Tân Phú, Huyện Châu Thành, An Giang
    wrongNewCode: '30259', // Xã Tân Phú Trung (Đồng Tháp) — the source confused it with Đồng Tháp's Xã Tân Phú 30274
    newCode: '30604', // Xã Vĩnh An (An Giang)
    why: 'Nghị quyết 1654/NQ-UBTVQH15 Điều 1 khoản 31: thị trấn Vĩnh Bình, xã Tân Phú và xã Vĩnh An → xã Vĩnh An',
  },
  {
    oldCode: '23710', // Xã A Dơk, Huyện Đăk Đoa, Gia Lai
    wrongNewCode: '23869', // Xã Ia Dơk (Đức Cơ) — the source confused A Dơk with Ia Dơk
    newCode: '23710', // Xã Ia Băng, which also carries A Dơk's code
    why: 'Nghị quyết 1664/NQ-UBTVQH15 Điều 1 khoản 88 (Ia Băng, Adơk, Ia Pết → xã Ia Băng) and khoản 100 (Ia Kla, Ia Dơk → xã Ia Dơk)',
  },
];

interface SourceUnit {
  code: string;
  name: string;
  kind: string;
  parent_code: string;
  province_code: string;
}

interface MergeRow {
  new_code: string;
  new_name: string;
  new_kind: string;
  old_code: string;
  old_name: string;
  old_kind: string;
  merge_type: string;
  old_district_code: string;
  old_district_name: string;
  old_province_code?: string;
  new_province_code?: string;
}

export interface OutputRow {
  code: string;
  name: string;
  kind: string;
  parent_code: string;
  valid_from: string;
  valid_to: string;
  successors: string[];
  region: string;
  province_code: string;
}

export interface BuildResult {
  rows: OutputRow[];
  vietnamCsv: string;
  hanoiCsv: string;
  notes: string[];
}

function readCsvFile<T>(dir: string, file: string, columns: readonly string[]): T[] {
  const text = readFileSync(join(dir, file), 'utf8');
  const records = parse(text, { columns: true, skip_empty_lines: true, bom: true }) as Record<
    string,
    string
  >[];
  const first = records[0];
  for (const c of columns) if (!first || !(c in first)) throw new Error(`${file}: missing column "${c}"`);
  return records.map((r) => {
    const out: Record<string, string> = {};
    for (const [k, v] of Object.entries(r)) out[k] = (v ?? '').normalize('NFC').trim();
    return out as T;
  });
}

function byCode(units: SourceUnit[], file: string): Map<string, SourceUnit> {
  const map = new Map<string, SourceUnit>();
  for (const u of units) {
    if (map.has(u.code)) throw new Error(`${file}: code ${u.code} appears twice`);
    if (!REGION[u.province_code])
      throw new Error(`${file}: ${u.code} has unknown province ${u.province_code}`);
    map.set(u.code, u);
  }
  return map;
}

function dayAfter(iso: string): string {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

/** Provinces, then districts, then communes (code length), then code, then valid_from. */
function compareRows(a: OutputRow, b: OutputRow): number {
  if (a.code.length !== b.code.length) return a.code.length - b.code.length;
  if (a.code !== b.code) return a.code < b.code ? -1 : 1;
  if (a.valid_from !== b.valid_from) return a.valid_from < b.valid_from ? -1 : 1; // '' (open) first
  return 0;
}

function csvField(v: string): string {
  return /[",\r\n]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v;
}

export function toCsv(rows: OutputRow[]): string {
  const lines = [outputColumns.join(',')];
  for (const r of rows)
    lines.push(
      [
        r.code,
        r.name,
        r.kind,
        r.parent_code,
        r.valid_from,
        r.valid_to,
        r.successors.join('|'),
        r.region,
        r.province_code,
      ]
        .map(csvField)
        .join(','),
    );
  return `${lines.join('\n')}\n`;
}

const unitColumns = ['code', 'name', 'kind', 'parent_code', 'province_code'];
const mergeColumns = [
  'new_code',
  'new_name',
  'new_kind',
  'old_code',
  'old_name',
  'old_kind',
  'merge_type',
  'old_district_code',
  'old_district_name',
];

export function buildUnits(sourceDir: string = defaultSourceDir): BuildResult {
  const notes: string[] = [];
  const snapshots = [
    { file: 'units_2024.csv', from: '', to: END_2024 },
    { file: 'units_2025_pre_reform.csv', from: START_PRE_REFORM, to: END_OLD_TREE },
    { file: 'units_2025.csv', from: START_2025, to: '' },
  ].map((s) => ({ ...s, units: byCode(readCsvFile<SourceUnit>(sourceDir, s.file, unitColumns), s.file) }));
  const [, sPre, s2025] = snapshots as [
    (typeof snapshots)[number],
    (typeof snapshots)[number],
    (typeof snapshots)[number],
  ];

  // --- the 1 July 2025 mapping (old codes refer to the pre-reform list) ---
  const merges = readCsvFile<MergeRow>(sourceDir, 'merge_2025_all.csv', [
    ...mergeColumns,
    'old_province_code',
    'new_province_code',
  ]);
  for (const c of CORRECTIONS) {
    const row = merges.find((m) => m.old_code === c.oldCode && m.new_code === c.wrongNewCode);
    if (!row) {
      notes.push(
        `correction ${c.oldCode}→${c.newCode} not needed: the source has no ${c.oldCode}→${c.wrongNewCode} row`,
      );
      continue;
    }
    const target = s2025.units.get(c.newCode);
    if (!target) throw new Error(`correction: new unit ${c.newCode} is not in units_2025.csv`);
    row.new_code = target.code;
    row.new_name = target.name;
    row.new_kind = target.kind;
    row.new_province_code = target.province_code;
    notes.push(
      `corrected ${c.oldCode} ${row.old_name}: ${c.wrongNewCode} → ${c.newCode} ${target.name} (${c.why})`,
    );
  }
  const oldToNew = new Map<string, Set<string>>();
  const provinceToNew = new Map<string, Set<string>>();
  const newCodes = new Set<string>();
  for (const m of merges) {
    const old = sPre.units.get(m.old_code);
    const neu = s2025.units.get(m.new_code);
    if (!old || old.name !== m.old_name || old.kind !== m.old_kind)
      throw new Error(
        `merge_2025_all.csv: old ${m.old_code} ${m.old_name} does not match the pre-reform list`,
      );
    if (!neu || neu.name !== m.new_name || neu.kind !== m.new_kind)
      throw new Error(`merge_2025_all.csv: new ${m.new_code} ${m.new_name} does not match units_2025.csv`);
    if (m.old_province_code !== old.province_code || m.new_province_code !== neu.province_code)
      throw new Error(
        `merge_2025_all.csv: province codes of ${m.old_code}→${m.new_code} do not match the lists`,
      );
    if (!oldToNew.has(m.old_code)) oldToNew.set(m.old_code, new Set());
    oldToNew.get(m.old_code)!.add(m.new_code);
    if (!provinceToNew.has(old.province_code)) provinceToNew.set(old.province_code, new Set());
    provinceToNew.get(old.province_code)!.add(neu.province_code);
    newCodes.add(m.new_code);
  }
  for (const u of sPre.units.values())
    if (u.code.length === 5 && !oldToNew.has(u.code))
      throw new Error(`merge_2025_all.csv: old commune ${u.code} ${u.name} has no new unit`);
  for (const u of s2025.units.values())
    if (u.parent_code && !newCodes.has(u.code))
      throw new Error(`merge_2025_all.csv: new unit ${u.code} ${u.name} has no old units`);
  for (const m of merges)
    if (m.merge_type === 'full' && oldToNew.get(m.old_code)!.size !== 1)
      throw new Error(`merge_2025_all.csv: ${m.old_code} is "full" but goes to several new units`);
  // An old code kept by a new unit should belong to it (GSO keeps the code of one merged unit).
  for (const u of s2025.units.values())
    if (u.parent_code && sPre.units.has(u.code) && !oldToNew.get(u.code)?.has(u.code))
      notes.push(
        `new ${u.code} ${u.name} reuses the code of old ${u.code} ${sPre.units.get(u.code)!.name}, which went to ${[...(oldToNew.get(u.code) ?? [])].join('|')}`,
      );
  for (const [p, news] of provinceToNew)
    if (news.size !== 1)
      notes.push(`old province ${p} has communes in several new provinces: ${[...news].join('|')}`);

  // The Hanoi mapping must be the Hanoi part of the national one.
  const hanoi = readCsvFile<MergeRow>(sourceDir, 'hanoi_merge_2025.csv', mergeColumns);
  const key = (m: MergeRow) => `${m.new_code}>${m.old_code}>${m.merge_type}`;
  const hanoiKeys = hanoi.map(key).sort();
  const nationalKeys = merges
    .filter((m) => m.old_province_code === '01')
    .map(key)
    .sort();
  if (hanoiKeys.join('\n') !== nationalKeys.join('\n'))
    throw new Error('hanoi_merge_2025.csv differs from the Hanoi rows of merge_2025_all.csv');

  // --- intervals ---
  const codes = new Set<string>();
  for (const s of snapshots) for (const c of s.units.keys()) codes.add(c);
  const rows: OutputRow[] = [];
  for (const code of codes) {
    const intervals: Array<OutputRow & { snapshot: number }> = [];
    snapshots.forEach((s, i) => {
      const u = s.units.get(code);
      if (!u) return;
      const prev = intervals.at(-1);
      if (
        prev &&
        prev.snapshot === i - 1 &&
        prev.name === u.name &&
        prev.kind === u.kind &&
        prev.parent_code === u.parent_code &&
        prev.province_code === u.province_code
      ) {
        prev.valid_to = s.to;
        prev.snapshot = i;
        return;
      }
      intervals.push({
        code,
        name: u.name,
        kind: u.kind,
        parent_code: u.parent_code,
        valid_from: s.from,
        valid_to: s.to,
        successors: [],
        region: REGION[u.province_code]!,
        province_code: u.province_code,
        snapshot: i,
      });
    });
    intervals.forEach((iv, i) => {
      const next = intervals[i + 1];
      const continues = iv.valid_to !== '' && next?.valid_from === dayAfter(iv.valid_to);
      if (iv.valid_to === END_2024) {
        // No mapping for the 2025-01-01 mergers: only the same code's next interval.
        iv.successors = continues ? [code] : [];
      } else if (iv.valid_to === END_OLD_TREE) {
        if (code.length === 2) iv.successors = [...(provinceToNew.get(code) ?? [])];
        else iv.successors = [...(oldToNew.get(code) ?? [])]; // districts: only the island ones
        iv.successors.sort();
      }
      const { snapshot: _, ...row } = iv;
      rows.push(row);
    });
  }
  rows.sort(compareRows);
  check(rows);
  const hanoiRows = rows.filter((r) => r.province_code === '01');
  check(hanoiRows);
  return { rows, vietnamCsv: toCsv(rows), hanoiCsv: toCsv(hanoiRows), notes };
}

/** Intervals of one code do not overlap; parents cover each interval; successors exist. */
function check(rows: OutputRow[]): void {
  const OPEN_START = '0001-01-01';
  const OPEN_END = '9999-12-31';
  const byCodeRows = new Map<string, OutputRow[]>();
  for (const r of rows) {
    if (!byCodeRows.has(r.code)) byCodeRows.set(r.code, []);
    byCodeRows.get(r.code)!.push(r);
  }
  const validOn = (code: string, date: string) =>
    (byCodeRows.get(code) ?? []).find(
      (r) => (r.valid_from || OPEN_START) <= date && date <= (r.valid_to || OPEN_END),
    );
  for (const list of byCodeRows.values())
    for (let i = 1; i < list.length; i++)
      if ((list[i]!.valid_from || OPEN_START) <= (list[i - 1]!.valid_to || OPEN_END))
        throw new Error(`intervals of ${list[i]!.code} overlap`);
  for (const r of rows) {
    if (r.parent_code) {
      // The parent's intervals, in order, must cover [valid_from, valid_to] without a gap.
      let day = r.valid_from || OPEN_START;
      const end = r.valid_to || OPEN_END;
      for (;;) {
        const p = validOn(r.parent_code, day);
        if (!p) throw new Error(`${r.code} ${r.name}: parent ${r.parent_code} is not valid on ${day}`);
        const pEnd = p.valid_to || OPEN_END;
        if (pEnd >= end) break;
        day = dayAfter(pEnd);
      }
    }
    for (const s of r.successors)
      if (!r.valid_to || !validOn(s, dayAfter(r.valid_to)))
        throw new Error(`${r.code} ${r.name}: successor ${s} is not valid on the day after ${r.valid_to}`);
  }
}

function main(argv: string[]): void {
  let sourceDir = defaultSourceDir;
  let outDir = defaultOutDir;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--out') outDir = resolve(argv[++i] ?? '');
    else if (a === '-h' || a === '--help') {
      console.log('usage: npx tsx scripts/units/build-units.ts [SOURCE_DIR] [--out OUT_DIR]');
      return;
    } else sourceDir = resolve(a);
  }
  const result = buildUnits(sourceDir);
  for (const n of result.notes) console.log(`note: ${n}`);
  mkdirSync(outDir, { recursive: true });
  writeFileSync(join(outDir, 'vietnam.csv'), result.vietnamCsv);
  writeFileSync(join(outDir, 'hanoi.csv'), result.hanoiCsv);
  const hanoiRows = result.rows.filter((r) => r.province_code === '01').length;
  console.log(`wrote ${join(outDir, 'vietnam.csv')} (${result.rows.length} rows)`);
  console.log(`wrote ${join(outDir, 'hanoi.csv')} (${hanoiRows} rows)`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href)
  main(process.argv.slice(2));
