import { useQuery } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { eventNames } from '../../../../src/audit/event-names.ts';
import { apiUrl } from '../../api/client.ts';
import { apiQuery } from '../../api/query.ts';
import type { Res } from '../../api/types.ts';
import { formatDateTime } from '../../i18n/format.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { href, navigate, useLocation } from '../../router.tsx';
import { paths } from '../../routes.ts';
import { UnitSearch } from '../../selection/UnitSearch.tsx';
import { useLoginRequired } from '../../session/require-login.ts';
import { useSession } from '../../session/session.tsx';
import { DateInput } from '../../ui/DateInput.tsx';
import { Empty, ErrorBox, Loading } from '../../ui/Feedback.tsx';
import { Pager } from '../../ui/Pager.tsx';
import type { Account } from '../accounts/AccountsPage.tsx';
import { useUnitNames } from '../accounts/unit-names.ts';
import '../accounts/accounts.css';

/** GET /api/audit: one event (a union by `type`: `data` is that type's payload). */
type AuditEvent = Res<'/audit'>['events'][number];

const PAGE = 50;
const filterKeys = ['unit', 'user', 'dossier', 'type', 'from', 'to'] as const;
type Filter = Partial<Record<(typeof filterKeys)[number], string>>;

/** Event families offered in the type filter (a trailing dot means every type of the family). */
const families = [
  ['dossier.', 'familyDossier'],
  ['evidence.', 'familyEvidence'],
  ['user.', 'familyUser'],
  ['role.', 'familyRole'],
  ['login.', 'familyLogin'],
] as const;

/** /nhat-ky: the audit trail with filters (in the address, so a view can be shared), paging and the .xlsx export. */
export function AuditPage() {
  const { t } = useI18n();
  const { session, canSomewhere, needsLogin } = useSession();
  useLoginRequired();
  if (!session || needsLogin) return <Loading />;
  if (!canSomewhere('audit.read'))
    return (
      <div className="card">
        <h1 className="page-title">{t('auditTitle')}</h1>
        <p>{t('forbiddenPage')}</p>
      </div>
    );
  return <Audit />;
}

function Audit() {
  const { t } = useI18n();
  const { query } = useLocation();
  const filter: Filter = {};
  for (const k of filterKeys) {
    const v = query.get(k);
    if (v) filter[k] = v;
  }
  const page = Math.max(1, Number.parseInt(query.get('trang') ?? '1', 10) || 1);
  const events = useQuery(
    apiQuery<Res<'/audit'>>('/audit', {
      ...filter,
      limit: PAGE,
      offset: (page - 1) * PAGE,
    }),
  );
  const go = (f: Filter, p = 1) =>
    navigate(href(paths.audit, { ...f, trang: p > 1 ? String(p) : undefined }));
  const pages = Math.max(1, Math.ceil((events.data?.total ?? 0) / PAGE));
  const names = useUnitNames(
    [filter.unit ?? '', ...(events.data?.events.map((e) => e.unit_code ?? '') ?? [])].filter(Boolean),
  );

  return (
    <div className="audit-page">
      <h1 className="page-title">{t('auditTitle')}</h1>
      <p className="lead">{t('auditIntro')}</p>
      <Filters key={JSON.stringify(filter)} filter={filter} names={names} onApply={(f) => go(f)} />
      <section className="card" aria-labelledby="audit-events">
        <div className="card-head">
          <h2 id="audit-events">{t('navAudit')}</h2>
          <a className="btn" href={apiUrl('/audit.xlsx', filter)} download>
            <span aria-hidden="true">⬇ </span>
            {t('exportXlsx')}
          </a>
        </div>
        {events.error && <ErrorBox error={events.error} onRetry={events.refetch} />}
        {!events.error && !events.data && <Loading />}
        {events.data && events.data.events.length === 0 && <Empty>{t('noEvents')}</Empty>}
        {events.data && events.data.events.length > 0 && (
          <>
            <p className="muted small" aria-live="polite">
              {t('auditTotal', { total: events.data.total, page, pages })}
            </p>
            <div className="table-wrap">
              <table className="audit stack-on-phone">
                <thead>
                  <tr>
                    <th scope="col">{t('accColTime')}</th>
                    <th scope="col">{t('accColEvent')}</th>
                    <th scope="col">{t('accColActor')}</th>
                    <th scope="col">{t('accColUnit')}</th>
                    <th scope="col">{t('accColDossier')}</th>
                    <th scope="col">{t('accColDetails')}</th>
                  </tr>
                </thead>
                <tbody>
                  {events.data.events.map((e) => (
                    <EventRow
                      key={e.id}
                      event={e}
                      unitName={e.unit_code ? names.get(e.unit_code) : undefined}
                    />
                  ))}
                </tbody>
              </table>
            </div>
            <Pager
              offset={(page - 1) * PAGE}
              limit={PAGE}
              total={events.data.total}
              to={(offset) => {
                const p = offset / PAGE + 1;
                return href(paths.audit, { ...filter, trang: p > 1 ? String(p) : undefined });
              }}
            />
          </>
        )}
      </section>
    </div>
  );
}

