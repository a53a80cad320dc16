import './steer.css';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { type ApiError, postJson } from '../../api/client.ts';
import type { CriterionResult, IndicatorResult } from '../../api/types.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { ErrorBox } from '../../ui/Feedback.tsx';
import { NumberInput } from '../../ui/NumberInput.tsx';
import { StatusBadge } from '../../ui/Status.tsx';
import type { IndicatorInfo } from '../unit/definitions.ts';
import { useShowValue } from '../unit/showValue.ts';
import type { PartChange, WhatIfResult } from './types.ts';

interface Row {
  key: number;
  code: string;
  value: string;
}

interface Choice {
  code: string;
  name: string;
  type: string;
  unit: string | null;
  value: IndicatorResult['value'];
}

/** Indicators with a figure one can type, failing ones (closest first) before the others. */
function choicesOf(criteria: CriterionResult[], index: Map<string, IndicatorInfo>): Choice[] {
  const all = criteria.flatMap((c) => c.indicators).filter((i) => index.get(i.code)?.measure);
  const rank = (i: IndicatorResult) => (i.gap_text ? (i.gap_relative ?? 1) : 2);
  return [...all]
    .sort((a, b) => rank(a) - rank(b))
    .map((i) => ({
      code: i.code,
      name: i.name,
      type: index.get(i.code)?.type ?? 'number',
      unit: i.unit,
      value: i.value,
    }));
}

/**
 * Giả định: change some of the unit's figures hypothetically and see which indicators, criteria
 * and frameworks — of the unit and, through derived shares, of its parents — would change. The
 * server evaluates them in a rolled-back transaction: nothing is stored.
 */
export function WhatIfPanel({
  unitCode,
  frameworkId,
  period,
  criteria,
  index,
}: {
  unitCode: string;
  frameworkId: string;
  period: string;
  criteria: CriterionResult[];
  index: Map<string, IndicatorInfo>;
}) {
  const { t } = useI18n();
  const show = useShowValue();
  const choices = choicesOf(criteria, index);
  const [rows, setRows] = useState<Row[]>([{ key: 0, code: choices[0]?.code ?? '', value: '' }]);
  const [next, setNext] = useState(1);
  const run = useMutation<WhatIfResult, ApiError, Row[]>({
    mutationFn: (list) =>
      postJson<WhatIfResult>('/what-if', {
        period,
        unit: unitCode,
        set: list.map((r) => ({ measure: `${frameworkId}:${r.code}`, value: r.value })),
      }),
  });
  if (choices.length === 0) return null;
  const update = (key: number, change: Partial<Row>) =>
    setRows((list) => list.map((r) => (r.key === key ? { ...r, ...change } : r)));
  const ready = rows.every((r) => r.code && r.value.trim() !== '');

  return (
    <section className="card whatif" aria-labelledby="whatif-title">
      <h2 id="whatif-title">{t('wiTitle')}</h2>
      <p className="muted small">{t('wiHint')}</p>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (ready) run.mutate(rows);
        }}
      >
        {rows.map((r, n) => {
          const choice = choices.find((c) => c.code === r.code);
          return (
            <fieldset key={r.key} className="whatif-row">
              <label className="field field-wide">
                <span className="field-label">{t('wiIndicator')}</span>
                <select
                  value={r.code}
                  onChange={(e) => update(r.key, { code: e.target.value, value: '' })}
                  data-testid={`whatif-indicator-${n}`}
                >
                  {choices.map((c) => (
                    <option key={c.code} value={c.code}>
                      {c.code} {c.name}
                    </option>
                  ))}
                </select>
              </label>
              <label className="field" htmlFor={`whatif-value-${r.key}`}>
                <span className="field-label">
                  {t('wiValue')}
                  {choice && (
                    <span className="muted small">
                      {' '}
                      (
                      {t('wiCurrent', {
                        value: choice.value === null ? t('wiNoValue') : show(choice.value, choice.unit),
                      })}
                      )
                    </span>
                  )}
                </span>
                {choice?.type === 'boolean' ? (
                  <select
                    id={`whatif-value-${r.key}`}
                    value={r.value}
                    onChange={(e) => update(r.key, { value: e.target.value })}
                    data-testid={`whatif-value-${n}`}
                  >
                    <option value="">—</option>
                    <option value="có">{t('wiYes')}</option>
                    <option value="không">{t('wiNo')}</option>
                  </select>
                ) : (
                  <NumberInput
                    id={`whatif-value-${r.key}`}
                    value={r.value}
                    onValue={(value) => update(r.key, { value })}
                    data-testid={`whatif-value-${n}`}
                  />
                )}
              </label>
              {rows.length > 1 && (
                <button
                  type="button"
                  className="btn btn-link"
                  onClick={() => setRows((list) => list.filter((x) => x.key !== r.key))}
                >
                  {t('wiRemoveRow')}
                </button>
              )}
            </fieldset>
          );
        })}
        <div className="whatif-actions">
          <button
            type="button"
            className="btn"
            onClick={() => {
              setRows((list) => [...list, { key: next, code: choices[0]!.code, value: '' }]);
              setNext(next + 1);
            }}
          >
            {t('wiAddRow')}
          </button>
          <button type="submit" className="btn btn-primary" disabled={!ready || run.isPending}>
            {run.isPending ? t('wiRunning') : t('wiRun')}
          </button>
          {run.data && (
            <button
              type="button"
              className="btn btn-link"
              onClick={() => {
                run.reset();
                setRows([{ key: next, code: choices[0]!.code, value: '' }]);
                setNext(next + 1);
              }}
            >
              {t('wiClear')}
            </button>
          )}
        </div>
      </form>
      {run.error && <ErrorBox error={run.error} />}
      {run.data && (
        <WhatIfAnswer
          result={run.data}
          labels={(run.variables ?? []).map((r) => {
            const c = choices.find((x) => x.code === r.code);
            return { text: c ? `${c.code} ${c.name}` : r.code, unit: c?.unit ?? null };
          })}
        />
      )}
    </section>
  );
}

