import { useQuery } from '@tanstack/react-query';
import { type FormEvent, useId, useState } from 'react';
import { postJson } from '../../api/client.ts';
import { apiQuery } from '../../api/query.ts';
import { formatDate, formatDateTime, formatPeriod } from '../../i18n/format.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { paths, pathTo } from '../../routes.ts';
import { Breadcrumbs } from '../../ui/Breadcrumbs.tsx';
import { ErrorBox, Loading, Notice } from '../../ui/Feedback.tsx';
import { NumberInput } from '../../ui/NumberInput.tsx';
import { useTargetWrite } from './mutations.ts';
import { TargetChart } from './TargetChart.tsx';
import { TargetStatusBadge } from './TargetStatusBadge.tsx';
import type { HolderCell, HolderView, Indicator } from './types.ts';
import './targets.css';

/** /chi-tieu/{year}/don-vi/{code}: a unit's (or department's) targets, figures, charts and explanations. */
export function HolderPage({ year, code }: { year: number; code: string }) {
  const { t, num, lang } = useI18n();
  const view = useQuery(apiQuery<HolderView>(`/targets/${year}/holders/${encodeURIComponent(code)}`));
  if (view.error) return <ErrorBox error={view.error} onRetry={view.refetch} />;
  if (!view.data) return <Loading />;
  const { plan, holder, cells, abilities } = view.data;
  const rule = (r: { vi: string; en: string }) => (lang === 'vi' ? r.vi : r.en);
  const indicators = plan.indicators.filter((i) => cells.some((c) => c.indicator === i.code));
  return (
    <div className="page">
      <Breadcrumbs
        items={[
          { label: t('tgTitle'), to: paths.targets },
          { label: String(year), to: pathTo(paths.targetPlan, { year }) },
          { label: holder.name },
        ]}
      />
      <h1 className="page-title">{t('tgUnitPage', { name: holder.name })}</h1>
      {plan.demo && <Notice kind="warning">{t('tgDemoNotice')}</Notice>}
      <p className="muted">{t('tgToday', { date: formatDate(view.data.today) })}</p>
      <section className="card" aria-labelledby="tg-unit-table">
        <h2 id="tg-unit-table">{plan.name}</h2>
        <div className="table-wrap">
          <table className="tg-table">
            <thead>
              <tr>
                <th scope="col">{t('tgIndicator')}</th>
                <th scope="col">{t('tgTarget')}</th>
                <th scope="col">{t('tgActual')}</th>
                <th scope="col">{t('tgPercent')}</th>
                <th scope="col">{t('tgProjection')}</th>
                <th scope="col">{t('tgStatus')}</th>
                <th scope="col">{t('tgReports')}</th>
              </tr>
            </thead>
            <tbody>
              {indicators.map((i) => {
                const c = cells.find((x) => x.indicator === i.code)!;
                return (
                  <tr key={i.code} data-indicator={i.code}>
                    <th scope="row">
                      <code>{i.code}</code> {i.name} <span className="muted small">({i.unit})</span>
                    </th>
                    <td className="num">{num(c.target)}</td>
                    <td className="num">{c.actual_to_date === null ? '—' : num(c.actual_to_date)}</td>
                    <td className="num">
                      {c.percent_of_target === null ? '—' : `${num(c.percent_of_target, 1)}%`}
                    </td>
                    <td className="num">
                      {c.projection === null ? '—' : num(c.projection)}
                      <div className="tg-rule">{rule(c.projection_rule)}</div>
                    </td>
                    <td>
                      <TargetStatusBadge status={c.status} />
                      <div className="tg-rule">{rule(c.status_rule)}</div>
                    </td>
                    <td className="small">
                      {c.late === 0 && c.missing === 0 ? (
                        c.reports.length > 0 ? (
                          t('tgOnTime')
                        ) : (
                          ''
                        )
                      ) : (
                        <ul className="plain-list">
                          {c.reports
                            .filter((r) => r.state === 'late' || r.state === 'missing')
                            .map((r) => (
                              <li key={r.period}>
                                {t('tgReportDetail', { period: r.period, due: formatDate(r.due) })}:{' '}
                                {r.state === 'late'
                                  ? t('tgLate', { n: r.days_late })
                                  : t('tgMissing', { n: r.days_late })}
                              </li>
                            ))}
                        </ul>
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      </section>
      {abilities['target.report'] && <ActualsForm year={year} holder={holder.code} indicators={indicators} />}
      {indicators.map((i) => (
        <IndicatorCard
          key={i.code}
          year={year}
          indicator={i}
          cell={cells.find((x) => x.indicator === i.code)!}
        />
      ))}
    </div>
  );
}

function ActualsForm({
  year,
  holder,
  indicators,
}: {
  year: number;
  holder: string;
  indicators: Indicator[];
}) {
  const { t, lang } = useI18n();
  const id = useId();
  const [code, setCode] = useState(indicators[0]?.code ?? '');
  const ind = indicators.find((i) => i.code === code);
  const periods =
    ind?.frequency === 'quarter'
      ? [1, 2, 3, 4].map((q) => `${year}Q${q}`)
      : Array.from({ length: 12 }, (_, i) => `${year}-${String(i + 1).padStart(2, '0')}`);
  const [period, setPeriod] = useState(periods[0]!);
  const [value, setValue] = useState('');
  const [saved, setSaved] = useState<string | null>(null);
  const report = useTargetWrite((v: { code: string; period: string; value: string }) =>
    postJson(`/targets/${year}/actuals`, {
      values: [{ indicator: v.code, holder, period: v.period, value: v.value }],
    }),
  );
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setSaved(null);
    const v = { code, period, value: value.trim() };
    report.mutate(v, {
      onSuccess: () => {
        setSaved(`${v.code} ${formatPeriod(v.period, lang)}: ${v.value}`);
        setValue('');
      },
    });
  };
  return (
    <section className="card" aria-labelledby="tg-enter">
      <h2 id="tg-enter">{t('tgEnter')}</h2>
      <form className="tg-form" onSubmit={submit}>
        <div className="tg-grid">
          <div className="tg-field">
            <label htmlFor={`${id}-ind`}>{t('tgIndicator')}</label>
            <select
              id={`${id}-ind`}
              value={code}
              onChange={(e) => {
                setCode(e.target.value);
                const f = indicators.find((i) => i.code === e.target.value)?.frequency;
                setPeriod(f === 'quarter' ? `${year}Q1` : `${year}-01`);
              }}
            >
              {indicators.map((i) => (
                <option key={i.code} value={i.code}>
                  {i.code} — {i.name}
                </option>
              ))}
            </select>
          </div>
          <div className="tg-field">
            <label htmlFor={`${id}-period`}>{t('tgPeriod')}</label>
            <select id={`${id}-period`} value={period} onChange={(e) => setPeriod(e.target.value)}>
              {periods.map((p) => (
                <option key={p} value={p}>
                  {formatPeriod(p, lang)}
                </option>
              ))}
            </select>
          </div>
          <label>
            {t('tgValue')}
            <NumberInput value={value} onValue={setValue} required />
          </label>
          <div>
            <button type="submit" className="btn btn-primary" disabled={report.isPending}>
              {t('tgSaveActuals')}
            </button>
          </div>
        </div>
      </form>
      {saved && <Notice kind="success">{saved}</Notice>}
      {report.error && <ErrorBox error={report.error} />}
    </section>
  );
}

/**
 * One indicator: status, chart and its explanations (giải trình). The forms are exactly the
 * explanation steps the API gives (src/targets/workflow.ts): `ask` on the cell, `answer` on each request.
 */
function IndicatorCard({ year, indicator, cell }: { year: number; indicator: Indicator; cell: HolderCell }) {
  const { t } = useI18n();
  const [question, setQuestion] = useState('');
  const [answers, setAnswers] = useState<Record<number, string>>({});
  const answer = useTargetWrite((v: { id: number; answer: string }) =>
    postJson(`/targets/explanations/${v.id}/answer`, { answer: v.answer }),
  );
  const ask = useTargetWrite(
    (q: string) =>
      postJson(`/targets/${year}/explanations`, {
        indicator: indicator.code,
        holder: cell.holder,
        question: q,
      }),
    () => setQuestion(''),
  );
  const error = answer.error ?? ask.error;
  const id = `tg-ind-${indicator.code.replace(/\W/g, '_')}`;
  return (
    <section className="card" aria-labelledby={id}>
      <h2 id={id}>
        <code>{indicator.code}</code> {indicator.name}
      </h2>
      <p>
        <TargetStatusBadge status={cell.status} />
      </p>
      <h3>{t('tgChart')}</h3>
      <TargetChart indicator={indicator} cell={cell} year={year} />
      <h3>{t('tgExplanations')}</h3>
      {cell.explanations.map((e) => (
        <div key={e.id} className={`tg-explanation${e.answer ? ' answered' : ''}`}>
          <p>
            <strong>{e.question}</strong>{' '}
            {/* Who asked, by username (as typed at login), and when: data-raw for the checker. */}
            <span className="small muted" data-raw>
              {t('tgAskedBy', { who: e.asked_by, at: formatDateTime(e.asked_at) })}
            </span>
          </p>
          {e.answer ? (
            <p>
              {e.answer}{' '}
              <span className="small muted" data-raw>
                {t('tgAnsweredBy', { who: e.answered_by ?? '', at: formatDateTime(e.answered_at) })}
              </span>
            </p>
          ) : e.steps.answer ? (
            <form
              className="tg-form"
              data-step="answer"
              onSubmit={(ev) => {
                ev.preventDefault();
                answer.mutate({ id: e.id, answer: (answers[e.id] ?? '').trim() });
              }}
            >
              <label>
                {t('tgAnswer')}
                <textarea
                  value={answers[e.id] ?? ''}
                  onChange={(ev) => setAnswers((a) => ({ ...a, [e.id]: ev.target.value }))}
                  required
                />
              </label>
              <button type="submit" className="btn btn-primary" disabled={answer.isPending}>
                {t('tgSendAnswer')}
              </button>
            </form>
          ) : (
            <p className="muted">{t('tgAwaiting')}</p>
          )}
        </div>
      ))}
      {cell.steps.ask && (
        <form
          className="tg-form"
          data-step="ask"
          onSubmit={(ev) => {
            ev.preventDefault();
            ask.mutate(question.trim());
          }}
        >
          <label>
            {t('tgQuestion')} ({indicator.code})
            <textarea value={question} onChange={(ev) => setQuestion(ev.target.value)} required />
          </label>
          <button type="submit" className="btn" disabled={ask.isPending}>
            {t('tgSendQuestion')}
          </button>
        </form>
      )}
      {error && <ErrorBox error={error} />}
    </section>
  );
}
