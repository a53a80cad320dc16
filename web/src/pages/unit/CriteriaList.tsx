import { Fragment, useState } from 'react';
import type { CriterionResult, IndicatorResult, StoredValue } from '../../api/types.ts';
import { formatDateTime } from '../../i18n/format.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { Notice } from '../../ui/Feedback.tsx';
import { StatusBadge } from '../../ui/Status.tsx';
import { EntryWarnings } from '../quality/EntryWarnings.tsx';
import type { IndicatorInfo } from './definitions.ts';
import { useShowValue } from './showValue.ts';
import { ValueEditor } from './ValueEditor.tsx';
import { ValueHistory } from './ValueHistory.tsx';

export interface CriteriaContext {
  unitCode: string;
  frameworkId: string;
  period: string;
  index: Map<string, IndicatorInfo>;
  values: Map<string, StoredValue>;
  /** The caller may write figures of this unit (value.write): otherwise no edit buttons. */
  canWrite: boolean;
}

type Open = { code: string; what: 'edit' | 'history' } | null;

/** Every criterion with its indicators: figure, threshold in words, status, reason; edit and history. */
export function CriteriaList({
  criteria,
  conditions,
  ctx,
}: {
  criteria: CriterionResult[];
  conditions?: IndicatorResult[];
  ctx: CriteriaContext;
}) {
  const { t } = useI18n();
  const [open, setOpen] = useState<Open>(null);
  const [saves, setSaves] = useState(0);
  const [saved, setSaved] = useState<{ code: string; measure?: string } | null>(null);
  const shared = {
    ctx,
    open,
    saves,
    setOpen: (o: Open) => {
      setOpen(o);
      setSaved(null);
    },
    saved: (code: string, measure?: string) => {
      setOpen(null);
      setSaves((n) => n + 1);
      setSaved({ code, measure });
    },
  };
  return (
    <div className="criteria">
      <div aria-live="polite">
        {saved && <Notice kind="success">{t('saved', { code: saved.code })}</Notice>}
      </div>
      {/* After saving: the warnings the stored figure raises (they never undo the save). */}
      {saved?.measure && (
        <EntryWarnings
          key={`${saved.measure}|${saves}`}
          unit={ctx.unitCode}
          indicator={saved.measure}
          period={ctx.period}
          framework={ctx.frameworkId}
        />
      )}
      <GapList criteria={criteria} conditions={conditions} />
      {conditions && conditions.length > 0 && (
        <section className="criterion card" aria-labelledby="crit-conditions">
          <h3 id="crit-conditions" className="criterion-title">
            {t('conditions')}
          </h3>
          <IndicatorTable indicators={conditions} {...shared} />
        </section>
      )}
      {criteria.map((c) => (
        <section key={c.no} className="criterion card" aria-labelledby={`crit-${c.no}`}>
          <div className="criterion-head">
            <h3 id={`crit-${c.no}`} className="criterion-title">
              {t('criterion', { no: String(c.no) })}. {c.name}
            </h3>
            <StatusBadge status={c.status} />
          </div>
          <IndicatorTable indicators={c.indicators} {...shared} />
        </section>
      ))}
    </div>
  );
}

/**
 * "Còn thiếu để đạt": every failing indicator with what it takes, closest first (the server's
 * `gap_relative`; rules without a number to reach — yes/no, CEL — last).
 */
function GapList({ criteria, conditions }: { criteria: CriterionResult[]; conditions?: IndicatorResult[] }) {
  const { t } = useI18n();
  const failing: IndicatorResult[] = [];
  const collect = (list: IndicatorResult[]) => {
    for (const ind of list) {
      if (ind.gap_text) failing.push(ind);
      if (ind.parts) collect(ind.parts);
    }
  };
  collect(conditions ?? []);
  for (const c of criteria) collect(c.indicators);
  if (failing.length === 0) return null;
  const rank = (i: IndicatorResult) => i.gap_relative ?? Number.POSITIVE_INFINITY;
  failing.sort((a, b) => rank(a) - rank(b));
  return (
    <section className="card gap-list" aria-labelledby="gap-title">
      <h3 id="gap-title" className="criterion-title">
        {t('gapTitle')}
      </h3>
      <p className="muted small">{t('gapHint')}</p>
      <ol>
        {failing.map((ind) => (
          <li key={ind.code}>
            <a href={`#ind-${ind.code}`}>
              <span className="ind-code">{ind.code}</span> {ind.name}
            </a>
            : <strong className="gap-text">{ind.gap_text}</strong>
          </li>
        ))}
      </ol>
    </section>
  );
}

interface TableProps {
  indicators: IndicatorResult[];
  ctx: CriteriaContext;
  open: Open;
  saves: number;
  setOpen(o: Open): void;
  saved(code: string, measure?: string): void;
}

