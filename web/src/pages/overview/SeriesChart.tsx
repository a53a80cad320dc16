import type { SeriesPoint } from '../../api/types.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { Empty } from '../../ui/Feedback.tsx';

const height = 220;
const top = 28;
const bottom = 34;
const left = 44;
const barGap = 0.35;

/** Bars of the share of units meeting the framework per period, labelled "met/total" (plain SVG). */
export function SeriesChart({ series, current }: { series: SeriesPoint[]; current: string }) {
  const { t, num } = useI18n();
  const points = series.filter((p) => p.children.total > 0);
  if (points.length === 0) return <Empty>{t('chartEmpty')}</Empty>;
  const slot = 90;
  // At least three slots wide, so that one or two periods do not make giant bars.
  const width = left + slot * Math.max(points.length, 3) + 10;
  const plot = height - top - bottom;
  const y = (share: number) => top + plot * (1 - share);
  return (
    <figure className="chart">
      <svg
        viewBox={`0 0 ${width} ${height}`}
        role="img"
        aria-labelledby="chart-desc"
        // At most 1.4 × its own size (no giant bars for one period): the width attribute, capped
        // at the box by the style sheet — no inline style (CSP).
        width={Math.round(width * 1.4)}
      >
        <desc id="chart-desc">{t('chartDesc')}</desc>
        {[0, 0.25, 0.5, 0.75, 1].map((g) => (
          <g key={g}>
            <line x1={left} x2={width - 6} y1={y(g)} y2={y(g)} className="chart-grid" />
            <text x={left - 6} y={y(g) + 4} textAnchor="end" className="chart-axis">
              {num(g * 100)}%
            </text>
          </g>
        ))}
        {points.map((p, i) => {
          const c = p.children;
          const x = left + slot * i + (slot * barGap) / 2;
          const w = slot * (1 - barGap);
          const met = c.met / c.total;
          const basic = c.basically_met / c.total;
          return (
            <g key={p.period} className={p.period === current ? 'chart-current' : undefined}>
              <rect x={x} y={y(1)} width={w} height={plot} className="chart-track" />
              <rect x={x} y={y(met + basic)} width={w} height={plot * basic} className="chart-basic" />
              <rect x={x} y={y(met)} width={w} height={plot * met} className="chart-met" />
              <text x={x + w / 2} y={y(met + basic) - 6} textAnchor="middle" className="chart-label">
                {num(c.met)}/{num(c.total)}
              </text>
              <text
                x={x + w / 2}
                y={height - bottom + 18}
                textAnchor="middle"
                className="chart-axis chart-period"
              >
                {p.period}
              </text>
            </g>
          );
        })}
      </svg>
      <table className="sr-only">
        <caption>{t('chartTitle')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('period')}</th>
            <th scope="col">{t('chartMet')}</th>
            <th scope="col">{t('chartTotal')}</th>
          </tr>
        </thead>
        <tbody>
          {points.map((p) => (
            <tr key={p.period}>
              <th scope="row">{p.period}</th>
              <td>{p.children.met}</td>
              <td>{p.children.total}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}
