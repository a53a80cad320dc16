import { formatPeriod } from '../../i18n/format.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import type { Cell, Indicator } from './types.ts';

const height = 200;
const top = 20;
const bottom = 30;
const left = 56;

/**
 * One indicator by period against its target line (plain SVG, like the overview's SeriesChart):
 * summed indicators show the running total, the others each period's figure.
 */
export function TargetChart({ indicator, cell, year }: { indicator: Indicator; cell: Cell; year: number }) {
  const { t, num, lang } = useI18n();
  const periods =
    indicator.frequency === 'month'
      ? Array.from({ length: 12 }, (_, i) => `${year}-${String(i + 1).padStart(2, '0')}`)
      : [1, 2, 3, 4].map((q) => `${year}Q${q}`);
  const byPeriod = new Map(cell.actuals.map((a) => [a.period, a.value]));
  const cumulative = indicator.aggregation === 'sum';
  let running = 0;
  const points = periods.map((p) => {
    const v = byPeriod.get(p);
    if (v === undefined) return { period: p, value: null as number | null };
    running += v;
    return { period: p, value: cumulative ? running : v };
  });
  const values = points.map((p) => p.value ?? 0);
  const max = Math.max(cell.target, ...values, 1) * 1.1;
  const slot = 44;
  const width = left + slot * periods.length + 10;
  const plot = height - top - bottom;
  const y = (v: number) => top + plot * (1 - v / max);
  const how = cumulative ? t('tgCumulative') : t('tgPerPeriod');
  return (
    <figure className="chart tg-chart">
      <svg
        viewBox={`0 0 ${width} ${height}`}
        width={Math.round(width * 1.3)}
        role="img"
        aria-label={t('tgChartDesc', { how, target: num(cell.target) })}
      >
        <title>{t('tgChartDesc', { how, target: num(cell.target) })}</title>
        {[0, 0.5, 1].map((g) => (
          <g key={g}>
            <line x1={left} x2={width - 6} y1={y(max * g)} y2={y(max * g)} className="chart-grid" />
            <text x={left - 6} y={y(max * g) + 4} textAnchor="end" className="chart-axis">
              {num(max * g, 0)}
            </text>
          </g>
        ))}
        {points.map((p, i) => {
          const x = left + slot * i + 8;
          return (
            <g key={p.period}>
              {p.value !== null && (
                <rect
                  x={x}
                  y={y(p.value)}
                  width={slot - 16}
                  height={Math.max(0, plot - (y(p.value) - top))}
                  className="tg-bar"
                />
              )}
              <text
                x={x + (slot - 16) / 2}
                y={height - bottom + 16}
                textAnchor="middle"
                className="chart-axis"
              >
                {indicator.frequency === 'month' ? `T${i + 1}` : `Q${i + 1}`}
              </text>
            </g>
          );
        })}
        <line x1={left} x2={width - 6} y1={y(cell.target)} y2={y(cell.target)} className="tg-target-line" />
        <text x={width - 8} y={y(cell.target) - 5} textAnchor="end" className="chart-label">
          {num(cell.target)}
        </text>
      </svg>
      <div className="sr-only">
        <table>
          <caption>
            {indicator.name} — {how}
          </caption>
          <tbody>
            {points
              .filter((p) => p.value !== null)
              .map((p) => (
                <tr key={p.period}>
                  <th scope="row">{formatPeriod(p.period, lang)}</th>
                  <td>{num(p.value!)}</td>
                </tr>
              ))}
          </tbody>
        </table>
      </div>
    </figure>
  );
}