function IndicatorTable(p: TableProps) {
  const { t } = useI18n();
  return (
    <div className="table-wrap">
      <table className="indicators stack-on-phone">
        <thead>
          <tr>
            <th scope="col">{t('indicator')}</th>
            <th scope="col">{t('indicatorValue')}</th>
            <th scope="col">{t('threshold')}</th>
            <th scope="col">{t('status')}</th>
            <th scope="col">{t('reason')}</th>
            <th scope="col">
              <span className="sr-only">{t('edit')}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {p.indicators.map((ind) => (
            <Fragment key={ind.code}>
              <IndicatorRow ind={ind} {...p} />
              {ind.parts?.map((part) => (
                <IndicatorRow key={part.code} ind={part} part {...p} />
              ))}
            </Fragment>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function IndicatorRow({ ind, part = false, ...p }: TableProps & { ind: IndicatorResult; part?: boolean }) {
  const { t, lang } = useI18n();
  const show = useShowValue();
  const info = p.ctx.index.get(ind.code);
  const measure = info?.measure;
  const stored = measure ? p.ctx.values.get(measure) : undefined;
  const editable = !ind.parts && Boolean(measure);
  const isOpen = p.open?.code === ind.code ? p.open.what : null;
  const missing = ind.status === 'rule_missing' || info?.def.rule_missing;
  const unverified = info?.def.verified === false;
  const name = (lang === 'en' && info?.def.name_en) || ind.name;
  return (
    <>
      <tr className={part ? 'part-row' : undefined} id={`ind-${ind.code}`}>
        <th scope="row" data-label={t('indicator')}>
          <span className="ind-code">{ind.code}</span> {name}
          {unverified && <span className="tag tag-warn">{t('fwUnverifiedMark')}</span>}
        </th>
        <td data-label={t('indicatorValue')} className="ind-value">
          {ind.parts ? '' : show(ind.value, ind.unit)}
          {stored && (
            <span className="value-meta">
              {t('lastChange', { date: formatDateTime(stored.changed_at) })}{' '}
              {/* Who: the account's username, as typed at login. */}
              <span data-raw>{stored.actor ?? '—'}</span>
            </span>
          )}
        </td>
        <td data-label={t('threshold')}>
          {missing ? (
            <span className="tag tag-missing">{t('thresholdMissing')}</span>
          ) : (
            ind.threshold || t('noThreshold')
          )}
        </td>
        <td data-label={t('status')}>
          <StatusBadge status={ind.status} compact />
          {ind.gap_text && <span className="gap-text">{ind.gap_text}</span>}
        </td>
        <td data-label={t('reason')} className="ind-reason">
          {ind.reason}
        </td>
        <td className="ind-actions">
          {editable && (
            <>
              {p.ctx.canWrite && (
                <button
                  type="button"
                  className="btn btn-small"
                  aria-expanded={isOpen === 'edit'}
                  aria-label={t('editValue', { code: ind.code })}
                  onClick={() => p.setOpen(isOpen === 'edit' ? null : { code: ind.code, what: 'edit' })}
                >
                  {t('edit')}
                </button>
              )}
              <button
                type="button"
                className="btn btn-small btn-quiet"
                aria-expanded={isOpen === 'history'}
                aria-label={t('historyOf', { code: ind.code })}
                onClick={() => p.setOpen(isOpen === 'history' ? null : { code: ind.code, what: 'history' })}
              >
                {t('history')}
              </button>
            </>
          )}
          {!editable && info?.def.derived && <span className="muted small">{t('notEditable')}</span>}
        </td>
      </tr>
      {isOpen && measure && (isOpen === 'history' || p.ctx.canWrite) && (
        <tr className="row-panel">
          <td colSpan={6}>
            {isOpen === 'edit' ? (
              <ValueEditor
                unitCode={p.ctx.unitCode}
                indicatorCode={ind.code}
                measure={measure}
                frameworkId={p.ctx.frameworkId}
                type={info?.type}
                period={p.ctx.period}
                initial={editText(ind.value, lang)}
                basedOn={stored?.changed_at ?? null}
                onSaved={() => p.saved(ind.code, measure)}
                onCancel={() => p.setOpen(null)}
              />
            ) : (
              <ValueHistory unit={p.ctx.unitCode} measure={measure} period={p.ctx.period} code={ind.code} />
            )}
          </td>
        </tr>
      )}
    </>
  );
}

/** The current figure as the user would type it (decimal comma in Vietnamese). */
function editText(v: IndicatorResult['value'], lang: string): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'boolean') return v ? 'có' : 'không';
  if (typeof v === 'number') return lang === 'vi' ? String(v).replace('.', ',') : String(v);
  return String(v);
}
