import { useQuery } from '@tanstack/react-query';
import { type FormEvent, useId, useState } from 'react';
import { postJson } from '../../api/client.ts';
import { apiQuery } from '../../api/query.ts';
import type { FrameworkSummary, Res } from '../../api/types.ts';
import { formatDate } from '../../i18n/format.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { href, Link, navigate, useLocation } from '../../router.tsx';
import { paths } from '../../routes.ts';
import { UnitPicker } from '../../selection/UnitPicker.tsx';
import { useSession } from '../../session/session.tsx';
import { Empty, ErrorBox, Loading } from '../../ui/Feedback.tsx';
import { useDossierWrite } from './mutations.ts';
import { StateBadge, stateKey } from './StateBadge.tsx';
import { type DossierDetail, dossierHref, dossierStates, unitLabel } from './types.ts';

/** /ho-so: the dossiers the caller may read, filtered by state, unit and framework (all in the URL). */
export function DossierListPage() {
  const { t } = useI18n();
  const { query } = useLocation();
  const { canSomewhere } = useSession();
  const id = useId();
  const filters = {
    state: query.get('state') ?? '',
    unit: query.get('unit') ?? '',
    framework: query.get('framework') ?? '',
  };
  const go = (change: Partial<typeof filters>) =>
    navigate(href(paths.dossiers, { ...filters, ...change }), { replace: true });
  const list = useQuery(apiQuery<Res<'/dossiers'>>('/dossiers', filters));
  const frameworks = useQuery(apiQuery<{ frameworks: FrameworkSummary[] }>('/frameworks'));
  return (
    <div className="dossier-list-page">
      <h1 className="page-title">{t('dossiersTitle')}</h1>
      <p className="muted">{t('dossiersIntro')}</p>
      <form className="controls card" aria-label={t('dossierFilters')} onSubmit={(e) => e.preventDefault()}>
        <label className="field" htmlFor={`${id}-state`}>
          <span className="field-label">{t('dossierState')}</span>
          <select id={`${id}-state`} value={filters.state} onChange={(e) => go({ state: e.target.value })}>
            <option value="">{t('allStates')}</option>
            {dossierStates.map((s) => (
              <option key={s} value={s}>
                {t(stateKey(s))}
              </option>
            ))}
          </select>
        </label>
        <label className="field" htmlFor={`${id}-fw`}>
          <span className="field-label">{t('framework')}</span>
          <select
            id={`${id}-fw`}
            value={filters.framework}
            onChange={(e) => go({ framework: e.target.value })}
          >
            <option value="">{t('allFrameworks')}</option>
            {frameworks.data?.frameworks.map((f) => (
              <option key={f.id} value={f.id}>
                {f.name}
              </option>
            ))}
          </select>
        </label>
        <UnitPicker value={filters.unit} onValue={(unit) => go({ unit })} />
      </form>
      {canSomewhere('dossier.create') && (
        <CreateDossier frameworks={frameworks.data?.frameworks ?? []} defaultUnit={filters.unit} />
      )}
      {list.error && <ErrorBox error={list.error} onRetry={list.refetch} />}
      {!list.data && !list.error && <Loading />}
      {list.data && list.data.dossiers.length === 0 && <Empty>{t('noDossiers')}</Empty>}
      {list.data && list.data.dossiers.length > 0 && (
        <div className="table-wrap card">
          <table className="dossier-table">
            <caption className="sr-only">{t('dossiersTitle')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('dossierNo')}</th>
                <th scope="col">{t('unit')}</th>
                <th scope="col">{t('framework')}</th>
                <th scope="col">{t('dossierRound')}</th>
                <th scope="col">{t('dossierState')}</th>
                <th scope="col">{t('reworkRounds')}</th>
                <th scope="col">{t('updatedAt')}</th>
              </tr>
            </thead>
            <tbody>
              {list.data.dossiers.map((d) => (
                <tr key={d.id}>
                  <td>
                    <Link to={dossierHref(d.id)}>#{d.id}</Link>
                  </td>
                  <td>
                    <Link to={dossierHref(d.id)}>{unitLabel(d.unit_code, d.unit_name)}</Link>
                  </td>
                  <td>
                    {frameworks.data?.frameworks.find((f) => f.id === d.framework_id)?.name ?? d.framework_id}
                  </td>
                  <td>{d.round}</td>
                  <td>
                    <StateBadge state={d.state} locked={d.locked} />
                  </td>
                  <td className="num">{d.rework_rounds}</td>
                  <td>{formatDate(d.updated_at.slice(0, 10))}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}

function CreateDossier({ frameworks, defaultUnit }: { frameworks: FrameworkSummary[]; defaultUnit: string }) {
  const { t } = useI18n();
  const id = useId();
  const [unit, setUnit] = useState(defaultUnit);
  const [framework, setFramework] = useState('');
  const [round, setRound] = useState('');
  const fw = framework || frameworks[0]?.id || '';
  const create = useDossierWrite(
    () =>
      postJson<DossierDetail>('/dossiers', {
        unit_code: unit.trim(),
        framework_id: fw,
        round: round.trim(),
      }),
    (d) => navigate(dossierHref(d.dossier.id)),
  );
  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate();
  };
  return (
    <section className="card" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t('createDossier')}</h2>
      <form className="controls" onSubmit={submit}>
        {/* units as they were at the end of the round's year (a commune merged since is still found) */}
        <UnitPicker
          value={unit}
          onValue={setUnit}
          date={/^\d{4}/.test(round) ? `${round.slice(0, 4)}-12-31` : undefined}
        />
        <label className="field" htmlFor={`${id}-f`}>
          <span className="field-label">{t('framework')}</span>
          <select id={`${id}-f`} value={fw} onChange={(e) => setFramework(e.target.value)}>
            {frameworks.map((f) => (
              <option key={f.id} value={f.id}>
                {f.name}
              </option>
            ))}
          </select>
        </label>
        <label className="field" htmlFor={`${id}-r`}>
          <span className="field-label">{t('dossierRound')}</span>
          <input
            id={`${id}-r`}
            required
            placeholder="2024"
            value={round}
            onChange={(e) => setRound(e.target.value)}
          />
        </label>
        <button type="submit" className="btn btn-primary" disabled={create.isPending || !unit}>
          {t('createDossierButton')}
        </button>
      </form>
      {create.error && <ErrorBox error={create.error} />}
    </section>
  );
}
