import { useQuery } from '@tanstack/react-query';
import { type FormEvent, useRef, useState } from 'react';
import { postForm, postJson, sendJson } from '../../api/client.ts';
import { apiQuery } from '../../api/query.ts';
import type { Schema } from '../../api/types.ts';
import { formatDate } from '../../i18n/format.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { Link } from '../../router.tsx';
import { paths, pathTo } from '../../routes.ts';
import { Breadcrumbs } from '../../ui/Breadcrumbs.tsx';
import { ErrorBox, Loading, Notice } from '../../ui/Feedback.tsx';
import { FilePicker } from '../../ui/FilePicker.tsx';
import { NumberInput, parseNumber } from '../../ui/NumberInput.tsx';
import { useTargetWrite } from './mutations.ts';
import { TargetStatusBadge, targetSymbol, useStatusWord } from './TargetStatusBadge.tsx';
import type { Holder, Indicator, Plan, PlanView, Progress } from './types.ts';
import './targets.css';

/** /chi-tieu/{year}: the plan tree, the matrix of units × indicators, assignments and their check, .xlsx. */
export function PlanPage({ year }: { year: number }) {
  const { t } = useI18n();
  const view = useQuery(apiQuery<PlanView>(`/targets/${year}`));
  const progress = useQuery(apiQuery<Progress>(`/targets/${year}/progress`));
  if (view.error) return <ErrorBox error={view.error} onRetry={view.refetch} />;
  if (!view.data) return <Loading />;
  const { plan, holders, abilities } = view.data;
  return (
    <div className="page">
      <Breadcrumbs items={[{ label: t('tgTitle'), to: paths.targets }, { label: String(year) }]} />
      <h1 className="page-title">{plan.name}</h1>
      {plan.demo && <Notice kind="warning">{t('tgDemoNotice')}</Notice>}
      <SettingsRule plan={plan} canEdit={abilities['target.plan'] === true} />
      <section className="card" aria-labelledby="tg-matrix">
        <h2 id="tg-matrix">{t('tgMatrix')}</h2>
        <p className="muted">{t('tgMatrixHelp')}</p>
        {progress.error && <ErrorBox error={progress.error} onRetry={progress.refetch} />}
        {progress.data ? <Matrix progress={progress.data} /> : !progress.error && <Loading />}
      </section>
      <PlanTree plan={plan} holders={holders} view={view.data} />
      <section className="card" aria-labelledby="tg-alloc">
        <h2 id="tg-alloc">{t('tgAllocation')}</h2>
        <p className="muted">{t('tgDepartmentsNote')}</p>
        {plan.indicators.map((ind) => (
          <AllocationEditor key={ind.code} indicator={ind} view={view.data!} />
        ))}
      </section>
      <ExcelCard
        year={year}
        canImport={abilities['target.assign'] === true || abilities['target.report'] === true}
      />
    </div>
  );
}

function SettingsRule({ plan, canEdit }: { plan: Plan; canEdit: boolean }) {
  const { t, num } = useI18n();
  const s = plan.settings;
  const [on, setOn] = useState(String(s.on_track_ratio * 100));
  const [risk, setRisk] = useState(String(s.at_risk_ratio * 100));
  const [due, setDue] = useState(String(s.due_days));
  const write = useTargetWrite(() =>
    sendJson('PUT', `/targets/${plan.year}/settings`, {
      on_track_ratio: (parseNumber(on) ?? Number.NaN) / 100,
      at_risk_ratio: (parseNumber(risk) ?? Number.NaN) / 100,
      due_days: parseNumber(due),
      cutoff_days_before_end: s.cutoff_days_before_end,
    }),
  );
  const save = (e: FormEvent) => {
    e.preventDefault();
    write.mutate();
  };
  return (
    <section className="card" aria-labelledby="tg-settings">
      <h2 id="tg-settings">{t('tgSettings')}</h2>
      <p>
        {t('tgSettingsText', {
          on: num(s.on_track_ratio * 100),
          risk: num(s.at_risk_ratio * 100),
          due: s.due_days,
          cutoff: s.cutoff_days_before_end,
        })}
      </p>
      {canEdit && (
        <details>
          <summary>{t('tgEditSettings')}</summary>
          <form className="tg-form" onSubmit={save}>
            <div className="tg-grid">
              <label>
                {t('tgOnTrackFrom')}
                <NumberInput value={on} onValue={setOn} required />
              </label>
              <label>
                {t('tgAtRiskFrom')}
                <NumberInput value={risk} onValue={setRisk} required />
              </label>
              <label>
                {t('tgDueDays')}
                <NumberInput value={due} onValue={setDue} required />
              </label>
              <div>
                <button type="submit" className="btn btn-primary">
                  {t('tgSaveSettings')}
                </button>
              </div>
            </div>
          </form>
          {write.error && <ErrorBox error={write.error} />}
        </details>
      )}
    </section>
  );
}

