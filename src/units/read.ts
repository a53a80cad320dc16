import { type Actor, requireReadSomewhere } from '../access/index.ts';
import type { Db } from '../db/database.ts';
import { AppError } from '../errors.ts';
import { today } from '../http/openapi.ts';
import { text } from '../text.ts';
import {
  loadChain,
  OPEN_END,
  predecessors,
  toNode,
  type UnitNode,
  type UnitRow,
  unitColumns,
  unitHistory,
} from './tree.ts';

const validOn = (alias: string, param: string) =>
  `${alias}valid_from <= ${param} AND ${alias}valid_to >= ${param}`;

/**
 * The error for a unit code that has no interval valid on `date`: UNIT_NOT_FOUND when the code
 * never existed, UNIT_NOT_IN_PERIOD (with its validity intervals) when it exists at other dates.
 */
export async function unitMissingError(db: Db, code: string, date: string): Promise<AppError> {
  const history = await unitHistory(db, code);
  if (history.length === 0)
    return new AppError('UNIT_NOT_FOUND', text(`Không có đơn vị với mã ${code}`, `unknown unit ${code}`));
  const spans = history.map((h) => `${h.name}: ${h.validFrom ?? '…'} – ${h.validTo ?? '…'}`).join('; ');
  return new AppError(
    'UNIT_NOT_IN_PERIOD',
    text(`Đơn vị ${code} không có hiệu lực ngày ${date} (hiệu lực: ${spans})`, `unit not valid on ${date}`),
  );
}

/** The unit and its ancestors valid on `date` (self first), or UNIT_NOT_FOUND / UNIT_NOT_IN_PERIOD. */
export async function requireUnitChain(db: Db, code: string, date: string): Promise<UnitNode[]> {
  const chain = await loadChain(db, code, date);
  if (chain.length === 0) throw await unitMissingError(db, code, date);
  return chain;
}

/**
 * The day a unit is read on when no date is asked: today while it exists, else the last day of
 * its last interval (a commune merged in 2025 still has its name, e.g. in older audit events).
 */
async function latestDayOf(db: Db, code: string): Promise<string> {
  const day = today();
  const rows = await db.query<{ last: string | null }>(
    `SELECT CASE WHEN bool_or(valid_from <= $2::date AND valid_to >= $2::date) THEN $2::text
       ELSE max(valid_to)::text END AS last
     FROM units WHERE code = $1`,
    [code, day],
  );
  return rows[0]?.last ?? day;
}

async function childrenOf(db: Db, code: string, date: string): Promise<UnitNode[]> {
  const rows = await db.query<UnitRow>(
    `SELECT ${unitColumns} FROM units WHERE parent_code = $1 AND ${validOn('', '$2')} ORDER BY code`,
    [code, date],
  );
  return rows.map(toNode);
}

/** Children of `parent` valid on `date`, or the roots of that day's tree when no parent is given. */
export async function listUnits(
  db: Db,
  opts: { date: string; parent?: string; actor: Actor },
): Promise<UnitNode[]> {
  requireReadSomewhere(opts.actor);
  if (opts.parent) {
    await requireUnitChain(db, opts.parent, opts.date);
    return childrenOf(db, opts.parent, opts.date);
  }
  const rows = await db.query<UnitRow>(
    `SELECT ${unitColumns} FROM units u WHERE ${validOn('u.', '$1')}
       AND (u.parent_code IS NULL OR NOT EXISTS (
         SELECT 1 FROM units p WHERE p.code = u.parent_code AND ${validOn('p.', '$1')}))
     ORDER BY code`,
    [opts.date],
  );
  return rows.map(toNode);
}

export interface UnitDetail {
  unit: UnitNode;
  /** Nearest first. */
  ancestors: UnitNode[];
  children: UnitNode[];
  /** Every interval of the code, oldest first. */
  history: UnitNode[];
  /** Other units that became this one. */
  predecessors: UnitNode[];
  /** The units this one became (each as valid the day after it ended, else its latest interval). */
  successors: UnitNode[];
}

function dayAfter(date: string): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

/**
 * A unit as valid on `date` with its place in that day's tree and its whole history: intervals,
 * the units merged into it and the units it became. Other codes only: a unit that merely moved
 * under a new parent keeps its code and shows the move in `history`.
 */
export async function readUnit(
  db: Db,
  opts: { code: string; date?: string; actor: Actor },
): Promise<UnitDetail> {
  // The tree (names, codes, validity, successors) is published reference data: any account that
  // reads some unit may navigate it; figures are scoped per unit (docs/decisions/007).
  requireReadSomewhere(opts.actor);
  const date = opts.date ?? (await latestDayOf(db, opts.code));
  const chain = await requireUnitChain(db, opts.code, date);
  const unit = chain[0]!;
  const children = await childrenOf(db, unit.code, date);
  const history = await unitHistory(db, unit.code);
  const before = await predecessors(db, unit.code);
  const after = unit.successors.filter((s) => s !== unit.code);
  const rows = after.length
    ? (
        await db.query<UnitRow>(
          `SELECT ${unitColumns} FROM units WHERE code = ANY($1) ORDER BY code, valid_from`,
          [after],
        )
      ).map(toNode)
    : [];
  const day = dayAfter(unit.validTo ?? OPEN_END.replace('9999', '9998'));
  const successors = after.flatMap((code) => {
    const intervals = rows.filter((r) => r.code === code);
    const valid = intervals.find((r) => (r.validFrom ?? '') <= day && (r.validTo ?? OPEN_END) >= day);
    const chosen = valid ?? intervals[intervals.length - 1];
    return chosen ? [chosen] : [];
  });
  return {
    unit,
    ancestors: chain.slice(1),
    children,
    history,
    predecessors: before.filter((p) => p.code !== unit.code),
    successors,
  };
}
