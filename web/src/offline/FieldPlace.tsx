import { useI18n } from '../i18n/i18n.tsx';
import { formatPosition, formatTakenAt } from './place.ts';

/** A field photo's metadata as the server presents it (src/evidence/field.ts). */
export interface FieldInfo {
  lat: number | null;
  lng: number | null;
  position_source: 'exif' | 'device' | null;
  taken_at: string | null;
  note: string | null;
  distance_km: number | null;
  far_from_unit: boolean;
  outside_visit: boolean;
}

/** "21,0434° B, 105,9321° Đ" in the reader's language (a field photo's place, a unit's office). */
export function usePosition(): (lat: number, lng: number) => string {
  const { t, lang } = useI18n();
  const words = {
    n: t('fieldNorth'),
    s: t('fieldSouth'),
    e: t('fieldEast'),
    w: t('fieldWest'),
    locale: lang === 'vi' ? 'vi-VN' : 'en-GB',
  };
  return (lat, lng) => formatPosition(lat, lng, words);
}

/** The map-free location line of a field photo, its note, and its warnings. */
export function FieldPlace({ field }: { field: FieldInfo }) {
  const { t, num } = useI18n();
  const position = usePosition();
  const parts = [
    field.lat !== null && field.lng !== null ? position(field.lat, field.lng) : null,
    field.taken_at ? formatTakenAt(field.taken_at) : null,
  ].filter(Boolean);
  return (
    <span className="field-place">
      {parts.length > 0 && (
        <span className="field-place-line">
          {parts.join(', ')}
          {field.position_source && (
            <span className="muted small">
              {' '}
              ({field.position_source === 'exif' ? t('fieldPlaceExif') : t('fieldPlaceDevice')})
            </span>
          )}
        </span>
      )}
      {field.far_from_unit && field.distance_km !== null && (
        <span className="tag tag-warn">{t('fieldFar', { km: num(field.distance_km, 1) })}</span>
      )}
      {field.outside_visit && <span className="tag tag-warn">{t('fieldOutsideVisit')}</span>}
      {field.note && <span className="field-place-note">{field.note}</span>}
    </span>
  );
}
