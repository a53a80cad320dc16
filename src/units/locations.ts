/**
 * Where a unit is (vị trí trụ sở UBND): the latitude and longitude of its People's Committee
 * office, recorded by a unit administrator with where the coordinates come from, who and when.
 * Field photos are flagged "far from the unit" against it (src/evidence/field.ts). No official
 * data set we hold has them: they are typed on the unit page, or imported from a CSV/.xlsx of
 * `ma_don_vi, vi_do, kinh_do` (optional `nguon`), all rows or none.
 */
import { z } from '@hono/zod-openapi';
import { type Actor, requireAbility, requireAbilityOnUnits } from '../access/index.ts';
import { recordEvents } from '../audit/events.ts';
import type { Db } from '../db/database.ts';
import { parseNumber } from '../engine/written.ts';
import { AppError, type InputIssue } from '../errors.ts';
import { type ColumnSpec, matchColumns, parseTable } from '../files/tabular.ts';
import { type Message, text } from '../text.ts';
import { isoTime } from '../values/read.ts';

export interface UnitLocation {
  unit_code: string;
  lat: number;
  lng: number;
  source: string;
  set_by: string;
  set_at: string;
}

export const UnitLocationSchema = z
  .object({
    unit_code: z.string(),
    lat: z.number().openapi({ example: 21.0434, description: 'Vĩ độ (WGS 84)' }),
    lng: z.number().openapi({ example: 105.9321, description: 'Kinh độ (WGS 84)' }),
    source: z.string().openapi({ description: 'Nguồn của tọa độ' }),
    set_by: z.string().openapi({ description: 'Người ghi' }),
    set_at: z.string().openapi({ description: 'Thời điểm ghi (ISO 8601)' }),
  })
  .openapi('UnitLocation', { description: 'Vị trí trụ sở UBND của đơn vị' });

/**
 * The box every unit of Vietnam lies in, islands included (about 6–24° N, 102–118° E): a check
 * against typing slips and swapped columns, not a legal boundary.
 */
const VIETNAM = { lat: [6, 24], lng: [102, 118] } as const;

const SOURCE_MAX = 500;

/**
 * Reads and checks a latitude/longitude pair as officials write them ("21,0434" or 21.0434):
 * numbers, in range, inside Vietnam. The issues name the field (`vi_do`/`kinh_do` in a file,
 * `lat`/`lng` in a form) and, in a file, the row.
 */
export function checkCoordinates(
  raw: { lat: string | number; lng: string | number },
  where: { line?: number; latField: string; lngField: string },
): { lat: number; lng: number } | InputIssue[] {
  const issues: InputIssue[] = [];
  const read = (
    v: string | number,
    field: string,
    name: [vi: string, en: string],
    limit: number,
    range: readonly [number, number],
  ) => {
    const value = typeof v === 'number' ? v : parseNumber(v);
    const shown = String(v);
    const bad = (message: Message) =>
      issues.push({ line: where.line, field, ...(shown.trim() ? { value: shown } : {}), message });
    if (typeof v === 'string' && v.trim() === '') bad(text(`thiếu ${name[0]}`, `${name[1]} is missing`));
    else if (value === null || !Number.isFinite(value))
      bad(text(`${name[0]} phải là số, như 21,0434`, `${name[1]} must be a number such as 21.0434`));
    else if (value < -limit || value > limit)
      bad(text(`${name[0]} phải từ -${limit} đến ${limit}`, `${name[1]} must be -${limit}..${limit}`));
    else if (value < range[0] || value > range[1])
      bad(
        text(
          `${name[0]} ${shown} nằm ngoài lãnh thổ Việt Nam (${range[0]}–${range[1]}°) — có nhầm vĩ độ với kinh độ không?`,
          `${name[1]} ${shown} is outside Vietnam (${range[0]}–${range[1]}°): latitude and longitude swapped?`,
        ),
      );
    else return value;
    return null;
  };
  const lat = read(raw.lat, where.latField, ['vĩ độ', 'latitude'], 90, VIETNAM.lat);
  const lng = read(raw.lng, where.lngField, ['kinh độ', 'longitude'], 180, VIETNAM.lng);
  if (lat === null || lng === null) return issues;
  return { lat, lng };
}

function checkSource(source: string, where: { line?: number; field: string }): InputIssue | null {
  const s = source.trim();
  if (!s)
    return {
      line: where.line,
      field: where.field,
      message: text(
        'cần ghi nguồn của tọa độ (đo tại trụ sở, cổng thông tin của xã…)',
        'the source of the coordinates is required',
      ),
    };
  if (s.length > SOURCE_MAX)
    return {
      line: where.line,
      field: where.field,
      message: text(`nguồn tối đa ${SOURCE_MAX} ký tự`, `at most ${SOURCE_MAX} characters`),
    };
  return null;
}

