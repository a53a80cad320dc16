import { type FormEvent, useId, useState } from 'react';
import type { ApiError } from '../api/client.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { useSession } from '../session/session.tsx';
import { ErrorBox, Notice } from '../ui/Feedback.tsx';
import { FilePicker } from '../ui/FilePicker.tsx';
import { FieldPlace } from './FieldPlace.tsx';
import { submitItem } from './outbox.ts';
import { type PhotoPlace, readPhotoPlace } from './place.ts';

/**
 * A field photo for one indicator of a dossier: the phone's camera (`capture`), its position and
 * time (EXIF first, else the device), a note; sent at once or kept on the device until online.
 */
export function FieldPhoto({
  dossierId,
  indicator,
  onSaved,
}: {
  dossierId: number;
  indicator: string;
  onSaved?(): void;
}) {
  const { t } = useI18n();
  const { session } = useSession();
  const id = useId();
  const [file, setFile] = useState<File | null>(null);
  const [place, setPlace] = useState<PhotoPlace | null>(null);
  const [note, setNote] = useState('');
  const [picker, setPicker] = useState(0);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<string | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  // The form (and its file input) exists only while opened: one file input per indicator otherwise.
  const [open, setOpen] = useState(false);
  const choose = async (f: File | undefined) => {
    setDone(null);
    setError(null);
    setFile(f ?? null);
    setPlace(f ? await readPhotoPlace(f) : null);
  };
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!file) return;
    setBusy(true);
    setError(null);
    try {
      const result = await submitItem(
        {
          kind: 'photo',
          dossierId,
          indicatorCodes: [indicator],
          file,
          fileName: file.name || 'anh-thuc-dia.jpg',
          lat: place?.lat ?? null,
          lng: place?.lng ?? null,
          positionSource: place?.positionSource ?? null,
          takenAt: place?.takenAt ?? null,
          note,
        },
        session?.user?.username ?? '-',
      );
      setDone(t(result === 'saved' ? 'fieldPhotoSaved' : 'fieldPhotoQueued', { file: file.name }));
      setFile(null);
      setPlace(null);
      setNote('');
      setPicker((n) => n + 1);
      if (result === 'saved') onSaved?.();
    } catch (err) {
      setError(err as ApiError);
    } finally {
      setBusy(false);
    }
  };
  return (
    <details className="field-photo" onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary>{t('fieldPhotoTitle')}</summary>
      {open && (
        <form onSubmit={submit} aria-label={`${t('fieldPhotoTitle')} ${indicator}`}>
          <p className="field-help">{t('fieldPhotoHelp')}</p>
          <FilePicker
            key={picker}
            small
            label={t('fieldPhotoFile')}
            buttonLabel={t('fieldPhotoChoose')}
            accept="image/*"
            capture="environment"
            onChange={(files) => void choose(files[0])}
          />
          {file &&
            place &&
            (place.lat !== null || place.takenAt ? (
              <FieldPlace
                field={{
                  lat: place.lat,
                  lng: place.lng,
                  position_source: place.positionSource,
                  taken_at: place.takenAt,
                  note: null,
                  distance_km: null,
                  far_from_unit: false,
                  outside_visit: false,
                }}
              />
            ) : (
              <p className="muted small">{t('fieldPhotoNoPlace')}</p>
            ))}
          <label className="field field-wide" htmlFor={`${id}-n`}>
            <span className="field-label">{t('fieldPhotoNote')}</span>
            <textarea
              id={`${id}-n`}
              rows={2}
              maxLength={2000}
              value={note}
              onChange={(e) => setNote(e.target.value)}
            />
          </label>
          <button type="submit" className="btn btn-small" disabled={busy || !file}>
            {busy ? t('saving') : t('fieldPhotoAdd')}
          </button>
          {done && <Notice kind="success">{done}</Notice>}
          {error && <ErrorBox error={error} title={t('uploadFailed')} />}
        </form>
      )}
    </details>
  );
}
