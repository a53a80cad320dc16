import type { Counts, Matrix, MatrixRow } from '../../api/types.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { Link, navigate } from '../../router.tsx';
import { leafKinds } from '../../routes.ts';
import { Empty } from '../../ui/Feedback.tsx';
import { StatusBadge, StatusCell, StatusLegend } from '../../ui/Status.tsx';
import { RevocationBadge } from '../dossiers/Revocation.tsx';
import { isNotMet, type SortKey, sortRows } from './sort.ts';

export interface ScorecardProps {
  matrix: Matrix;
  sort?: SortKey;
  dir: 'asc' | 'desc';
  onlyNotMet: boolean;
  onSort(key: SortKey): void;
  onOnlyNotMet(v: boolean): void;
  /** Where a row leads: the overview of that unit (drill down) or its unit page. */
  rowHref(row: MatrixRow, drill: boolean): string;
  /** Units whose recognition the revocation watch flags (a badge beside the name). */
  flagged?: ReadonlySet<string>;
}

/** Child units × criteria, each cell a status colour with its symbol; sortable and filterable. */
export function Scorecard(p: ScorecardProps) {
  const { t, num, kind } = useI18n();
  const { matrix } = p;
  const criteria = matrix.framework.criteria;
  const hasCriteria = matrix.rows.some((r) => r.criteria.length > 0);
  const hasChildren = matrix.rows.some((r) => r.children && r.children.total > 0);
  const shown = sortRows(p.onlyNotMet ? matrix.rows.filter(isNotMet) : matrix.rows, p.sort, p.dir);

  const header = (key: SortKey, label: string, title?: string, className?: string) => {
    const active = p.sort === key;
    const ariaSort = active ? (p.dir === 'asc' ? 'ascending' : 'descending') : 'none';
    return (
      <th scope="col" aria-sort={ariaSort} className={className} key={key}>
        <button
          type="button"
          className="sort-btn"
          onClick={() => p.onSort(key)}
          title={t('sortBy', { col: title ?? label })}
          aria-label={title}
        >
          <span>{label}</span>
          <span className="sort-mark" aria-hidden="true">
            {active ? (p.dir === 'asc' ? '▲' : '▼') : '↕'}
          </span>
        </button>
      </th>
    );
  };

  return (
    <section className="card" aria-labelledby="scorecard-title">
      <div className="card-head">
        <h2 id="scorecard-title">{t('scorecard')}</h2>
        <label className="check">
          <input type="checkbox" checked={p.onlyNotMet} onChange={(e) => p.onOnlyNotMet(e.target.checked)} />
          <span>{t('onlyNotMet')}</span>
        </label>
      </div>
      <StatusLegend />
      {matrix.rows.length === 0 ? (
        <Empty>{t('noRows')}</Empty>
      ) : !hasCriteria && !hasChildren ? (
        <Empty>{t('noRowsApplicable', { name: matrix.unit.name })}</Empty>
      ) : (
        <>
          <p className="muted small" aria-live="polite">
            {t('rowsShown', { shown: shown.length, total: matrix.rows.length })}
          </p>
          <div className="table-wrap matrix-wrap">
            <table className="matrix">
              <caption className="sr-only">
                {t('scorecardCaption', {
                  count: matrix.rows.length,
                  name: matrix.unit.name,
                  period: matrix.period,
                })}
              </caption>
              <thead>
                <tr>
                  {header('name', t('unit'), undefined, 'col-name')}
                  {hasCriteria && header('status', t('status'))}
                  {hasCriteria && header('criteria', t('criteriaMet'))}
                  {hasChildren && header('children', t('childrenMet'))}
                  {hasCriteria &&
                    criteria.map((c, i) =>
                      header(
                        `c${i}`,
                        String(c.no),
                        `${t('criterion', { no: String(c.no) })}: ${c.name}`,
                        'col-crit',
                      ),
                    )}
                </tr>
              </thead>
              <tbody>
                {shown.map((row) => {
                  const drill = !leafKinds.has(row.unit.kind);
                  const to = p.rowHref(row, drill);
                  return (
                    <tr key={row.unit.code} className="clickable" onClick={() => navigate(to)}>
                      <th scope="row" className="col-name">
                        <Link
                          to={to}
                          onClick={(e) => e.stopPropagation()}
                          aria-label={
                            drill
                              ? t('drillDown', { name: row.unit.name })
                              : t('openUnit', { name: row.unit.name })
                          }
                        >
                          {row.unit.name}
                        </Link>
                        {p.flagged?.has(row.unit.code) && <RevocationBadge />}
                        {drill && row.criteria.length > 0 && (
                          <Link
                            className="row-detail"
                            to={p.rowHref(row, false)}
                            onClick={(e) => e.stopPropagation()}
                          >
                            {t('details')}
                          </Link>
                        )}
                      </th>
                      {hasCriteria && (
                        <td>{row.criteria.length > 0 ? <StatusBadge status={row.status} compact /> : '—'}</td>
                      )}
                      {hasCriteria && (
                        <td className="num">
                          {row.total_criteria > 0
                            ? `${num(row.met_criteria)}/${num(row.total_criteria)}`
                            : '—'}
                        </td>
                      )}
                      {hasChildren && (
                        <td>
                          <ChildrenBar counts={row.children} />
                        </td>
                      )}
                      {hasCriteria &&
                        (row.criteria.length > 0 ? (
                          row.criteria.map((s, i) => (
                            <td key={criteria[i]?.no ?? i} className="col-crit">
                              <StatusCell
                                status={s}
                                label={t('criterion', { no: String(criteria[i]?.no ?? i + 1) })}
                              />
                            </td>
                          ))
                        ) : (
                          <td colSpan={criteria.length} className="muted small not-evaluated">
                            {drill && row.children && row.children.total > 0
                              ? t('notEvaluatedHere')
                              : t('notApplicableKind', { kind: kind(row.unit.kind).toLowerCase() })}
                          </td>
                        ))}
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
          {shown.length === 0 && <Empty>{t('noRowsFiltered')}</Empty>}
        </>
      )}
    </section>
  );
}

/** "18/20 đạt" with a bar split by status. */
export function ChildrenBar({ counts, bare = false }: { counts: Counts | undefined; bare?: boolean }) {
  const { t } = useI18n();
  if (!counts || counts.total === 0) return <span className="muted">—</span>;
  const parts: Array<[string, number]> = [
    ['met', counts.met],
    ['basically_met', counts.basically_met],
    ['not_met', counts.not_met],
    ['no_data', counts.no_data],
    ['rule_missing', counts.rule_missing],
  ];
  let at = 0;
  return (
    <span className="children-bar">
      {!bare && (
        <span className="children-text">{t('childrenOf', { met: counts.met, total: counts.total })}</span>
      )}
      <span className="bar" aria-hidden="true">
        {/* An SVG scaled to the bar: the shares are attributes, not inline styles (CSP). */}
        <svg viewBox="0 0 100 1" preserveAspectRatio="none" focusable="false" aria-hidden="true">
          {parts.map(([s, n]) => {
            if (n <= 0) return null;
            const x = at;
            at += (100 * n) / counts.total;
            return (
              <rect
                key={s}
                className={`bar-part status-${s}`}
                x={x}
                width={(100 * n) / counts.total}
                height={1}
              />
            );
          })}
        </svg>
      </span>
    </span>
  );
}
