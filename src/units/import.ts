import { basename } from 'node:path';
import { type Actor, requireSystemAdmin } from '../access/index.ts';
import { recordEvent } from '../audit/events.ts';
import { csvField } from '../db/csv.ts';
import type { Db } from '../db/database.ts';
import { AppError, type InputIssue } from '../errors.ts';
import { markAllRunsStale } from '../evaluations/runs.ts';
import { type ColumnSpec, matchColumns, readTable, type Table } from '../files/tabular.ts';
import { unitKinds } from '../frameworks/schema.ts';
import { listFor } from '../maps.ts';
import { type Message, text } from '../text.ts';
import { foldVietnamese } from './search-name.ts';
import { OPEN_END, OPEN_START } from './tree.ts';

/**
 * Columns of a units file: the keys (`code`, `parent_code` …) or the headers officials write
 * ("Mã đơn vị", "Mã đơn vị cấp trên" …), case, tone marks and punctuation ignored. Every other
 * column is kept as a unit attribute under its header (`region`, `group` …).
 */
export const unitColumns = [
  { key: 'code', label: 'Mã đơn vị', en: 'code', aliases: ['Mã ĐVHC', 'Mã số đơn vị'], required: true },
  {
    key: 'name',
    label: 'Tên đơn vị',
    en: 'name',
    aliases: ['Tên ĐVHC', 'Tên đơn vị hành chính'],
    required: true,
  },
  { key: 'kind', label: 'Loại đơn vị', en: 'kind', aliases: ['Cấp đơn vị', 'Loại ĐVHC'], required: true },
  {
    key: 'parent_code',
    label: 'Mã đơn vị cấp trên',
    en: 'parent code',
    aliases: ['Mã cấp trên', 'Mã ĐVHC cấp trên'],
    required: true,
  },
  {
    key: 'valid_from',
    label: 'Hiệu lực từ ngày',
    en: 'valid from',
    aliases: ['Hiệu lực từ', 'Từ ngày', 'Ngày hiệu lực'],
    required: true,
  },
  {
    key: 'valid_to',
    label: 'Hiệu lực đến ngày',
    en: 'valid to',
    aliases: ['Hiệu lực đến', 'Đến ngày', 'Ngày hết hiệu lực'],
    required: true,
  },
  {
    key: 'successors',
    label: 'Mã đơn vị kế thừa',
    en: 'successors',
    aliases: ['Đơn vị kế thừa', 'Mã kế thừa'],
    required: true,
  },
] as const satisfies readonly ColumnSpec[];

/** The header each column was found under in the file (to name it in issues). */
type UnitHeaders = Partial<Record<(typeof unitColumns)[number]['key'], string>>;

interface UnitInterval {
  line: number;
  code: string;
  name: string;
  kind: string;
  parent_code: string | null;
  valid_from: string;
  valid_to: string;
  successors: string[];
  attributes: Record<string, string>;
}

export interface UnitsImportReport {
  file: string;
  rows: number;
  added: number;
  changed: number;
  removed: number;
  unchanged: number;
}

const kinds = new Set<string>(unitKinds);