function EventRow({ event: e, unitName }: { event: AuditEvent; unitName?: string }) {
  const { t } = useI18n();
  return (
    <tr>
      <td data-label={t('accColTime')} className="nowrap">
        {formatDateTime(e.at)}
      </td>
      <th scope="row" data-label={t('accColEvent')}>
        {e.label}
      </th>
      {/* Who acted, by the username they log in with (may hold dots): shown as typed. */}
      <td data-label={t('accColActor')} data-raw>
        {e.actor_name}
      </td>
      <td data-label={t('accColUnit')}>
        {e.unit_code === '*'
          ? t('accAllUnits')
          : e.unit_code && unitName && unitName !== e.unit_code
            ? `${unitName} (${e.unit_code})`
            : (e.unit_code ?? '—')}
      </td>
      <td data-label={t('accColDossier')}>{e.dossier_id ?? '—'}</td>
      <td data-label={t('accColDetails')} className="audit-details">
        {e.summary || '—'}
      </td>
    </tr>
  );
}

function Filters({
  filter,
  names,
  onApply,
}: {
  filter: Filter;
  names: Map<string, string>;
  onApply(f: Filter): void;
}) {
  const { t, lang } = useI18n();
  const [f, setF] = useState<Filter>(filter);
  const users = useQuery(apiQuery<{ users: Account[] }>('/users'));
  const set = (k: keyof Filter, v: string) => setF((x) => ({ ...x, [k]: v || undefined }));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    onApply(f);
  };
  const unitName = f.unit ? (names.get(f.unit) ?? f.unit) : null;
  return (
    <section className="card" aria-labelledby="audit-filters">
      <h2 id="audit-filters" className="sr-only">
        {t('filterApply')}
      </h2>
      <form className="audit-filters" onSubmit={submit}>
        <div className="controls">
          {f.unit ? (
            <div className="field field-wide">
              <span className="field-label">{t('filterUnit')}</span>
              <p className="chosen-unit">
                <span>
                  {unitName} ({f.unit})
                </span>
                <button type="button" className="btn btn-small btn-quiet" onClick={() => set('unit', '')}>
                  {t('filterClearUnit')}
                </button>
              </p>
            </div>
          ) : (
            <UnitSearch onPick={(u) => set('unit', u.code)} />
          )}
          <label className="field">
            <span className="field-label">{t('filterPerson')}</span>
            <select name="user" value={f.user ?? ''} onChange={(e) => set('user', e.target.value)}>
              <option value="">{t('filterAnyPerson')}</option>
              {users.data?.users.map((u) => (
                <option key={u.id} value={String(u.id)} data-raw>
                  {u.display_name} ({u.username})
                </option>
              ))}
            </select>
          </label>
          <label className="field">
            <span className="field-label">{t('filterType')}</span>
            <select name="type" value={f.type ?? ''} onChange={(e) => set('type', e.target.value)}>
              <option value="">{t('filterAnyType')}</option>
              {families.map(([v, k]) => (
                <option key={v} value={v}>
                  {t(k)}
                </option>
              ))}
              {Object.entries(eventNames).map(([v, [vi, en]]) => (
                <option key={v} value={v}>
                  {lang === 'en' ? en : vi}
                </option>
              ))}
            </select>
          </label>
          <label className="field">
            <span className="field-label">{t('filterDossier')}</span>
            <input
              name="dossier"
              inputMode="numeric"
              pattern="[0-9]*"
              value={f.dossier ?? ''}
              onChange={(e) => set('dossier', e.target.value.trim())}
            />
          </label>
          <label className="field">
            <span className="field-label">{t('filterFrom')}</span>
            <DateInput name="from" value={f.from ?? ''} onValue={(v) => set('from', v)} />
          </label>
          <label className="field">
            <span className="field-label">{t('filterTo')}</span>
            <DateInput name="to" value={f.to ?? ''} onValue={(v) => set('to', v)} />
          </label>
        </div>
        <div className="actions">
          <button type="submit" className="btn btn-primary">
            {t('filterApply')}
          </button>
          <button type="button" className="btn" onClick={() => onApply({})}>
            {t('filterClear')}
          </button>
        </div>
      </form>
    </section>
  );
}
