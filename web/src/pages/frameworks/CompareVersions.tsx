import { useQuery } from '@tanstack/react-query';
import { apiQuery } from '../../api/query.ts';
import type { Amendment, Res } from '../../api/types.ts';
import { formatDate } from '../../i18n/format.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { navigate, useLocation } from '../../router.tsx';
import { frameworkHref } from '../../routes.ts';
import { ErrorBox, Loading } from '../../ui/Feedback.tsx';
import { ChangeList } from './ChangeList.tsx';

/** Pick two versions (kept in the URL as from/to) and list what changed. */
export function CompareVersions({ id, versions }: { id: string; versions: number[] }) {
  const { t } = useI18n();
  const { query } = useLocation();
  const sorted = [...versions].sort((a, b) => a - b);
  const from = query.get('from') ?? String(sorted.at(-2) ?? sorted[0] ?? 1);
  const to = query.get('to') ?? String(sorted.at(-1) ?? 1);
  const asked = query.has('from') && query.has('to');
  const diff = useQuery({
    ...apiQuery<Res<'/frameworks/{id}/diff'>>(`/frameworks/${encodeURIComponent(id)}/diff`, { from, to }),
    enabled: Boolean(asked),
  });
  const version = query.get('version') ?? undefined;
  const select = (name: 'from' | 'to', value: string) => (
    <label className="field">
      <span className="field-label">{name === 'from' ? t('fwCompareFrom') : t('fwCompareTo')}</span>
      <select name={name} defaultValue={value} key={`${name}-${value}`}>
        {sorted.map((v) => (
          <option key={v} value={String(v)}>
            {v}
          </option>
        ))}
      </select>
    </label>
  );
  return (
    <section className="card" aria-labelledby="compare-title">
      <h2 id="compare-title">{t('fwCompare')}</h2>
      {sorted.length < 2 ? (
        <p className="muted">{t('fwCompareOne')}</p>
      ) : (
        <form
          className="controls"
          onSubmit={(e) => {
            e.preventDefault();
            const data = new FormData(e.currentTarget);
            navigate(
              frameworkHref(id, { version, from: String(data.get('from')), to: String(data.get('to')) }),
              {
                replace: true,
              },
            );
          }}
        >
          {select('from', from)}
          {select('to', to)}
          <button type="submit" className="btn btn-primary">
            {t('fwCompareBtn')}
          </button>
        </form>
      )}
      {diff.error && <ErrorBox error={diff.error} onRetry={diff.refetch} />}
      {asked && !diff.error && !diff.data && <Loading />}
      {diff.data?.amendment && <AmendmentHeader amendment={diff.data.amendment} />}
      {diff.data && <ChangeList changes={diff.data.changes} />}
    </section>
  );
}

/** The later version read as an amendment: which version it amends, from when, by which decisions. */
function AmendmentHeader({ amendment: a }: { amendment: Amendment }) {
  const { t } = useI18n();
  return (
    <div className="amendment">
      <p>
        <strong>
          {t('fcAmendment', {
            to: String(a.to_version),
            from: String(a.from_version),
            date: formatDate(a.in_force_from),
          })}
        </strong>
      </p>
      {a.decisions.length > 0 ? (
        <p>
          {t('fcAmendmentBy')}:{' '}
          {a.decisions
            .map(
              (d) =>
                `${d.number}${d.date ? ` (${formatDate(d.date)})` : ''}${d.issuer ? ` — ${d.issuer}` : ''}${d.part ? `, ${d.part}` : ''}`,
            )
            .join('; ')}
        </p>
      ) : (
        <p className="muted">{t('fcAmendmentNoDecision')}</p>
      )}
    </div>
  );
}