/** The recorded locations of `codes` (those without one are absent). */
export async function unitLocations(db: Db, codes: string[]): Promise<Map<string, UnitLocation>> {
  if (codes.length === 0) return new Map();
  const rows = await db.query<UnitLocation>(
    `SELECT l.unit_code, l.lat, l.lng, l.source, coalesce(u.display_name, l.set_by) AS set_by,
       ${isoTime('l.set_at')} AS set_at
     FROM unit_locations l LEFT JOIN users u ON u.username = l.set_by WHERE l.unit_code = ANY($1)`,
    [codes],
  );
  return new Map(rows.map((r) => [r.unit_code, r]));
}

/** Of `codes`, those no unit interval has (unknown codes). */
async function unknownCodes(db: Db, codes: string[]): Promise<Set<string>> {
  const known = new Set(
    (await db.query<{ code: string }>('SELECT DISTINCT code FROM units WHERE code = ANY($1)', [codes])).map(
      (r) => r.code,
    ),
  );
  return new Set(codes.filter((c) => !known.has(c)));
}

interface NewLocation {
  unitCode: string;
  lat: number;
  lng: number;
  source: string;
}

/**
 * Stores the locations (insert or replace) and records one `unit.location_set` event per unit
 * whose location changed, with the previous one. Returns how many changed. Call in a transaction.
 */
async function storeLocations(tx: Db, actor: Actor, list: NewLocation[]): Promise<number> {
  const before = await unitLocations(
    tx,
    list.map((l) => l.unitCode),
  );
  const changed = list.filter((l) => {
    const b = before.get(l.unitCode);
    return !b || b.lat !== l.lat || b.lng !== l.lng || b.source !== l.source;
  });
  if (changed.length === 0) return 0;
  await tx.query(
    `INSERT INTO unit_locations (unit_code, lat, lng, source, set_by)
     SELECT u, la, ln, s, $5 FROM unnest($1::text[], $2::float8[], $3::float8[], $4::text[]) AS t(u, la, ln, s)
     ON CONFLICT (unit_code) DO UPDATE SET lat = EXCLUDED.lat, lng = EXCLUDED.lng, source = EXCLUDED.source,
       set_by = EXCLUDED.set_by, set_at = now()`,
    [
      changed.map((l) => l.unitCode),
      changed.map((l) => l.lat),
      changed.map((l) => l.lng),
      changed.map((l) => l.source),
      actor.username,
    ],
  );
  await recordEvents(
    tx,
    changed.map((l) => {
      const b = before.get(l.unitCode);
      return {
        type: 'unit.location_set' as const,
        actor,
        unitCode: l.unitCode,
        data: {
          lat: l.lat,
          lng: l.lng,
          source: l.source,
          previous: b ? { lat: b.lat, lng: b.lng, source: b.source } : null,
        },
      };
    }),
  );
  return changed.length;
}

/**
 * Records where a unit's office is (`unit.locate` on the unit: its administrators). `lat`/`lng`
 * as typed ("21,0434") or numbers; `source` says where they come from. Bad input: INVALID_REQUEST
 * naming the field, nothing stored.
 */
export async function setUnitLocation(
  db: Db,
  opts: { actor: Actor; unitCode: string; lat: string | number; lng: string | number; source: string },
): Promise<UnitLocation> {
  return db.transaction(async (tx) => {
    if ((await unknownCodes(tx, [opts.unitCode])).size > 0)
      throw new AppError(
        'UNIT_NOT_FOUND',
        text(`Không có đơn vị với mã ${opts.unitCode}`, `unknown unit ${opts.unitCode}`),
      );
    await requireAbility(tx, opts.actor, 'unit.locate', { unitCode: opts.unitCode });
    const point = checkCoordinates(opts, { latField: 'lat', lngField: 'lng' });
    const issues = Array.isArray(point) ? point : [];
    const bad = checkSource(opts.source, { field: 'source' });
    if (bad) issues.push(bad);
    if (Array.isArray(point) || issues.length > 0)
      throw new AppError(
        'INVALID_REQUEST',
        text(
          `Vị trí của đơn vị ${opts.unitCode} không hợp lệ, không lưu gì`,
          `invalid location of unit ${opts.unitCode}; nothing stored`,
        ),
        issues,
      );
    await storeLocations(tx, opts.actor, [{ unitCode: opts.unitCode, ...point, source: opts.source.trim() }]);
    return (await unitLocations(tx, [opts.unitCode])).get(opts.unitCode)!;
  });
}

