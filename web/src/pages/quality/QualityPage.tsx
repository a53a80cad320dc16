import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { getJson, postJson } from '../../api/client.ts';
import type { Body, FrameworkSummary, Query, Res, Schema } from '../../api/types.ts';
import { formatDateTime } from '../../i18n/format.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { Link, navigate, useLocation } from '../../router.tsx';
import { pageOf, qualityHref, unitHref } from '../../routes.ts';
import { SelectionControls, useSelection } from '../../selection/SelectionControls.tsx';
import { WithFrameworks } from '../../selection/WithFrameworks.tsx';
import { Empty, ErrorBox, Loading } from '../../ui/Feedback.tsx';
import { Pager } from '../../ui/Pager.tsx';
import './quality.css';

export const qualityPath = '/quality';
/** Warnings per page. */
const PAGE = 50;

export type QualityReport = Res<'/quality'>;
export type QualityIssue = Schema<'QualityIssue'>;

/** /chat-luong-so-lieu: open data-quality warnings of a subtree by unit and indicator, and the explain action. */
export function QualityPage() {
  return <WithFrameworks>{(frameworks) => <Quality frameworks={frameworks} />}</WithFrameworks>;
}

function Quality({ frameworks }: { frameworks: FrameworkSummary[] }) {
  const { t } = useI18n();
  const { query } = useLocation();
  const selection = useSelection(frameworks);
  const state = { ...selection, all: query.get('all') === '1', page: pageOf(query) };
  // A new choice starts at the first page.
  const go = (change: Partial<typeof state>) =>
    navigate(qualityHref({ ...state, page: 1, ...change }), { replace: true });
  const offset = (state.page - 1) * PAGE;
  const params: Query<'/quality'> = {
    unit: state.unit,
    period: state.period,
    state: state.all ? 'all' : 'open',
    limit: PAGE,
    offset,
  };
  const pageHref = (o: number) => qualityHref({ ...state, page: o / PAGE + 1 });
  const report = useQuery({
    queryKey: [qualityPath, params],
    queryFn: ({ signal }) => getJson<QualityReport>(qualityPath, params, signal),
  });
  const byUnit = new Map<string, QualityIssue[]>();
  for (const i of report.data?.issues ?? []) byUnit.set(i.unit, [...(byUnit.get(i.unit) ?? []), i]);
  return (
    <div className="quality">
      <h1 className="page-title">{t('qlTitle')}</h1>
      <p className="muted">{t('qlIntro')}</p>
      <SelectionControls frameworks={frameworks} selection={selection} label={t('qlTitle')} onChange={go}>
        <label className="check">
          <input type="checkbox" checked={state.all} onChange={(e) => go({ all: e.target.checked })} />
          {t('qlShowExplained')}
        </label>
      </SelectionControls>
      {report.error && <ErrorBox error={report.error} onRetry={() => report.refetch()} />}
      {report.isPending && <Loading />}
      {report.data && (
        <>
          <p className="ql-counts">
            <strong>{t('qlOpen', { n: report.data.counts.open })}</strong> ·{' '}
            {t('qlExplainedCount', { n: report.data.counts.explained })}
          </p>
          {report.data.issues.length === 0 && <Empty>{t('qlNone')}</Empty>}
          <Pager offset={offset} limit={PAGE} total={report.data.total} to={pageHref} />
          {[...byUnit].map(([code, issues]) => (
            <section key={code} className="card ql-unit" aria-labelledby={`ql-${code}`}>
              <h2 id={`ql-${code}`}>
                <Link to={unitHref(code, { framework: state.framework, period: state.period })}>
                  {issues[0]!.unit_name}
                </Link>
              </h2>
              <ul className="ql-issues">
                {issues.map((i) => (
                  <IssueItem key={`${i.measure}|${i.kind}`} issue={i} />
                ))}
              </ul>
            </section>
          ))}
          <Pager offset={offset} limit={PAGE} total={report.data.total} to={pageHref} />
        </>
      )}
    </div>
  );
}

function IssueItem({ issue: i }: { issue: QualityIssue }) {
  const { t } = useI18n();
  const client = useQueryClient();
  const [open, setOpen] = useState(false);
  const [note, setNote] = useState('');
  const explain = useMutation({
    mutationFn: () =>
      postJson<Res<'/quality/explanations', 'post'>>('/quality/explanations', {
        unit: i.unit,
        measure: i.measure,
        period: i.period,
        kind: i.kind,
        note,
      } satisfies Body<'/quality/explanations'>),
    onSuccess: () => {
      setOpen(false);
      return client.invalidateQueries({ queryKey: [qualityPath] });
    },
  });
  return (
    <li className="ql-issue">
      <p className="ql-head">
        <span className="ql-code">{i.indicator.slice(i.indicator.indexOf(':') + 1)}</span> {i.indicator_name}
      </p>
      <p className="ql-kind small">{t(`qlKind_${i.kind}`)}</p>
      <p>{i.message}</p>
      {i.explanation ? (
        <p className="muted small">
          {t('qlExplained', {
            note: i.explanation.note,
            who: i.explanation.by,
            date: formatDateTime(i.explanation.at),
          })}
        </p>
      ) : open ? (
        <form
          className="ql-explain"
          onSubmit={(e) => {
            e.preventDefault();
            explain.mutate();
          }}
        >
          <label className="field field-wide">
            <span className="field-label">{t('qlNote')}</span>
            <textarea
              value={note}
              onChange={(e) => setNote(e.target.value)}
              rows={3}
              maxLength={2000}
              required
            />
          </label>
          {explain.error && <ErrorBox error={explain.error} />}
          <div className="ql-actions">
            <button type="submit" className="btn btn-primary" disabled={explain.isPending || !note.trim()}>
              {t('qlSave')}
            </button>
            <button type="button" className="btn" onClick={() => setOpen(false)}>
              {t('qlCancel')}
            </button>
          </div>
        </form>
      ) : (
        <button type="button" className="btn" onClick={() => setOpen(true)}>
          {t('qlExplain')}
        </button>
      )}
    </li>
  );
}

/** The overview's count of open warnings of the subtree, linking to the data-quality page. */
export function QualityCount({
  unit,
  framework,
  period,
}: {
  unit: string;
  framework: string;
  period: string;
}) {
  const { t } = useI18n();
  // Only the counts are read: one warning is the smallest page.
  const params: Query<'/quality'> = { unit, period, state: 'open', limit: 1 };
  const report = useQuery({
    queryKey: [qualityPath, params],
    queryFn: ({ signal }) => getJson<QualityReport>(qualityPath, params, signal),
  });
  if (!report.data) return null;
  const n = report.data.counts.open;
  return (
    <p className={n > 0 ? 'ql-overview ql-overview-open' : 'ql-overview muted small'}>
      <Link to={qualityHref({ unit, framework, period })}>
        {n > 0 ? t('qlOverview', { n }) : t('qlOverviewNone')}
      </Link>
    </p>
  );
}