function isIsoDate(s: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

/** Validates every row of a units table; returns the intervals and every problem found. */
export function validateUnitRows(table: Table): {
  intervals: UnitInterval[];
  issues: InputIssue[];
  headers: UnitHeaders;
} {
  const { rows, headers } = matchColumns(table, unitColumns);
  const read = new Set<string>(Object.values(headers));
  const attributeColumns = table.header.filter((h) => h && !read.has(h));
  const issues: InputIssue[] = [];
  const intervals: UnitInterval[] = [];
  for (const [i, { line, cells }] of rows.entries()) {
    // Issues name each column as the file names it.
    const bad = (field: (typeof unitColumns)[number]['key'], message: Message) =>
      issues.push({ line, field: headers[field] ?? field, value: cells[field] ?? '', message });
    const raw = table.rows[i]!.cells;
    const code = cells.code ?? '';
    let ok = true;
    if (!/^[0-9A-Za-z._-]{1,20}$/.test(code)) {
      bad('code', text('mã đơn vị trống hoặc có ký tự không hợp lệ', 'empty or invalid unit code'));
      ok = false;
    }
    if (!cells.name) {
      bad('name', text('thiếu tên đơn vị', 'name is required'));
      ok = false;
    }
    const kind = cells.kind ?? '';
    if (!kinds.has(kind)) {
      bad('kind', `loại đơn vị không hợp lệ; dùng một trong: ${unitKinds.join(', ')}`);
      ok = false;
    }
    const from = cells.valid_from || OPEN_START;
    const to = cells.valid_to || OPEN_END;
    for (const [field, v] of [
      ['valid_from', cells.valid_from],
      ['valid_to', cells.valid_to],
    ] as const) {
      if (v && !isIsoDate(v)) {
        bad(field, text('ngày phải có dạng YYYY-MM-DD', 'date must be YYYY-MM-DD'));
        ok = false;
      }
    }
    if (ok && from > to) {
      bad('valid_to', text('ngày kết thúc trước ngày bắt đầu', 'valid_to is before valid_from'));
      ok = false;
    }
    const parent = cells.parent_code || null;
    if (parent === code) {
      bad(
        'parent_code',
        text('đơn vị không thể là cấp trên của chính nó', 'a unit cannot be its own parent'),
      );
      ok = false;
    }
    const successors = (cells.successors ?? '')
      .split('|')
      .map((s) => s.trim())
      .filter(Boolean);
    const attributes: Record<string, string> = {};
    for (const c of attributeColumns) if (raw[c]) attributes[c] = raw[c]!;
    if (ok)
      intervals.push({
        line,
        code,
        name: cells.name!,
        kind,
        parent_code: parent,
        valid_from: from,
        valid_to: to,
        successors,
        attributes,
      });
  }
  return { intervals, issues, headers };
}

/** Overlapping intervals of one code, and references to codes that exist nowhere. */
async function checkReferences(
  db: Db,
  intervals: UnitInterval[],
  headers: UnitHeaders,
): Promise<InputIssue[]> {
  const issues: InputIssue[] = [];
  const byCode = new Map<string, UnitInterval[]>();
  for (const u of intervals) {
    const list = listFor(byCode, u.code);
    list.push(u);
  }
  for (const list of byCode.values()) {
    list.sort((a, b) => a.valid_from.localeCompare(b.valid_from));
    for (let i = 1; i < list.length; i++) {
      const prev = list[i - 1]!;
      const cur = list[i]!;
      if (cur.valid_from <= prev.valid_to)
        issues.push({
          line: cur.line,
          field: headers.valid_from ?? 'valid_from',
          value: cur.valid_from,
          message: text(
            `khoảng hiệu lực chồng lên dòng ${prev.line} của cùng mã ${cur.code}`,
            `overlaps line ${prev.line}`,
          ),
        });
    }
  }
  // Codes known outside the file (already stored, not replaced by it).
  const stored = await db.query<{ code: string; valid_from: string; valid_to: string }>(
    'SELECT code, valid_from::text AS valid_from, valid_to::text AS valid_to FROM units',
  );
  const storedByCode = new Map<string, Array<{ valid_from: string; valid_to: string }>>();
  for (const r of stored) {
    if (byCode.has(r.code)) continue;
    const list = listFor(storedByCode, r.code);
    list.push(r);
  }
  const overlapping = (code: string, from: string, to: string) =>
    [...(byCode.get(code) ?? []), ...(storedByCode.get(code) ?? [])].some(
      (x) => x.valid_from <= to && x.valid_to >= from,
    );
  const exists = (code: string) => byCode.has(code) || storedByCode.has(code);
  for (const u of intervals) {
    if (u.parent_code && !overlapping(u.parent_code, u.valid_from, u.valid_to))
      issues.push({
        line: u.line,
        field: headers.parent_code ?? 'parent_code',
        value: u.parent_code,
        message: text(
          'không có đơn vị cấp trên với mã này trong thời gian hiệu lực',
          'no such parent valid in that interval',
        ),
      });
    for (const s of u.successors)
      if (!exists(s))
        issues.push({
          line: u.line,
          field: headers.successors ?? 'successors',
          value: s,
          message: text('mã đơn vị kế thừa không tồn tại', 'unknown successor code'),
        });
  }
  return issues;
}

function sameInterval(a: UnitInterval, b: Record<string, unknown>): boolean {
  return (
    a.name === b.name &&
    a.kind === b.kind &&
    a.parent_code === b.parent_code &&
    a.valid_to === b.valid_to &&
    JSON.stringify(a.successors) === JSON.stringify(b.successors) &&
    JSON.stringify(sortKeys(a.attributes)) ===
      JSON.stringify(sortKeys(b.attributes as Record<string, string>))
  );
}

function sortKeys(o: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(o ?? {}).sort(([a], [b]) => a.localeCompare(b)));
}