function Parts({ title, list, testId }: { title: string; list: PartChange[]; testId: string }) {
  if (list.length === 0) return null;
  return (
    <>
      <h3>{title}</h3>
      <ul className="plain-list whatif-list" data-testid={testId}>
        {list.map((c) => (
          <li key={`${c.framework}|${c.unit}|${c.code}`}>
            <strong>{c.code}</strong> {c.name} <span className="muted small">({c.unit})</span>{' '}
            <StatusBadge status={c.before} compact /> → <StatusBadge status={c.after} compact />
          </li>
        ))}
      </ul>
    </>
  );
}

/** What would change, the unit first, then its parents. */
function WhatIfAnswer({
  result,
  labels,
}: {
  result: WhatIfResult;
  labels: Array<{ text: string; unit: string | null }>;
}) {
  const { t } = useI18n();
  const show = useShowValue();
  return (
    <div className="whatif-answer" aria-live="polite">
      <p className="whatif-badge">{t('wiNotStored')}</p>
      <ul className="plain-list small muted">
        {result.set.map((s, n) => (
          <li key={s.measure}>
            {t('wiSetLine', {
              measure: labels[n]?.text ?? s.measure,
              before: s.before === null ? t('wiNoValue') : show(s.before, labels[n]?.unit),
              after: s.after === null ? t('wiNoValue') : show(s.after, labels[n]?.unit),
            })}
          </li>
        ))}
      </ul>
      {result.changes.length === 0 ? (
        <p data-testid="whatif-nothing">{t('wiNothingChanges')}</p>
      ) : (
        <>
          <h3>{t('wiFrameworksTitle')}</h3>
          <ul className="plain-list whatif-list" data-testid="whatif-changes">
            {result.changes.map((c) => (
              <li key={`${c.framework}|${c.unit}`} data-unit={c.unit}>
                <strong>{c.unit_name}</strong> — {c.framework_name}: <StatusBadge status={c.before} compact />{' '}
                → <StatusBadge status={c.after} />
                <span className="muted small">
                  {' '}
                  {t('wiCriteriaMet', {
                    before: c.met_criteria.before,
                    after: c.met_criteria.after,
                    total: c.total_criteria,
                  })}
                </span>
              </li>
            ))}
          </ul>
        </>
      )}
      <Parts title={t('wiCriteriaTitle')} list={result.criteria} testId="whatif-criteria" />
      <Parts title={t('wiIndicatorsTitle')} list={result.indicators} testId="whatif-indicators" />
      {result.counts.length > 0 && (
        <>
          <h3>{t('wiCountsTitle')}</h3>
          <ul className="plain-list whatif-list">
            {result.counts.map((c) => (
              <li key={`${c.framework}|${c.unit}`}>
                <strong>{c.unit_name}</strong>:{' '}
                {t('wiChildren', { before: c.met_before, after: c.met_after, total: c.total })}
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}
