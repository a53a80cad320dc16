import { useState } from 'react';
import { postJson } from '../../api/client.ts';
import type { Schema } from '../../api/types.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { ErrorBox, Notice } from '../../ui/Feedback.tsx';
import { NumberInput } from '../../ui/NumberInput.tsx';
import { useTargetWrite } from './mutations.ts';
import type { Indicator, PlanView } from './types.ts';

/** One indicator's targets per holder, the check that they add up, and (for assigners) the form. */
export function AllocationEditor({ indicator, view }: { indicator: Indicator; view: PlanView }) {
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