/**
 * Imports unit intervals. For every code in the file, the file's intervals replace the stored
 * ones; other codes are untouched. Any bad row rejects the whole file; re-importing the same
 * file changes nothing.
 */
export async function importUnits(db: Db, opts: { path: string; actor: Actor }): Promise<UnitsImportReport> {
  const table = await readTable(opts.path);
  return importUnitTable(db, { table, file: basename(opts.path), actor: opts.actor });
}

/** Imports a read table of unit intervals (the system or a system-wide administrator only). */
export async function importUnitTable(
  db: Db,
  opts: { table: Table; file: string; actor: Actor },
): Promise<UnitsImportReport> {
  const actor = opts.actor;
  requireSystemAdmin(actor, ['thay đổi danh mục đơn vị hành chính', 'change the unit tree']);
  const { intervals, issues, headers } = validateUnitRows(opts.table);
  issues.push(...(await checkReferences(db, intervals, headers)));
  if (issues.length > 0)
    throw new AppError(
      'INVALID_ROWS',
      text(
        `Tệp ${opts.file}: ${issues.length} lỗi, không có thay đổi nào được lưu`,
        `${issues.length} problems, nothing was changed`,
      ),
      issues.sort((a, b) => (a.line ?? 0) - (b.line ?? 0)),
    );
  return db.transaction(async (tx) => {
    const codes = [...new Set(intervals.map((u) => u.code))];
    const existing = await tx.query<Record<string, unknown> & { code: string; valid_from: string }>(
      `SELECT code, valid_from::text AS valid_from, valid_to::text AS valid_to, name, kind, parent_code,
              successors, attributes
       FROM units WHERE code = ANY($1)`,
      [codes],
    );
    const key = (code: string, from: string) => `${code}\u0000${from}`;
    const existingByKey = new Map(existing.map((r) => [key(r.code, r.valid_from), r]));
    const keep = new Set<string>();
    const toWrite: UnitInterval[] = [];
    let added = 0;
    let changed = 0;
    for (const u of intervals) {
      const k = key(u.code, u.valid_from);
      keep.add(k);
      const prev = existingByKey.get(k);
      if (!prev) added++;
      else if (!sameInterval(u, prev)) changed++;
      else continue;
      toWrite.push(u);
    }
    const stale = existing.filter((r) => !keep.has(key(r.code, r.valid_from)));
    for (const r of stale)
      await tx.query('DELETE FROM units WHERE code = $1 AND valid_from = $2', [r.code, r.valid_from]);
    if (toWrite.length > 0) {
      await tx.exec('CREATE TEMP TABLE IF NOT EXISTS units_load (LIKE units) ON COMMIT DROP');
      await tx.exec('TRUNCATE units_load');
      const csv = toWrite
        .map((u) =>
          [
            u.code,
            u.valid_from,
            u.valid_to,
            u.name,
            u.kind,
            u.parent_code,
            `{${u.successors.map((s) => `"${s}"`).join(',')}}`,
            JSON.stringify(u.attributes),
            foldVietnamese(u.name),
          ]
            .map(csvField)
            .join(','),
        )
        .join('\n');
      await tx.copyFrom(
        'units_load',
        [
          'code',
          'valid_from',
          'valid_to',
          'name',
          'kind',
          'parent_code',
          'successors',
          'attributes',
          'search_name',
        ],
        `${csv}\n`,
      );
      await tx.exec(`INSERT INTO units SELECT * FROM units_load
        ON CONFLICT (code, valid_from) DO UPDATE SET valid_to = EXCLUDED.valid_to, name = EXCLUDED.name,
          kind = EXCLUDED.kind, parent_code = EXCLUDED.parent_code, successors = EXCLUDED.successors,
          attributes = EXCLUDED.attributes, search_name = EXCLUDED.search_name`);
    }
    const report = {
      file: opts.file,
      rows: intervals.length,
      added,
      changed,
      removed: stale.length,
      unchanged: intervals.length - added - changed,
    };
    if (added + changed + stale.length > 0) {
      await tx.query(
        'INSERT INTO imports (kind, file_name, rows, changed, actor) VALUES ($1, $2, $3, $4, $5)',
        ['units', opts.file, intervals.length, added + changed + stale.length, actor.username],
      );
      await recordEvent(tx, {
        type: 'units.imported',
        actor,
        data: { file: opts.file, rows: intervals.length, added, changed, removed: stale.length },
      });
      await markAllRunsStale(tx);
      await tx.exec('ANALYZE units');
    }
    return report;
  });
}
