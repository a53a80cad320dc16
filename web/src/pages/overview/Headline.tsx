import type { Counts, Matrix } from '../../api/types.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { StatusBadge } from '../../ui/Status.tsx';

/**
 * "18/20 xã đạt chuẩn" with the breakdown by status beneath; for a unit the framework applies to
 * itself and with no assessed units below it (a district under a district framework), its own result.
 */
export function Headline({
  unit,
  thresholds,
  appliesTo,
  frameworkName,
  unitName,
}: {
  unit: Matrix['unit'];
  thresholds?: Matrix['thresholds'];
  appliesTo: string[];
  frameworkName: string;
  unitName: string;
}) {
  const { t, kindPlural } = useI18n();
  const counts: Counts | undefined = unit.children;
  const kindText = appliesTo.length ? appliesTo.map(kindPlural).join(', ') : t('kindUnits');
  if ((!counts || counts.total === 0) && unit.status && unit.criteria?.length)
    return (
      <section className="headline" aria-label={unitName}>
        <div className="headline-main">
          <p className="headline-figure">
            <span className="headline-count">
              {unit.met_criteria}/{unit.total_criteria}
            </span>{' '}
            <span className="headline-text">{t('criteriaMetShort')}</span>
          </p>
          <p className="headline-fw">
            {unitName} · {frameworkName}
          </p>
          <StatusBadge status={unit.status} />
        </div>
      </section>
    );
  if (!counts || counts.total === 0)
    return (
      <section className="headline" aria-label={unitName}>
        <p className="headline-none">{t('headlineNone', { kind: kindText })}</p>
      </section>
    );
  const pct = Math.round((100 * counts.met) / counts.total);
  // Thresholds not in the legal texts held yet: say how many units meet every indicator that has
  // one and how many are still to be entered, rather than a bare "0/383 đạt chuẩn".
  const partial = thresholds && thresholds.thresholds_missing > 0 && thresholds.units > 0 ? thresholds : null;
  return (
    <section className="headline" aria-label={unitName}>
      <div className="headline-main">
        {partial ? (
          <>
            <p className="headline-figure">
              <span className="headline-count">
                {partial.meet_thresholds}/{partial.units}
              </span>{' '}
              <span className="headline-text">{t('thresholdHeadline', { kind: kindText })}</span>
            </p>
            <p className="headline-missing">{t('thresholdsToEnter', { n: partial.thresholds_missing })}</p>
          </>
        ) : (
          <p className="headline-figure">
            <span className="headline-count">
              {counts.met}/{counts.total}
            </span>{' '}
            <span className="headline-text">{t('headlineText', { kind: kindText })}</span>
          </p>
        )}
        <p className="headline-fw">
          {unitName} · {frameworkName}
        </p>
        <div
          className="progress"
          role="progressbar"
          aria-valuemin={0}
          aria-valuemax={100}
          aria-valuenow={pct}
          aria-label={t('headline', { met: counts.met, total: counts.total, kind: kindText })}
        >
          {/* An SVG scaled to the box: the shares are attributes, not inline styles (CSP). */}
          <svg viewBox="0 0 100 1" preserveAspectRatio="none" aria-hidden="true" focusable="false">
            <rect className="progress-met" width={(100 * counts.met) / counts.total} height={1} />
            <rect
              className="progress-basic"
              x={(100 * counts.met) / counts.total}
              width={(100 * counts.basically_met) / counts.total}
              height={1}
            />
          </svg>
        </div>
      </div>
      <ul className="headline-breakdown">
        {(['met', 'basically_met', 'not_met', 'no_data', 'rule_missing'] as const).map((s) => (
          <li key={s} className={`chip chip-${s}`}>
            <span className="chip-n">{counts[s]}</span> <StatusWord status={s} />
          </li>
        ))}
      </ul>
    </section>
  );
}

function StatusWord({ status }: { status: string }) {
  const { status: word } = useI18n();
  return <span>{word(status)}</span>;
}
