import type { Counts, MatrixRow } from '../../api/types.ts';
import { statusRank } from '../../ui/Status.tsx';

/** Sort keys: name, status, criteria (met count), children (share met), c0, c1 … (one criterion). */
export type SortKey = string;

function share(c: Counts | undefined): number {
  return c && c.total > 0 ? c.met / c.total : -1;
}

function keyOf(row: MatrixRow, key: SortKey): number | string {
  switch (key) {
    case 'name':
      return row.unit.name;
    case 'status':
      return row.criteria.length ? statusRank(row.status) : 99;
    case 'criteria':
      return row.total_criteria ? row.met_criteria / row.total_criteria : -1;
    case 'children':
      return share(row.children);
    default: {
      const i = Number(key.slice(1));
      const s = row.criteria[i];
      return s ? statusRank(s) : 99;
    }
  }
}

const collator = new Intl.Collator('vi');

/** Rows in the order the user asked for; ties keep the server's order (by code). */
export function sortRows(rows: MatrixRow[], key: SortKey | undefined, dir: 'asc' | 'desc'): MatrixRow[] {
  if (!key) return rows;
  const sign = dir === 'desc' ? -1 : 1;
  return rows
    .map((row, i) => ({ row, i, k: keyOf(row, key) }))
    .sort((a, b) => {
      const c =
        typeof a.k === 'string' && typeof b.k === 'string'
          ? collator.compare(a.k, b.k)
          : (a.k as number) - (b.k as number);
      return c !== 0 ? sign * c : a.i - b.i;
    })
    .map((x) => x.row);
}

/** "Not meeting": any status other than met among the units the framework applies to. */
export function isNotMet(row: MatrixRow): boolean {
  if (row.criteria.length > 0) return row.status !== 'met' && row.status !== 'not_applicable';
  return row.children ? row.children.met < row.children.total : false;
}
