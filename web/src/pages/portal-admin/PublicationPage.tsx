import { useMutation, useQuery } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { sendJson } from '../../api/client.ts';
import { apiQuery, invalidatePaths } from '../../api/query.ts';
import type { Body, FrameworkDetail, IndicatorDef, Schema } from '../../api/types.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { useFrameworks } from '../../selection/frameworks.ts';
import { UnitPicker } from '../../selection/UnitPicker.tsx';
import { ErrorBox, Loading } from '../../ui/Feedback.tsx';
import { useUnitNames } from '../accounts/unit-names.ts';
import '../portal/portal.css';

/**
 * GET /api/portal/publications: one setting (the route's answer is not described in the contract
 * yet, so the type comes from the server's own presenter).
 */
type Setting = Schema<'PublicationSetting'>;

const codesOf = (list: IndicatorDef[]): Array<{ code: string; name: string }> =>
  list.flatMap((i) => (i.code ? [{ code: i.code, name: i.name }] : []));

/** /quan-ly-cong-khai: what the portal shows, per framework and unit subtree (publication.manage). */
export function PublicationPage() {
  const { t } = useI18n();
  const frameworks = useFrameworks();
  const settings = useQuery(apiQuery<{ publications: Setting[] }>('/portal/publications'));
  const unitNames = useUnitNames(settings.data?.publications.map((s) => s.unit_code) ?? []);
  const [fwId, setFwId] = useState('');
  // The unit's code, picked by name (UnitPicker); '' for none yet.
  const [unit, setUnit] = useState('');
  const [status, setStatus] = useState(true);
  const [criteria, setCriteria] = useState(true);
  const [figures, setFigures] = useState<Set<string>>(new Set());
  // Writes: the portal shows the change at once (its cached answers are read again).
  const saveSetting = useMutation({
    mutationFn: (body: Body<'/portal/publications', 'put'>) => sendJson('PUT', '/portal/publications', body),
    onSuccess: () => invalidatePaths('/portal/publications', '/public'),
  });
  const removeSetting = useMutation({
    mutationFn: (s: Setting) =>
      sendJson(
        'DELETE',
        `/portal/publications/${encodeURIComponent(s.framework_id)}/${encodeURIComponent(s.unit_code)}`,
      ),
    onSuccess: () => invalidatePaths('/portal/publications', '/public'),
  });
  const error = saveSetting.error ?? removeSetting.error;
  const chosen = fwId || frameworks.data?.[0]?.id || '';
  const detail = useQuery({
    ...apiQuery<{ framework: FrameworkDetail }>(`/frameworks/${encodeURIComponent(chosen)}`),
    enabled: Boolean(chosen),
  });
  const indicators = detail.data
    ? detail.data.framework.definition.criteria.flatMap((c) => codesOf(c.indicators))
    : [];

  const save = (e: FormEvent) => {
    e.preventDefault();
    if (!unit) return;
    removeSetting.reset();
    saveSetting.mutate({
      framework_id: chosen,
      unit_code: unit,
      publish_status: status,
      publish_criteria: criteria,
      indicators: [...figures],
    });
  };
  const remove = (s: Setting) => {
    saveSetting.reset();
    removeSetting.mutate(s);
  };

  return (
    <>
      <h1 className="page-title">{t('portalStaffPublication')}</h1>
      <p className="lead">{t('portalStaffPublicationLead')}</p>
      <form className="card portal-form" onSubmit={save}>
        <div className="field">
          <label className="field-label" htmlFor="pub-fw">
            {t('portalFramework')}
          </label>
          <select
            id="pub-fw"
            value={chosen}
            onChange={(e) => {
              setFwId(e.target.value);
              setFigures(new Set());
            }}
          >
            {(frameworks.data ?? []).map((f) => (
              <option key={f.id} value={f.id}>
                {f.name}
              </option>
            ))}
          </select>
        </div>
        <UnitPicker label={t('portalStaffPublicationUnit')} value={unit} onValue={setUnit} />
        <label className="check">
          <input type="checkbox" checked={status} onChange={(e) => setStatus(e.target.checked)} />{' '}
          {t('portalStaffPublicationStatus')}
        </label>
        <br />
        <label className="check">
          <input type="checkbox" checked={criteria} onChange={(e) => setCriteria(e.target.checked)} />{' '}
          {t('portalStaffPublicationCriteria')}
        </label>
        <fieldset className="portal-captcha">
          <legend>{t('portalStaffPublicationFigures')}</legend>
          {detail.isLoading && <Loading />}
          {indicators.map((i) => (
            <div key={i.code}>
              <label className="check">
                <input
                  type="checkbox"
                  checked={figures.has(i.code)}
                  onChange={(e) => {
                    const next = new Set(figures);
                    if (e.target.checked) next.add(i.code);
                    else next.delete(i.code);
                    setFigures(next);
                  }}
                />{' '}
                {i.code}. {i.name}
              </label>
            </div>
          ))}
        </fieldset>
        {error && <ErrorBox error={error} />}
        {saveSetting.isSuccess && (
          <p className="alert alert-success" role="status">
            {t('portalStaffPublicationSaved')}
          </p>
        )}
        <button
          type="submit"
          className="btn btn-primary"
          disabled={!unit || !chosen || saveSetting.isPending}
        >
          {t('portalStaffPublicationSave')}
        </button>
      </form>
      <section className="card" aria-labelledby="pub-list">
        <h2 id="pub-list">{t('portalStaffPublicationList')}</h2>
        {settings.error && <ErrorBox error={settings.error} onRetry={settings.refetch} />}
        {settings.data && settings.data.publications.length === 0 && <p>{t('portalStaffPublicationNone')}</p>}
        {settings.data && settings.data.publications.length > 0 && (
          <div className="table-wrap">
            <table className="portal-table">
              <thead>
                <tr>
                  <th scope="col">{t('portalFramework')}</th>
                  <th scope="col">{t('unit')}</th>
                  <th scope="col">{t('portalStaffPublicationStatus')}</th>
                  <th scope="col">{t('portalStaffPublicationCriteria')}</th>
                  <th scope="col">{t('portalStaffPublicationFigures')}</th>
                  <th scope="col">
                    <span className="sr-only">{t('portalStaffPublicationRemove')}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {settings.data.publications.map((s) => (
                  <tr key={`${s.framework_id}|${s.unit_code}`}>
                    <td>{frameworks.data?.find((f) => f.id === s.framework_id)?.name ?? s.framework_id}</td>
                    <td>{unitNames.get(s.unit_code) ?? s.unit_code}</td>
                    <td>{t(s.publish_status ? 'yes' : 'no')}</td>
                    <td>{t(s.publish_criteria ? 'yes' : 'no')}</td>
                    <td>{s.indicators.join(', ') || '—'}</td>
                    <td>
                      <button
                        type="button"
                        className="btn btn-small btn-danger"
                        disabled={removeSetting.isPending}
                        onClick={() => remove(s)}
                      >
                        {t('portalStaffPublicationRemove')}
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </>
  );
}
