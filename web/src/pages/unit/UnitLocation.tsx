import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { sendJson } from '../../api/client.ts';
import type { Body, Res, UnitDetail } from '../../api/types.ts';
import { formatDateTime } from '../../i18n/format.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { usePosition } from '../../offline/FieldPlace.tsx';
import { ErrorBox, Notice } from '../../ui/Feedback.tsx';
import { NumberInput } from '../../ui/NumberInput.tsx';

type LocationBody = Body<'/units/{code}/location', 'put'>;

/**
 * Where the unit's People's Committee office is ("21,0434° B, 105,9321° Đ"), its source, who
 * recorded it and when; a form to record or change it for those allowed (`unit.locate`).
 */
export function UnitLocation({ detail, canEdit }: { detail: UnitDetail; canEdit: boolean }) {
  const { t, num } = useI18n();
  const client = useQueryClient();
  const code = detail.unit.code;
  const loc = detail.location;
  const [editing, setEditing] = useState(false);
  const [lat, setLat] = useState('');
  const [lng, setLng] = useState('');
  const [source, setSource] = useState('');
  const [saved, setSaved] = useState(false);
  const save = useMutation({
    mutationFn: () =>
      sendJson<Res<'/units/{code}/location', 'put'>>('PUT', `/units/${encodeURIComponent(code)}/location`, {
        lat,
        lng,
        source,
      } satisfies LocationBody),
    onSuccess: () => {
      setEditing(false);
      setSaved(true);
      return client.invalidateQueries({ queryKey: [`/units/${encodeURIComponent(code)}`] });
    },
  });
  const position = usePosition();
  const open = () => {
    setLat(loc ? num(loc.lat, 6) : '');
    setLng(loc ? num(loc.lng, 6) : '');
    setSource(loc?.source ?? '');
    setSaved(false);
    save.reset();
    setEditing(true);
  };
  if (!loc && !canEdit) return null;
  return (
    <section className="card" aria-labelledby="unit-location-title">
      <h2 id="unit-location-title">{t('locTitle')}</h2>
      {loc ? (
        <>
          <p>
            <strong>{position(loc.lat, loc.lng)}</strong>
          </p>
          <p className="muted small">
            {t('locMeta', { source: loc.source, who: loc.set_by, date: formatDateTime(loc.set_at) })}
          </p>
        </>
      ) : (
        <p className="muted">{t('locNone')}</p>
      )}
      {saved && <Notice kind="success">{t('locSaved')}</Notice>}
      {canEdit && !editing && (
        <button type="button" className="btn" onClick={open}>
          {loc ? t('locEdit') : t('locAdd')}
        </button>
      )}
      {editing && (
        <form
          className="controls"
          onSubmit={(e) => {
            e.preventDefault();
            save.mutate();
          }}
        >
          <label className="field">
            <span className="field-label">{t('locLat')}</span>
            <NumberInput name="lat" value={lat} onValue={setLat} required />
          </label>
          <label className="field">
            <span className="field-label">{t('locLng')}</span>
            <NumberInput name="lng" value={lng} onValue={setLng} required />
          </label>
          <label className="field field-wide">
            <span className="field-label">{t('locSource')}</span>
            <input
              name="source"
              value={source}
              onChange={(e) => setSource(e.target.value)}
              maxLength={500}
              required
            />
            <span className="muted small">{t('locSourceHint')}</span>
          </label>
          <button type="submit" className="btn btn-primary" disabled={save.isPending}>
            {t('locSave')}
          </button>
          <button type="button" className="btn" onClick={() => setEditing(false)}>
            {t('locCancel')}
          </button>
        </form>
      )}
      {editing && save.error && <ErrorBox error={save.error} />}
    </section>
  );
}
