import { useQuery } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { postJson } from '../../api/client.ts';
import { apiQuery } from '../../api/query.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { Link, navigate } from '../../router.tsx';
import { paths, pathTo } from '../../routes.ts';
import { Empty, ErrorBox, Loading } from '../../ui/Feedback.tsx';
import { useTargetWrite } from './mutations.ts';
import type { Aggregation, Indicator, PlanItem, PlanList, PlanView } from './types.ts';
import './targets.css';

type NewIndicator = Pick<Indicator, 'code' | 'name' | 'unit' | 'direction' | 'aggregation' | 'frequency'>;
const blank: NewIndicator = {
  code: '',
  name: '',
  unit: '',
  direction: 'higher',
  aggregation: 'sum',
  frequency: 'month',
};

/** /chi-tieu: the plans by year, and building a new year's plan from last year's. */
export function TargetsHome() {
  const { t } = useI18n();
  const list = useQuery(apiQuery<PlanList>('/targets'));
  if (list.error) return <ErrorBox error={list.error} onRetry={list.refetch} />;
  if (!list.data) return <Loading />;
  const { plans, abilities } = list.data;
  return (
    <div className="page">
      <h1 className="page-title">{t('tgTitle')}</h1>
      <p className="lead">{t('tgLead')}</p>
      <section className="card" aria-labelledby="tg-plans">
        <h2 id="tg-plans">{t('tgPlans')}</h2>
        {plans.length === 0 ? (
          <Empty>{t('tgNoPlans')}</Empty>
        ) : (
          <ul className="plain-list">
            {plans.map((p) => (
              <li key={p.year}>
                <Link to={pathTo(paths.targetPlan, { year: p.year })}>
                  <strong>{p.year}</strong> — {p.name}
                </Link>{' '}
                <span className="muted">
                  · {t('tgIndicatorCount', { n: p.indicator_count })}
                  {p.based_on ? ` · ${t('tgBasedOn', { year: String(p.based_on) })}` : ''}
                </span>{' '}
                {p.demo && <span className="tag tag-warn">{t('tgDemo')}</span>}
              </li>
            ))}
          </ul>
        )}
      </section>
      {abilities['target.plan'] && plans.length > 0 && <CreatePlan plans={plans} />}
    </div>
  );
}

function CreatePlan({ plans }: { plans: PlanItem[] }) {
  const { t } = useI18n();
  const latest = plans[0]!.year;
  const [fromYear, setFromYear] = useState(latest);
  const [year, setYear] = useState(String(latest + 1));
  const [removed, setRemoved] = useState<Set<string>>(new Set());
  const [added, setAdded] = useState<NewIndicator[]>([]);
  const [draft, setDraft] = useState<NewIndicator>(blank);
  const base = useQuery(apiQuery<PlanView>(`/targets/${fromYear}`));

  const toggle = (code: string) =>
    setRemoved((s) => {
      const n = new Set(s);
      if (n.has(code)) n.delete(code);
      else n.add(code);
      return n;
    });
  const addDraft = () => {
    if (!draft.code.trim() || !draft.name.trim() || !draft.unit.trim()) return;
    setAdded((a) => [...a, { ...draft, code: draft.code.trim() }]);
    setDraft(blank);
  };
  const create = useTargetWrite(
    () =>
      postJson<PlanView>('/targets', {
        year: Number(year),
        from_year: fromYear,
        remove: [...removed],
        add: added,
      }),
    (p) => navigate(pathTo(paths.targetPlan, { year: p.plan.year })),
  );
  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate();
  };
  const set = <K extends keyof NewIndicator>(k: K, v: NewIndicator[K]) => setDraft((d) => ({ ...d, [k]: v }));
  return (
    <section className="card" aria-labelledby="tg-create">
      <h2 id="tg-create">{t('tgCreate')}</h2>
      <p className="muted">{t('tgCreateHelp')}</p>
      <form onSubmit={submit} className="tg-form">
        <div className="tg-grid">
          <label>
            {t('tgYear')}
            <input value={year} onChange={(e) => setYear(e.target.value)} inputMode="numeric" required />
          </label>
          <label>
            {t('tgFromYear')}
            <select value={fromYear} onChange={(e) => setFromYear(Number(e.target.value))}>
              {plans.map((p) => (
                <option key={p.year} value={p.year}>
                  {p.year}
                </option>
              ))}
            </select>
          </label>
        </div>
        {base.data && (
          <fieldset>
            <legend>{t('tgKeep')}</legend>
            <ul className="plain-list">
              {base.data.plan.indicators.map((i) => (
                <li key={i.code}>
                  <label>
                    <input type="checkbox" checked={!removed.has(i.code)} onChange={() => toggle(i.code)} />{' '}
                    <code>{i.code}</code> {i.name} ({i.unit})
                  </label>
                </li>
              ))}
            </ul>
          </fieldset>
        )}
        <fieldset>
          <legend>{t('tgAddIndicator')}</legend>
          {added.length > 0 && (
            <ul className="plain-list">
              {added.map((a) => (
                <li key={a.code}>
                  <code>{a.code}</code> {a.name} ({a.unit}){' '}
                  <button
                    type="button"
                    className="btn btn-small"
                    onClick={() => setAdded((l) => l.filter((x) => x.code !== a.code))}
                  >
                    {t('tgRemove')}
                  </button>
                </li>
              ))}
            </ul>
          )}
          <div className="tg-grid">
            <label>
              {t('tgCode')}
              <input value={draft.code} onChange={(e) => set('code', e.target.value)} />
            </label>
            <label>
              {t('tgName')}
              <input value={draft.name} onChange={(e) => set('name', e.target.value)} />
            </label>
            <label>
              {t('tgUnit')}
              <input value={draft.unit} onChange={(e) => set('unit', e.target.value)} />
            </label>
            <label>
              {t('tgDirection')}
              <select
                value={draft.direction}
                onChange={(e) => set('direction', e.target.value as 'higher' | 'lower')}
              >
                <option value="higher">{t('tgHigher')}</option>
                <option value="lower">{t('tgLower')}</option>
              </select>
            </label>
            <label>
              {t('tgAggregation')}
              <select
                value={draft.aggregation}
                onChange={(e) => set('aggregation', e.target.value as Aggregation)}
              >
                <option value="sum">{t('tgAgg_sum')}</option>
                <option value="weighted_average">{t('tgAgg_weighted_average')}</option>
                <option value="rate">{t('tgAgg_rate')}</option>
                <option value="last">{t('tgAgg_last')}</option>
              </select>
            </label>
            <label>
              {t('tgFrequency')}
              <select
                value={draft.frequency}
                onChange={(e) => set('frequency', e.target.value as 'month' | 'quarter')}
              >
                <option value="month">{t('tgMonth')}</option>
                <option value="quarter">{t('tgQuarter')}</option>
              </select>
            </label>
            <div>
              <button type="button" className="btn" onClick={addDraft}>
                {t('tgAddIndicator')}
              </button>
            </div>
          </div>
        </fieldset>
        {create.error && <ErrorBox error={create.error} />}
        <p className="actions">
          <button type="submit" className="btn btn-primary" disabled={create.isPending}>
            {t('tgCreateButton')}
          </button>
        </p>
      </form>
    </section>
  );
}
