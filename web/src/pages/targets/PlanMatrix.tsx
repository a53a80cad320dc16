import { formatDate } from '../../i18n/format.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { Link } from '../../router.tsx';
import { paths, pathTo } from '../../routes.ts';
import { TargetStatusBadge, targetSymbol, useStatusWord } from './TargetStatusBadge.tsx';
import type { Progress } from './types.ts';

/** The matrix of holders × indicators: each cell's status, share of the target and late reports. */
export function PlanMatrix({ progress }: { progress: Progress }) {
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
