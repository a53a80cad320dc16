/**
 * Where and when a field photo was taken: read from the photo (EXIF, via exifr) or the device
 * (navigator.geolocation), and written the Vietnamese way — "21,0434° B, 105,9321° Đ, 09:14 18/11/2023".
 */
import exifr from 'exifr';

export interface PhotoPlace {
  lat: number | null;
  lng: number | null;
  positionSource: 'exif' | 'device' | null;
  /** ISO time; null when neither the photo nor the file says. */
  takenAt: string | null;
}

/**
 * EXIF "2023:11:18 09:14:00" with its offset (OffsetTimeOriginal, "+07:00"); without an offset
 * the camera's clock is taken to be the device's local time.
 */
function exifTime(raw: unknown, offset: unknown): string | null {
  if (typeof raw !== 'string') return null;
  const m = /^(\d{4}):(\d{2}):(\d{2}) (\d{2}):(\d{2}):(\d{2})/.exec(raw);
  if (!m) return null;
  const local = `${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}`;
  const d = new Date(typeof offset === 'string' && /^[+-]\d{2}:\d{2}$/.test(offset) ? local + offset : local);
  return Number.isNaN(d.getTime()) ? null : d.toISOString();
}

/** The device's position, if the person allows it and it comes within 10 s. */
function devicePosition(): Promise<{ lat: number; lng: number } | null> {
  if (!('geolocation' in navigator)) return Promise.resolve(null);
  return new Promise((resolve) => {
    navigator.geolocation.getCurrentPosition(
      (p) => resolve({ lat: p.coords.latitude, lng: p.coords.longitude }),
      () => resolve(null),
      { enableHighAccuracy: true, timeout: 10_000, maximumAge: 60_000 },
    );
  });
}

/** The photo's own position and time first (EXIF); else the device's position and the file's time. */
export async function readPhotoPlace(file: File): Promise<PhotoPlace> {
  let lat: number | null = null;
  let lng: number | null = null;
  let takenAt: string | null = null;
  try {
    const gps = await exifr.gps(file);
    if (gps && Number.isFinite(gps.latitude) && Number.isFinite(gps.longitude)) {
      lat = gps.latitude;
      lng = gps.longitude;
    }
    const tags = await exifr.parse(file, {
      reviveValues: false,
      pick: ['DateTimeOriginal', 'OffsetTimeOriginal'],
    });
    takenAt = exifTime(tags?.DateTimeOriginal, tags?.OffsetTimeOriginal);
  } catch {
    // No EXIF (a PNG, a stripped photo): the device says instead.
  }
  if (lat !== null && lng !== null) return { lat, lng, positionSource: 'exif', takenAt };
  const device = await devicePosition();
  return {
    lat: device?.lat ?? null,
    lng: device?.lng ?? null,
    positionSource: device ? 'device' : null,
    takenAt: takenAt ?? (file.lastModified ? new Date(file.lastModified).toISOString() : null),
  };
}

const pad = (n: number) => String(n).padStart(2, '0');

/** "09:14 18/11/2023" in the browser's time zone. */
export function formatTakenAt(iso: string): string {
  const d = new Date(iso);
  return `${pad(d.getHours())}:${pad(d.getMinutes())} ${pad(d.getDate())}/${pad(d.getMonth() + 1)}/${d.getFullYear()}`;
}

/** "21,0434° B, 105,9321° Đ" (English: "21.0434° N, 105.9321° E"). */
export function formatPosition(
  lat: number,
  lng: number,
  words: { n: string; s: string; e: string; w: string; locale: string },
): string {
  const f = new Intl.NumberFormat(words.locale, { minimumFractionDigits: 4, maximumFractionDigits: 4 });
  return `${f.format(Math.abs(lat))}° ${lat >= 0 ? words.n : words.s}, ${f.format(Math.abs(lng))}° ${lng >= 0 ? words.e : words.w}`;
}
