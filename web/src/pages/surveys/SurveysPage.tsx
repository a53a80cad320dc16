import { useMutation, useQuery } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { postJson } from '../../api/client.ts';
import { apiQuery } from '../../api/query.ts';
import type { Body, Res } from '../../api/types.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { Link, navigate } from '../../router.tsx';
import { paths, pathTo } from '../../routes.ts';
import { UnitPicker } from '../../selection/UnitPicker.tsx';
import { useSession } from '../../session/session.tsx';
import { DateTimeInput } from '../../ui/DateInput.tsx';
import { ErrorBox } from '../../ui/Feedback.tsx';
import { asApiError, type CampaignListItem, invalidateSurveys } from './api.ts';

export const phaseKey = { open: 'svOpenPhase', upcoming: 'svUpcoming', closed: 'svClosed' } as const;

/** A datetime-local value (local time) as an ISO instant. */
export const localToIso = (v: string) => new Date(v).toISOString();
export const isoToLocal = (iso: string) => {
  const d = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
};

function NewCampaign() {
  const { t } = useI18n();
  const [unit, setUnit] = useState('');
  const [dossier, setDossier] = useState('');
  const [title, setTitle] = useState('');
  const [opens, setOpens] = useState(isoToLocal(new Date().toISOString()));
  const [closes, setCloses] = useState(isoToLocal(new Date(Date.now() + 14 * 86_400_000).toISOString()));
  const [villages, setVillages] = useState('');
  const create = useMutation({
    mutationFn: (body: Body<'/surveys'>) => postJson<Res<'/surveys', 'post'>>('/surveys', body),
    onSuccess: (c) => {
      void invalidateSurveys();
      navigate(pathTo(paths.survey, { id: c.id }));
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate({
      unit_code: unit || undefined,
      dossier_id: dossier.trim() ? Number(dossier) : null,
      title,
      opens_at: localToIso(opens),
      closes_at: localToIso(closes),
      villages: villages
        .split('\n')
        .map((v) => v.trim())
        .filter(Boolean),
    });
  };
  return (
    <section className="card" aria-labelledby="sv-new">
      <h2 id="sv-new">{t('svNew')}</h2>
      <form className="sv-form" onSubmit={submit}>
        <label>
          {t('svName')}
          <input type="text" required value={title} onChange={(e) => setTitle(e.target.value)} />
        </label>
        <UnitPicker label={t('svUnit')} value={unit} onValue={setUnit} />
        <label>
          {t('svDossier')}
          <input type="number" min={1} value={dossier} onChange={(e) => setDossier(e.target.value)} />
        </label>
        <label>
          {t('svOpens')}
          <DateTimeInput value={opens} onValue={setOpens} required />
        </label>
        <label>
          {t('svCloses')}
          <DateTimeInput value={closes} onValue={setCloses} required />
        </label>
        <label>
          {t('svVillages')}
          <textarea rows={4} value={villages} onChange={(e) => setVillages(e.target.value)} />
        </label>
        {create.error && <ErrorBox error={asApiError(create.error)} />}
        <div>
          <button type="submit" className="btn btn-primary" disabled={create.isPending}>
            {t('svCreate')}
          </button>
        </div>
      </form>
    </section>
  );
}

/** /khao-sat-y-kien: the campaigns the caller may read, and a new one for those who manage. */
export function SurveysPage() {
  const { t } = useI18n();
  const { canSomewhere } = useSession();
  const list = useQuery(apiQuery<{ campaigns: CampaignListItem[] }>('/surveys'));
  return (
    <div>
      <h1 className="page-title">{t('svTitle')}</h1>
      <p className="lead">{t('svIntro')}</p>
      {list.error && <ErrorBox error={asApiError(list.error)} onRetry={() => void list.refetch()} />}
      {list.data && list.data.campaigns.length === 0 && <p className="empty">{t('svNone')}</p>}
      {list.data && list.data.campaigns.length > 0 && (
        <ul className="plain-list">
          {list.data.campaigns.map((c) => (
            <li key={c.id} className="card">
              <Link to={pathTo(paths.survey, { id: c.id })}>
                <strong>{c.title}</strong>
              </Link>
              <div className="muted small">
                {c.unit_code}
                {c.dossier_id ? ` · ${t('svDossierLink', { id: c.dossier_id })}` : ''} ·{' '}
                {t(phaseKey[c.phase])} · {t('svAnswered', { a: c.answers, h: c.households })}
              </div>
            </li>
          ))}
        </ul>
      )}
      {canSomewhere('survey.manage') && <NewCampaign />}
    </div>
  );
}
