/**
 * Field photos (ảnh chụp tại thực địa): where and when a photo was taken and the note written on
 * the spot, checked on upload, and the flags a reader needs — far from the unit (when the unit's
 * location is recorded) and taken outside the delegation's visit (when its dates are set).
 */
import { z } from '@hono/zod-openapi';
import { AppError, type InputIssue } from '../errors.ts';
import { text } from '../text.ts';

/** What the author's device knew about a photo. */
export interface FieldMeta {
  lat: number | null;
  lng: number | null;
  /** Where the position came from: the photo's EXIF, or the device when the photo was attached. */
  positionSource: 'exif' | 'device' | null;
  /** ISO time the photo was taken (EXIF), else when it was attached. */
  takenAt: string | null;
  note: string | null;
}

/**
 * Beyond this distance (km) from the unit's recorded location a photo is flagged
 * (TIEUCHI_FIELD_FAR_KM, default 10): a working check for the reviewer, not a legal threshold.
 */
export function farKm(): number {
  const v = Number(process.env.TIEUCHI_FIELD_FAR_KM);
  return Number.isFinite(v) && v > 0 ? v : 10;
}

/** Great-circle distance in km (haversine, mean Earth radius). */
export function distanceKm(a: { lat: number; lng: number }, b: { lat: number; lng: number }): number {
  const rad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * rad;
  const dLng = (b.lng - a.lng) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLng / 2) ** 2;
  return 2 * 6371.0088 * Math.asin(Math.min(1, Math.sqrt(h)));
}

const vietnamDate = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Ho_Chi_Minh' });

/** The calendar day (yyyy-mm-dd) of an instant in Vietnam. */
export const vietnamDay = (iso: string) => vietnamDate.format(new Date(iso));

/** The raw fields of an upload form, as strings (absent: undefined). */
export interface FieldForm {
  lat?: string;
  lng?: string;
  position_source?: string;
  taken_at?: string;
  field_note?: string;
}

const num = (s: string | undefined) => (s === undefined || s.trim() === '' ? null : Number(s));

/**
 * Reads and checks a field photo's metadata: latitude and longitude together, in range, with their
 * source; a real time not in the future; a note of at most 2000 characters. Null when none given.
 * Throws INVALID_REQUEST naming each bad field.
 */
export function readFieldMeta(f: FieldForm, now = new Date()): FieldMeta | null {
  const issues: InputIssue[] = [];
  const lat = num(f.lat);
  const lng = num(f.lng);
  if (lat !== null && !(Number.isFinite(lat) && lat >= -90 && lat <= 90))
    issues.push({ field: 'lat', value: f.lat, message: text('vĩ độ phải từ -90 đến 90', 'must be -90..90') });
  if (lng !== null && !(Number.isFinite(lng) && lng >= -180 && lng <= 180))
    issues.push({
      field: 'lng',
      value: f.lng,
      message: text('kinh độ phải từ -180 đến 180', 'must be -180..180'),
    });
  if ((lat === null) !== (lng === null))
    issues.push({
      field: lat === null ? 'lat' : 'lng',
      message: text('cần cả vĩ độ và kinh độ', 'latitude and longitude go together'),
    });
  const source = f.position_source?.trim() || null;
  if (source !== null && source !== 'exif' && source !== 'device')
    issues.push({
      field: 'position_source',
      value: source,
      message: text('phải là exif hoặc device', 'must be exif or device'),
    });
  const takenAt = f.taken_at?.trim() || null;
  if (takenAt !== null) {
    const t = new Date(takenAt);
    if (!/^\d{4}-\d{2}-\d{2}T/.test(takenAt) || Number.isNaN(t.getTime()))
      issues.push({
        field: 'taken_at',
        value: takenAt,
        message: text('thời điểm chụp không hợp lệ (ISO 8601)', 'not an ISO 8601 time'),
      });
    else if (t.getTime() > now.getTime() + 10 * 60_000)
      issues.push({
        field: 'taken_at',
        value: takenAt,
        message: text('thời điểm chụp ở tương lai', 'in the future'),
      });
  }
  const note = f.field_note?.trim() || null;
  if (note && note.length > 2000)
    issues.push({
      field: 'field_note',
      message: text('ghi chú tối đa 2000 ký tự', 'at most 2000 characters'),
    });
  if (issues.length > 0)
    throw new AppError(
      'INVALID_REQUEST',
      text('Thông tin ảnh thực địa không hợp lệ, không lưu tệp nào', 'invalid field photo metadata'),
      issues,
    );
  if (lat === null && takenAt === null && note === null) return null;
  return {
    lat,
    lng,
    positionSource: lat === null ? null : ((source as 'exif' | 'device' | null) ?? 'device'),
    takenAt: takenAt && new Date(takenAt).toISOString(),
    note,
  };
}

/** A field photo's metadata as the API presents it, with the flags computed on reading. */
export const FieldJson = z
  .object({
    lat: z.number().nullable(),
    lng: z.number().nullable(),
    position_source: z.enum(['exif', 'device']).nullable(),
    taken_at: z.string().nullable().openapi({ example: '2023-11-18T02:14:00.000Z' }),
    note: z.string().nullable(),
    distance_km: z
      .number()
      .nullable()
      .openapi({ description: 'Khoảng cách tới vị trí của đơn vị (nếu đã ghi)' }),
    far_from_unit: z.boolean().openapi({ description: 'Xa đơn vị hơn TIEUCHI_FIELD_FAR_KM' }),
    outside_visit: z.boolean().openapi({ description: 'Chụp ngoài thời gian khảo sát thực tế (nếu đã đặt)' }),
  })
  .openapi('FieldPhoto', { description: 'Ảnh thực địa: vị trí, thời điểm, ghi chú và các cảnh báo' });
export type FieldJsonT = z.infer<typeof FieldJson>;

/** The stored columns a field photo's presentation needs. */
export interface FieldRow {
  lat: number | null;
  lng: number | null;
  position_source: 'exif' | 'device' | null;
  taken_at: string | null;
  field_note: string | null;
  unit_lat: number | null;
  unit_lng: number | null;
  visit_from: string | null;
  visit_to: string | null;
}

/** Presents a link's field metadata (null for an ordinary evidence file). */
export function presentField(r: FieldRow): FieldJsonT | null {
  if (r.lat === null && r.taken_at === null && r.field_note === null) return null;
  const distance =
    r.lat !== null && r.lng !== null && r.unit_lat !== null && r.unit_lng !== null
      ? Math.round(distanceKm({ lat: r.lat, lng: r.lng }, { lat: r.unit_lat, lng: r.unit_lng }) * 10) / 10
      : null;
  const day = r.taken_at ? vietnamDay(r.taken_at) : null;
  return {
    lat: r.lat,
    lng: r.lng,
    position_source: r.position_source,
    taken_at: r.taken_at,
    note: r.field_note,
    distance_km: distance,
    far_from_unit: distance !== null && distance > farKm(),
    outside_visit:
      day !== null &&
      r.visit_from !== null &&
      r.visit_to !== null &&
      (day < r.visit_from || day > r.visit_to),
  };
}