/**
 * The columns of a locations file: `ma_don_vi, vi_do, kinh_do` and the optional `nguon` (the
 * source of a row's coordinates), also read under the headers officials write ("Mã đơn vị",
 * "Vĩ độ", "Kinh độ", "Nguồn"; case, tone marks and punctuation ignored).
 */
export const locationColumns = [
  {
    key: 'ma_don_vi',
    label: 'Mã đơn vị',
    en: 'unit code',
    aliases: ['Mã ĐVHC', 'Mã đơn vị hành chính', 'unit_code'],
    required: true,
  },
  { key: 'vi_do', label: 'Vĩ độ', en: 'latitude', aliases: ['lat', 'latitude'], required: true },
  { key: 'kinh_do', label: 'Kinh độ', en: 'longitude', aliases: ['lng', 'lon', 'longitude'], required: true },
  { key: 'nguon', label: 'Nguồn', en: 'source', aliases: ['Nguồn tọa độ', 'source'] },
] as const satisfies ReadonlyArray<ColumnSpec>;

export interface LocationsImportReport {
  file: string;
  rows: number;
  changed: number;
  unchanged: number;
}

/**
 * Imports unit locations from a CSV/.xlsx (the one upload reader, src/files/): `ma_don_vi,
 * vi_do, kinh_do` with Vietnamese decimal commas accepted, optional `nguon` per row, else
 * `source` (default: the file's name). Needs `unit.locate` on every unit of the file. Any bad row
 * (unknown unit, repeated unit, coordinates out of range or not numbers) rejects the whole file
 * with INVALID_ROWS naming row and field; nothing is stored.
 */
export async function importUnitLocations(
  db: Db,
  opts: { actor: Actor; fileName: string; content: Buffer; source?: string },
): Promise<LocationsImportReport> {
  const table = await parseTable(opts.content, opts.fileName);
  const { rows, headers } = matchColumns(table, locationColumns);
  const column = {
    code: headers.ma_don_vi ?? 'ma_don_vi',
    lat: headers.vi_do ?? 'vi_do',
    lng: headers.kinh_do ?? 'kinh_do',
    source: headers.nguon ?? 'nguon',
  };
  const fallback = opts.source?.trim() || `Tệp ${opts.fileName}`;
  const issues: InputIssue[] = [];
  const seen = new Map<string, number>();
  const list: Array<NewLocation & { line: number }> = [];
  for (const { line, cells } of rows) {
    const code = cells.ma_don_vi ?? '';
    if (!code)
      issues.push({ line, field: column.code, message: text('thiếu mã đơn vị', 'unit code missing') });
    else if (seen.has(code))
      issues.push({
        line,
        field: column.code,
        value: code,
        message: text(`đơn vị đã có ở dòng ${seen.get(code)}`, `unit already on line ${seen.get(code)}`),
      });
    else seen.set(code, line);
    const point = checkCoordinates(
      { lat: cells.vi_do ?? '', lng: cells.kinh_do ?? '' },
      { line, latField: column.lat, lngField: column.lng },
    );
    const source = cells.nguon?.trim() || fallback;
    const bad = checkSource(source, { line, field: column.source });
    if (bad) issues.push(bad);
    if (Array.isArray(point)) issues.push(...point);
    else if (code) list.push({ line, unitCode: code, ...point, source });
  }
  if (rows.length === 0) issues.push({ message: text('tệp không có dòng dữ liệu nào', 'no data rows') });
  const unknown = await unknownCodes(db, [...seen.keys()]);
  for (const [code, line] of seen)
    if (unknown.has(code))
      issues.push({
        line,
        field: column.code,
        value: code,
        message: text('không có đơn vị với mã này', 'no unit has this code'),
      });
  if (issues.length > 0)
    throw new AppError(
      'INVALID_ROWS',
      text(
        `Tệp ${opts.fileName}: ${issues.length} lỗi ở ${new Set(issues.map((i) => i.line)).size} dòng, không lưu vị trí nào`,
        `${opts.fileName}: ${issues.length} error(s); nothing was stored`,
      ),
      issues.sort((a, b) => (a.line ?? 0) - (b.line ?? 0)),
    );
  return db.transaction(async (tx) => {
    await requireAbilityOnUnits(
      tx,
      opts.actor,
      'unit.locate',
      list.map((l) => l.unitCode),
    );
    const changed = await storeLocations(tx, opts.actor, list);
    await recordEvents(tx, [
      {
        type: 'units.locations_imported',
        actor: opts.actor,
        data: { file: opts.fileName, rows: list.length, changed },
      },
    ]);
    return { file: opts.fileName, rows: list.length, changed, unchanged: list.length - changed };
  });
}
