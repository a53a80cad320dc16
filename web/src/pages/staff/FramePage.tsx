import { useState } from 'react';
import type { ApiError } from '../../api/client.ts';
import { formatPeriod } from '../../i18n/format.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { navigate } from '../../router.tsx';
import { Breadcrumbs } from '../../ui/Breadcrumbs.tsx';
import { ErrorBox, Loading } from '../../ui/Feedback.tsx';
import { asApiError, type Frames, type PeriodFrame, useStaffRead, useStaffWrite } from './api.ts';
import { PeriodPicker, staffPath } from './common.tsx';

/** The evaluation frame of a period (NĐ 335 or the Hanoi QĐ 3814 frame); only an administrator changes it. */
export function FramePage({ period }: { period: string }) {
  const { t, lang } = useI18n();
  const write = useStaffWrite();
  const frames = useStaffRead<Frames>('/staff/frames');
  const current = useStaffRead<PeriodFrame>(`/staff/periods/${period}/frame`);
  const [choice, setChoice] = useState<string | null>(null);
  const [error, setError] = useState<ApiError | undefined>(undefined);
  const [saved, setSaved] = useState(false);
  const loadError = frames.error ?? current.error;
  if (loadError) return <ErrorBox error={asApiError(loadError)} onRetry={() => void current.refetch()} />;
  if (!frames.data || !current.data) return <Loading />;
  const byId = (id: string) => frames.data?.frames.find((f) => f.id === id)?.name ?? id;
  const save = async () => {
    try {
      await write.mutateAsync({
        method: 'PUT',
        path: `/staff/periods/${period}/frame`,
        body: { frame_id: choice ?? current.data?.frame_id },
      });
      setSaved(true);
      setError(undefined);
    } catch (err) {
      setSaved(false);
      setError(asApiError(err));
    }
  };
  return (
    <>
      <Breadcrumbs
        items={[{ label: t('navStaff'), to: '/danh-gia-can-bo' }, { label: t('staffFrameTitle') }]}
      />
      <h1 className="page-title">
        {t('staffFrameTitle')} — {formatPeriod(period, lang)}
      </h1>
      <PeriodPicker period={period} onChange={(p) => navigate(staffPath('khung', { ky: p }))} />
      <section className="card">
        <p>
          {t('staffFrameCurrent')}: <strong data-testid="period-frame">{byId(current.data.frame_id)}</strong>
        </p>
        {error && <ErrorBox error={error} />}
        {saved && (
          <p className="alert alert-success" role="status">
            {t('staffFrameSaved')}
          </p>
        )}
        {current.data.abilities.set_frame ? (
          <div className="controls">
            <label className="field-label" htmlFor="frame-choice">
              {t('staffFrameChoose')}
            </label>
            <select
              id="frame-choice"
              value={choice ?? current.data.frame_id}
              onChange={(e) => setChoice(e.target.value)}
            >
              {frames.data.frames.map((f) => (
                <option key={f.id} value={f.id}>
                  {f.name}
                </option>
              ))}
            </select>
            <button type="button" className="btn btn-primary" onClick={save}>
              {t('staffFrameSave')}
            </button>
          </div>
        ) : (
          <p className="muted">{t('staffFrameAdminOnly')}</p>
        )}
      </section>
    </>
  );
}