function Matrix({ progress }: { progress: Progress }) {
  const { t, num, lang } = useI18n();
  const word = useStatusWord();
  const { plan, holders, cells } = progress;
  return (
    <>
      <p className="muted">{t('tgToday', { date: formatDate(progress.today) })}</p>
      <div className="table-wrap">
        <table className="tg-matrix">
          <thead>
            <tr>
              <th scope="col">{t('tgHolder')}</th>
              {plan.indicators.map((i) => (
                <th scope="col" key={i.code} title={i.name}>
                  {i.code}
                  <br />
                  <span className="small muted">{i.name}</span>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {holders.map((h) => (
              <tr key={h.code}>
                <th scope="row">
                  <Link to={pathTo(paths.targetHolder, { year: plan.year, code: h.code })}>{h.name}</Link>
                  {h.is_department && <span className="small muted"> ({t('tgDepartment')})</span>}
                </th>
                {plan.indicators.map((i) => {
                  const c = cells.find((x) => x.holder === h.code && x.indicator === i.code);
                  if (!c) return <td key={i.code} className="tg-cell muted" />;
                  const pct = c.percent_of_target === null ? '' : `${num(c.percent_of_target, 1)}%`;
                  const rule = lang === 'vi' ? c.status_rule.vi : c.status_rule.en;
                  return (
                    <td key={i.code} className="tg-cell">
                      <span className={`tg-status tg-${c.status}`} title={`${word(c.status)} — ${rule}`}>
                        <span aria-hidden="true">{targetSymbol[c.status]}</span>
                        <span className="sr-only">{word(c.status)}</span> {pct}
                      </span>
                      {c.late + c.missing > 0 && (
                        <div className="small">
                          {c.late > 0 && t('tgLate', { n: c.late })}{' '}
                          {c.missing > 0 && t('tgMissing', { n: c.missing })}
                        </div>
                      )}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <ul className="inline-list">
        {(['on_track', 'at_risk', 'off_track', 'no_data'] as const).map((s) => (
          <li key={s}>
            <TargetStatusBadge status={s} />
          </li>
        ))}
      </ul>
    </>
  );
}

function PlanTree({ plan, holders, view }: { plan: Plan; holders: Holder[]; view: PlanView }) {
  const { t } = useI18n();
  const count = (code: string) => view.assignments.filter((a) => a.holder === code).length;
  const root = holders.find((h) => h.code === plan.root_code);
  const assigned = (h: Holder) => count(h.code) > 0;
  const kids = holders.filter((h) => h.parent_code === plan.root_code && assigned(h));
  return (
    <section className="card tg-tree" aria-labelledby="tg-tree">
      <h2 id="tg-tree">{t('tgTree')}</h2>
      <ul>
        <li>
          <Link to={pathTo(paths.targetHolder, { year: plan.year, code: plan.root_code })}>
            {root?.name ?? plan.root_code}
          </Link>{' '}
          <span className="muted">{t('tgIndicatorCount', { n: count(plan.root_code) })}</span>
          <ul>
            {kids.map((h) => (
              <li key={h.code}>
                <Link to={pathTo(paths.targetHolder, { year: plan.year, code: h.code })}>{h.name}</Link>
                {h.is_department && <span className="small muted"> ({t('tgDepartment')})</span>}{' '}
                <span className="muted">{t('tgIndicatorCount', { n: count(h.code) })}</span>
              </li>
            ))}
          </ul>
        </li>
      </ul>
    </section>
  );
}

function AllocationEditor({ indicator, view }: { indicator: Indicator; view: PlanView }) {
  const { t, num, lang } = useI18n();
  const { plan, holders, assignments, allocation, abilities } = view;
  const canAssign = abilities['target.assign'] === true;
  const given = new Map(
    assignments.filter((a) => a.indicator === indicator.code).map((a) => [a.holder, a.target]),
  );
  const initialRows = holders.filter((h) => given.has(h.code)).map((h) => h.code);
  if (!initialRows.includes(plan.root_code)) initialRows.unshift(plan.root_code);
  const [rows, setRows] = useState<string[]>(initialRows);
  const [values, setValues] = useState<Record<string, string>>(() =>
    Object.fromEntries(initialRows.map((c) => [c, given.has(c) ? String(given.get(c)) : ''])),
  );
  const [pick, setPick] = useState('');
  const [saved, setSaved] = useState<number | null>(null);
  const name = (code: string) => holders.find((h) => h.code === code)?.name ?? code;
  const check = allocation.find((a) => a.indicator === indicator.code && a.parent === plan.root_code);
  const candidates = holders.filter((h) => !rows.includes(h.code));
  const assign = useTargetWrite(
    (targets: Array<{ indicator: string; holder: string; target: string }>) =>
      postJson<Schema<'TargetAssignResult'>>(`/targets/${plan.year}/assignments`, { targets }),
    (r) => setSaved(r.changed),
  );
  const save = () => {
    setSaved(null);
    assign.mutate(
      rows
        .filter((c) => values[c]?.trim())
        .map((c) => ({ indicator: indicator.code, holder: c, target: values[c]!.trim() })),
    );
  };
  const headingId = `tg-alloc-${indicator.code.replace(/\W/g, '_')}`;
  return (
    <section className="block" aria-labelledby={headingId}>
      <h3 id={headingId}>
        <code>{indicator.code}</code> {indicator.name} ({indicator.unit}) —{' '}
        <span className="muted small">
          {t(`tgAgg_${indicator.aggregation}`)},{' '}
          {indicator.direction === 'higher' ? t('tgHigher') : t('tgLower')}
        </span>
      </h3>
      <div className="table-wrap">
        <table className="tg-table">
          <thead>
            <tr>
              <th scope="col">{t('tgHolder')}</th>
              <th scope="col">{t('tgTarget')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((c) => (
              <tr key={c}>
                <th scope="row">{name(c)}</th>
                <td>
                  {canAssign ? (
                    <NumberInput
                      aria-label={`${t('tgTarget')} ${indicator.code} — ${name(c)}`}
                      value={values[c] ?? ''}
                      onValue={(text) => setValues((v) => ({ ...v, [c]: text }))}
                    />
                  ) : given.has(c) ? (
                    num(given.get(c)!)
                  ) : (
                    ''
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {check && (
        <p>
          {check.ok === true && <span className="tg-check-ok">✓ {t('tgCheckOk')}</span>}
          {check.ok === false && (
            <span className="tg-check-short">✗ {t('tgCheckShort', { gap: num(check.shortfall ?? 0) })}</span>
          )}
          {check.ok === null && <span className="muted">{t('tgCheckUnknown')}</span>}{' '}
          <span className="tg-rule">{lang === 'vi' ? check.rule.vi : check.rule.en}</span>
          {check.unassigned_children > 0 && (
            <span className="small muted"> {t('tgUnassigned', { n: check.unassigned_children })}</span>
          )}
          {check.missing_weights.length > 0 && (
            <span className="small">
              {' '}
              {t('tgMissingWeights', { list: check.missing_weights.map(name).join(', ') })}
            </span>
          )}
        </p>
      )}
      {canAssign && (
        <div className="actions">
          <label>
            {t('tgAddHolder')}{' '}
            <select value={pick} onChange={(e) => setPick(e.target.value)}>
              <option value="">{t('tgChoose')}</option>
              {candidates.map((h) => (
                <option key={h.code} value={h.code}>
                  {h.name}
                  {h.is_department ? ` (${t('tgDepartment')})` : ''}
                </option>
              ))}
            </select>
          </label>{' '}
          <button
            type="button"
            className="btn btn-small"
            onClick={() => {
              if (!pick) return;
              setRows((r) => [...r, pick]);
              setPick('');
            }}
          >
            {t('tgAdd')}
          </button>{' '}
          <button type="button" className="btn btn-primary" onClick={save}>
            {t('tgSaveTargets')} {indicator.code}
          </button>
        </div>
      )}
      {saved !== null && <Notice kind="success">{t('tgSaved', { n: saved })}</Notice>}
      {assign.error && <ErrorBox error={assign.error} />}
    </section>
  );
}

function ExcelCard({ year, canImport }: { year: number; canImport: boolean }) {
  const { t } = useI18n();
  const input = useRef<HTMLInputElement>(null);
  const [report, setReport] = useState<string | null>(null);
  // A check changes nothing; the reads are asked again after either (cheap, and one way).
  const upload = useTargetWrite(
    (v: { mode: 'check' | 'commit'; file: File }) => {
      const form = new FormData();
      form.append('mode', v.mode);
      form.append('file', v.file);
      return postForm<Schema<'TargetImportReport'>>(`/targets/${year}/import`, form);
    },
    (r, v) => {
      const p = { sheets: r.sheets, targets: r.targets.changed, actuals: r.actuals.changed };
      setReport(v.mode === 'check' ? t('tgImportReport', p) : t('tgImported', p));
    },
  );
  const send = (mode: 'check' | 'commit') => {
    const file = input.current?.files?.[0];
    if (!file) return;
    setReport(null);
    upload.mutate({ mode, file });
  };
  return (
    <section className="card" aria-labelledby="tg-excel">
      <h2 id="tg-excel">.xlsx</h2>
      <p>
        <a className="btn" href={`/api/targets/${year}/export.xlsx`} download>
          {t('tgExport')}
        </a>
      </p>
      {canImport && (
        <div className="upload">
          <FilePicker label={t('tgImport')} help={t('tgImportHelp')} accept=".xlsx" inputRef={input} />
          <p className="actions">
            <button type="button" className="btn" onClick={() => send('check')}>
              {t('tgCheckFile')}
            </button>{' '}
            <button type="button" className="btn btn-primary" onClick={() => send('commit')}>
              {t('tgCommitFile')}
            </button>
          </p>
          {report && <Notice kind="success">{report}</Notice>}
          {upload.error && <ErrorBox error={upload.error} />}
        </div>
      )}
    </section>
  );
}
